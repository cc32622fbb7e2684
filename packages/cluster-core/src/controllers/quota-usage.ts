/**
 * What a ResourceQuota counts (pkg/quota/v1/evaluator/core pods.go, services.go,
 * persistent_volume_claims.go, and the generic object-count evaluator): per object its usage
 * of each quota resource, and per quota the namespace's total for the resources in its `hard`,
 * honouring the quota's scopes. Shared by the resourcequota controller and quota admission.
 */
import type { KubeObject } from '../api/object';
import { Quantity, tryParseQuantity } from '../api/quantity';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

export type Usage = Map<string, Quantity>;

/** Reads objects of the quota's namespace. */
export interface QuotaView {
  now: number;
  list(group: string, plural: string, namespace?: string): KubeObject[];
}

/** The pre-`count/` names of object counts (generic.ObjectCountQuotaResourceNameFor's legacy aliases). */
const LEGACY_COUNTS: Record<string, string> = {
  configmaps: 'configmaps',
  secrets: 'secrets',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
  services: 'services',
  persistentvolumeclaims: 'persistentvolumeclaims',
  pods: 'pods',
};
const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

const one = () => Quantity.fromValue(1);

function q(value: unknown): Quantity | undefined {
  const parsed = tryParseQuantity(value);
  return typeof parsed === 'string' ? undefined : parsed;
}

function addTo(into: Usage, name: string, value: Quantity): void {
  const current = into.get(name);
  into.set(name, current ? current.add(value) : value);
}

function resourceList(list: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [k, v] of Object.entries((list ?? {}) as Record<string, unknown>)) {
    const parsed = q(v);
    if (parsed) out.set(k, parsed);
  }
  return out;
}

/** resourcehelper.PodRequests / PodLimits: containers and sidecars, the largest init container, overhead. */
function podResources(spec: Json, key: 'requests' | 'limits'): Map<string, Quantity> {
  const total = new Map<string, Quantity>();
  const sidecars = new Map<string, Quantity>();
  const initMax = new Map<string, Quantity>();
  const max = (into: Map<string, Quantity>, from: Map<string, Quantity>) => {
    for (const [k, v] of from)
      if (!into.has(k) || v.cmp(into.get(k) as Quantity) > 0) into.set(k, v);
  };
  for (const c of (spec.containers ?? []) as Json[])
    for (const [k, v] of resourceList(c.resources?.[key])) addTo(total, k, v);
  for (const c of (spec.initContainers ?? []) as Json[]) {
    const r = resourceList(c.resources?.[key]);
    if (c.restartPolicy === 'Always') {
      for (const [k, v] of r) {
        addTo(total, k, v);
        addTo(sidecars, k, v);
      }
      max(initMax, sidecars);
    } else {
      const withSidecars = new Map(sidecars);
      for (const [k, v] of r) addTo(withSidecars, k, v);
      max(initMax, withSidecars);
    }
  }
  max(total, initMax);
  // overhead adds to every request, but only to the limits that are set
  for (const [k, v] of resourceList(spec.overhead))
    if (key === 'requests' || total.has(k)) addTo(total, k, v);
  return total;
}

/** QuotaV1Pod: terminal pods and pods past their grace period use no compute quota. */
function usesComputeQuota(pod: KubeObject, now: number): boolean {
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return false;
  const deletion = pod.metadata.deletionTimestamp
    ? Date.parse(pod.metadata.deletionTimestamp)
    : undefined;
  return deletion === undefined || deletion >= now;
}

/** PodUsageFunc with podComputeUsageHelper. */
export function podUsage(pod: KubeObject, now: number): Usage {
  const usage: Usage = new Map([['count/pods', one()]]);
  if (!usesComputeQuota(pod, now)) return usage;
  usage.set('pods', one());
  const requests = podResources(pod.spec ?? {}, 'requests');
  const limits = podResources(pod.spec ?? {}, 'limits');
  for (const [name, value] of requests) {
    if (['cpu', 'memory', 'ephemeral-storage'].includes(name) || name.startsWith('hugepages-'))
      usage.set(name, value);
    usage.set(`requests.${name}`, value);
  }
  for (const [name, value] of limits) {
    if (['cpu', 'memory', 'ephemeral-storage'].includes(name) || name.startsWith('hugepages-'))
      usage.set(`limits.${name}`, value);
  }
  return usage;
}

