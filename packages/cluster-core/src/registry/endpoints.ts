/**
 * core/v1 Endpoints: SetDefaults_Endpoints (port protocol TCP), ValidateEndpoints,
 * printers.go printEndpoints / formatEndpoints (the "a:80,b:80 + 1 more..." cell).
 */
import { type FieldError, invalidValue, notSupported, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortNum,
} from '../api/validation';
import { validateIP, validateNonSpecialIP } from './ip';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition } from './types';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

interface Address {
  ip?: string;
  hostname?: string;
  nodeName?: string;
}
interface Port {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}
interface Subset {
  addresses?: Address[];
  notReadyAddresses?: Address[];
  ports?: Port[];
}

function validateAddress(a: Address, path: string): FieldError[] {
  const errs = validateIP(a.ip ?? '', `${path}.ip`);
  if (a.hostname)
    for (const m of isDNS1123Label(a.hostname))
      errs.push(invalidValue(`${path}.hostname`, a.hostname, m));
  if (a.nodeName !== undefined && a.nodeName !== null) {
    for (const m of isDNS1123Subdomain(a.nodeName))
      errs.push(invalidValue(`${path}.nodeName`, a.nodeName, m));
  }
  errs.push(...validateNonSpecialIP(a.ip ?? '', `${path}.ip`));
  return errs;
}

function validatePort(p: Port, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(required(`${path}.name`));
  else if (p.name)
    for (const m of isDNS1123Label(p.name)) errs.push(invalidValue(`${path}.name`, p.name, m));
  for (const m of isValidPortNum(p.port ?? 0))
    errs.push(invalidValue(`${path}.port`, p.port ?? 0, m));
  if (!p.protocol) errs.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(p.protocol))
    errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
  if (p.appProtocol !== undefined && p.appProtocol !== null) {
    for (const m of isQualifiedName(p.appProtocol))
      errs.push(invalidValue(`${path}.appProtocol`, p.appProtocol, m));
  }
  return errs;
}

export function validateEndpoints(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  ((obj.subsets ?? []) as Subset[]).forEach((ss, i) => {
    const path = `subsets[${i}]`;
    if (!(ss.addresses ?? []).length && !(ss.notReadyAddresses ?? []).length) {
      errs.push(required(path, 'must specify `addresses` or `notReadyAddresses`'));
    }
    (ss.addresses ?? []).forEach((a, j) =>
      errs.push(...validateAddress(a, `${path}.addresses[${j}]`)),
    );
    (ss.notReadyAddresses ?? []).forEach((a, j) =>
      errs.push(...validateAddress(a, `${path}.notReadyAddresses[${j}]`)),
    );
    const ports = ss.ports ?? [];
    ports.forEach((p, j) => errs.push(...validatePort(p, ports.length > 1, `${path}.ports[${j}]`)));
  });
  return errs;
}

/** net.JoinHostPort */
function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** formatEndpoints(endpoints, nil): at most three host:port pairs, then "+ N more...". */
export function formatEndpoints(obj: KubeObject): string {
  const subsets = (obj.subsets ?? []) as Subset[];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // headless services may have no ports
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip ?? '');
      }
      continue;
    }
    for (const p of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip ?? '', p.port ?? 0));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpoints: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'Endpoints',
  plural: 'endpoints',
  singular: 'endpoints',
  namespaced: true,
  deprecationWarning: 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice',
  shortNames: ['ep'],
  allowCreateOnUpdate: true,
  defaults(obj) {
    for (const ss of (obj.subsets ?? []) as Subset[])
      for (const p of ss.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
  },
  validate: (obj) => validateEndpoints(obj),
  columns: [
    NAME_COLUMN,
    { name: 'Endpoints', type: 'string', description: 'The addresses and ports of the endpoints.' },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [obj.metadata.name, formatEndpoints(obj), age(obj, ctx)],
};
