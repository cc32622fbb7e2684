/**
 * The Job controller (pkg/controller/job job_controller.go, as of 1.33): pods carry the
 * `batch.kubernetes.io/job-tracking` finalizer until they are counted through
 * status.uncountedTerminatedPods; parallelism and completions (NonIndexed and Indexed, with
 * successPolicy), backoffLimit with the pod-failure back-off, podFailurePolicy,
 * activeDeadlineSeconds and suspend; the interim SuccessCriteriaMet / FailureTarget
 * conditions come first, Complete / Failed once no pod is left terminating.
 */
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import type { ControllerContext } from './controller-context';
import { claim, controllerRefOf } from './controller-ref';
import { formatIntervals, has, type Interval, matchSuccessPolicy, parseIndexes, total, withIndexes } from './job-indexes';
import {
  activePodsForRemoval,
  type BackoffRecord,
  completionIndex,
  firstPendingIndexes,
  hasTrackingFinalizer,
  isIndexed,
  isPodFailed,
  isTerminating,
  JOB_TRACKING_FINALIZER,
  matchPodFailurePolicy,
  newJobPod,
  nextBackoffRecord,
  remainingBackoff,
} from './job-pods';
import { createPod, isActive, isPodReady } from './pod-utils';
import { type Reconciler, type Result, splitKey } from './reconciler';

export { JOB_TRACKING_FINALIZER } from './job-pods';
// index.ts registers both controllers of Jobs from here.
export { ttlAfterFinishedController } from './ttl-after-finished';

// biome-ignore lint/suspicious/noExplicitAny: statuses are free-form JSON
type Json = Record<string, any>;

const JOB_CONTROLLER = 'kubernetes.io/job-controller';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

function conditionOf(status: Json, type: string): Json | undefined {
  return ((status.conditions ?? []) as Json[]).find((c) => c.type === type);
}

const isTrue = (status: Json, type: string) => conditionOf(status, type)?.status === 'True';

/** IsJobFinished: Complete or Failed is True. */
export function jobFinished(job: KubeObject): boolean {
  return isTrue(job.status ?? {}, 'Complete') || isTrue(job.status ?? {}, 'Failed');
}

function newCondition(c: Condition, now: number): Json {
  const t = rfc3339(now);
  return { type: c.type, status: c.status, lastProbeTime: t, lastTransitionTime: t, reason: c.reason, message: c.message };
}

/** ensureJobConditionStatus: whether the list changed. */
function ensureCondition(status: Json, c: Condition, now: number): boolean {
  const list = (status.conditions ?? []) as Json[];
  const i = list.findIndex((x) => x.type === c.type);
  if (i >= 0) {
    const old = list[i];
    if (old.status === c.status && (old.reason ?? '') === c.reason && (old.message ?? '') === c.message) return false;
    status.conditions = list.map((x, j) => (j === i ? newCondition(c, now) : x));
    return true;
  }
  if (c.status === 'False') return false;
  status.conditions = [...list, newCondition(c, now)];
  return true;
}

const failure = (reason: string, message: string): Condition => ({ type: 'FailureTarget', status: 'True', reason, message });

function backoffRecords(ctx: ControllerContext): Map<string, BackoffRecord> {
  let records = ctx.shared.get('job-backoff') as Map<string, BackoffRecord> | undefined;
  if (!records) {
    records = new Map();
    ctx.shared.set('job-backoff', records);
  }
  return records;
}

function deleteQuietly(ctx: ControllerContext, job: KubeObject, pod: KubeObject): boolean {
  try {
    ctx.delete('', 'pods', pod.metadata.namespace, pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid } });
    ctx.events.record({ component: ctx.manager }, job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    return true;
  } catch (err) {
    if (!isStatusError(err)) throw err;
    if (err.code === 404) return true;
    ctx.events.record({ component: ctx.manager }, job, 'Warning', 'FailedDelete', `Error deleting: ${err.message}`);
    return false;
  }
}

