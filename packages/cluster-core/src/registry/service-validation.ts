/**
 * Service validation as pkg/apis/core/validation/validation.go: ValidateService,
 * validateServicePort, ValidateServiceClusterIPsRelatedFields, ValidateServiceUpdate
 * (validateUpgradeDowngradeClusterIPs / IPFamilies, loadBalancerClass, healthCheckNodePort).
 */
import {
  duplicate,
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortNum,
} from '../api/validation';
import { duplicateLiteral } from './go-literal';
import { familyOf, isValidIP, validateCIDR, validateIP, validateNonSpecialIP } from './ip';
import { validateLabelMap } from './label-validation';
import { validatePortNumOrName } from './pod-container-validation';

// biome-ignore lint/suspicious/noExplicitAny: Service spec is free-form JSON
type Spec = any;

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;
const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';
const LB_SOURCE_RANGES = 'service.beta.kubernetes.io/load-balancer-source-ranges';

const isHeadless = (s: Spec) =>
  Array.isArray(s.clusterIPs) && s.clusterIPs.length === 1 && s.clusterIPs[0] === 'None';
const externallyAccessible = (s: Spec) =>
  s.type === 'LoadBalancer' ||
  s.type === 'NodePort' ||
  (s.type === 'ClusterIP' && (s.externalIPs ?? []).length > 0);
const needsHealthCheck = (s: Spec) =>
  s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';

