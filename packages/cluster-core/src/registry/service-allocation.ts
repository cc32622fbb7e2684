/**
 * ClusterIP and NodePort allocation for Services, as pkg/registry/core/service/storage
 * (storage.go beginCreate/beginUpdate, alloc.go, patchAllocatedValues, normalizeClusterIPs)
 * and the strategy's dropTypeDependentFields. The cluster is single-stack IPv4 with kubeadm's
 * default ranges. The "allocator" is the set of values other Services hold.
 */

import { deepEqual } from '../api/equality';
import { invalid } from '../api/errors';
import { type FieldError, invalidValue } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { ipv4Range, ipv4ToNumber, numberToIPv4, parseIPv4 } from './ip';
import { validateServiceClusterIPsRelatedFields } from './service-validation';
import type { StrategyContext } from './types';

export const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/12';
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const DEFAULT_FAMILY = 'IPv4';

// biome-ignore lint/suspicious/noExplicitAny: Service spec is free-form JSON
type Spec = any;

const needsClusterIP = (s: Spec) => s.type !== 'ExternalName';
const needsNodePort = (s: Spec) => s.type === 'NodePort' || s.type === 'LoadBalancer';
const isHeadless = (s: Spec) =>
  Array.isArray(s.clusterIPs) && s.clusterIPs.length === 1 && s.clusterIPs[0] === 'None';
/** apiservice.ExternallyAccessible */
export const externallyAccessible = (s: Spec) =>
  s.type === 'LoadBalancer' ||
  s.type === 'NodePort' ||
  (s.type === 'ClusterIP' && (s.externalIPs ?? []).length > 0);
/** apiservice.NeedsHealthCheck */
export const needsHealthCheck = (s: Spec) =>
  s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
const shouldAllocateNodePorts = (s: Spec) =>
  s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts !== false);

function serviceInvalid(svc: KubeObject, errs: FieldError[]) {
  return invalid('', 'Service', svc.metadata.name ?? '', errs);
}

