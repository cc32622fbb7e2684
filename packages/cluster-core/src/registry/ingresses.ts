/**
 * networking.k8s.io/v1 Ingress: pkg/registry/networking/ingress/strategy.go (status cleared on
 * create, the ingress.class annotation warning), the DefaultIngressClass admission plugin,
 * pkg/apis/networking/validation (rules, paths, backends, TLS), printers.go printIngress.
 */
import { type FieldError, invalidValue, notSupported, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
} from '../api/validation';
import { invalidLiteral } from './go-literal';
import { isValidIP } from './ip';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { Obj } from './spec-access';
import type { ResourceDefinition } from './types';

export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];
const DNS1123_SUBDOMAIN = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const WILDCARD_RE = new RegExp(`^\\*\\.${DNS1123_SUBDOMAIN}$`);

/** validation.IsWildcardDNS1123Subdomain */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push('must be no more than 253 characters');
  if (!WILDCARD_RE.test(value)) {
    errs.push(
      `a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.${DNS1123_SUBDOMAIN}')`,
    );
  }
  return errs;
}

/** IsPathSegmentName */
export function isPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

function validateTypedReference(ref: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (ref.apiGroup != null)
    for (const m of isDNS1123Subdomain(ref.apiGroup))
      errs.push(invalidValue(`${path}.apiGroup`, ref.apiGroup, m));
  if (!ref.kind) errs.push(required(`${path}.kind`));
  else
    for (const m of isPathSegmentName(ref.kind))
      errs.push(invalidValue(`${path}.kind`, ref.kind, m));
  if (!ref.name) errs.push(required(`${path}.name`));
  else
    for (const m of isPathSegmentName(ref.name))
      errs.push(invalidValue(`${path}.name`, ref.name, m));
  return errs;
}

function validateBackend(b: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const hasResource = b?.resource != null;
  const hasService = b?.service != null;
  if (hasResource && hasService)
    return [invalidValue(path, '', 'cannot set both resource and service backends')];
  if (hasResource) return validateTypedReference(b.resource, `${path}.resource`);
  if (!hasService) return [invalidValue(path, '', 'resource or service backend is required')];
  const svc = b.service;
  if (!svc.name) errs.push(required(`${path}.service.name`));
  else
    for (const m of isDNS1035Label(svc.name))
      errs.push(invalidValue(`${path}.service.name`, svc.name, m));
  const portName = svc.port?.name ?? '';
  const portNumber = svc.port?.number ?? 0;
  if (portName && portNumber)
    errs.push(invalidValue(path, '', 'cannot set both port name & port number'));
  else if (portName)
    for (const m of isValidPortName(portName))
      errs.push(invalidValue(`${path}.service.port.name`, portName, m));
  else if (portNumber)
    for (const m of isValidPortNum(portNumber))
      errs.push(invalidValue(`${path}.service.port.number`, portNumber, m));
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

function validatePath(p: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (p.pathType == null) return [required(`${path}.pathType`, 'pathType must be specified')];
  const value: string = p.path ?? '';
  switch (p.pathType) {
    case 'Exact':
    case 'Prefix':
      if (!value.startsWith('/'))
        errs.push(invalidValue(`${path}.path`, value, 'must be an absolute path'));
      if (value) {
        for (const seq of INVALID_SEQUENCES)
          if (value.includes(seq))
            errs.push(invalidValue(`${path}.path`, value, `must not contain '${seq}'`));
        for (const suf of INVALID_SUFFIXES)
          if (value.endsWith(suf))
            errs.push(invalidValue(`${path}.path`, value, `cannot end with '${suf}'`));
      }
      break;
    case 'ImplementationSpecific':
      if (value && !value.startsWith('/'))
        errs.push(invalidValue(`${path}.path`, value, 'must be an absolute path'));
      break;
    default:
      errs.push(notSupported(`${path}.pathType`, p.pathType, PATH_TYPES));
  }
  errs.push(...validateBackend(p.backend, `${path}.backend`));
  return errs;
}

function hostErrors(host: string): string[] {
  return host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
}

export function validateIngressSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const rules: Obj[] = spec.rules ?? [];
  if (rules.length === 0 && spec.defaultBackend == null) {
    errs.push(
      invalidLiteral(
        'spec',
        '[]networking.IngressRule(nil)',
        'either `defaultBackend` or `rules` must be specified',
      ),
    );
  }
  if (spec.defaultBackend != null)
    errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule, i) => {
    const path = `spec.rules[${i}]`;
    const host: string = rule.host ?? '';
    if (host) {
      if (isValidIP(host))
        errs.push(invalidValue(`${path}.host`, host, 'must be a DNS name, not an IP address'));
      for (const m of hostErrors(host)) errs.push(invalidValue(`${path}.host`, host, m));
    }
    if (rule.http != null) {
      const paths: Obj[] = rule.http.paths ?? [];
      if (paths.length === 0) errs.push(required(`${path}.http.paths`));
      paths.forEach((p, j) => errs.push(...validatePath(p, `${path}.http.paths[${j}]`)));
    }
  });
  ((spec.tls ?? []) as Obj[]).forEach((tls, i) => {
    ((tls.hosts ?? []) as string[]).forEach((host, j) => {
      for (const m of hostErrors(host))
        errs.push(invalidValue(`spec.tls[${i}].hosts[${j}]`, host, m));
    });
    if (tls.secretName)
      for (const m of isDNS1123Subdomain(tls.secretName))
        errs.push(invalidValue(`spec.tls[${i}].secretName`, tls.secretName, m));
  });
  if (spec.ingressClassName != null) {
    for (const m of isDNS1123Subdomain(spec.ingressClassName))
      errs.push(invalidValue('spec.ingressClassName', spec.ingressClassName, m));
  }
  return errs;
}