/** intstr.IntOrString in %#v, as Duplicate errors on ports print it. */
function intOrStringLiteral(v: unknown): string {
  if (typeof v === 'number') return `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`;
  if (typeof v === 'string' && v !== '')
    return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`;
  return 'intstr.IntOrString{Type:0, IntVal:0, StrVal:""}';
}

function validateServicePort(
  p: Spec,
  requireName: boolean,
  names: Set<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(required(`${path}.name`));
  else if (p.name) {
    for (const m of isDNS1123Label(p.name)) errs.push(invalidValue(`${path}.name`, p.name, m));
    if (names.has(p.name)) errs.push(duplicate(`${path}.name`, p.name));
    else names.add(p.name);
  }
  for (const m of isValidPortNum(p.port ?? 0))
    errs.push(invalidValue(`${path}.port`, p.port ?? 0, m));
  if (!p.protocol) errs.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(p.protocol))
    errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(p.targetPort, `${path}.targetPort`));
  if (p.appProtocol !== undefined && p.appProtocol !== null) {
    for (const m of isQualifiedName(p.appProtocol))
      errs.push(invalidValue(`${path}.appProtocol`, p.appProtocol, m));
  }
  return errs;
}

function validateClientIPAffinityConfig(config: Spec, path: string): FieldError[] {
  const detail = 'when session affinity type is ClientIP';
  if (!config) return [required(path, detail)];
  if (!config.clientIP) return [required(`${path}.clientIP`, detail)];
  const timeout = config.clientIP.timeoutSeconds;
  if (timeout === undefined || timeout === null)
    return [required(`${path}.clientIP.timeoutSeconds`, detail)];
  if (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS) {
    return [
      invalidValue(
        `${path}.clientIP.timeoutSeconds`,
        timeout,
        `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`,
      ),
    ];
  }
  return [];
}

/** ValidateServiceClusterIPsRelatedFields (also run before allocation). */
export function validateServiceClusterIPsRelatedFields(spec: Spec): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ips: string[] = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(required('spec.clusterIPs'));
    else if (ips[0] !== spec.clusterIP)
      errs.push(invalidValue('spec.clusterIPs', ips, 'first value must match `clusterIP`'));
  } else if (ips.length) {
    errs.push(
      invalidValue('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified'),
    );
  }
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((fam: string, i: number) => {
    if (!IP_FAMILIES.includes(fam))
      errs.push(notSupported(`spec.ipFamilies[${i}]`, fam, IP_FAMILIES));
    if (seen.has(fam)) errs.push(duplicate(`spec.ipFamilies[${i}]`, fam));
    seen.add(fam);
  });
  if (
    spec.ipFamilyPolicy !== undefined &&
    spec.ipFamilyPolicy !== null &&
    !IP_FAMILY_POLICIES.includes(spec.ipFamilyPolicy)
  ) {
    errs.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, IP_FAMILY_POLICIES));
  }
  let badIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        badIPs = true;
        errs.push(invalidValue('spec.clusterIPs', ips, "'None' must be the first and only value"));
      }
      return;
    }
    const e = validateIP(ip, `spec.clusterIPs[${i}]`);
    if (e.length) badIPs = true;
    errs.push(...e);
  });
  if (ips.length > 2)
    errs.push(invalidValue('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  if (badIPs) return errs;
  if (ips.length > 1 && familyOf(ips[0]) === familyOf(ips[1])) {
    errs.push(
      invalidValue('spec.clusterIPs', ips, 'may specify no more than one IP for each IP family'),
    );
  }
  if (!isHeadless(spec) && ips.length && (spec.ipFamilies ?? []).length) {
    ips.forEach((ip, i) => {
      const fam = spec.ipFamilies[i];
      if (fam === 'IPv4' && familyOf(ip) === 'IPv6') {
        errs.push(
          invalidValue(
            `spec.clusterIPs[${i}]`,
            ip,
            `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
      if (fam === 'IPv6' && familyOf(ip) !== 'IPv6') {
        errs.push(
          invalidValue(
            `spec.clusterIPs[${i}]`,
            ip,
            `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
    });
  }
  return errs;
}

function validateExternalTrafficPolicy(spec: Spec): FieldError[] {
  const errs: FieldError[] = [];
  if (!externallyAccessible(spec)) {
    if (spec.externalTrafficPolicy) {
      errs.push(
        invalidValue(
          'spec.externalTrafficPolicy',
          spec.externalTrafficPolicy,
          'may only be set for externally-accessible services',
        ),
      );
    }
  } else if (!spec.externalTrafficPolicy) errs.push(required('spec.externalTrafficPolicy'));
  else if (!TRAFFIC_POLICIES.includes(spec.externalTrafficPolicy)) {
    errs.push(
      notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, TRAFFIC_POLICIES),
    );
  }
  if (!needsHealthCheck(spec)) {
    if (spec.healthCheckNodePort) {
      errs.push(
        invalidValue(
          'spec.healthCheckNodePort',
          spec.healthCheckNodePort,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (!spec.healthCheckNodePort) errs.push(required('spec.healthCheckNodePort'));
  else
    for (const m of isValidPortNum(spec.healthCheckNodePort))
      errs.push(invalidValue('spec.healthCheckNodePort', spec.healthCheckNodePort, m));
  return errs;
}

function validateLoadBalancerClass(spec: Spec, old: Spec | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const cls = spec.loadBalancerClass;
  if (
    old &&
    old.type === 'LoadBalancer' &&
    spec.type === 'LoadBalancer' &&
    (old.loadBalancerClass ?? null) !== (cls ?? null)
  ) {
    errs.push(invalidValue('spec.loadBalancerClass', cls ?? null, 'may not change once set'));
  }
  if (spec.type === 'LoadBalancer') {
    if (cls !== undefined && cls !== null)
      for (const m of isQualifiedName(cls))
        errs.push(invalidValue('spec.loadBalancerClass', cls, m));
  } else if (cls !== undefined && cls !== null) {
    errs.push(
      forbiddenField('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"),
    );
  }
  return errs;
}

export function validateService(svc: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec: Spec = svc.spec ?? {};
  const annotations = svc.metadata.annotations ?? {};
  if (
    TOPOLOGY_MODE in annotations &&
    TOPOLOGY_HINTS in annotations &&
    annotations[TOPOLOGY_MODE] !== annotations[TOPOLOGY_HINTS]
  ) {
    errs.push(
      invalidValue(
        `metadata.annotations[${TOPOLOGY_MODE}]`,
        annotations[TOPOLOGY_MODE],
        `must match annotations[${TOPOLOGY_HINTS}] when both are specified`,
      ),
    );
  }
  const ports: Spec[] = spec.ports ?? [];
  if (ports.length === 0 && !isHeadless(spec) && spec.type !== 'ExternalName')
    errs.push(required('spec.ports'));
  switch (spec.type) {
    case 'LoadBalancer':
    case 'NodePort':
      if (isHeadless(spec)) {
        errs.push(
          invalidValue(
            'spec.clusterIPs[0]',
            spec.clusterIPs[0],
            `may not be set to 'None' for ${spec.type} services`,
          ),
        );
      }
      break;
    case 'ExternalName': {
      if ((spec.clusterIPs ?? []).length > 0)
        errs.push(forbiddenField('spec.clusterIPs', 'may not be set for ExternalName services'));
      if ((spec.ipFamilies ?? []).length > 0)
        errs.push(forbiddenField('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) {
        errs.push(
          forbiddenField('spec.ipFamilyPolicy', 'may not be set for ExternalName services'),
        );
      }
      // a trailing dot marks the CNAME fully qualified
      const cname = String(spec.externalName ?? '').replace(/\.$/, '');
      if (cname)
        for (const m of isDNS1123Subdomain(cname))
          errs.push(invalidValue('spec.externalName', cname, m));
      else errs.push(required('spec.externalName'));
      break;
    }
    default:
      break;
  }
  const names = new Set<string>();
  ports.forEach((p, i) =>
    errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)),
  );
  if (spec.selector) errs.push(...validateLabelMap(spec.selector, 'spec.selector'));
  if (!spec.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!AFFINITIES.includes(spec.sessionAffinity))
    errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITIES));
  if (spec.sessionAffinity === 'ClientIP')
    errs.push(
      ...validateClientIPAffinityConfig(spec.sessionAffinityConfig, 'spec.sessionAffinityConfig'),
    );
  else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig) {
    errs.push(
      forbiddenField('spec.sessionAffinityConfig', 'must not be set when session affinity is None'),
    );
  }
  errs.push(...validateServiceClusterIPsRelatedFields(spec));
  (spec.externalIPs ?? []).forEach((ip: string, i: number) => {
    const path = `spec.externalIPs[${i}]`;
    errs.push(...(isValidIP(ip) ? validateNonSpecialIP(ip, path) : validateIP(ip, path)));
  });
  if (!spec.type) errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(spec.type))
    errs.push(notSupported('spec.type', spec.type, SERVICE_TYPES));
  if (spec.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort)
        errs.push(
          forbiddenField(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"),
        );
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const seenPorts = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (seenPorts.has(key)) {
      errs.push(
        duplicateLiteral(
          `spec.ports[${i}]`,
          `core.ServicePort{Name:"", Protocol:${JSON.stringify(p.protocol ?? '')}, AppProtocol:(*string)(nil), Port:${p.port ?? 0}, TargetPort:${intOrStringLiteral(undefined)}, NodePort:0}`,
        ),
      );
    }
    seenPorts.add(key);
  });
  const ranges: string[] = spec.loadBalancerSourceRanges ?? [];
  if (ranges.length > 0) {
    if (spec.type !== 'LoadBalancer') {
      errs.push(
        forbiddenField(
          'spec.LoadBalancerSourceRanges',
          "may only be used when `type` is 'LoadBalancer'",
        ),
      );
    }
    ranges.forEach((r, i) =>
      errs.push(...validateCIDR(r.trim(), `spec.LoadBalancerSourceRanges[${i}]`)),
    );
  } else if (LB_SOURCE_RANGES in annotations) {
    const path = `metadata.annotations[${LB_SOURCE_RANGES}]`;
    if (spec.type !== 'LoadBalancer')
      errs.push(forbiddenField(path, "may only be used when `type` is 'LoadBalancer'"));
    const val = String(annotations[LB_SOURCE_RANGES]).trim();
    if (val) for (const c of val.split(',')) errs.push(...validateCIDR(c.trim(), path));
  }
  if (
    spec.allocateLoadBalancerNodePorts !== undefined &&
    spec.allocateLoadBalancerNodePorts !== null &&
    spec.type !== 'LoadBalancer'
  ) {
    errs.push(
      forbiddenField(
        'spec.allocateLoadBalancerNodePorts',
        "may only be used when `type` is 'LoadBalancer'",
      ),
    );
  }
  if (
    spec.type === 'LoadBalancer' &&
    (spec.allocateLoadBalancerNodePorts === undefined ||
      spec.allocateLoadBalancerNodePorts === null)
  ) {
    errs.push(required('allocateLoadBalancerNodePorts'));
  }
  errs.push(...validateLoadBalancerClass(spec, undefined));
  errs.push(...validateExternalTrafficPolicy(spec));
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined || itp === null) {
    if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type))
      errs.push(required('spec.internalTrafficPolicy'));
  } else if (!TRAFFIC_POLICIES.includes(itp))
    errs.push(notSupported('spec.internalTrafficPolicy', itp, TRAFFIC_POLICIES));
  if (
    spec.trafficDistribution !== undefined &&
    spec.trafficDistribution !== null &&
    spec.trafficDistribution !== 'PreferClose'
  ) {
    errs.push(notSupported('spec.trafficDistribution', spec.trafficDistribution, ['PreferClose']));
  }
  return errs;
}

function validateUpgradeDowngradeClusterIPs(old: Spec, spec: Spec): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.type === 'ExternalName' || old.type === 'ExternalName') return errs;
  if (isHeadless(old) && isHeadless(spec)) return errs;
  const oldIPs: string[] = old.clusterIPs ?? [];
  const ips: string[] = spec.clusterIPs ?? [];
  if (oldIPs.length === ips.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== ips[i])
        errs.push(invalidValue(`spec.clusterIPs[${i}]`, ips, 'may not change once set'));
    });
  } else if (oldIPs.length > ips.length) {
    if (ips.length === 0)
      errs.push(invalidValue('spec.clusterIPs[0]', ips, 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0]) {
      errs.push(invalidValue('spec.clusterIPs[0]', ips, 'may not change once set'));
    }
    if (ips.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalidValue(
          'spec.ipFamilyPolicy',
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
    errs.push(invalidValue('spec.clusterIPs[0]', ips, 'may not change once set'));
  }
  return errs;
}

function validateUpgradeDowngradeIPFamilies(old: Spec, spec: Spec): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.type === 'ExternalName' || old.type === 'ExternalName') return errs;
  if (isHeadless(old) !== isHeadless(spec) || isHeadless(spec)) return errs;
  const oldF: string[] = old.ipFamilies ?? [];
  const f: string[] = spec.ipFamilies ?? [];
  if (oldF.length === f.length) {
    oldF.forEach((fam, i) => {
      if (fam !== f[i]) errs.push(invalidValue('spec.ipFamilies[0]', f, 'may not change once set'));
    });
  } else if (oldF.length > f.length) {
    if ((spec.clusterIPs ?? []).length === 0)
      errs.push(invalidValue('spec.ipFamilies[0]', f, 'primary ipFamily can not be unset'));
    if (f.length > 0 && f[0] !== oldF[0])
      errs.push(
        invalidValue('spec.ipFamilies[0]', spec.clusterIPs ?? [], 'may not change once set'),
      );
    if (f.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalidValue(
          'spec.ipFamilyPolicy',
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (oldF.length > 0 && f.length > 0 && f[0] !== oldF[0]) {
    errs.push(invalidValue('spec.ipFamilies[0]', spec.clusterIPs ?? [], 'may not change once set'));
  }
  return errs;
}

/** ValidateServiceUpdate, minus the ValidateService it ends with (the store runs that). */
export function validateServiceUpdate(svc: KubeObject, oldSvc: KubeObject): FieldError[] {
  const spec: Spec = svc.spec ?? {};
  const old: Spec = oldSvc.spec ?? {};
  const errs = [
    ...validateUpgradeDowngradeClusterIPs(old, spec),
    ...validateUpgradeDowngradeIPFamilies(old, spec),
  ];
  const lbClass = validateLoadBalancerClass(spec, old).filter(
    (e) => e.detail === 'may not change once set',
  );
  errs.push(...lbClass);
  if (
    needsHealthCheck(old) &&
    needsHealthCheck(spec) &&
    spec.healthCheckNodePort !== old.healthCheckNodePort
  ) {
    errs.push(forbiddenField('spec.healthCheckNodePort', 'field is immutable'));
  }
  return errs;
}
