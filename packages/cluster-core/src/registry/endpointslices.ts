/**
 * discovery.k8s.io/v1 EndpointSlice: pkg/apis/discovery/v1/defaults.go (port name "" and
 * protocol TCP), pkg/apis/discovery/validation, printers.go printEndpointSlice.
 */

import { isIP } from 'node:net';
import {
  duplicate,
  type FieldError,
  invalidValue,
  notSupported,
  required,
  tooMany,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../api/validation';
import { parseIPv4, validateNonSpecialIP } from './ip';
import { validateLabelMap } from './label-validation';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition } from './types';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_ADDRESSES = 100;
const MAX_PORTS = 100;
const MAX_ENDPOINTS = 1000;

interface Endpoint {
  addresses?: string[];
  hostname?: string;
  deprecatedTopology?: Record<string, string>;
}
interface Port {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

function validateAddress(type: string, address: string, path: string): FieldError[] {
  switch (type) {
    case 'IPv4':
      if (!parseIPv4(address)) return [invalidValue(path, address, 'must be a valid IPv4 address')];
      return validateNonSpecialIP(address, path);
    case 'IPv6':
      if (isIP(address) !== 6) return [invalidValue(path, address, 'must be a valid IPv6 address')];
      return validateNonSpecialIP(address, path);
    case 'FQDN': {
      const errs = isDNS1123Subdomain(address).map((m) => invalidValue(path, address, m));
      if (!errs.length && !address.includes('.')) {
        errs.push(
          invalidValue(
            path,
            address,
            'should be a domain with at least two segments separated by dots',
          ),
        );
      }
      return errs;
    }
    default:
      return [];
  }
}

export function validateEndpointSlice(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const type = obj.addressType ?? '';
  if (!type) errs.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(type))
    errs.push(notSupported('addressType', type, ADDRESS_TYPES));
  const eps = (obj.endpoints ?? []) as Endpoint[];
  if (eps.length > MAX_ENDPOINTS) errs.push(tooMany('endpoints', eps.length, MAX_ENDPOINTS));
  else {
    eps.forEach((ep, i) => {
      const path = `endpoints[${i}]`;
      const addrs = ep.addresses ?? [];
      if (addrs.length === 0)
        errs.push(required(`${path}.addresses`, 'must contain at least 1 address'));
      else if (addrs.length > MAX_ADDRESSES)
        errs.push(tooMany(`${path}.addresses`, addrs.length, MAX_ADDRESSES));
      addrs.forEach((a, j) => errs.push(...validateAddress(type, a, `${path}.addresses[${j}]`)));
      errs.push(...validateLabelMap(ep.deprecatedTopology, `${path}.deprecatedTopology`));
      if (ep.hostname !== undefined && ep.hostname !== null) {
        for (const m of isDNS1123Label(ep.hostname))
          errs.push(invalidValue(`${path}.hostname`, ep.hostname, m));
      }
    });
  }
  const ports = (obj.ports ?? []) as Port[];
  if (ports.length > MAX_PORTS) errs.push(tooMany('ports', ports.length, MAX_PORTS));
  else {
    const names = new Set<string>();
    ports.forEach((p, i) => {
      const path = `ports[${i}]`;
      const name = p.name ?? '';
      if (name)
        for (const m of isDNS1123Label(name)) errs.push(invalidValue(`${path}.name`, name, m));
      if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
      else names.add(name);
      if (!p.protocol) errs.push(required(`${path}.protocol`));
      else if (!PROTOCOLS.includes(p.protocol))
        errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
      if (p.appProtocol !== undefined && p.appProtocol !== null) {
        for (const m of isQualifiedName(p.appProtocol))
          errs.push(invalidValue(`${path}.appProtocol`, p.appProtocol, m));
      }
    });
  }
  return errs;
}

/** listWithMoreString: three entries, then "+ N more...", "<unset>" when empty. */
function listWithMore(items: string[]): string {
  const max = 3;
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown || '<unset>';
}

export function formatSlicePorts(obj: KubeObject): string {
  return listWithMore(
    ((obj.ports ?? []) as Port[]).map((p) =>
      p.port !== undefined && p.port !== null
        ? String(p.port)
        : p.name !== undefined && p.name !== null
          ? p.name
          : '*',
    ),
  );
}

export function formatSliceEndpoints(obj: KubeObject): string {
  return listWithMore(((obj.endpoints ?? []) as Endpoint[]).flatMap((ep) => ep.addresses ?? []));
}

export const endpointSlices: ResourceDefinition = {
  group: 'discovery.k8s.io',
  version: 'v1',
  kind: 'EndpointSlice',
  plural: 'endpointslices',
  namespaced: true,
  generation: true,
  defaults(obj) {
    for (const p of (obj.ports ?? []) as Port[]) {
      if (p.name === undefined || p.name === null) p.name = '';
      if (!p.protocol) p.protocol = 'TCP';
    }
  },
  validate: (obj) => validateEndpointSlice(obj),
  validateUpdate(obj, old) {
    if ((obj.addressType ?? '') !== (old.addressType ?? '')) {
      return [invalidValue('addressType', obj.addressType ?? '', 'field is immutable')];
    }
    return [];
  },
  columns: [
    NAME_COLUMN,
    { name: 'AddressType', type: 'string', description: 'The type of the addresses.' },
    { name: 'Ports', type: 'string', description: 'The ports of the endpoints.' },
    { name: 'Endpoints', type: 'string', description: 'The addresses of the endpoints.' },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [
    obj.metadata.name,
    obj.addressType ?? '',
    formatSlicePorts(obj),
    formatSliceEndpoints(obj),
    age(obj, ctx),
  ],
};