function removeFinalizer(ctx: ControllerContext, pod: KubeObject): boolean {
  const current = ctx.get('', 'pods', pod.metadata.namespace, pod.metadata.name ?? '');
  if (!current || current.metadata.uid !== pod.metadata.uid || !hasTrackingFinalizer(current)) return true;
  try {
    ctx.mutate('', 'pods', current, (p) => {
      p.metadata.finalizers = (p.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
      if (!p.metadata.finalizers.length) delete p.metadata.finalizers;
    });
    return true;
  } catch (err) {
    if (!isStatusError(err)) throw err;
    return err.code === 404;
  }
}

interface Sync {
  ctx: ControllerContext;
  job: KubeObject;
  status: Json;
  pods: KubeObject[];
  active: KubeObject[];
  succeeded: number;
  prevSucceededIndexes: Interval[];
  succeededIndexes: Interval[];
  backoff: BackoffRecord;
  finished?: Condition;
  terminating: number;
  ready: number;
  requeueAt?: number;
}

function syncJob(key: string, ctx: ControllerContext): Result {
  const { namespace, name } = splitKey(key);
  const stored = ctx.get('batch', 'jobs', namespace, name);
  const records = backoffRecords(ctx);
  if (!stored || jobFinished(stored)) {
    records.delete(key);
    // syncOrphanPod: pods of a finished or deleted Job must not keep the tracking finalizer.
    for (const p of ctx.list('', 'pods', namespace)) {
      const ref = controllerRefOf(p);
      if (!hasTrackingFinalizer(p) || ref?.kind !== 'Job' || ref.name !== name) continue;
      if (!stored || ref.uid === stored.metadata.uid) removeFinalizer(ctx, p);
    }
    return;
  }
  // A Job another controller manages (spec.managedBy) is left alone.
  if (stored.spec?.managedBy && stored.spec.managedBy !== JOB_CONTROLLER) return;
  const now = ctx.now();
  const job = stored;
  const status: Json = structuredClone(job.status ?? {});
  if (!status.uncountedTerminatedPods) status.uncountedTerminatedPods = {};
  const uncounted = { succeeded: new Set<string>(status.uncountedTerminatedPods.succeeded ?? []), failed: new Set<string>(status.uncountedTerminatedPods.failed ?? []) };
  const pods = claim(ctx, job, job.spec?.selector, ctx.list('', 'pods', namespace), { group: '', plural: 'pods' });
  const active = pods.filter(isActive);
  const indexed = isIndexed(job);
  const completions: number | undefined = job.spec?.completions ?? undefined;
  const validIndex = (p: KubeObject) => !indexed || (completionIndex(p) >= 0 && completionIndex(p) < (completions ?? 0));
  const fresh = (p: KubeObject) => hasTrackingFinalizer(p) && !uncounted.succeeded.has(p.metadata.uid ?? '') && !uncounted.failed.has(p.metadata.uid ?? '') && validIndex(p);
  const newSucceeded = pods.filter((p) => fresh(p) && p.status?.phase === 'Succeeded');
  const newFailed = pods.filter((p) => fresh(p) && isPodFailed(p, job));
  const policy = job.spec?.podFailurePolicy;
  const counted = newFailed.filter((p) => matchPodFailurePolicy(policy, p).count).length;
  const failed = (status.failed ?? 0) + counted + uncounted.failed.size;
  const s: Sync = {
    ctx,
    job,
    status,
    pods,
    active,
    succeeded: (status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size,
    prevSucceededIndexes: [],
    succeededIndexes: [],
    backoff: nextBackoffRecord(records.get(key) ?? { failuresAfterLastSuccess: 0 }, newSucceeded, newFailed),
    terminating: pods.filter(isTerminating).length,
    ready: active.filter(isPodReady).length,
  };
  const suspended = job.spec?.suspend === true;
  if (!status.startTime && !suspended) status.startTime = rfc3339(now);

  const criteria = conditionOf(status, 'SuccessCriteriaMet');
  if (criteria?.status === 'True') s.finished = { type: 'SuccessCriteriaMet', status: 'True', reason: criteria.reason ?? '', message: criteria.message ?? '' };
  if (!s.finished) {
    const target = conditionOf(status, 'FailureTarget');
    if (target?.status === 'True') s.finished = { type: 'Failed', status: 'True', reason: target.reason ?? '', message: target.message ?? '' };
    else if (policy) {
      const message = pods.filter((p) => isPodFailed(p, job)).map((p) => matchPodFailurePolicy(policy, p).failJob).find(Boolean);
      if (message) s.finished = failure('PodFailurePolicy', message);
    }
  }
  if (!s.finished) {
    const deadline = job.spec?.activeDeadlineSeconds;
    const startedAt = Date.parse(status.startTime ?? '');
    if (failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
      s.finished = failure('BackoffLimitExceeded', 'Job has reached the specified backoff limit');
    } else if (typeof deadline === 'number' && !suspended && !Number.isNaN(startedAt) && now - startedAt >= deadline * 1000) {
      s.finished = failure('DeadlineExceeded', 'Job was active longer than specified deadline');
    } else if (typeof deadline === 'number' && !suspended && !Number.isNaN(startedAt)) {
      s.requeueAt = startedAt + deadline * 1000;
    }
  }
  if (indexed) {
    s.prevSucceededIndexes = parseIndexes(status.completedIndexes, completions ?? 0);
    s.succeededIndexes = withIndexes(
      s.prevSucceededIndexes,
      pods.filter((p) => p.status?.phase === 'Succeeded' && validIndex(p) && hasTrackingFinalizer(p)).map(completionIndex),
    );
    s.succeeded = total(s.succeededIndexes);
    if (!s.finished) {
      const met = matchSuccessPolicy(job.spec?.successPolicy, completions ?? 0, s.succeededIndexes);
      if (met) s.finished = { type: 'SuccessCriteriaMet', status: 'True', reason: 'SuccessPolicy', message: met };
    }
  }

  let activeCount = active.length;
  if (s.finished) {
    // The Job is done: its active pods go (keeping their finalizers until counted).
    let deleted = 0;
    for (const p of active) {
      if (deleteQuietly(ctx, job, p)) {
        deleted++;
        if (isPodReady(p)) s.ready--;
      }
    }
    if (deleted !== activeCount) s.finished = undefined;
    activeCount -= deleted;
    s.terminating += deleted;
  } else {
    if (!job.metadata.deletionTimestamp) activeCount = manageJob(s);
    const complete = completions === undefined ? s.succeeded > 0 && activeCount === 0 : s.succeeded >= completions && activeCount === 0;
    if (complete) {
      s.finished = { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
    } else if (!job.metadata.deletionTimestamp) {
      if (suspended) {
        if (ensureCondition(status, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }, now)) {
          ctx.events.record({ component: ctx.manager }, job, 'Normal', 'Suspended', 'Job suspended');
        }
      } else if (ensureCondition(status, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' }, now)) {
        ctx.events.record({ component: ctx.manager }, job, 'Normal', 'Resumed', 'Job resumed');
        // A resumed Job's activeDeadlineSeconds counts from now.
        status.startTime = rfc3339(now);
      }
    }
  }
  if (activeCount) status.active = activeCount;
  else delete status.active;
  status.ready = s.ready;
  status.terminating = s.terminating;
  trackStatusAndRemoveFinalizers(s, key, uncounted);
  const at = s.requeueAt;
  return at !== undefined && !jobFinished(ctx.get('batch', 'jobs', namespace, name) ?? job) ? { requeueAfter: Math.max(0, at - now) } : undefined;
}

/** pastBackoffLimitOnFailure: container restarts of running pods reach backoffLimit (OnFailure only). */
function pastBackoffLimitOnFailure(job: KubeObject, pods: KubeObject[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const cs of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])] as Json[]) restarts += cs.restartCount ?? 0;
  }
  const limit: number = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** Removes a pod's finalizer, then deletes it (deleteJobPods: suspended or surplus pods). */