/** ServiceUsageFunc: node ports counted from the intent, since they may not be allocated yet. */
export function serviceUsage(svc: KubeObject): Usage {
  const ports = (svc.spec?.ports ?? []) as Json[];
  const usage: Usage = new Map([
    ['count/services', one()],
    ['services', one()],
    ['services.loadbalancers', Quantity.fromValue(0)],
    ['services.nodeports', Quantity.fromValue(0)],
  ]);
  if (svc.spec?.type === 'NodePort')
    usage.set('services.nodeports', Quantity.fromValue(ports.length));
  if (svc.spec?.type === 'LoadBalancer') {
    const explicit = svc.spec?.allocateLoadBalancerNodePorts === false;
    usage.set(
      'services.nodeports',
      Quantity.fromValue(explicit ? ports.filter((p) => p.nodePort).length : ports.length),
    );
    usage.set('services.loadbalancers', one());
  }
  return usage;
}

/** PersistentVolumeClaim usage, also per storage class. */
export function pvcUsage(pvc: KubeObject): Usage {
  const usage: Usage = new Map([
    ['count/persistentvolumeclaims', one()],
    ['persistentvolumeclaims', one()],
  ]);
  const request = q(pvc.spec?.resources?.requests?.storage);
  const allocated = q(pvc.status?.allocatedResources?.storage);
  const storage = request && allocated && allocated.cmp(request) > 0 ? allocated : request;
  const className: string | undefined =
    pvc.spec?.storageClassName ??
    pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (className) usage.set(`${className}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, one());
  if (storage) {
    usage.set('requests.storage', storage);
    if (className) usage.set(`${className}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
  }
  return usage;
}

/** The group and plural an object-count resource name counts, or undefined when it is not one. */
export function countedResource(name: string): { group: string; plural: string } | undefined {
  if (
    LEGACY_COUNTS[name] &&
    name !== 'pods' &&
    name !== 'services' &&
    name !== 'persistentvolumeclaims'
  )
    return { group: '', plural: name };
  if (!name.startsWith('count/')) return undefined;
  const rest = name.slice('count/'.length);
  const dot = rest.indexOf('.');
  return dot < 0
    ? { group: '', plural: rest }
    : { group: rest.slice(dot + 1), plural: rest.slice(0, dot) };
}

/** The quota resource names an object of `group/plural` uses (object counts only). */
export function objectCountNames(group: string, plural: string): string[] {
  const names = [`count/${plural}${group ? `.${group}` : ''}`];
  if (!group && LEGACY_COUNTS[plural]) names.push(LEGACY_COUNTS[plural]);
  return names;
}

function isBestEffort(spec: Json): boolean {
  return [...((spec.containers ?? []) as Json[]), ...((spec.initContainers ?? []) as Json[])].every(
    (c) => {
      const names = [
        ...Object.keys(c.resources?.requests ?? {}),
        ...Object.keys(c.resources?.limits ?? {}),
      ];
      return !names.some((n) => n === 'cpu' || n === 'memory');
    },
  );
}

