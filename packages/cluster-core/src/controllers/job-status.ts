/**
 * The Job controller's status bookkeeping (pkg/controller/job job_controller.go
 * trackJobStatusAndRemoveFinalizers, enactJobFinished): finished pods go through
 * status.uncountedTerminatedPods before their tracking finalizer is removed and they are
 * counted, and the terminal condition (with its event) comes only once nothing is uncounted
 * or terminating. Also the conditions helpers and the in-memory back-off records.
 */
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import type { ControllerContext } from './controller-context';
import { formatIntervals, has, type Interval, total, withIndexes } from './job-indexes';
import {
  type BackoffRecord,
  completionIndex,
  hasTrackingFinalizer,
  isIndexed,
  isPodFailed,
  JOB_TRACKING_FINALIZER,
  matchPodFailurePolicy,
} from './job-pods';

// biome-ignore lint/suspicious/noExplicitAny: statuses are free-form JSON
type Json = Record<string, any>;

export const JOB_CONTROLLER = 'kubernetes.io/job-controller';

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

export function conditionOf(status: Json, type: string): Json | undefined {
  return ((status.conditions ?? []) as Json[]).find((c) => c.type === type);
}

export const isTrue = (status: Json, type: string) => conditionOf(status, type)?.status === 'True';

/** IsJobFinished: Complete or Failed is True. */
export function jobFinished(job: KubeObject): boolean {
  return isTrue(job.status ?? {}, 'Complete') || isTrue(job.status ?? {}, 'Failed');
}

export function newCondition(c: Condition, now: number): Json {
  const t = rfc3339(now);
  return {
    type: c.type,
    status: c.status,
    lastProbeTime: t,
    lastTransitionTime: t,
    reason: c.reason,
    message: c.message,
  };
}

/** ensureJobConditionStatus: whether the list changed. */
export function ensureCondition(status: Json, c: Condition, now: number): boolean {
  const list = (status.conditions ?? []) as Json[];
  const i = list.findIndex((x) => x.type === c.type);
  if (i >= 0) {
    const old = list[i];
    if (
      old.status === c.status &&
      (old.reason ?? '') === c.reason &&
      (old.message ?? '') === c.message
    )
      return false;
    status.conditions = list.map((x, j) => (j === i ? newCondition(c, now) : x));
    return true;
  }
  if (c.status === 'False') return false;
  status.conditions = [...list, newCondition(c, now)];
  return true;
}

export const failure = (reason: string, message: string): Condition => ({
  type: 'FailureTarget',
  status: 'True',
  reason,
  message,
});

export function backoffRecords(ctx: ControllerContext): Map<string, BackoffRecord> {
  return ctx.state.jobBackoff;
}

export function removeFinalizer(ctx: ControllerContext, pod: KubeObject): boolean {
  const current = ctx.get('', 'pods', pod.metadata.namespace, pod.metadata.name ?? '');
  if (!current || current.metadata.uid !== pod.metadata.uid || !hasTrackingFinalizer(current))
    return true;
  try {
    ctx.mutate('', 'pods', current, (p) => {
      p.metadata.finalizers = (p.metadata.finalizers ?? []).filter(
        (f) => f !== JOB_TRACKING_FINALIZER,
      );
      if (!p.metadata.finalizers.length) delete p.metadata.finalizers;
    });
    return true;
  } catch (err) {
    if (!isStatusError(err)) throw err;
    return err.code === 404;
  }
}

export interface Sync {
  ctx: ControllerContext;
  job: KubeObject;
  status: Json;
  pods: KubeObject[];
  active: KubeObject[];
  succeeded: number;
  prevSucceededIndexes: Interval[];
  succeededIndexes: Interval[];
  /** With backoffLimitPerIndex: the indexes that failed for good. */
  failedIndexes?: Interval[];
  backoff: BackoffRecord;
  finished?: Condition;
  terminating: number;
  ready: number;
  requeueAt?: number;
}

/** cleanUncountedPodsWithoutFinalizers: uncounted pods whose finalizer is gone move to the counters. */
export function cleanUncounted(status: Json, withFinalizer: Set<string>): boolean {
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
export function trackStatusAndRemoveFinalizers(
  s: Sync,
  key: string,
  uncounted: { succeeded: Set<string>; failed: Set<string> },
): void {
  const { ctx, job, status } = s;
  const now = ctx.now();
  const indexed = isIndexed(job);
  const completions: number = job.spec?.completions ?? 0;
  const withFinalizer = new Set(
    s.pods.filter(hasTrackingFinalizer).map((p) => p.metadata.uid ?? ''),
  );
  cleanUncounted(status, withFinalizer);
  const release: KubeObject[] = [];
  const newIndexes: number[] = [];
  const u = status.uncountedTerminatedPods;
  const failing = s.finished !== undefined && s.finished.type !== 'SuccessCriteriaMet';
  for (const pod of s.pods) {
    if (!hasTrackingFinalizer(pod)) continue;
    const uid = pod.metadata.uid ?? '';
    const failed = isPodFailed(pod, job);
    if (
      !(job.metadata.deletionTimestamp || s.finished || pod.status?.phase === 'Succeeded' || failed)
    )
      continue;
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
        if (matchPodFailurePolicy(job.spec?.podFailurePolicy, pod).count)
          u.failed = [...(u.failed ?? []), uid];
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
    if (s.failedIndexes) status.failedIndexes = formatIntervals(s.failedIndexes);
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
  for (const pod of release)
    if (removeFinalizer(ctx, pod)) withFinalizer.delete(pod.metadata.uid ?? '');
  cleanUncounted(status, withFinalizer);
  // enactJobFinished: only once every finished pod is counted and none is still terminating.
  const done =
    finished !== undefined && !(u.succeeded?.length || u.failed?.length) && s.terminating === 0;
  if (done && finished) {
    ensureCondition(status, finished, now);
    if (finished.type === 'Complete') status.completionTime = rfc3339(now);
  }
  current = writeStatus(ctx, current, status);
  if (done && finished) {
    if (finished.type === 'Complete') {
      if (
        typeof job.spec?.completions === 'number' &&
        (status.succeeded ?? 0) > job.spec.completions
      ) {
        ctx.events.record(
          { component: ctx.manager },
          current,
          'Warning',
          'TooManySucceededPods',
          'Too many succeeded pods running after completion count reached',
        );
      }
      ctx.events.record(
        { component: ctx.manager },
        current,
        'Normal',
        'Completed',
        'Job completed',
      );
    } else {
      ctx.events.record(
        { component: ctx.manager },
        current,
        'Warning',
        finished.reason,
        finished.message,
      );
    }
    records.delete(key);
  }
}

/** Writes the status when it differs from the object's (returns the object as stored). */
export function writeStatus(ctx: ControllerContext, job: KubeObject, status: Json): KubeObject {
  if (JSON.stringify(status) === JSON.stringify(job.status ?? {})) return job;
  return ctx.mutate('batch', 'jobs', job, (j) => (j.status = structuredClone(status)), true);
}
