/**
 * The Deployment controller (pkg/controller/deployment: deployment_controller.go syncDeployment,
 * sync.go getNewReplicaSet / scale / cleanupDeployment / calculateStatus, progress.go): owns
 * ReplicaSets named `<deployment>-<pod-template-hash>`, rolls out with RollingUpdate or
 * Recreate (deployment-rollout.ts), scales proportionally, keeps revisionHistoryLimit old
 * ReplicaSets, and reports the status `kubectl rollout status` reads.
 */
import { deepEqual } from '../api/equality';
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { Change } from '../store/store';
import type { ControllerContext } from './controller-context';
import { claim, controllerRefOf, newControllerRef, selects } from './controller-ref';
import { rolloutRecreate, rolloutRolling, scale } from './deployment-rollout';
import {
  active,
  availableReplicas,
  byCreation,
  deploymentComplete,
  deploymentProgressing,
  getCondition,
  hasProgressDeadline,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newCondition,
  progressDeadline,
  REASONS,
  REVISION,
  readyReplicas,
  removeCondition,
  replicasOf,
  revisionOf,
  type Status,
  setCondition,
  setNewReplicaSetAnnotations,
  statusReplicas,
} from './deployment-util';
import { computeHash, equalIgnoreHash, POD_TEMPLATE_HASH_LABEL } from './pod-template-hash';
import { type ControllerView, keyOf, type Reconciler, type Result, splitKey } from './reconciler';

export const DEPLOYMENT_CONTROLLER = 'deployment-controller';

/** One sync of one deployment: the current object (refreshed after each write) and its ReplicaSets. */
export interface DeploymentSync {
  ctx: ControllerContext;
  d: KubeObject;
  rsList: KubeObject[];
  /** Set when the status needs another look at a given time (progress deadline, availability). */
  requeueAt?: number;
}

export function event(
  s: DeploymentSync,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): void {
  s.ctx.events.record({ component: DEPLOYMENT_CONTROLLER }, s.d, type, reason, message);
}

export function writeStatus(s: DeploymentSync, status: Status): void {
  if (deepEqual(status, s.d.status ?? {})) return;
  s.d = s.ctx.mutate('apps', 'deployments', s.d, (o) => (o.status = status), true);
}

function setRevisionAnnotation(s: DeploymentSync, revision: string): void {
  if (s.d.metadata.annotations?.[REVISION] === revision) return;
  // Through the status subresource, as upstream's UpdateStatus: no generation bump.
  s.d = s.ctx.mutate(
    'apps',
    'deployments',
    s.d,
    (o) => {
      o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [REVISION]: revision };
    },
    true,
  );
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the deployment's. */
function findNewReplicaSet(s: DeploymentSync): KubeObject | undefined {
  return [...s.rsList]
    .sort(byCreation)
    .find((rs) => equalIgnoreHash(rs.spec?.template, s.d.spec?.template));
}

export function oldReplicaSets(s: DeploymentSync, newRS: KubeObject | undefined): KubeObject[] {
  return s.rsList.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
}