/** What the other Services of the cluster hold. */
function usedValues(
  svc: KubeObject,
  ctx: StrategyContext,
): { ips: Set<string>; ports: Set<number> } {
  const ips = new Set<string>();
  const ports = new Set<number>();
  for (const other of ctx.list('', 'services')) {
    if (
      other.metadata.namespace === svc.metadata.namespace &&
      other.metadata.name === svc.metadata.name
    )
      continue;
    const s = other.spec ?? {};
    for (const ip of s.clusterIPs ?? (s.clusterIP ? [s.clusterIP] : []))
      if (ip && ip !== 'None') ips.add(ip);
    for (const p of s.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
    if (s.healthCheckNodePort) ports.add(s.healthCheckNodePort);
  }
  // an IPAddress object holds its address (a learner may reserve one), unless it is this Service's
  for (const ip of ctx.list('networking.k8s.io', 'ipaddresses')) {
    const ref = ip.spec?.parentRef;
    const own =
      ref?.resource === 'services' &&
      ref.namespace === svc.metadata.namespace &&
      ref.name === svc.metadata.name;
    if (!own && ip.metadata.name) ips.add(ip.metadata.name);
  }
  return { ips, ports };
}

/** The lower band stays for static assignment (KEP-3070); dynamic picks come from above it. */
function staticBand(size: number, min: number, max: number, step: number): number {
  return Math.min(Math.max(min, Math.floor(size / step)), max);
}

function pick(
  first: number,
  last: number,
  taken: (n: number) => boolean,
  dynamicFrom: number,
): number | undefined {
  for (let i = 0; i < 64; i++) {
    const n = dynamicFrom + Math.floor(Math.random() * (last - dynamicFrom + 1));
    if (!taken(n)) return n;
  }
  for (let n = dynamicFrom; n <= last; n++) if (!taken(n)) return n;
  for (let n = first; n < dynamicFrom; n++) if (!taken(n)) return n;
  return undefined;
}

function allocateNextIP(used: Set<string>): string {
  const { base, size } = ipv4Range(SERVICE_CLUSTER_IP_RANGE);
  const first = base + 1;
  const last = base + size - 2;
  const n = pick(
    first,
    last,
    (x) => used.has(numberToIPv4(x)),
    first + staticBand(size, 16, 256, 16),
  );
  if (n === undefined) throw new Error('range is full');
  return numberToIPv4(n);
}

/** ipallocator.Allocate: '' when the IP may be taken, else the allocator's error. */
function checkIP(ip: string, used: Set<string>): string {
  const { base, size } = ipv4Range(SERVICE_CLUSTER_IP_RANGE);
  const n = ipv4ToNumber(ip);
  if (n === undefined || n <= base || n >= base + size - 1) {
    return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CLUSTER_IP_RANGE}`;
  }
  return used.has(ip) ? 'provided IP is already allocated' : '';
}

function checkPort(port: number, used: Set<number>): string {
  if (port < NODE_PORT_MIN || port > NODE_PORT_MAX) {
    return `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`;
  }
  return used.has(port) ? 'provided port is already allocated' : '';
}

function allocateNextPort(used: Set<number>): number {
  const size = NODE_PORT_MAX - NODE_PORT_MIN + 1;
  const n = pick(
    NODE_PORT_MIN,
    NODE_PORT_MAX,
    (p) => used.has(p),
    NODE_PORT_MIN + staticBand(size, 16, 128, 32),
  );
  if (n === undefined) throw new Error('range is full');
  return n;
}

/** normalizeClusterIPs: keep clusterIP and clusterIPs in step for clients that set only one. */
export function normalizeClusterIPs(spec: Spec, old: Spec | undefined): void {
  if (!old) {
    if (spec.clusterIP && !(spec.clusterIPs ?? []).length) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  const oldIPs: string[] = old.clusterIPs ?? [];
  if (
    oldIPs.length > 0 &&
    !(spec.clusterIPs ?? []).length &&
    (old.clusterIP ?? '') === (spec.clusterIP ?? '')
  ) {
    spec.clusterIPs = [...oldIPs];
  }
  if ((old.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    const same = deepEqual(oldIPs, spec.clusterIPs ?? []);
    if (old.clusterIP && !spec.clusterIP) {
      if (same) delete spec.clusterIPs;
    } else if (same) {
      spec.clusterIPs = [spec.clusterIP];
    }
  }
}

/** patchAllocatedValues: a PUT that leaves out allocated values keeps them. */
function patchAllocatedValues(spec: Spec, old: Spec): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if (!(spec.clusterIPs ?? []).length && (old.clusterIPs ?? []).length)
      spec.clusterIPs = [...old.clusterIPs];
  }
  if (needsNodePort(old) && needsNodePort(spec)) {
    const inUse = (s: Spec) =>
      new Set<number>((s.ports ?? []).map((p: Spec) => p.nodePort).filter(Boolean));
    const newUsed = inUse(spec);
    const used = new Set([...inUse(old)].filter((p) => newUsed.has(p)));
    const byName = new Map<string, number>();
    for (const p of old.ports ?? []) byName.set(p.name ?? '', p.nodePort ?? 0);
    for (const p of spec.ports ?? []) {
      if (!p.nodePort) {
        const prev = byName.get(p.name ?? '') ?? 0;
        if (prev && !used.has(prev)) p.nodePort = prev;
      }
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(spec) && !spec.healthCheckNodePort) {
    spec.healthCheckNodePort = old.healthCheckNodePort;
  }
}

/** initIPFamilyFields for a single-stack IPv4 cluster. */
function initIPFamilyFields(svc: KubeObject, old: Spec | undefined): void {
  const spec = svc.spec;
  if (spec.type === 'ExternalName') return;
  if (spec.ipFamilyPolicy === undefined || spec.ipFamilyPolicy === null) {
    if (old?.ipFamilyPolicy) spec.ipFamilyPolicy = old.ipFamilyPolicy;
    else if (spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0) {
      spec.ipFamilyPolicy = 'RequireDualStack';
    } else spec.ipFamilyPolicy = 'SingleStack';
  }
  const pre = validateServiceClusterIPsRelatedFields(spec);
  if (pre.length) throw serviceInvalid(svc, pre);
  const errs: FieldError[] = [];
  const ips: string[] = spec.clusterIPs ?? [];
  const families: string[] = (spec.ipFamilies ??= []);
  if (old && spec.ipFamilyPolicy === 'SingleStack') {
    if (deepEqual(old.clusterIPs ?? [], ips) && ips.length > 1) spec.clusterIPs = ips.slice(0, 1);
    if (deepEqual(old.ipFamilies ?? [], families) && families.length > 1)
      spec.ipFamilies = families.slice(0, 1);
  }
  if (spec.ipFamilyPolicy === 'SingleStack') {
    if ((spec.clusterIPs ?? []).length === 2) {
      errs.push(
        invalidValue(
          'spec.ipFamilyPolicy',
          spec.ipFamilyPolicy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
        ),
      );
    }
    if (spec.ipFamilies.length === 2) {
      errs.push(
        invalidValue(
          'spec.ipFamilyPolicy',
          spec.ipFamilyPolicy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
        ),
      );
    }
  }
  (spec.clusterIPs ?? []).forEach((ip: string, i: number) => {
    if (ip === 'None' || i < spec.ipFamilies.length) return;
    const fam = parseIPv4(ip) ? 'IPv4' : 'IPv6';
    if (fam !== DEFAULT_FAMILY) {
      errs.push(
        invalidValue(
          `spec.clusterIPs[${i}]`,
          spec.clusterIPs,
          `${fam} is not configured on this cluster`,
        ),
      );
    } else spec.ipFamilies.push(fam);
  });
  if (errs.length) throw serviceInvalid(svc, errs);
  if (spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0) {
    // headless and selectorless: families may name both even on a single-stack cluster
    if (spec.ipFamilies.length === 0) spec.ipFamilies = [DEFAULT_FAMILY];
    if (spec.ipFamilies.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') {
      spec.ipFamilies.push(spec.ipFamilies[0] === 'IPv4' ? 'IPv6' : 'IPv4');
    }
    return;
  }
  if (spec.ipFamilyPolicy === 'RequireDualStack') {
    errs.push(
      invalidValue(
        'spec.ipFamilyPolicy',
        spec.ipFamilyPolicy,
        'this cluster is not configured for dual-stack services',
      ),
    );
  }
  spec.ipFamilies.forEach((fam: string, i: number) => {
    if (fam !== DEFAULT_FAMILY)
      errs.push(invalidValue(`spec.ipFamilies[${i}]`, fam, 'not configured on this cluster'));
  });
  if (errs.length) throw serviceInvalid(svc, errs);
  if (spec.ipFamilies.length === 0) spec.ipFamilies = [DEFAULT_FAMILY];
}

/** allocClusterIPs: the primary IP (the cluster has one family). */
function allocClusterIPs(svc: KubeObject, used: Set<string>): void {
  const spec = svc.spec;
  if (spec.type === 'ExternalName' || isHeadless(spec)) return;
  const requested: string = (spec.clusterIPs ?? [])[0] ?? '';
  let ip = requested;
  if (!requested) ip = allocateNextIP(used);
  else {
    const problem = checkIP(requested, used);
    if (problem) {
      throw serviceInvalid(svc, [
        invalidValue(
          'spec.clusterIPs',
          spec.clusterIPs,
          `failed to allocate IP ${requested}: ${problem}`,
        ),
      ]);
    }
  }
  spec.clusterIPs = [ip, ...(spec.clusterIPs ?? []).slice(1)];
  spec.clusterIP = ip;
  used.add(ip);
}

function allocNodePortsCreate(svc: KubeObject, used: Set<number>): void {
  const spec = svc.spec;
  const byServicePort = new Map<number, number>();
  (spec.ports ?? []).forEach((p: Spec, i: number) => {
    if (!p.nodePort && !shouldAllocateNodePorts(spec)) return;
    const shared = byServicePort.get(p.port) ?? 0;
    if (shared === 0) {
      // a later entry for the same port may carry the user's choice
      const requested =
        (spec.ports as Spec[]).find((q) => q.port === p.port && q.nodePort)?.nodePort ?? 0;
      const np = requested || allocateNextPort(used);
      if (requested) {
        const problem = checkPort(requested, used);
        if (problem)
          throw serviceInvalid(svc, [
            invalidValue(`spec.ports[${i}].nodePort`, requested, problem),
          ]);
      }
      p.nodePort = np;
      used.add(np);
      byServicePort.set(p.port, np);
    } else if (p.nodePort !== shared) {
      if (!p.nodePort) p.nodePort = shared;
      else {
        const problem = checkPort(p.nodePort, used);
        if (problem)
          throw serviceInvalid(svc, [
            invalidValue(`spec.ports[${i}].nodePort`, p.nodePort, problem),
          ]);
        used.add(p.nodePort);
      }
    }
  });
}

function allocNodePortsUpdate(svc: KubeObject, old: Spec, used: Set<number>): void {
  const spec = svc.spec;
  const oldPorts = new Set<number>((old.ports ?? []).map((p: Spec) => p.nodePort).filter(Boolean));
  const claimed = new Set<number>();
  (spec.ports ?? []).forEach((p: Spec, i: number) => {
    if (!p.nodePort && !shouldAllocateNodePorts(spec)) return;
    if (p.nodePort) {
      if (!oldPorts.has(p.nodePort) && !claimed.has(p.nodePort)) {
        const problem = checkPort(p.nodePort, used);
        if (problem)
          throw serviceInvalid(svc, [
            invalidValue(`spec.ports[${i}].nodePort`, p.nodePort, problem),
          ]);
        claimed.add(p.nodePort);
        used.add(p.nodePort);
      }
    } else {
      p.nodePort = allocateNextPort(used);
      used.add(p.nodePort);
    }
  });
}

function allocHealthCheckNodePort(svc: KubeObject, used: Set<number>): void {
  const spec = svc.spec;
  if (spec.healthCheckNodePort) {
    const problem = checkPort(spec.healthCheckNodePort, used);
    if (problem) {
      throw invalid('', 'Service', svc.metadata.name ?? '', [
        invalidValue(
          'spec.healthCheckNodePort',
          spec.healthCheckNodePort,
          `failed to allocate requested HealthCheck NodePort ${spec.healthCheckNodePort}: ${problem}`,
        ),
      ]);
    }
  } else spec.healthCheckNodePort = allocateNextPort(used);
  used.add(spec.healthCheckNodePort);
}

/** beginCreate: normalize, default the IP families, allocate IPs and ports. */
export function allocateOnCreate(svc: KubeObject, ctx: StrategyContext): void {
  const spec = (svc.spec ??= {});
  normalizeClusterIPs(spec, undefined);
  initIPFamilyFields(svc, undefined);
  const used = usedValues(svc, ctx);
  allocClusterIPs(svc, used.ips);
  if (needsNodePort(spec)) allocNodePortsCreate(svc, used.ports);
  if (needsHealthCheck(spec)) allocHealthCheckNodePort(svc, used.ports);
}

/** beginUpdate plus the strategy's PrepareForUpdate for what depends on the type. */
export function allocateOnUpdate(svc: KubeObject, oldSvc: KubeObject, ctx: StrategyContext): void {
  const spec = (svc.spec ??= {});
  const old = oldSvc.spec ?? {};
  patchAllocatedValues(spec, old);
  normalizeClusterIPs(spec, old);
  initIPFamilyFields(svc, old);
  const used = usedValues(svc, ctx);
  if (old.type === 'ExternalName' && spec.type !== 'ExternalName') allocClusterIPs(svc, used.ips);
  if (needsNodePort(spec)) allocNodePortsUpdate(svc, old, used.ports);
  if (needsHealthCheck(spec) && !needsHealthCheck(old)) allocHealthCheckNodePort(svc, used.ports);
  dropTypeDependentFields(spec, old);
}

/** dropTypeDependentFields: values that no longer apply, which the user did not touch, go. */
function dropTypeDependentFields(spec: Spec, old: Spec): void {
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if (
      deepEqual(old.clusterIPs ?? [], spec.clusterIPs ?? []) &&
      (old.clusterIP ?? '') === (spec.clusterIP ?? '')
    ) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (deepEqual(old.ipFamilies ?? [], spec.ipFamilies ?? [])) delete spec.ipFamilies;
    if ((old.ipFamilyPolicy ?? null) === (spec.ipFamilyPolicy ?? null)) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(spec)) {
    const nodePorts = (s: Spec) => (s.ports ?? []).map((p: Spec) => p.nodePort ?? 0);
    if (deepEqual(nodePorts(old), nodePorts(spec)))
      for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (
    needsHealthCheck(old) &&
    !needsHealthCheck(spec) &&
    old.healthCheckNodePort === spec.healthCheckNodePort
  ) {
    delete spec.healthCheckNodePort;
  }
  if (old.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (
      spec.allocateLoadBalancerNodePorts !== undefined &&
      old.allocateLoadBalancerNodePorts !== undefined &&
      spec.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts
    ) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if ((old.loadBalancerClass ?? null) === (spec.loadBalancerClass ?? null))
      delete spec.loadBalancerClass;
  }
  if (
    externallyAccessible(old) &&
    !externallyAccessible(spec) &&
    old.externalTrafficPolicy === spec.externalTrafficPolicy
  ) {
    delete spec.externalTrafficPolicy;
  }
}
