/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per node that the template's
 * node selector, affinity and tolerations allow (with the tolerations the controller adds to
 * every daemon pod), pinned to its node by node affinity and placed by the scheduler; failed
 * pods are replaced; RollingUpdate honours maxUnavailable; ControllerRevisions keep history.
 */
import { deepEqual } from '../api/equality';
import type { KubeObject } from '../api/object';
import { firstUntoleratedTaint, matchesNodeSelectorAndAffinity, type Toleration } from '../nodes/node-selection';
import type { ControllerContext } from './controller-context';
import { claim, controllerRefOf, selects } from './controller-ref';
import { ensureRevision, REVISION_HASH_LABEL, truncateHistory } from './controller-revisions';
import { scaledValue } from './deployment-util';
import { computeHash } from './pod-template-hash';
import { availableAt, createPod, deletePod, isPodAvailable, isPodReady, isTerminal, podFromTemplate } from './pod-utils';
import { keyOf, type Reconciler, type Result, splitKey } from './reconciler';

export const DAEMONSET_HASH_LABEL = 'controller-revision-hash';
const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** AddOrUpdateDaemonPodTolerations */
function daemonTolerations(spec: Record<string, unknown>): Toleration[] {
  const added: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork) added.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  const existing = (spec.tolerations ?? []) as Toleration[];
  const out = [...existing];
  for (const t of added) if (!existing.some((e) => e.key === t.key && e.effect === t.effect)) out.push(t);
  return out;
}

/** nodeShouldRunDaemonPod: the node passes the template's selector, affinity and (extended) tolerations. */
function shouldRun(ds: KubeObject, node: KubeObject): boolean {
  const spec = ds.spec?.template?.spec ?? {};
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec };
  if (!matchesNodeSelectorAndAffinity(pod, node)) return false;
  return !firstUntoleratedTaint(node, daemonTolerations(spec), ['NoSchedule', 'NoExecute']);
}

/** The node a daemon pod is for: its nodeName, or the node its affinity pins it to. */
function targetNode(pod: KubeObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) {
    for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

function daemonPod(ds: KubeObject, node: string, hash: string): KubeObject {
  const pod = podFromTemplate(ds, ds.spec?.template, `${ds.metadata.name}-`, {
    [DAEMONSET_HASH_LABEL]: hash,
    [TEMPLATE_GENERATION_LABEL]: String(ds.metadata.generation ?? 1),
  });
  const spec = pod.spec;
  spec.tolerations = daemonTolerations(spec);
  const nodeSelector = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] };
  spec.affinity = { ...(spec.affinity ?? {}), nodeAffinity: { ...(spec.affinity?.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: nodeSelector } };
  return pod;
}