function deleteJobPod(s: Sync, pod: KubeObject): boolean {
  if (!removeFinalizer(s.ctx, pod)) return false;
  return deleteQuietly(s.ctx, s.job, pod);
}

/** manageJob: deletes surplus pods or creates missing ones (after the failure back-off). */
function manageJob(s: Sync): number {
  const { ctx, job, active } = s;
  let count = active.length;
  const parallelism: number = job.spec?.parallelism ?? 1;
  const remove = (pods: KubeObject[]) => {
    for (const p of pods) {
      if (!deleteJobPod(s, p)) continue;
      count--;
      s.terminating++;
      if (isPodReady(p)) s.ready--;
    }
    return count;
  };
  if (job.spec?.suspend === true) return remove(activePodsForRemoval(job, active, active.length));
  const completions: number | undefined = job.spec?.completions ?? undefined;
  let want: number;
  if (completions === undefined) want = s.succeeded > 0 ? count : parallelism;
  else want = Math.max(0, Math.min(parallelism, completions - s.succeeded));
  const surplus = activePodsForRemoval(job, active, Math.max(0, count - want));
  if (surplus.length) return remove(surplus);
  const terminating = job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy ? s.terminating : 0;
  let diff = want - terminating - count;
  if (diff <= 0) return count;
  const wait = remainingBackoff(s.backoff, ctx.now());
  if (wait > 0) {
    s.requeueAt = Math.min(s.requeueAt ?? Number.POSITIVE_INFINITY, ctx.now() + wait);
    return count;
  }
  const indexes = isIndexed(job) ? firstPendingIndexes(active, s.succeededIndexes, diff, completions ?? 0) : [];
  if (isIndexed(job)) diff = indexes.length;
  for (let i = 0; i < diff; i++) {
    try {
      createPod(ctx, job, newJobPod(job, isIndexed(job) ? indexes[i] : -1));
      count++;
    } catch (err) {
      // Slow start: after a failed create the rest waits for the next sync.
      if (isStatusError(err) && err.reason === 'Forbidden' && /being terminated/.test(err.message)) return count;
      throw err;
    }
  }
  return count;
}