/** NewRSNewReplicas */
export function newRSNewReplicas(
  d: KubeObject,
  allRSs: (KubeObject | undefined)[],
  newRS: KubeObject,
  surge: number,
): number {
  const desired = replicasOf(d);
  if ((d.spec?.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return desired;
  const current = allRSs.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
  const maxTotal = desired + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  return replicasOf(newRS) + Math.min(maxTotal - current, desired - replicasOf(newRS));
}

function replaceRS(s: DeploymentSync, rs: KubeObject): void {
  s.rsList = [...s.rsList.filter((x) => x.metadata.uid !== rs.metadata.uid), rs];
}

/** getNewReplicaSet: syncs the existing new RS's annotations and revision, or creates it. */
export function getNewReplicaSet(s: DeploymentSync, create: boolean): KubeObject | undefined {
  const { ctx, d } = s;
  const existing = findNewReplicaSet(s);
  const olds = oldReplicaSets(s, existing);
  const newRevision = maxRevision(olds) + 1;
  if (existing) {
    const copy = structuredClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    const minReadyChanged = (copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
    if (annotationsUpdated || minReadyChanged) {
      copy.spec.minReadySeconds = d.spec?.minReadySeconds ?? 0;
      if (!copy.spec.minReadySeconds) delete copy.spec.minReadySeconds;
      const updated = ctx.update('apps', 'replicasets', copy);
      replaceRS(s, updated);
      return updated;
    }
    setRevisionAnnotation(s, copy.metadata.annotations?.[REVISION] ?? String(newRevision));
    if (hasProgressDeadline(s.d) && !getCondition(s.d.status, 'Progressing')) {
      const status = structuredClone(s.d.status ?? {});
      setCondition(
        status,
        newCondition(
          'Progressing',
          'True',
          REASONS.foundNewRS,
          `Found new replica set "${existing.metadata.name}"`,
          ctx.now(),
        ),
      );
      writeStatus(s, status);
    }
    return existing;
  }
  if (!create) return undefined;
  const collisionCount: number | undefined = d.status?.collisionCount;
  const hash = computeHash(d.spec?.template, collisionCount);
  const template = structuredClone(d.spec?.template ?? {});
  template.metadata = {
    ...(template.metadata ?? {}),
    labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash },
  };
  const selector = structuredClone(d.spec?.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const name = `${d.metadata.name}-${hash}`;
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace,
      labels: template.metadata.labels,
      ownerReferences: [newControllerRef(d)],
    },
    spec: { replicas: 0, selector, template },
  };
  if (d.spec?.minReadySeconds) rs.spec.minReadySeconds = d.spec.minReadySeconds;
  rs.spec.replicas = newRSNewReplicas(d, [...s.rsList, rs], rs, maxSurge(d));
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  let created: KubeObject;
  try {
    created = ctx.create('apps', 'replicasets', rs);
  } catch (err) {
    if (isStatusError(err) && err.reason === 'AlreadyExists') {
      const other = ctx.get('apps', 'replicasets', d.metadata.namespace, name);
      if (
        other &&
        controllerRefOf(other)?.uid === d.metadata.uid &&
        equalIgnoreHash(d.spec?.template, other.spec?.template)
      ) {
        replaceRS(s, other);
        return other;
      }
      // A hash collision: bump collisionCount and try again with a new name.
      const status = structuredClone(s.d.status ?? {});
      status.collisionCount = (collisionCount ?? 0) + 1;
      writeStatus(s, status);
      throw err;
    }
    if (isStatusError(err) && err.details?.causes?.some((c) => c.reason === 'NamespaceTerminating'))
      throw err;
    const msg = `Failed to create new replica set "${name}": ${err instanceof Error ? err.message : String(err)}`;
    if (hasProgressDeadline(d)) {
      const status = structuredClone(s.d.status ?? {});
      setCondition(
        status,
        newCondition('Progressing', 'False', REASONS.failedRSCreate, msg, ctx.now()),
      );
      writeStatus(s, status);
    }
    event(s, 'Warning', REASONS.failedRSCreate, msg);
    throw err;
  }
  replaceRS(s, created);
  if (replicasOf(created) > 0)
    event(
      s,
      'Normal',
      'ScalingReplicaSet',
      `Scaled up replica set ${name} from 0 to ${replicasOf(created)}`,
    );
  setRevisionAnnotation(s, String(newRevision));
  if (hasProgressDeadline(s.d)) {
    const status = structuredClone(s.d.status ?? {});
    setCondition(
      status,
      newCondition(
        'Progressing',
        'True',
        REASONS.newReplicaSet,
        `Created new replica set "${name}"`,
        ctx.now(),
      ),
    );
    writeStatus(s, status);
  }
  return created;
}

/** calculateStatus */
export function calculateStatus(
  s: DeploymentSync,
  allRSs: (KubeObject | undefined)[],
  newRS: KubeObject | undefined,
): Status {
  const d = s.d;
  const available = availableReplicas(allRSs);
  const total = statusReplicas(allRSs);
  const status: Status = {};
  if (d.metadata.generation) status.observedGeneration = d.metadata.generation;
  const replicas = statusReplicas(allRSs);
  const updated = statusReplicas([newRS]);
  const ready = readyReplicas(allRSs);
  const unavailable = Math.max(0, total - available);
  if (replicas) status.replicas = replicas;
  if (updated) status.updatedReplicas = updated;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (unavailable) status.unavailableReplicas = unavailable;
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = structuredClone(d.status.conditions);
  const now = s.ctx.now();
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(
      status,
      newCondition(
        'Available',
        'True',
        REASONS.minimumAvailable,
        'Deployment has minimum availability.',
        now,
      ),
    );
  } else {
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        REASONS.minimumUnavailable,
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  }
  return status;
}

