/**
 * IP and CIDR parsing for validation and Service IP allocation (net.ParseIP, netutils,
 * k8s.io/apimachinery/pkg/util/validation/ip.go messages).
 */

import { isIP } from 'node:net';
import { type FieldError, invalidValue } from '../api/field-errors';

export type IPFamily = 'IPv4' | 'IPv6';

const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const INVALID_CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** netutils.ParseIPSloppy: IPv4 may carry leading zeros, which Node's isIP refuses. */
export function parseIPv4(value: string): number[] | undefined {
  const parts = value.split('.');
  if (parts.length !== 4) return undefined;
  const octets = parts.map((p) => (/^[0-9]{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return octets.every((o) => o >= 0 && o <= 255) ? octets : undefined;
}

export function isValidIP(value: string): boolean {
  return parseIPv4(value) !== undefined || isIP(value) === 6;
}

export function familyOf(ip: string): IPFamily {
  return parseIPv4(ip) ? 'IPv4' : 'IPv6';
}

export function validateIP(value: string, path: string): FieldError[] {
  return isValidIP(value) ? [] : [invalidValue(path, value, INVALID_IP)];
}

export function validateCIDR(value: string, path: string): FieldError[] {
  const [ip, bits, extra] = value.split('/');
  if (extra !== undefined || bits === undefined || !/^[0-9]{1,3}$/.test(bits))
    return [invalidValue(path, value, INVALID_CIDR)];
  const max = parseIPv4(ip) ? 32 : isIP(ip) === 6 ? 128 : -1;
  if (max < 0 || Number(bits) > max) return [invalidValue(path, value, INVALID_CIDR)];
  return [];
}

/** ValidateNonSpecialIP (Endpoints, EndpointSlices, external IPs). */
export function validateNonSpecialIP(value: string, path: string): FieldError[] {
  const v4 = parseIPv4(value);
  if (!v4 && isIP(value) !== 6) return [invalidValue(path, value, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const lower = value.toLowerCase();
  const unspecified = v4 ? v4.every((o) => o === 0) : /^[0:]+$/.test(lower);
  const loopback = v4 ? v4[0] === 127 : lower === '::1';
  const linkLocal = v4 ? v4[0] === 169 && v4[1] === 254 : /^fe[89ab]/.test(lower);
  const linkLocalMulticast = v4
    ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0
    : /^ff02:/.test(lower);
  if (unspecified) errs.push(invalidValue(path, value, `may not be unspecified (${value})`));
  if (loopback)
    errs.push(invalidValue(path, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocal)
    errs.push(
      invalidValue(path, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'),
    );
  if (linkLocalMulticast) {
    errs.push(
      invalidValue(
        path,
        value,
        'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
      ),
    );
  }
  return errs;
}

export function ipv4ToNumber(ip: string): number | undefined {
  const o = parseIPv4(ip);
  return o ? ((o[0] << 24) >>> 0) + (o[1] << 16) + (o[2] << 8) + o[3] : undefined;
}

export function numberToIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** An IPv4 CIDR as a [first, last] address range. */
export function ipv4Range(cidr: string): { base: number; size: number } {
  const [ip, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const base = Math.floor((ipv4ToNumber(ip) ?? 0) / size) * size;
  return { base, size };
}