/** formatHosts: up to three hosts, "*" when none. */
function formatHosts(rules: Obj[]): string {
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === 3) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${rules.length - 3} more...` : list.join(',');
}

function loadBalancerAddress(obj: KubeObject): string {
  const set = new Set<string>();
  for (const ing of obj.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort().join(',');
}

export const ingresses: ResourceDefinition = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'Ingress',
  plural: 'ingresses',
  namespaced: true,
  shortNames: ['ing'],
  statusSubresource: true,
  generation: true,
  prepareForCreate(obj, ctx) {
    obj.status = { loadBalancer: {} };
    // DefaultIngressClass admission: no class named anywhere takes the default one
    const spec = (obj.spec ??= {});
    if (
      spec.ingressClassName == null &&
      obj.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] === undefined
    ) {
      const defaults = ctx
        .list('networking.k8s.io', 'ingressclasses')
        .filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true')
        .sort(
          (a, b) =>
            (Date.parse(b.metadata.creationTimestamp ?? '') || 0) -
            (Date.parse(a.metadata.creationTimestamp ?? '') || 0),
        );
      if (defaults.length) spec.ingressClassName = defaults[0].metadata.name;
    }
  },
  validate(obj) {
    const errs = validateIngressSpec(obj.spec ?? {});
    const annotation = obj.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
    if (
      annotation !== undefined &&
      obj.spec?.ingressClassName != null &&
      annotation !== obj.spec.ingressClassName
    ) {
      errs.push(
        invalidValue(
          `annotations.${INGRESS_CLASS_ANNOTATION}`,
          annotation,
          'must match `ingressClassName` when both are specified',
        ),
      );
    }
    return errs;
  },
  warnings(obj, old) {
    if (old) return [];
    if (
      obj.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] !== undefined &&
      obj.spec?.ingressClassName == null
    ) {
      return [
        `annotation "${INGRESS_CLASS_ANNOTATION}" is deprecated, please use 'spec.ingressClassName' instead`,
      ];
    }
    return [];
  },
  columns: [
    NAME_COLUMN,
    { name: 'Class', type: 'string', description: 'The IngressClass of the ingress.' },
    { name: 'Hosts', type: 'string', description: 'Hosts the rules match.' },
    { name: 'Address', type: 'string', description: 'Addresses of the load balancer.' },
    { name: 'Ports', type: 'string', description: 'Ports the ingress listens on.' },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [
    obj.metadata.name,
    obj.spec?.ingressClassName ?? '<none>',
    formatHosts(obj.spec?.rules ?? []),
    loadBalancerAddress(obj),
    (obj.spec?.tls ?? []).length ? '80, 443' : '80',
    age(obj, ctx),
  ],
};