/** syncRolloutStatus: the status plus the Progressing condition and its deadline. */
export function syncRolloutStatus(
  s: DeploymentSync,
  allRSs: (KubeObject | undefined)[],
  newRS: KubeObject | undefined,
): void {
  const d = s.d;
  const status = calculateStatus(s, allRSs, newRS);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const complete =
    (status.replicas ?? 0) === (status.updatedReplicas ?? 0) &&
    current?.reason === REASONS.newRSAvailable;
  const now = s.ctx.now();
  if (hasProgressDeadline(d) && !complete) {
    const rsName = newRS?.metadata.name;
    if (deploymentComplete(d, status)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" has successfully progressed.`
        : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setCondition(status, newCondition('Progressing', 'True', REASONS.newRSAvailable, msg, now));
    } else if (deploymentProgressing(d, status)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" is progressing.`
        : `Deployment "${d.metadata.name}" is progressing.`;
      const condition = newCondition('Progressing', 'True', REASONS.replicaSetUpdated, msg, now);
      if (current) {
        if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, condition);
    } else {
      const deadline = progressDeadline(d, status);
      if (deadline !== undefined && deadline < now) {
        const msg = rsName
          ? `ReplicaSet "${rsName}" has timed out progressing.`
          : `Deployment "${d.metadata.name}" has timed out progressing.`;
        setCondition(status, newCondition('Progressing', 'False', REASONS.timedOut, msg, now));
      }
    }
  }
  const failure = [newRS, ...allRSs]
    .map((rs) => rs && getCondition(rs.status, 'ReplicaFailure'))
    .find((c) => c?.status === 'True');
  if (failure) {
    setCondition(status, { ...failure, lastUpdateTime: failure.lastTransitionTime });
  } else removeCondition(status, 'ReplicaFailure');
  if (deepEqual(status, d.status ?? {})) {
    // requeueStuckDeployment: look again when the progress deadline passes.
    const deadline = progressDeadline(d, status);
    if (deadline !== undefined && !deploymentComplete(d, status))
      s.requeueAt = Math.max(now + 1000, deadline + 1000);
    return;
  }
  writeStatus(s, status);
}

/** checkPausedConditions */
function checkPausedConditions(s: DeploymentSync): void {
  if (!hasProgressDeadline(s.d)) return;
  const cond = getCondition(s.d.status, 'Progressing');
  if (cond?.reason === REASONS.timedOut) return;
  const pausedExists = cond?.reason === REASONS.paused;
  const status = structuredClone(s.d.status ?? {});
  const now = s.ctx.now();
  if (s.d.spec?.paused && !pausedExists) {
    setCondition(
      status,
      newCondition('Progressing', 'Unknown', REASONS.paused, 'Deployment is paused', now),
    );
  } else if (!s.d.spec?.paused && pausedExists) {
    setCondition(
      status,
      newCondition('Progressing', 'Unknown', REASONS.resumed, 'Deployment is resumed', now),
    );
  } else return;
  writeStatus(s, status);
}

/** isScalingEvent: an active RS's desired-replicas annotation differs from spec.replicas. */
function isScalingEvent(s: DeploymentSync): boolean {
  const newRS = getNewReplicaSet(s, false);
  for (const rs of active([...oldReplicaSets(s, newRS), newRS])) {
    const desired = rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'];
    if (desired !== undefined && Number(desired) !== replicasOf(s.d)) return true;
  }
  return false;
}

