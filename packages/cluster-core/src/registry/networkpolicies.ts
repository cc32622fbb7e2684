/**
 * networking.k8s.io/v1 NetworkPolicy: SetDefaults_NetworkPolicy (policyTypes from the rules,
 * port protocol TCP), ValidateNetworkPolicySpec, printers.go printNetworkPolicy.
 */
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import { isValidPortName, isValidPortNum } from '../api/validation';
import { ipv4Range, ipv4ToNumber, validateCIDR } from './ip';
import { validateLabelSelector } from './label-validation';
import { AGE_COLUMN, age, formatLabelSelector, NAME_COLUMN } from './printing';
import type { Obj } from './spec-access';
import type { ResourceDefinition } from './types';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

function validatePort(port: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol != null && !PROTOCOLS.includes(port.protocol))
    errs.push(notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
  if (port.port != null) {
    if (typeof port.port === 'number') {
      for (const m of isValidPortNum(port.port))
        errs.push(invalidValue(`${path}.port`, port.port, m));
      if (port.endPort != null) {
        if (port.endPort < port.port)
          errs.push(
            invalidValue(
              `${path}.endPort`,
              port.endPort,
              'must be greater than or equal to `port`',
            ),
          );
        for (const m of isValidPortNum(port.endPort))
          errs.push(invalidValue(`${path}.endPort`, port.endPort, m));
      }
    } else {
      if (port.endPort != null)
        errs.push(
          invalidValue(
            `${path}.endPort`,
            port.endPort,
            'may not be specified when `port` is non-numeric',
          ),
        );
      for (const m of isValidPortName(String(port.port)))
        errs.push(invalidValue(`${path}.port`, port.port, m));
    }
  } else if (port.endPort != null) {
    errs.push(
      invalidValue(
        `${path}.endPort`,
        port.endPort,
        'may not be specified when `port` is not specified',
      ),
    );
  }
  return errs;
}

function cidrBits(cidr: string): number {
  return Number(cidr.split('/')[1]);
}

/** Whether the IPv4 address of `inner` lies in `outer` (IPv6 is not checked). */
function contains(outer: string, inner: string): boolean {
  const ip = ipv4ToNumber(inner.split('/')[0]);
  if (ip === undefined || ipv4ToNumber(outer.split('/')[0]) === undefined) return true;
  const { base, size } = ipv4Range(outer);
  return ip >= base && ip < base + size;
}

function validateIPBlock(ipb: Obj, path: string): FieldError[] {
  if (!ipb.cidr) return [required(`${path}.cidr`)];
  const errs = validateCIDR(ipb.cidr, `${path}.cidr`);
  if (errs.length) return errs;
  ((ipb.except ?? []) as string[]).forEach((ex, i) => {
    const p = `${path}.except[${i}]`;
    const e = validateCIDR(ex, p);
    errs.push(...e);
    if (!e.length && (!contains(ipb.cidr, ex) || cidrBits(ipb.cidr) >= cidrBits(ex)))
      errs.push(invalidValue(p, ex, 'must be a strict subset of `cidr`'));
  });
  return errs;
}

function validatePeer(peer: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  if (peer.podSelector != null) {
    count++;
    errs.push(...validateLabelSelector(peer.podSelector, `${path}.podSelector`));
  }
  if (peer.namespaceSelector != null) {
    count++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`));
  }
  if (peer.ipBlock != null) {
    count++;
    errs.push(...validateIPBlock(peer.ipBlock, `${path}.ipBlock`));
  }
  if (count === 0) errs.push(required(path, 'must specify a peer'));
  else if (count > 1 && peer.ipBlock != null)
    errs.push(forbiddenField(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

export function validateNetworkPolicySpec(spec: Obj): FieldError[] {
  const errs = validateLabelSelector(spec.podSelector ?? {}, 'spec.podSelector');
  for (const [dir, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    ((spec[dir] ?? []) as Obj[]).forEach((rule, i) => {
      const path = `spec.${dir}[${i}]`;
      ((rule.ports ?? []) as Obj[]).forEach((p, j) =>
        errs.push(...validatePort(p, `${path}.ports[${j}]`)),
      );
      ((rule[peers] ?? []) as Obj[]).forEach((p, j) =>
        errs.push(...validatePeer(p, `${path}.${peers}[${j}]`)),
      );
    });
  }
  const types: string[] = spec.policyTypes ?? [];
  if (types.length > POLICY_TYPES.length) {
    errs.push(invalidValue('spec.policyTypes', types, 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(t))
      errs.push(notSupported(`spec.policyTypes[${i}]`, t, POLICY_TYPES));
  });
  return errs;
}

export const networkPolicies: ResourceDefinition = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'NetworkPolicy',
  plural: 'networkpolicies',
  namespaced: true,
  shortNames: ['netpol'],
  generation: true,
  defaults(obj) {
    const spec = (obj.spec ??= {});
    // a policy without policyTypes is an Ingress policy, and an Egress one if it has egress rules
    if (!(spec.policyTypes ?? []).length) {
      spec.policyTypes = ['Ingress'];
      if ((spec.egress ?? []).length) spec.policyTypes.push('Egress');
    }
    for (const dir of ['ingress', 'egress']) {
      for (const rule of (spec[dir] ?? []) as Obj[])
        for (const p of rule.ports ?? []) if (p.protocol == null) p.protocol = 'TCP';
    }
  },
  validate: (obj) => validateNetworkPolicySpec(obj.spec ?? {}),
  columns: [
    NAME_COLUMN,
    { name: 'Pod-Selector', type: 'string', description: 'The pods the policy applies to.' },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [
    obj.metadata.name,
    formatLabelSelector(obj.spec?.podSelector ?? {}),
    age(obj, ctx),
  ],
};
