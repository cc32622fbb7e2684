/**
 * networking.k8s.io/v1 IPAddress: pkg/apis/networking/validation ValidateIPAddress (the name is
 * the IP in canonical form, the parentRef required and immutable), printers.go printIPAddress.
 * The objects of Services' ClusterIPs are the allocator's (controllers/ipaddress-allocator.ts),
 * as kube-apiserver's IP allocator keeps one per allocated address.
 */
import { isIP } from 'node:net';
import { type FieldError, invalidValue, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isDNS1123Label, isDNS1123Subdomain } from '../api/validation';
import { isPathSegmentName } from './ingresses';
import { familyOf } from './ip';
import { NAME_COLUMN } from './printing';
import type { ResourceDefinition } from './types';

export const IP_FAMILY_LABEL = 'ipaddress.kubernetes.io/ip-family';
export const MANAGED_BY_LABEL = 'ipaddress.kubernetes.io/managed-by';
/** ipallocator.ControllerName */
export const IP_ALLOCATOR = 'ipallocator.k8s.io';

/** The IPAddress the allocator writes for a Service's ClusterIP. */
export function serviceIPAddress(ip: string, service: KubeObject): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IPAddress',
    metadata: {
      name: ip,
      labels: { [IP_FAMILY_LABEL]: familyOf(ip), [MANAGED_BY_LABEL]: IP_ALLOCATOR },
    },
    spec: {
      parentRef: {
        group: '',
        resource: 'services',
        namespace: service.metadata.namespace,
        name: service.metadata.name,
      },
    },
  };
}

function canonicalIPv6(ip: string): string {
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip;
  }
}

/** ValidateIPAddressName: netip.ParseAddr, and the address written in its canonical form. */
function validateName(name: string): string[] {
  const family = isIP(name);
  if (!family) return [`ParseAddr("${name}"): unable to parse IP`];
  const canonical = family === 4 ? name : canonicalIPv6(name);
  return canonical === name ? [] : ['must be a canonical format IP address'];
}

interface ParentReference {
  group?: string;
  resource?: string;
  namespace?: string;
  name?: string;
}

function validateParentRef(ref: ParentReference | undefined): FieldError[] {
  const path = 'spec.parentRef';
  if (!ref) return [required(path)];
  const errs: FieldError[] = [];
  const check = (field: keyof ParentReference, rule: (v: string) => string[]) => {
    const value = ref[field];
    if (value)
      for (const msg of rule(value)) errs.push(invalidValue(`${path}.${field}`, value, msg));
  };
  check('group', isDNS1123Subdomain);
  if (!ref.resource) errs.push(required(`${path}.resource`));
  check('resource', isPathSegmentName);
  if (!ref.name) errs.push(required(`${path}.name`));
  check('name', isPathSegmentName);
  check('namespace', isDNS1123Label);
  return errs;
}

export const ipAddresses: ResourceDefinition = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'IPAddress',
  plural: 'ipaddresses',
  namespaced: false,
  shortNames: ['ip'],
  nameRule: 'path',
  validate(obj) {
    const name = obj.metadata.name ?? '';
    return [
      ...validateName(name).map((msg) => invalidValue('metadata.name', name, msg)),
      ...validateParentRef(obj.spec?.parentRef),
    ];
  },
  validateUpdate(obj, old) {
    return JSON.stringify(obj.spec?.parentRef) === JSON.stringify(old.spec?.parentRef)
      ? []
      : [invalidValue('spec.parentRef', obj.spec?.parentRef, 'field is immutable')];
  },
  columns: [
    NAME_COLUMN,
    {
      name: 'ParentRef',
      type: 'string',
      description:
        'ParentRef references the resource that an IPAddress is attached to. An IPAddress must reference a parent object.',
    },
  ],
  row(obj) {
    const ref: ParentReference | undefined = obj.spec?.parentRef;
    let parent = '<none>';
    if (ref) {
      parent = (ref.group ? `${ref.resource}.${ref.group}` : (ref.resource ?? '')).toLowerCase();
      if (ref.namespace) parent += `/${ref.namespace}`;
      parent += `/${ref.name}`;
    }
    return [obj.metadata.name, parent];
  },
};
