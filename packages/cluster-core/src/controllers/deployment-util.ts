/**
 * Deployment helpers (pkg/controller/deployment/util/deployment_util.go): revisions and the
 * annotations carried over to ReplicaSets, surge/unavailability fenceposts, replica counts and
 * the Available/Progressing conditions with their upstream reasons.
 */
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const ROLLBACK_TO = 'deprecated.deployment.rollback.to';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** The revision-history annotation is capped (maxRevHistoryLengthInChars). */
const MAX_REVISION_HISTORY_CHARS = 2000;

const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED,
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  ROLLBACK_TO,
]);

export const REASONS = {
  replicaSetUpdated: 'ReplicaSetUpdated',
  failedRSCreate: 'ReplicaSetCreateError',
  newReplicaSet: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  newRSAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumAvailable: 'MinimumReplicasAvailable',
  minimumUnavailable: 'MinimumReplicasUnavailable',
} as const;

// biome-ignore lint/suspicious/noExplicitAny: conditions are free-form JSON
export type Condition = Record<string, any>;
// biome-ignore lint/suspicious/noExplicitAny: statuses are free-form JSON
export type Status = Record<string, any>;

export const replicasOf = (obj: KubeObject | undefined): number =>
  obj?.spec?.replicas ?? (obj ? 1 : 0);

export function revisionOf(rs: KubeObject): number {
  const v = rs.metadata.annotations?.[REVISION];
  const n = v === undefined ? 0 : Number.parseInt(v, 10);
  return Number.isNaN(n) ? 0 : n;
}

export function maxRevision(rss: KubeObject[]): number {
  return rss.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

/** GetScaledValueFromIntOrPercent */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.endsWith('%')) {
    const pct = Number(value.slice(0, -1));
    const v = (pct * total) / 100;
    return roundUp ? Math.ceil(v) : Math.floor(v);
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return 0;
}

export function isRollingUpdate(d: KubeObject): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** ResolveFenceposts: surge rounds up, unavailability down; both zero means one unavailable. */
function fenceposts(d: KubeObject): { surge: number; unavailable: number } {
  const desired = replicasOf(d);
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const surge = scaledValue(ru.maxSurge ?? '25%', desired, true);
  let unavailable = scaledValue(ru.maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: KubeObject): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

export function maxUnavailable(d: KubeObject): number {
  const desired = replicasOf(d);
  if (!isRollingUpdate(d) || desired === 0) return 0;
  return Math.min(fenceposts(d).unavailable, desired);
}

export const specReplicas = (rss: (KubeObject | undefined)[]): number =>
  rss.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
export const statusReplicas = (rss: (KubeObject | undefined)[]): number =>
  rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
export const readyReplicas = (rss: (KubeObject | undefined)[]): number =>
  rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
export const availableReplicas = (rss: (KubeObject | undefined)[]): number =>
  rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);

export function active(rss: (KubeObject | undefined)[]): KubeObject[] {
  return rss.filter((rs): rs is KubeObject => Boolean(rs) && replicasOf(rs) > 0);
}

export function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta - tb;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** Copies the deployment's annotations (but the skipped ones) onto the RS; returns whether anything changed. */
function copyAnnotations(d: KubeObject, rs: KubeObject): boolean {
  let changed = false;
  rs.metadata.annotations ??= {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || rs.metadata.annotations[k] === v) continue;
    rs.metadata.annotations[k] = v;
    changed = true;
  }
  return changed;
}

export function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  rs.metadata.annotations ??= {};
  const a = rs.metadata.annotations;
  let changed = false;
  if (a[DESIRED_REPLICAS] !== String(desired)) {
    a[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (a[MAX_REPLICAS] !== String(max)) {
    a[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(
  rs: KubeObject,
  desired: number,
  max: number,
): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

/** SetNewReplicaSetAnnotations: copied annotations, the new revision and (rollbacks) the revision history. */
export function setNewReplicaSetAnnotations(
  d: KubeObject,
  rs: KubeObject,
  newRevision: number,
  exists: boolean,
): boolean {
  let changed = copyAnnotations(d, rs);
  const a = (rs.metadata.annotations ??= {});
  const oldRevision = a[REVISION];
  const oldInt = oldRevision === undefined ? 0 : Number.parseInt(oldRevision, 10);
  if (Number.isNaN(oldInt)) return false;
  if (oldInt < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined) {
      const history: string = a[REVISION_HISTORY] ?? '';
      if (!history) a[REVISION_HISTORY] = oldRevision;
      else {
        let parts = history.split(',');
        let total = history.length + oldRevision.length + 1;
        while (total > MAX_REVISION_HISTORY_CHARS && parts.length) {
          total -= parts[0].length + 1;
          parts = parts.slice(1);
        }
        if (total <= MAX_REVISION_HISTORY_CHARS)
          a[REVISION_HISTORY] = [...parts, oldRevision].join(',');
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d)))
    changed = true;
  return changed;
}

export function getCondition(status: Status | undefined, type: string): Condition | undefined {
  return ((status?.conditions ?? []) as Condition[]).find((c) => c.type === type);
}

export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): Condition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** SetDeploymentCondition: no-op for the same status and reason; keeps lastTransitionTime for the same status. */
export function setCondition(status: Status, condition: Condition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const c = { ...condition };
  if (current && current.status === c.status) c.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [
    ...((status.conditions ?? []) as Condition[]).filter((x) => x.type !== c.type),
    c,
  ];
}

export function removeCondition(status: Status, type: string): void {
  const rest = ((status.conditions ?? []) as Condition[]).filter((c) => c.type !== type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}

export function hasProgressDeadline(d: KubeObject): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return typeof s === 'number' && s !== 2147483647;
}

/** DeploymentComplete */
export function deploymentComplete(d: KubeObject, status: Status): boolean {
  const desired = replicasOf(d);
  return (
    (status.updatedReplicas ?? 0) === desired &&
    (status.replicas ?? 0) === desired &&
    (status.availableReplicas ?? 0) === desired &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available replicas than before. */
export function deploymentProgressing(d: KubeObject, status: Status): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** When the Progressing condition times out, or undefined when it cannot. */
export function progressDeadline(d: KubeObject, status: Status): number | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const c = getCondition(status, 'Progressing');
  if (!c || c.reason === REASONS.newRSAvailable || c.reason === REASONS.timedOut) return undefined;
  const from = Date.parse(c.lastUpdateTime ?? '');
  return Number.isNaN(from) ? undefined : from + d.spec.progressDeadlineSeconds * 1000;
}