function syncDaemonSet(key: string, ctx: ControllerContext): Result {
  const { namespace, name } = splitKey(key);
  const ds = ctx.get('apps', 'daemonsets', namespace, name);
  if (!ds) return;
  const now = ctx.now();
  const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
  const labels = { ...(ds.spec?.template?.metadata?.labels ?? {}), [DAEMONSET_HASH_LABEL]: hash };
  const revision = ensureRevision(ctx, ds, `${ds.metadata.name}-${hash}`, { ...labels, [REVISION_HASH_LABEL]: hash }, ds.metadata.annotations);
  const pods = claim(ctx, ds, ds.spec?.selector, ctx.list('', 'pods', namespace), { group: '', plural: 'pods' });
  const nodes = ctx.list('', 'nodes');
  const minReady: number = ds.spec?.minReadySeconds ?? 0;
  let requeueAt: number | undefined;
  if (!ds.metadata.deletionTimestamp) {
    for (const node of nodes) {
      const nodeName = node.metadata.name ?? '';
      const onNode = pods.filter((p) => targetNode(p) === nodeName && !p.metadata.deletionTimestamp);
      const failed = onNode.filter((p) => p.status?.phase === 'Failed');
      for (const p of failed) {
        ctx.events.record({ component: ctx.manager }, ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${nodeName}, will try to kill it`);
        deletePod(ctx, ds, p);
      }
      const live = onNode.filter((p) => p.status?.phase !== 'Failed');
      if (shouldRun(ds, node)) {
        if (!live.length && !pods.some((p) => targetNode(p) === nodeName && p.metadata.deletionTimestamp)) {
          createPod(ctx, ds, daemonPod(ds, nodeName, hash));
        } else if (live.length > 1) {
          const byAge = [...live].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
          for (const extra of byAge.slice(1)) deletePod(ctx, ds, extra);
        }
      } else {
        for (const p of live) deletePod(ctx, ds, p);
      }
    }
    if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') rollingUpdate(ctx, ds, hash, nodes.length);
  }
  const current = ctx.list('', 'pods', namespace).filter((p) => controllerRefOf(p)?.uid === ds.metadata.uid && !p.metadata.deletionTimestamp);
  let desired = 0;
  let scheduled = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  for (const node of nodes) {
    const run = shouldRun(ds, node);
    const onNode = current.filter((p) => p.spec?.nodeName === node.metadata.name && !isTerminal(p));
    if (run) desired++;
    if (!onNode.length) continue;
    if (!run) {
      misscheduled++;
      continue;
    }
    scheduled++;
    const p = onNode[0];
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
      else requeueAt = Math.min(requeueAt ?? Number.POSITIVE_INFINITY, availableAt(p, minReady) ?? now);
    }
    if (p.metadata.labels?.[DAEMONSET_HASH_LABEL] === hash) updated++;
  }
  const status: Record<string, unknown> = {
    currentNumberScheduled: scheduled,
    desiredNumberScheduled: desired,
    numberMisscheduled: misscheduled,
    numberReady: ready,
  };
  if (available) status.numberAvailable = available;
  if (desired - available > 0) status.numberUnavailable = desired - available;
  if (ds.metadata.generation) status.observedGeneration = ds.metadata.generation;
  if (updated) status.updatedNumberScheduled = updated;
  if (ds.status?.collisionCount !== undefined) status.collisionCount = ds.status.collisionCount;
  if (!deepEqual(status, ds.status ?? {})) ctx.mutate('apps', 'daemonsets', ds, (o) => (o.status = status), true);
  const inUse = new Set([revision.metadata.name ?? '']);
  truncateHistory(ctx, ds, inUse, ds.spec?.revisionHistoryLimit ?? 10);
  return requeueAt !== undefined ? { requeueAfter: Math.max(0, requeueAt - now) } : undefined;
}

/** rollingUpdate: replace old-hash pods, at most maxUnavailable unavailable at a time. */
function rollingUpdate(ctx: ControllerContext, ds: KubeObject, hash: string, nodeCount: number): void {
  const pods = ctx.list('', 'pods', ds.metadata.namespace).filter((p) => controllerRefOf(p)?.uid === ds.metadata.uid && !p.metadata.deletionTimestamp);
  const maxUnavailable = Math.max(1, scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, nodeCount, true));
  const minReady: number = ds.spec?.minReadySeconds ?? 0;
  const unavailable = pods.filter((p) => !isPodAvailable(p, minReady, ctx.now())).length;
  const old = pods.filter((p) => p.metadata.labels?.[DAEMONSET_HASH_LABEL] !== hash);
  let budget = maxUnavailable - unavailable;
  for (const p of old.filter((x) => !isPodAvailable(x, minReady, ctx.now()))) deletePod(ctx, ds, p);
  for (const p of old.filter((x) => isPodAvailable(x, minReady, ctx.now()))) {
    if (budget <= 0) break;
    deletePod(ctx, ds, p);
    budget--;
  }
}

/** Daemon sets a pod change concerns, and all of them on node changes. */
function podOwners(change: { object: KubeObject; previous?: KubeObject; type: string }, ctx: ControllerContext): string[] {
  const ref = controllerRefOf(change.object);
  if (ref) return ref.kind === 'DaemonSet' ? [`${change.object.metadata.namespace}/${ref.name}`] : [];
  if (change.type === 'DELETED') return [];
  return ctx
    .list('apps', 'daemonsets', change.object.metadata.namespace)
    .filter((ds) => selects(ds.spec?.selector, change.object.metadata.labels))
    .map(keyOf);
}

export const daemonSetController: Reconciler = {
  name: 'daemonset-controller',
  primary: 'apps/daemonsets',
  watches: [
    { resource: '/pods', keys: podOwners },
    {
      resource: '/nodes',
      keys: (change, ctx) => {
        // Status-only node updates (images, heartbeats) do not change where daemons run.
        const before = change.previous;
        const after = change.object;
        if (before && change.type === 'MODIFIED' && deepEqual(before.spec, after.spec) && deepEqual(before.metadata.labels, after.metadata.labels)) return [];
        return ctx.list('apps', 'daemonsets').map(keyOf);
      },
    },
  ],
  reconcile: syncDaemonSet,
};
