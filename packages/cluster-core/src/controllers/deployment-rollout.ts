/**
 * How a Deployment moves its ReplicaSets (pkg/controller/deployment rolling.go, recreate.go and
 * sync.go scale): RollingUpdate within maxSurge/maxUnavailable, Recreate (old pods gone before
 * new ones start), and proportional scaling of a rollout in flight.
 */
import type { KubeObject } from '../api/object';
import {
  cleanupDeployment,
  type DeploymentSync,
  event,
  getNewReplicaSet,
  newRSNewReplicas,
  oldReplicaSets,
  syncRolloutStatus,
} from './deployment';
import {
  active,
  availableReplicas,
  byCreation,
  deploymentComplete,
  isRollingUpdate,
  MAX_REPLICAS,
  maxSurge,
  maxUnavailable,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  setReplicasAnnotations,
  specReplicas,
  statusReplicas,
} from './deployment-util';
import { isTerminal } from './pod-utils';

/** scaleReplicaSet: new size and replica annotations; records ScalingReplicaSet when the size changes. */
function scaleReplicaSet(
  s: DeploymentSync,
  rs: KubeObject,
  newScale: number,
  operation?: 'up' | 'down',
): { scaled: boolean; rs: KubeObject } {
  const d = s.d;
  const oldScale = replicasOf(rs);
  const sizeChanges = oldScale !== newScale;
  const max = replicasOf(d) + maxSurge(d);
  if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, replicasOf(d), max))
    return { scaled: false, rs };
  const updated = s.ctx.mutate('apps', 'replicasets', rs, (o) => {
    o.spec.replicas = newScale;
    setReplicasAnnotations(o, replicasOf(d), max);
  });
  s.rsList = [...s.rsList.filter((x) => x.metadata.uid !== updated.metadata.uid), updated];
  if (sizeChanges) {
    const op = operation ?? (oldScale < newScale ? 'up' : 'down');
    event(
      s,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${op} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`,
    );
  }
  return { scaled: sizeChanges, rs: updated };
}

function scaleAndRecord(
  s: DeploymentSync,
  rs: KubeObject,
  newScale: number,
): { scaled: boolean; rs: KubeObject } {
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(s, rs, newScale);
}

function reconcileNewReplicaSet(
  s: DeploymentSync,
  allRSs: KubeObject[],
  newRS: KubeObject,
): boolean {
  const desired = replicasOf(s.d);
  if (replicasOf(newRS) === desired) return false;
  if (replicasOf(newRS) > desired) return scaleAndRecord(s, newRS, desired).scaled;
  return scaleAndRecord(s, newRS, newRSNewReplicas(s.d, allRSs, newRS, maxSurge(s.d))).scaled;
}

function cleanupUnhealthyReplicas(
  s: DeploymentSync,
  olds: KubeObject[],
  maxCleanup: number,
): { olds: KubeObject[]; count: number } {
  const sorted = [...olds].sort(byCreation);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanup) break;
    const rs = sorted[i];
    const available = rs.status?.availableReplicas ?? 0;
    if (replicasOf(rs) === 0 || replicasOf(rs) === available) continue;
    const count = Math.min(maxCleanup - total, replicasOf(rs) - available);
    sorted[i] = scaleAndRecord(s, rs, replicasOf(rs) - count).rs;
    total += count;
  }
  return { olds: sorted, count: total };
}

function scaleDownOldForRollingUpdate(
  s: DeploymentSync,
  allRSs: KubeObject[],
  olds: KubeObject[],
): number {
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
  const availableCount = availableReplicas(allRSs);
  if (availableCount <= minAvailable) return 0;
  const toScaleDown = availableCount - minAvailable;
  let total = 0;
  for (const rs of [...olds].sort(byCreation)) {
    if (total >= toScaleDown) break;
    if (replicasOf(rs) === 0) continue;
    const count = Math.min(replicasOf(rs), toScaleDown - total);
    scaleAndRecord(s, rs, replicasOf(rs) - count);
    total += count;
  }
  return total;
}

function reconcileOldReplicaSets(
  s: DeploymentSync,
  allRSs: KubeObject[],
  olds: KubeObject[],
  newRS: KubeObject,
): boolean {
  if (specReplicas(olds) === 0) return false;
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicas(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(s, olds, maxScaledDown);
  const scaledDown = scaleDownOldForRollingUpdate(s, [...cleaned.olds, newRS], cleaned.olds);
  return cleaned.count + scaledDown > 0;
}

/** rolloutRolling */
export function rolloutRolling(s: DeploymentSync): void {
  let newRS = getNewReplicaSet(s, true) as KubeObject;
  const allRSs = () => [...oldReplicaSets(s, newRS), newRS];
  if (reconcileNewReplicaSet(s, allRSs(), newRS)) {
    newRS = s.rsList.find((rs) => rs.metadata.uid === newRS.metadata.uid) ?? newRS;
    syncRolloutStatus(s, allRSs(), newRS);
    return;
  }
  if (reconcileOldReplicaSets(s, allRSs(), active(oldReplicaSets(s, newRS)), newRS)) {
    syncRolloutStatus(s, allRSs(), newRS);
    return;
  }
  if (deploymentComplete(s.d, s.d.status ?? {})) cleanupDeployment(s, oldReplicaSets(s, newRS));
  syncRolloutStatus(s, allRSs(), newRS);
}

/** oldPodsRunning: old ReplicaSets still have pods, counting terminating ones. */
function oldPodsRunning(
  s: DeploymentSync,
  newRS: KubeObject | undefined,
  olds: KubeObject[],
): boolean {
  if (statusReplicas(olds) > 0) return true;
  const oldUids = new Set(olds.map((rs) => rs.metadata.uid));
  return s.ctx.list('', 'pods', s.d.metadata.namespace).some((p) => {
    const ref = (p.metadata.ownerReferences ?? []).find((r) => r.controller);
    return ref && ref.uid !== newRS?.metadata.uid && oldUids.has(ref.uid) && !isTerminal(p);
  });
}

/** rolloutRecreate */
export function rolloutRecreate(s: DeploymentSync): void {
  let newRS = getNewReplicaSet(s, false);
  let olds = oldReplicaSets(s, newRS);
  let scaledDown = false;
  for (const rs of active(olds)) scaledDown = scaleAndRecord(s, rs, 0).scaled || scaledDown;
  if (scaledDown) {
    syncRolloutStatus(s, [...oldReplicaSets(s, newRS), newRS], newRS);
    return;
  }
  olds = oldReplicaSets(s, newRS);
  if (oldPodsRunning(s, newRS, olds)) {
    syncRolloutStatus(s, [...olds, newRS], newRS);
    return;
  }
  if (!newRS) {
    newRS = getNewReplicaSet(s, true);
    olds = oldReplicaSets(s, newRS);
  }
  if (newRS) newRS = scaleAndRecord(s, newRS, replicasOf(s.d)).rs;
  if (deploymentComplete(s.d, s.d.status ?? {})) cleanupDeployment(s, olds);
  syncRolloutStatus(s, [...oldReplicaSets(s, newRS), newRS], newRS);
}

/** FindActiveOrLatest */
function activeOrLatest(newRS: KubeObject | undefined, olds: KubeObject[]): KubeObject | undefined {
  if (!newRS && !olds.length) return undefined;
  const sortedOlds = [...olds].sort(byCreation).reverse();
  const all = active([...sortedOlds, newRS]);
  if (all.length === 0) return newRS ?? sortedOlds[0];
  if (all.length === 1) return all[0];
  return undefined;
}

function isSaturated(d: KubeObject, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const desired = rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'];
  return (
    desired === String(replicasOf(d)) &&
    replicasOf(rs) === replicasOf(d) &&
    (rs.status?.availableReplicas ?? 0) === replicasOf(d)
  );
}

/** getReplicaSetFraction / GetReplicaSetProportion */
function proportion(s: DeploymentSync, rs: KubeObject, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const d = s.d;
  let fraction: number;
  if (replicasOf(d) === 0) fraction = -replicasOf(rs);
  else {
    const maxReplicas = replicasOf(d) + maxSurge(d);
    let before = Number(rs.metadata.annotations?.[MAX_REPLICAS] ?? 0);
    if (!before) before = d.status?.replicas ?? 0;
    fraction = before ? Math.round((replicasOf(rs) * maxReplicas) / before) - replicasOf(rs) : 0;
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** scale: one active RS takes the full count; otherwise spread the change proportionally. */
export function scale(s: DeploymentSync, newRS: KubeObject | undefined, olds: KubeObject[]): void {
  const d = s.d;
  const target = activeOrLatest(newRS, olds);
  if (target) {
    if (replicasOf(target) !== replicasOf(d)) scaleAndRecord(s, target, replicasOf(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const rs of active(olds)) scaleAndRecord(s, rs, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = active([...olds, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicas(all);
  const newer = (a: KubeObject, b: KubeObject) => byCreation(b, a);
  let operation: 'up' | 'down' | undefined;
  if (toAdd > 0) {
    all.sort((a, b) => replicasOf(b) - replicasOf(a) || newer(a, b));
    operation = 'up';
  } else if (toAdd < 0) {
    all.sort((a, b) => replicasOf(b) - replicasOf(a) || byCreation(a, b));
    operation = 'down';
  }
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of all) {
    const p = toAdd !== 0 ? proportion(s, rs, toAdd, added) : 0;
    sizes.set(rs.metadata.name ?? '', replicasOf(rs) + p);
    added += p;
  }
  all.forEach((rs, i) => {
    const n = rs.metadata.name ?? '';
    if (i === 0 && toAdd !== 0) sizes.set(n, Math.max(0, (sizes.get(n) ?? 0) + toAdd - added));
    scaleReplicaSet(s, rs, sizes.get(n) ?? replicasOf(rs), operation);
  });
}
