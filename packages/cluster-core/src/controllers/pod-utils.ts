/**
 * Pod helpers the workload controllers share (pkg/api/v1/pod util.go, pkg/controller
 * controller_utils.go): readiness and availability, active pods, pods from a template, and the
 * order in which a controller deletes surplus pods (ActivePodsWithRanks).
 */
import { clone, type KubeObject } from '../api/object';
import type { ControllerContext } from './controller-context';
import { newControllerRef } from './controller-ref';

// biome-ignore lint/suspicious/noExplicitAny: pod statuses are free-form JSON
type Json = Record<string, any>;

function readyCondition(pod: KubeObject): Json | undefined {
  return ((pod.status?.conditions ?? []) as Json[]).find((c) => c.type === 'Ready');
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** IsPodAvailable: ready for at least minReadySeconds. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = Date.parse(c.lastTransitionTime ?? '');
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now;
}

/** When a ready pod becomes available (for requeueing), or undefined. */
export function availableAt(pod: KubeObject, minReadySeconds: number): number | undefined {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return undefined;
  const since = Date.parse(c.lastTransitionTime ?? '');
  return Number.isNaN(since) ? undefined : since + minReadySeconds * 1000;
}

export function isTerminal(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** FilterActivePods: not finished and not being deleted. */
export function isActive(pod: KubeObject): boolean {
  return !isTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** GetPodFromTemplate: a pod named `<prefix><random>` owned by `owner`. */
export function podFromTemplate(
  owner: KubeObject,
  template: Json | undefined,
  prefix: string,
  extraLabels: Record<string, string> = {},
): KubeObject {
  const t = clone(template ?? {});
  const meta = t.metadata ?? {};
  const labels = { ...(meta.labels ?? {}), ...extraLabels };
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: prefix,
      namespace: owner.metadata.namespace,
      ownerReferences: [newControllerRef(owner)],
    },
    spec: t.spec ?? {},
  };
  if (Object.keys(labels).length) pod.metadata.labels = labels;
  if (meta.annotations && Object.keys(meta.annotations).length)
    pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers?.length) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}

function phaseRank(pod: KubeObject): number {
  switch (pod.status?.phase) {
    case 'Pending':
      return 0;
    case 'Unknown':
      return 1;
    case 'Running':
      return 2;
    default:
      return 3;
  }
}

function restarts(pod: KubeObject): number {
  return ((pod.status?.containerStatuses ?? []) as Json[]).reduce(
    (max, c) => Math.max(max, c.restartCount ?? 0),
    0,
  );
}

/**
 * ActivePodsWithRanks ordering: the pods to delete first come first — unassigned, pending,
 * not ready, on crowded nodes, ready for less time, restarted more, newer.
 */
export function deletionOrder(
  pods: KubeObject[],
  relatedOnNode: (pod: KubeObject) => number,
): KubeObject[] {
  const key = (p: KubeObject) => ({
    assigned: p.spec?.nodeName ? 1 : 0,
    phase: phaseRank(p),
    ready: isPodReady(p) ? 1 : 0,
    rank: relatedOnNode(p),
    readySince: Date.parse(readyCondition(p)?.lastTransitionTime ?? '') || 0,
    restarts: restarts(p),
    created: Date.parse(p.metadata.creationTimestamp ?? '') || 0,
  });
  return [...pods].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka.assigned !== kb.assigned) return ka.assigned - kb.assigned;
    if (ka.phase !== kb.phase) return ka.phase - kb.phase;
    if (ka.ready !== kb.ready) return ka.ready - kb.ready;
    if (ka.rank !== kb.rank) return kb.rank - ka.rank;
    if (ka.ready && kb.ready && ka.readySince !== kb.readySince)
      return kb.readySince - ka.readySince;
    if (ka.restarts !== kb.restarts) return kb.restarts - ka.restarts;
    return kb.created - ka.created;
  });
}

/** Creates a pod from a template, recording SuccessfulCreate / FailedCreate on the owner. */
export function createPod(
  ctx: ControllerContext,
  owner: KubeObject,
  pod: KubeObject,
): KubeObject | undefined {
  try {
    const created = ctx.create('', 'pods', pod);
    ctx.events.record(
      { component: ctx.manager },
      owner,
      'Normal',
      'SuccessfulCreate',
      `Created pod: ${created.metadata.name}`,
    );
    return created;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.events.record(
      { component: ctx.manager },
      owner,
      'Warning',
      'FailedCreate',
      `Error creating: ${message}`,
    );
    throw err;
  }
}

/** Deletes a pod, recording SuccessfulDelete / FailedDelete on the owner. */
export function deletePod(ctx: ControllerContext, owner: KubeObject, pod: KubeObject): void {
  try {
    ctx.delete('', 'pods', pod.metadata.namespace, pod.metadata.name ?? '', {
      preconditions: { uid: pod.metadata.uid },
    });
    ctx.events.record(
      { component: ctx.manager },
      owner,
      'Normal',
      'SuccessfulDelete',
      `Deleted pod: ${pod.metadata.name}`,
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.events.record(
      { component: ctx.manager },
      owner,
      'Warning',
      'FailedDelete',
      `Error deleting: ${message}`,
    );
    throw err;
  }
}
