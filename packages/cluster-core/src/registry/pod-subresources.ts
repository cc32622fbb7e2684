/**
 * The API-side subresources of pods: pods/binding (what the scheduler posts) and pods/eviction
 * (what `kubectl drain` posts, honouring PodDisruptionBudgets). Upstream:
 * pkg/registry/core/pod/storage/storage.go BindingREST, eviction.go.
 */
import { badRequest, conflict, StatusError } from '../api/errors';
import { clone, type KubeObject } from '../api/object';
import { fromLabelSelector, matchesLabels } from '../api/selectors/labels';
import type { ClusterCore, SubresourceRequest } from '../apiserver/cluster-core';
import { postedBody, sendJson } from '../apiserver/http';
import { rfc3339 } from '../clock';

const success = (code: number) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Success',
  code,
});

export async function podBinding(request: SubresourceRequest): Promise<void> {
  const { cluster, resource: pods, namespace, name, ctx } = request;
  const body = await postedBody(request);
  const target = body?.target ?? {};
  if (!target.name) throw badRequest('target.name: Required value');
  if (target.kind && target.kind !== 'Node')
    throw badRequest('target.kind: Unsupported value: only Node is supported');
  const pod = cluster.rest.get(pods, namespace, name);
  if (pod.metadata.deletionTimestamp) {
    throw conflict(pods.gr, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  }
  if (pod.spec?.nodeName) {
    throw conflict(pods.gr, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  }
  const next = clone(pod);
  next.spec.nodeName = target.name;
  for (const [k, v] of Object.entries(body.metadata?.annotations ?? {})) {
    next.metadata.annotations = { ...next.metadata.annotations, [k]: String(v) };
  }
  // Binding writes spec.nodeName, which ordinary pod updates may not change.
  const stored = cluster.store.get(pods.storage, namespace, name) as KubeObject;
  const conditions = (next.status?.conditions ?? []).filter(
    (c: { type: string }) => c.type !== 'PodScheduled',
  );
  conditions.push({
    type: 'PodScheduled',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: rfc3339(cluster.clock.now()),
  });
  next.status = { ...next.status, conditions };
  if (!ctx.dryRun) {
    next.metadata.resourceVersion = stored.metadata.resourceVersion;
    cluster.store.put(pods.storage, next);
  }
  sendJson(request.res, 201, success(201));
}

/** intstr.GetScaledValueFromIntOrPercent, rounding up as the disruption controller does. */
function scaled(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const pct = Number(value.replace('%', ''));
  return Math.ceil((pct * total) / 100);
}

function isReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  );
}

export async function podEviction(request: SubresourceRequest): Promise<void> {
  const { cluster, resource: pods, namespace, name, ctx } = request;
  const body = await postedBody(request);
  const pod = cluster.rest.get(pods, namespace, name);
  const phase = pod.status?.phase;
  // Pods that are not running cannot be disrupted further (canIgnorePDB).
  const ignorePdb =
    phase === 'Succeeded' ||
    phase === 'Failed' ||
    phase === 'Pending' ||
    Boolean(pod.metadata.deletionTimestamp);
  if (!ignorePdb) checkDisruptionBudgets(cluster, pod);
  const options = body?.deleteOptions ?? {};
  // kubectl drain --dry-run=server asks in the Eviction's deleteOptions, not the query.
  const dryRun = ctx.dryRun || (Array.isArray(options.dryRun) && options.dryRun.includes('All'));
  if (!dryRun && phase !== 'Succeeded' && phase !== 'Failed') addDisruptionTarget(request, pod);
  cluster.rest.delete(
    pods,
    namespace,
    name,
    {
      gracePeriodSeconds: options.gracePeriodSeconds,
      preconditions: options.preconditions,
      propagationPolicy: options.propagationPolicy,
    },
    { ...ctx, dryRun },
  );
  sendJson(request.res, 201, success(201));
}

/**
 * eviction.go addConditionAndDeletePod: a pod that is not terminal gets DisruptionTarget
 * (EvictionByEvictionAPI) before it is deleted, so a Job's podFailurePolicy can tell the
 * eviction from a failure of its own.
 */
function addDisruptionTarget(request: SubresourceRequest, pod: KubeObject): void {
  const { cluster, resource: pods, namespace, name, ctx } = request;
  const next = clone(pod);
  const list = (next.status?.conditions ?? []) as { type: string; status: string }[];
  const existing = list.find((c) => c.type === 'DisruptionTarget');
  const condition = {
    type: 'DisruptionTarget',
    status: 'True',
    lastProbeTime: null,
    // podutil.UpdatePodCondition keeps the transition time when the status does not change.
    lastTransitionTime:
      existing?.status === 'True'
        ? (existing as { lastTransitionTime?: string }).lastTransitionTime
        : rfc3339(cluster.clock.now()),
    reason: 'EvictionByEvictionAPI',
    message: 'Eviction API: evicting',
  };
  next.status = {
    ...(next.status ?? {}),
    conditions: existing
      ? list.map((c) => (c.type === 'DisruptionTarget' ? condition : c))
      : [...list, condition],
  };
  cluster.rest.update(pods, namespace, name, next, ctx, 'status');
}

function checkDisruptionBudgets(cluster: ClusterCore, pod: KubeObject): void {
  const pdbs = cluster.resources.preferred('policy', 'poddisruptionbudgets');
  if (!pdbs) return;
  const ns = pod.metadata.namespace;
  const matching = cluster.rest.store
    .list(pdbs.storage, ns)
    .filter(
      (pdb) =>
        pdb.spec?.selector &&
        matchesLabels(fromLabelSelector(pdb.spec.selector), pod.metadata.labels),
    );
  if (!matching.length) return;
  if (matching.length > 1) {
    throw new StatusError(
      500,
      'InternalError',
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  }
  const pdb = matching[0];
  const podsR = cluster.resources.preferred('', 'pods');
  const selected = podsR
    ? cluster.rest.store
        .list(podsR.storage, ns)
        .filter(
          (p) =>
            matchesLabels(fromLabelSelector(pdb.spec.selector), p.metadata.labels) &&
            !p.metadata.deletionTimestamp,
        )
    : [];
  const expected = selected.length;
  const healthy = selected.filter(isReady).length;
  const desired =
    pdb.spec.minAvailable !== undefined
      ? scaled(pdb.spec.minAvailable, expected)
      : Math.max(0, expected - scaled(pdb.spec.maxUnavailable ?? 0, expected));
  if (healthy - desired <= 0) {
    throw new StatusError(
      429,
      'TooManyRequests',
      "Cannot evict pod as it would violate the pod's disruption budget.",
      {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: `The disruption budget ${pdb.metadata.name} needs ${desired} healthy pods and has ${healthy} currently`,
          },
        ],
      },
    );
  }
}
