/**
 * kube-scheduler as a reconciler over unassigned pods: filter, score, bind; or leave the pod
 * Pending with PodScheduled=False/Unschedulable and a FailedScheduling event whose text is
 * FitError.Error() followed by DefaultPreemption's verdict (pkg/scheduler/framework/types.go,
 * plugins/defaultpreemption). Unschedulable pods are retried when nodes change or assigned pods
 * go away, as the scheduling queue's cluster-event hints do (no periodic flush: no polling).
 */
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import type { ControllerContext } from '../controllers/controller-context';
import { type ControllerView, keyOf, type Reconciler, splitKey } from '../controllers/reconciler';
import type { Change } from '../store/store';
import { bindPod } from './binding';
import { type ClusterSnapshot, type FilterFailure, filterNode } from './scheduler-filters';
import { scoreNodes, selectHost } from './scheduler-scoring';

export const SCHEDULER_NAME = 'default-scheduler';
const PODS = '/pods';

function isTerminal(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function wantsScheduling(pod: KubeObject): boolean {
  return (
    !pod.spec?.nodeName &&
    !pod.metadata.deletionTimestamp &&
    !isTerminal(pod) &&
    (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME
  );
}

function snapshot(ctx: ControllerContext): ClusterSnapshot {
  const nodes = ctx.list('', 'nodes');
  const podsByNode = new Map<string, KubeObject[]>();
  for (const p of ctx.list('', 'pods')) {
    const node = p.spec?.nodeName;
    if (!node || isTerminal(p)) continue;
    const list = podsByNode.get(node) ?? [];
    list.push(p);
    podsByNode.set(node, list);
  }
  const nsLabels = new Map(
    ctx.list('', 'namespaces').map((n) => [n.metadata.name ?? '', n.metadata.labels ?? {}]),
  );
  return {
    nodes,
    podsByNode,
    nodesByName: new Map(nodes.map((n) => [n.metadata.name ?? '', n])),
    namespaceLabels: (ns) => nsLabels.get(ns),
  };
}

/** The VolumeBinding PreFilter: claims must exist and (for Immediate binding) be bound. */
function volumePreFilter(pod: KubeObject, ctx: ControllerContext): string | undefined {
  if (!ctx.resource('', 'persistentvolumeclaims')) return undefined;
  let unbound = false;
  // biome-ignore lint/suspicious/noExplicitAny: volumes are free-form JSON
  for (const v of (pod.spec?.volumes ?? []) as any[]) {
    const claimName = v.persistentVolumeClaim?.claimName;
    if (!claimName) continue;
    const pvc = ctx.get('', 'persistentvolumeclaims', pod.metadata.namespace, claimName);
    if (!pvc) return `persistentvolumeclaim "${claimName}" not found`;
    if (pvc.metadata.deletionTimestamp)
      return `persistentvolumeclaim "${claimName}" is being deleted`;
    if (pvc.status?.phase === 'Bound') continue;
    const className = pvc.spec?.storageClassName;
    const sc = className
      ? ctx.get('storage.k8s.io', 'storageclasses', undefined, className)
      : undefined;
    if (sc?.volumeBindingMode !== 'WaitForFirstConsumer') unbound = true;
  }
  return unbound ? 'pod has unbound immediate PersistentVolumeClaims' : undefined;
}

function histogram(entries: Iterable<string>): string {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e, (counts.get(e) ?? 0) + 1);
  return [...counts]
    .map(([reason, n]) => `${n} ${reason}`)
    .sort()
    .join(', ');
}

/** FitError.Error() with DefaultPreemption's PostFilter message appended. */
export function fitErrorMessage(
  pod: KubeObject,
  nodeCount: number,
  failures: Map<string, FilterFailure>,
  preFilterMsg?: string,
): string {
  let msg = `0/${nodeCount} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const reasons = histogram([...failures.values()].flatMap((f) => f.reasons));
    if (reasons) msg += ` ${reasons}.`;
  }
  if (pod.spec?.preemptionPolicy === 'Never')
    return `${msg} preemption: not eligible due to preemptionPolicy=Never.`;
  // Without lower-priority victims preemption cannot help: resolvable failures find no victims.
  const verdicts = [...failures.values()].map((f) =>
    f.code === 'Unschedulable' && !preFilterMsg
      ? 'No preemption victims found for incoming pod'
      : 'Preemption is not helpful for scheduling',
  );
  return `${msg} preemption: 0/${nodeCount} nodes are available: ${histogram(verdicts)}.`;
}

function scheduledCondition(pod: KubeObject): Record<string, unknown> | undefined {
  return (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');
}

function markUnschedulable(
  ctx: ControllerContext,
  pod: KubeObject,
  reason: string,
  message: string,
): boolean {
  const current = scheduledCondition(pod);
  if (current?.status === 'False' && current.reason === reason && current.message === message)
    return false;
  ctx.mutate(
    '',
    'pods',
    pod,
    (p) => {
      const conditions = ((p.status.conditions ?? []) as Record<string, unknown>[]).filter(
        (c) => c.type !== 'PodScheduled',
      );
      conditions.push({
        lastProbeTime: null,
        lastTransitionTime: rfc3339(ctx.now()),
        message,
        reason,
        status: 'False',
        type: 'PodScheduled',
      });
      p.status.conditions = conditions;
    },
    true,
  );
  return true;
}

const EVENT_SOURCE = {
  component: SCHEDULER_NAME,
  reportingInstance: `${SCHEDULER_NAME}-controlplane`,
};

export function schedule(key: string, ctx: ControllerContext): void {
  const { namespace, name } = splitKey(key);
  const pod = ctx.get('', 'pods', namespace, name);
  if (!pod || !wantsScheduling(pod)) return;
  if ((pod.spec?.schedulingGates ?? []).length) {
    markUnschedulable(
      ctx,
      pod,
      'SchedulingGated',
      'Scheduling is blocked due to non-empty scheduling gates',
    );
    return;
  }
  const snap = snapshot(ctx);
  const failures = new Map<string, FilterFailure>();
  const preFilterMsg = volumePreFilter(pod, ctx);
  const feasible: KubeObject[] = [];
  for (const node of snap.nodes) {
    const failure = preFilterMsg
      ? { code: 'UnschedulableAndUnresolvable' as const, reasons: [preFilterMsg] }
      : filterNode(pod, node, snap);
    if (failure) failures.set(node.metadata.name ?? '', failure);
    else feasible.push(node);
  }
  const host = feasible.length ? selectHost(scoreNodes(pod, feasible, snap)) : undefined;
  if (!host) {
    const message = fitErrorMessage(pod, snap.nodes.length, failures, preFilterMsg);
    if (markUnschedulable(ctx, pod, 'Unschedulable', message)) {
      ctx.events.record(
        { ...EVENT_SOURCE, action: 'Scheduling' },
        pod,
        'Warning',
        'FailedScheduling',
        message,
      );
    }
    return;
  }
  try {
    const bound = bindPod(ctx.core, namespace ?? '', name, host, pod.metadata.uid);
    ctx.events.record(
      { ...EVENT_SOURCE, action: 'Binding' },
      bound,
      'Normal',
      'Scheduled',
      `Successfully assigned ${namespace}/${name} to ${host}`,
    );
  } catch (err) {
    // Already bound or deleted meanwhile: nothing left to do for this pod.
    if (!isStatusError(err)) throw err;
  }
}

/** Unassigned pods waiting for the scheduler, to retry after a cluster change. */
function pendingKeys(ctx: ControllerView): string[] {
  return ctx.list('', 'pods').filter(wantsScheduling).map(keyOf);
}

/** A change of an assigned pod that may free room (deletion, termination, label change). */
function freesRoom(change: Change): boolean {
  const before = change.previous;
  if (!before?.spec?.nodeName) return false;
  if (change.type === 'DELETED') return true;
  const after = change.object;
  return (
    (!isTerminal(before) && isTerminal(after)) ||
    JSON.stringify(before.metadata.labels ?? {}) !== JSON.stringify(after.metadata.labels ?? {})
  );
}

export const scheduler: Reconciler = {
  name: SCHEDULER_NAME,
  primary: PODS,
  primaryKeys(change, ctx) {
    if (freesRoom(change)) return pendingKeys(ctx);
    return wantsScheduling(change.object) && change.type !== 'DELETED'
      ? [keyOf(change.object)]
      : [];
  },
  watches: [{ resource: '/nodes', keys: (_change, ctx) => pendingKeys(ctx) }],
  reconcile: schedule,
};