/** cleanupDeployment: delete the oldest idle ReplicaSets beyond revisionHistoryLimit. */
export function cleanupDeployment(s: DeploymentSync, olds: KubeObject[]): void {
  const limit = s.d.spec?.revisionHistoryLimit;
  if (typeof limit !== 'number') return;
  const cleanable = olds.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  const sorted = [...cleanable].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  for (const rs of sorted.slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue;
    if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    try {
      s.ctx.delete('apps', 'replicasets', rs.metadata.namespace, rs.metadata.name ?? '');
    } catch (err) {
      if (!isStatusError(err) || err.code !== 404) throw err;
    }
  }
}

/** sync: scaling (or a paused deployment) without rolling anything out. */
function syncScale(s: DeploymentSync): void {
  const newRS = getNewReplicaSet(s, false);
  scale(s, newRS, oldReplicaSets(s, newRS));
  const current = findNewReplicaSet(s);
  const olds = oldReplicaSets(s, current);
  if (s.d.spec?.paused) cleanupDeployment(s, olds);
  const status = calculateStatus(s, [...olds, current], current);
  writeStatus(s, status);
}

function syncDeployment(key: string, ctx: ControllerContext): Result {
  const { namespace, name } = splitKey(key);
  const d = ctx.get('apps', 'deployments', namespace, name);
  if (!d) return;
  const s: DeploymentSync = { ctx, d, rsList: [] };
  const selector = d.spec?.selector ?? {};
  if (
    !Object.keys(selector.matchLabels ?? {}).length &&
    !(selector.matchExpressions ?? []).length
  ) {
    event(
      s,
      'Warning',
      'SelectingAll',
      'This deployment is selecting all pods. A non-empty selector is required.',
    );
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      writeStatus(s, { ...(d.status ?? {}), observedGeneration: d.metadata.generation });
    }
    return;
  }
  s.rsList = claim(ctx, d, selector, ctx.list('apps', 'replicasets', namespace), {
    group: 'apps',
    plural: 'replicasets',
  });
  if (d.metadata.deletionTimestamp) {
    const newRS = getNewReplicaSet(s, false);
    writeStatus(s, calculateStatus(s, [...oldReplicaSets(s, newRS), newRS], newRS));
    return;
  }
  checkPausedConditions(s);
  if (s.d.spec?.paused || isScalingEvent(s)) syncScale(s);
  else if (s.d.spec?.strategy?.type === 'Recreate') rolloutRecreate(s);
  else rolloutRolling(s);
  if (s.requeueAt !== undefined) return { requeueAfter: Math.max(0, s.requeueAt - ctx.now()) };
}

/** Deployments a ReplicaSet change concerns: its controller, or (orphans) those whose selector matches. */
function replicaSetOwners(change: Change, ctx: ControllerView): string[] {
  const keys = new Set<string>();
  for (const rs of [change.object, change.previous]) {
    if (!rs) continue;
    const ref = controllerRefOf(rs);
    if (ref) {
      if (ref.kind === 'Deployment') keys.add(`${rs.metadata.namespace}/${ref.name}`);
      continue;
    }
    if (change.type === 'DELETED') continue;
    for (const d of ctx.list('apps', 'deployments', rs.metadata.namespace)) {
      if (selects(d.spec?.selector, rs.metadata.labels)) keys.add(keyOf(d));
    }
  }
  return [...keys];
}

/** A Recreate rollout waits for old pods to be gone: their deletion wakes the deployment. */
function podOwners(change: Change, ctx: ControllerView): string[] {
  if (change.type !== 'DELETED') return [];
  const ref = controllerRefOf(change.object);
  if (ref?.kind !== 'ReplicaSet') return [];
  const rs = ctx.get('apps', 'replicasets', change.object.metadata.namespace, ref.name);
  const owner = rs && controllerRefOf(rs);
  return rs && owner?.kind === 'Deployment' ? [`${rs.metadata.namespace}/${owner.name}`] : [];
}

export const deploymentController: Reconciler = {
  name: DEPLOYMENT_CONTROLLER,
  primary: 'apps/deployments',
  watches: [
    { resource: 'apps/replicasets', keys: replicaSetOwners },
    { resource: '/pods', keys: podOwners },
  ],
  reconcile: syncDeployment,
};
