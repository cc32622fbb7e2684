/**
 * The DaemonSet controller (pkg/controller/daemon daemon_controller.go and update.go, 1.33):
 * ControllerRevisions `<ds>-<hash>` of each template, one pod per node that the template's
 * node selector, affinity and (extended) tolerations allow, pinned to it by node affinity and
 * placed by the scheduler; failed pods replaced; pods on nodes they no longer fit removed
 * (NoSchedule taints leave running pods alone, NoExecute ones do not); RollingUpdate with
 * maxUnavailable or maxSurge, OnDelete; and the status `kubectl rollout status ds` reads.
 */
import { deepEqual } from '../api/equality';
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { ControllerContext } from './controller-context';
import { claim, controllerRefOf, newControllerRef, selects } from './controller-ref';
import {
  deleteRevision,
  ownedRevisions,
  revisionName,
  sameData,
  setRevisionNumber,
  templatePatch,
} from './controller-revisions';
import {
  byCreationAndPhase,
  DAEMONSET_HASH_LABEL,
  daemonPod,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  targetNode,
} from './daemonset-pods';
import { scaledValue } from './deployment-util';
import { computeHash } from './pod-template-hash';
import { availableAt, createPod, deletePod, isPodAvailable, isPodReady } from './pod-utils';
import { type ControllerView, keyOf, type Reconciler, type Result, splitKey } from './reconciler';

export { DAEMONSET_HASH_LABEL } from './daemonset-pods';

const isTerminal = (p: KubeObject) =>
  p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';

/** constructHistory: the revision of the current template (created or renumbered) and the old ones. */
function constructHistory(
  ctx: ControllerContext,
  ds: KubeObject,
): { cur: KubeObject; old: KubeObject[] } {
  const data = templatePatch(ds);
  const all = ownedRevisions(ctx, ds);
  const current = all.filter((r) => sameData(r, data));
  const old = all.filter((r) => !sameData(r, data));
  const next = old.reduce((max, r) => Math.max(max, r.revision ?? 0), 0) + 1;
  if (current.length) {
    // dedupCurHistories keeps the newest; a rollback renumbers it to the top.
    const keep = current[current.length - 1];
    for (const dup of current.slice(0, -1)) deleteRevision(ctx, dup);
    return { cur: (keep.revision ?? 0) < next ? setRevisionNumber(ctx, keep, next) : keep, old };
  }
  const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
  const name = revisionName(ds.metadata.name ?? '', hash);
  const revision: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: ds.metadata.namespace,
      labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [DAEMONSET_HASH_LABEL]: hash },
      ownerReferences: [newControllerRef(ds)],
    },
    data,
    revision: next,
  };
  if (ds.metadata.annotations && Object.keys(ds.metadata.annotations).length)
    revision.metadata.annotations = { ...ds.metadata.annotations };
  try {
    return { cur: ctx.create('apps', 'controllerrevisions', revision), old };
  } catch (err) {
    if (!isStatusError(err) || err.reason !== 'AlreadyExists') throw err;
    // Same name, other template: a hash collision; bump collisionCount and retry on the next sync.
    ctx.mutate(
      'apps',
      'daemonsets',
      ds,
      (d) =>
        (d.status = { ...(d.status ?? {}), collisionCount: (ds.status?.collisionCount ?? 0) + 1 }),
      true,
    );
    throw err;
  }
}

/** getNodesToDaemonPods: the daemon pods by the node they are for (deleted terminal pods left out). */
function nodesToDaemonPods(
  pods: KubeObject[],
  includeDeletedTerminal = false,
): Map<string, KubeObject[]> {
  const map = new Map<string, KubeObject[]>();
  for (const p of pods) {
    if (!includeDeletedTerminal && isTerminal(p) && p.metadata.deletionTimestamp) continue;
    const node = targetNode(p);
    if (node === undefined) continue;
    map.set(node, [...(map.get(node) ?? []), p]);
  }
  return map;
}

const surgeAllowed = (ds: KubeObject) =>
  (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
  scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxSurge ?? 0, 1, true) > 0;