function hasCrossNamespaceAffinity(spec: Json): boolean {
  const terms = [
    ...(spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(spec.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (t: Json) => t.podAffinityTerm,
    ),
    ...(spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (t: Json) => t.podAffinityTerm,
    ),
  ] as Json[];
  return terms.some((t) => t && ((t.namespaces ?? []).length || t.namespaceSelector));
}

/** podMatchesScopeFunc for each of the quota's scopes and scope selector requirements. */
export function podMatchesScopes(quota: KubeObject, pod: KubeObject): boolean {
  const spec = pod.spec ?? {};
  const requirements: Json[] = [
    ...((quota.spec?.scopes ?? []) as string[]).map((scopeName) => ({
      scopeName,
      operator: 'Exists',
    })),
    ...((quota.spec?.scopeSelector?.matchExpressions ?? []) as Json[]),
  ];
  return requirements.every((r) => {
    switch (r.scopeName) {
      case 'Terminating':
        return spec.activeDeadlineSeconds != null;
      case 'NotTerminating':
        return spec.activeDeadlineSeconds == null;
      case 'BestEffort':
        return isBestEffort(spec);
      case 'NotBestEffort':
        return !isBestEffort(spec);
      case 'CrossNamespacePodAffinity':
        return hasCrossNamespaceAffinity(spec);
      case 'PriorityClass': {
        const name: string = spec.priorityClassName ?? '';
        const values: string[] = r.values ?? [];
        if (r.operator === 'Exists') return name !== '';
        if (r.operator === 'DoesNotExist') return name === '';
        if (r.operator === 'In') return values.includes(name);
        if (r.operator === 'NotIn') return !values.includes(name);
        return false;
      }
      default:
        return false;
    }
  });
}

/** The pod evaluator's resources: pods, compute requests and limits (not PVC storage). */
function isPodResource(name: string): boolean {
  if (name === 'requests.storage') return false;
  return (
    name === 'pods' ||
    name === 'count/pods' ||
    ['cpu', 'memory', 'ephemeral-storage'].includes(name) ||
    name.startsWith('hugepages-') ||
    name.startsWith('requests.') ||
    name.startsWith('limits.')
  );
}

const isServiceResource = (name: string) =>
  ['services', 'count/services', 'services.nodeports', 'services.loadbalancers'].includes(name);
const isPvcResource = (name: string) =>
  ['persistentvolumeclaims', 'count/persistentvolumeclaims', 'requests.storage'].includes(name) ||
  name.includes(STORAGE_CLASS_SUFFIX);

/**
 * CalculateUsage for a quota: the namespace's usage of every resource in `hard` that an
 * evaluator knows, zero when nothing uses it. Resources nobody counts are left out.
 */
export function quotaUsage(quota: KubeObject, view: QuotaView): Usage {
  const ns = quota.metadata.namespace;
  const hard = Object.keys(quota.spec?.hard ?? {});
  const scoped =
    (quota.spec?.scopes ?? []).length > 0 ||
    (quota.spec?.scopeSelector?.matchExpressions ?? []).length > 0;
  const used: Usage = new Map();
  const sum = (names: string[], objects: KubeObject[], usageOf: (o: KubeObject) => Usage) => {
    if (!names.length) return;
    for (const n of names) used.set(n, Quantity.fromValue(0));
    for (const obj of objects)
      for (const [k, v] of usageOf(obj)) if (names.includes(k)) addTo(used, k, v);
  };
  const podNames = hard.filter(isPodResource);
  if (podNames.length) {
    sum(
      podNames,
      view.list('', 'pods', ns).filter((p) => podMatchesScopes(quota, p)),
      (p) => podUsage(p, view.now),
    );
  }
  if (scoped) return used;
  sum(
    hard.filter(isServiceResource),
    hard.some(isServiceResource) ? view.list('', 'services', ns) : [],
    serviceUsage,
  );
  sum(
    hard.filter(isPvcResource),
    hard.some(isPvcResource) ? view.list('', 'persistentvolumeclaims', ns) : [],
    pvcUsage,
  );
  for (const name of hard) {
    if (used.has(name) || isPodResource(name) || isServiceResource(name) || isPvcResource(name))
      continue;
    const counted = countedResource(name);
    if (!counted) continue;
    used.set(name, Quantity.fromValue(view.list(counted.group, counted.plural, ns).length));
  }
  return used;
}