/** cleanUncountedPodsWithoutFinalizers: uncounted pods whose finalizer is gone move to the counters. */
function cleanUncounted(status: Json, withFinalizer: Set<string>): boolean {
  let changed = false;
  const u = status.uncountedTerminatedPods;
  for (const [field, counter] of [
    ['succeeded', 'succeeded'],
    ['failed', 'failed'],
  ] as const) {
    const list = (u[field] ?? []) as string[];
    const keep = list.filter((uid) => withFinalizer.has(uid));
    if (keep.length === list.length) continue;
    changed = true;
    status[counter] = (status[counter] ?? 0) + list.length - keep.length;
    if (keep.length) u[field] = keep;
    else delete u[field];
  }
  return changed;
}

/**
 * trackJobStatusAndRemoveFinalizers: record finished pods in uncountedTerminatedPods (and the
 * interim condition), remove their finalizers, move them to the counters, then declare the
 * Job finished once nothing is uncounted or terminating.
 */
function trackStatusAndRemoveFinalizers(s: Sync, key: string, uncounted: { succeeded: Set<string>; failed: Set<string> }): void {
  const { ctx, job, status } = s;
  const now = ctx.now();
  const indexed = isIndexed(job);
  const completions: number = job.spec?.completions ?? 0;
  const withFinalizer = new Set(s.pods.filter(hasTrackingFinalizer).map((p) => p.metadata.uid ?? ''));
  cleanUncounted(status, withFinalizer);
  const release: KubeObject[] = [];
  const newIndexes: number[] = [];
  const u = status.uncountedTerminatedPods;
  const failing = s.finished !== undefined && s.finished.type !== 'SuccessCriteriaMet';
  for (const pod of s.pods) {
    if (!hasTrackingFinalizer(pod)) continue;
    const uid = pod.metadata.uid ?? '';
    const failed = isPodFailed(pod, job);
    if (!(job.metadata.deletionTimestamp || s.finished || pod.status?.phase === 'Succeeded' || failed)) continue;
    release.push(pod);
    if (pod.status?.phase === 'Succeeded' && !uncounted.failed.has(uid)) {
      if (indexed) {
        const ix = completionIndex(pod);
        if (ix >= 0 && ix < completions && !has(s.prevSucceededIndexes, ix)) newIndexes.push(ix);
      } else if (!uncounted.succeeded.has(uid)) {
        u.succeeded = [...(u.succeeded ?? []), uid];
      }
    } else if (failed || failing) {
      const ix = completionIndex(pod);
      if (!uncounted.failed.has(uid) && (!indexed || (ix >= 0 && ix < completions))) {
        if (matchPodFailurePolicy(job.spec?.podFailurePolicy, pod).count) u.failed = [...(u.failed ?? []), uid];
      }
    }
  }
  if (indexed) {
    s.succeededIndexes = withIndexes(s.succeededIndexes, newIndexes);
    status.succeeded = total(s.succeededIndexes);
    const text = formatIntervals(s.succeededIndexes);
    if (text) status.completedIndexes = text;
    else delete status.completedIndexes;
    if (!status.succeeded) delete status.succeeded;
  }
  let finished = s.finished;
  if (finished?.type === 'FailureTarget') {
    ensureCondition(status, finished, now);
    finished = { ...finished, type: 'Failed' };
  }
  if (finished?.type === 'SuccessCriteriaMet') {
    ensureCondition(status, finished, now);
    finished = { ...finished, type: 'Complete' };
  }
  let current = writeStatus(ctx, job, status);
  const records = backoffRecords(ctx);
  records.set(key, s.backoff);
  for (const pod of release) if (removeFinalizer(ctx, pod)) withFinalizer.delete(pod.metadata.uid ?? '');
  cleanUncounted(status, withFinalizer);
  // enactJobFinished: only once every finished pod is counted and none is still terminating.
  const done = finished !== undefined && !(u.succeeded?.length || u.failed?.length) && s.terminating === 0;
  if (done && finished) {
    ensureCondition(status, finished, now);
    if (finished.type === 'Complete') status.completionTime = rfc3339(now);
  }
  current = writeStatus(ctx, current, status);
  if (done && finished) {
    if (finished.type === 'Complete') {
      if (typeof job.spec?.completions === 'number' && (status.succeeded ?? 0) > job.spec.completions) {
        ctx.events.record({ component: ctx.manager }, current, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
      }
      ctx.events.record({ component: ctx.manager }, current, 'Normal', 'Completed', 'Job completed');
    } else {
      ctx.events.record({ component: ctx.manager }, current, 'Warning', finished.reason, finished.message);
    }
    records.delete(key);
  }
}

/** Writes the status when it differs from the object's (returns the object as stored). */
function writeStatus(ctx: ControllerContext, job: KubeObject, status: Json): KubeObject {
  if (JSON.stringify(status) === JSON.stringify(job.status ?? {})) return job;
  return ctx.mutate('batch', 'jobs', job, (j) => (j.status = structuredClone(status)), true);
}

export const jobController: Reconciler = {
  name: 'job-controller',
  primary: 'batch/jobs',
  watches: [
    {
      resource: '/pods',
      keys: (change, ctx) => {
        const keys = new Set<string>();
        for (const pod of [change.object, change.previous]) {
          if (!pod) continue;
          const ref = controllerRefOf(pod);
          if (ref?.kind === 'Job') keys.add(`${pod.metadata.namespace}/${ref.name}`);
          else if (!ref && change.type !== 'DELETED') {
            // An orphan: jobs whose selector matches may adopt it.
            for (const j of ctx.list('batch', 'jobs', pod.metadata.namespace)) {
              const sel = j.spec?.selector?.matchLabels ?? {};
              if (Object.keys(sel).length && Object.entries(sel).every(([k, v]) => pod.metadata.labels?.[k] === v)) keys.add(`${j.metadata.namespace}/${j.metadata.name}`);
            }
          }
        }
        return keys;
      },
    },
  ],
  reconcile: syncJob,
};