/** podsShouldBeOnNode: whether the node needs a daemon pod, and which of its pods must go. */
function podsShouldBeOnNode(
  ctx: ControllerContext,
  ds: KubeObject,
  node: KubeObject,
  onNode: KubeObject[] | undefined,
  hash: string,
): { create: boolean; remove: KubeObject[] } {
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(ds, node);
  const remove: KubeObject[] = [];
  if (shouldRun && !onNode) return { create: true, remove };
  if (!onNode) return { create: false, remove };
  if (!shouldContinueRunning)
    return { create: false, remove: onNode.filter((p) => !p.metadata.deletionTimestamp) };
  const running: KubeObject[] = [];
  for (const pod of onNode) {
    if (pod.metadata.deletionTimestamp) continue;
    if (pod.status?.phase === 'Failed') {
      ctx.events.record(
        { component: ctx.manager },
        ds,
        'Warning',
        'FailedDaemonPod',
        `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${node.metadata.name}, will try to kill it`,
      );
      remove.push(pod);
    } else if (pod.status?.phase === 'Succeeded') {
      remove.push(pod);
    } else running.push(pod);
  }
  running.sort(byCreationAndPhase);
  if (!surgeAllowed(ds)) {
    remove.push(...running.slice(1));
    return { create: false, remove };
  }
  if (running.length <= 1) return { create: running.length === 0 && shouldRun, remove };
  // Surging: keep the oldest new pod, and the oldest old pod only while the new one is not available.
  let oldestNew: KubeObject | undefined;
  let oldestOld: KubeObject | undefined;
  for (const pod of running) {
    if (pod.metadata.labels?.[DAEMONSET_HASH_LABEL] === hash) {
      if (!oldestNew) {
        oldestNew = pod;
        continue;
      }
    } else if (!oldestOld) {
      oldestOld = pod;
      continue;
    }
    remove.push(pod);
  }
  if (
    oldestNew &&
    oldestOld &&
    (!isPodReady(oldestOld) || isPodAvailable(oldestNew, ds.spec?.minReadySeconds ?? 0, ctx.now()))
  )
    remove.push(oldestOld);
  return { create: false, remove };
}

/** syncNodes: deletions, then one new pod per node that needs it. */
function syncNodes(
  ctx: ControllerContext,
  ds: KubeObject,
  remove: KubeObject[],
  nodes: string[],
  hash: string,
): boolean {
  for (const p of remove) deletePod(ctx, ds, p);
  for (const n of nodes) createPod(ctx, ds, daemonPod(ds, n, hash));
  return remove.length > 0 || nodes.length > 0;
}

/** manage: make every node's daemon pods what podsShouldBeOnNode says. */
function manage(
  ctx: ControllerContext,
  ds: KubeObject,
  nodes: KubeObject[],
  pods: KubeObject[],
  hash: string,
): boolean {
  const byNode = nodesToDaemonPods(pods);
  const create: string[] = [];
  const remove: KubeObject[] = [];
  for (const node of nodes) {
    const r = podsShouldBeOnNode(ctx, ds, node, byNode.get(node.metadata.name ?? ''), hash);
    if (r.create) create.push(node.metadata.name ?? '');
    remove.push(...r.remove);
  }
  // Unscheduled pods pinned to nodes that no longer exist would never go away otherwise.
  const names = new Set(nodes.map((n) => n.metadata.name));
  for (const [node, list] of byNode)
    if (!names.has(node))
      remove.push(...list.filter((p) => !p.spec?.nodeName && !p.metadata.deletionTimestamp));
  return syncNodes(ctx, ds, remove, create, hash);
}

/** findUpdatedPodsOnNode: at most one new and one old live pod, or undefined when there are more. */
function updatedPodsOnNode(
  ds: KubeObject,
  pods: KubeObject[],
  hash: string,
): { newPod?: KubeObject; oldPod?: KubeObject } | undefined {
  let newPod: KubeObject | undefined;
  let oldPod: KubeObject | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (isPodUpdated(ds, p, hash)) {
      if (newPod) return undefined;
      newPod = p;
    } else {
      if (oldPod) return undefined;
      oldPod = p;
    }
  }
  return { newPod, oldPod };
}

