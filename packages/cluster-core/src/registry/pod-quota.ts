/**
 * The pod quota evaluator (pkg/quota/v1/evaluator/core/pods.go): a pod's usage of pods, compute
 * requests and limits, and which quota scopes select it. The resourcequota controller sums it
 * (controllers/quota-usage.ts); a pod's create-time quota admission is pod-resource-admission.ts.
 */
import type { KubeObject } from '../api/object';
import { Quantity } from '../api/quantity';
import { addTo, resourceList, type Usage } from '../api/resource-usage';
import type { QuotaDefinition } from './types';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

const one = () => Quantity.fromValue(1);

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
function podUsage(pod: KubeObject, now: number): Usage {
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
function podMatchesScopes(quota: KubeObject, pod: KubeObject): boolean {
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
export function isPodResource(name: string): boolean {
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

export const podQuota: QuotaDefinition = {
  counts: isPodResource,
  usage: podUsage,
  matchesScopes: podMatchesScopes,
  // admitted by pod-resource-admission.ts, with the pod's explicit requests and limits checked
  ownAdmission: true,
};