/** rollingUpdate: delete old pods within maxUnavailable, or surge new ones within maxSurge. */
function rollingUpdate(
  ctx: ControllerContext,
  ds: KubeObject,
  nodes: KubeObject[],
  pods: KubeObject[],
  hash: string,
): void {
  const byNode = nodesToDaemonPods(pods);
  const desired = nodes.filter((n) => nodeShouldRunDaemonPod(ds, n).shouldRun).length;
  const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
  const maxSurge = scaledValue(ru.maxSurge ?? 0, desired, true);
  let maxUnavailable = scaledValue(ru.maxUnavailable ?? 1, desired, true);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const now = ctx.now();
  const minReady: number = ds.spec?.minReadySeconds ?? 0;
  const available = (p: KubeObject) => isPodAvailable(p, minReady, now);
  const nodeByName = new Map(nodes.map((n) => [n.metadata.name ?? '', n]));
  if (maxSurge === 0) {
    let unavailable = 0;
    const replace: KubeObject[] = [];
    const candidates: KubeObject[] = [];
    for (const list of byNode.values()) {
      const found = updatedPodsOnNode(ds, list, hash);
      if (!found) {
        unavailable++;
        continue;
      }
      const { newPod, oldPod } = found;
      if ((!oldPod && !newPod) || (oldPod && newPod)) unavailable++;
      else if (newPod) {
        if (!available(newPod)) unavailable++;
      } else if (oldPod && !available(oldPod)) {
        replace.push(oldPod);
        unavailable++;
      } else if (oldPod && unavailable < maxUnavailable) candidates.push(oldPod);
    }
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    syncNodes(ctx, ds, [...replace, ...candidates.slice(0, room)], [], hash);
    return;
  }
  const remove: KubeObject[] = [];
  const shouldNotRun: KubeObject[] = [];
  const candidateNodes: string[] = [];
  const allowedNodes: string[] = [];
  let surge = 0;
  let numAvailable = 0;
  for (const [nodeName, list] of byNode) {
    const found = updatedPodsOnNode(ds, list, hash);
    if (!found) {
      surge++;
      continue;
    }
    const { newPod, oldPod } = found;
    if (oldPod ? available(oldPod) : newPod && available(newPod)) numAvailable++;
    if (!oldPod) continue;
    const node = nodeByName.get(nodeName);
    const shouldRun = node ? nodeShouldRunDaemonPod(ds, node).shouldRun : false;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!shouldRun) remove.push(oldPod);
        else allowedNodes.push(nodeName);
      } else if (!shouldRun) shouldNotRun.push(oldPod);
      else if (surge < maxSurge) candidateNodes.push(nodeName);
    } else if (!available(newPod)) surge++;
    else remove.push(oldPod);
  }
  const deletable = Math.min(Math.max(0, numAvailable - desired), shouldNotRun.length);
  remove.push(...shouldNotRun.slice(0, deletable));
  const room = Math.min(Math.max(0, maxSurge - surge), candidateNodes.length);
  syncNodes(ctx, ds, remove, [...allowedNodes, ...candidateNodes.slice(0, room)], hash);
}

/** cleanupHistory: old revisions no live pod uses, beyond revisionHistoryLimit, oldest first. */
function cleanupHistory(
  ctx: ControllerContext,
  ds: KubeObject,
  old: KubeObject[],
  pods: KubeObject[],
): void {
  let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return;
  const live = new Set(pods.map((p) => p.metadata.labels?.[DAEMONSET_HASH_LABEL]).filter(Boolean));
  for (const r of [...old].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))) {
    if (toKill <= 0) break;
    if (live.has(r.metadata.labels?.[DAEMONSET_HASH_LABEL])) continue;
    deleteRevision(ctx, r);
    toKill--;
  }
}

/** updateDaemonSetStatus; returns when a ready pod becomes available. */
function updateStatus(
  ctx: ControllerContext,
  ds: KubeObject,
  nodes: KubeObject[],
  pods: KubeObject[],
  hash: string,
): number | undefined {
  const now = ctx.now();
  const minReady: number = ds.spec?.minReadySeconds ?? 0;
  const byNode = nodesToDaemonPods(pods);
  let desired = 0;
  let scheduled = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  let requeueAt: number | undefined;
  for (const node of nodes) {
    const { shouldRun } = nodeShouldRunDaemonPod(ds, node);
    const onNode = byNode.get(node.metadata.name ?? '') ?? [];
    if (!shouldRun) {
      if (onNode.length) misscheduled++;
      continue;
    }
    desired++;
    if (!onNode.length) continue;
    scheduled++;
    const pod = [...onNode].sort(byCreationAndPhase)[0];
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
      else
        requeueAt = Math.min(
          requeueAt ?? Number.POSITIVE_INFINITY,
          availableAt(pod, minReady) ?? now,
        );
    }
    if (isPodUpdated(ds, pod, hash)) updated++;
  }
  const status: Record<string, unknown> = {
    currentNumberScheduled: scheduled,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
  };
  if (ds.metadata.generation) status.observedGeneration = ds.metadata.generation;
  if (updated) status.updatedNumberScheduled = updated;
  if (available) status.numberAvailable = available;
  if (desired - available) status.numberUnavailable = desired - available;
  if (ds.status?.collisionCount !== undefined) status.collisionCount = ds.status.collisionCount;
  if (ds.status?.conditions) status.conditions = ds.status.conditions;
  const current =
    ctx.get('apps', 'daemonsets', ds.metadata.namespace, ds.metadata.name ?? '') ?? ds;
  if (!deepEqual(status, current.status ?? {}))
    ctx.mutate('apps', 'daemonsets', current, (o) => (o.status = status), true);
  return requeueAt;
}

function syncDaemonSet(key: string, ctx: ControllerContext): Result {
  const { namespace, name } = splitKey(key);
  const ds = ctx.get('apps', 'daemonsets', namespace, name);
  if (!ds) return;
  const nodes = ctx.list('', 'nodes');
  const owned = () =>
    claim(ctx, ds, ds.spec?.selector, ctx.list('', 'pods', namespace), {
      group: '',
      plural: 'pods',
    });
  const { cur, old } = constructHistory(ctx, ds);
  const hash: string = cur.metadata.labels?.[DAEMONSET_HASH_LABEL] ?? '';
  let pods = owned();
  if (!ds.metadata.deletionTimestamp) {
    const changed = manage(ctx, ds, nodes, pods, hash);
    // As upstream waits for its expectations, the rolling update looks at the pods once they settle.
    if (!changed && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate')
      rollingUpdate(ctx, ds, nodes, pods, hash);
    pods = owned();
    cleanupHistory(ctx, ds, old, pods);
  }
  const at = updateStatus(ctx, ds, nodes, pods, hash);
  return at !== undefined ? { requeueAfter: Math.max(0, at - ctx.now()) } : undefined;
}

/** Daemon sets a pod change concerns: its controller, or (orphans) those whose selector matches. */
function podOwners(
  change: { object: KubeObject; previous?: KubeObject; type: string },
  ctx: ControllerView,
): string[] {
  const keys = new Set<string>();
  for (const pod of [change.object, change.previous]) {
    if (!pod) continue;
    const ref = controllerRefOf(pod);
    if (ref) {
      if (ref.kind === 'DaemonSet') keys.add(`${pod.metadata.namespace}/${ref.name}`);
      continue;
    }
    if (change.type === 'DELETED') continue;
    for (const ds of ctx.list('apps', 'daemonsets', pod.metadata.namespace))
      if (selects(ds.spec?.selector, pod.metadata.labels)) keys.add(keyOf(ds));
  }
  return [...keys];
}

export const daemonSetController: Reconciler = {
  name: 'daemonset-controller',
  primary: 'apps/daemonsets',
  watches: [
    { resource: '/pods', keys: podOwners },
    {
      resource: '/nodes',
      keys: (change, ctx) => {
        // Heartbeats and image lists do not move daemons; labels, taints and readiness do.
        const before = change.previous;
        const after = change.object;
        const ready = (n: KubeObject | undefined) =>
          JSON.stringify(
            (n?.status?.conditions ?? []).map((c: { type: string; status: string }) => [
              c.type,
              c.status,
            ]),
          );
        if (
          before &&
          change.type === 'MODIFIED' &&
          deepEqual(before.spec, after.spec) &&
          deepEqual(before.metadata.labels, after.metadata.labels) &&
          ready(before) === ready(after)
        )
          return [];
        return ctx.list('apps', 'daemonsets').map(keyOf);
      },
    },
    {
      resource: 'apps/controllerrevisions',
      keys: (change) => {
        const ref = controllerRefOf(change.object);
        return ref?.kind === 'DaemonSet' ? [`${change.object.metadata.namespace}/${ref.name}`] : [];
      },
    },
  ],
  reconcile: syncDaemonSet,
};
