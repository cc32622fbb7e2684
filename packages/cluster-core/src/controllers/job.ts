/**
 * The Job controller (pkg/controller/job job_controller.go, as of 1.33): pods carry the
 * `batch.kubernetes.io/job-tracking` finalizer until they are counted through
 * status.uncountedTerminatedPods (job-status.ts); parallelism and completions (NonIndexed
 * and Indexed, with successPolicy and backoffLimitPerIndex), backoffLimit with the pod-failure
 * back-off, podFailurePolicy, activeDeadlineSeconds and suspend; the interim
 * SuccessCriteriaMet / FailureTarget conditions come first, Complete / Failed once no pod is
 * left terminating.
 */
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import type { ControllerContext } from './controller-context';
import { claim, controllerRefOf } from './controller-ref';
import { has, matchSuccessPolicy, parseIndexes, total, withIndexes } from './job-indexes';
import {
  activePodsForRemoval,
  completionIndex,
  firstPendingIndexes,
  hasBackoffLimitPerIndex,
  hasTrackingFinalizer,
  isIndexed,
  isIndexFailed,
  isPodFailed,
  isTerminating,
  lastFailedPerIndex,
  matchPodFailurePolicy,
  newJobPod,
  nextBackoffRecord,
  remainingBackoff,
  remainingIndexBackoff,
} from './job-pods';
import {
  backoffRecords,
  conditionOf,
  ensureCondition,
  failure,
  JOB_CONTROLLER,
  jobFinished,
  removeFinalizer,
  type Sync,
  trackStatusAndRemoveFinalizers,
} from './job-status';
import { createPod, isActive, isPodReady } from './pod-utils';
import { type Reconciler, type Result, splitKey } from './reconciler';

export { JOB_TRACKING_FINALIZER } from './job-pods';
export { jobFinished } from './job-status';
// index.ts registers both controllers of Jobs from here.
export { ttlAfterFinishedController } from './ttl-after-finished';

// biome-ignore lint/suspicious/noExplicitAny: statuses are free-form JSON
type Json = Record<string, any>;

function deleteQuietly(ctx: ControllerContext, job: KubeObject, pod: KubeObject): boolean {
  try {
    ctx.delete('', 'pods', pod.metadata.namespace, pod.metadata.name ?? '', {
      preconditions: { uid: pod.metadata.uid },
    });
    ctx.events.record(
      { component: ctx.manager },
      job,
      'Normal',
      'SuccessfulDelete',
      `Deleted pod: ${pod.metadata.name}`,
    );
    return true;
  } catch (err) {
    if (!isStatusError(err)) throw err;
    if (err.code === 404) return true;
    ctx.events.record(
      { component: ctx.manager },
      job,
      'Warning',
      'FailedDelete',
      `Error deleting: ${err.message}`,
    );
    return false;
  }
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
  const uncounted = {
    succeeded: new Set<string>(status.uncountedTerminatedPods.succeeded ?? []),
    failed: new Set<string>(status.uncountedTerminatedPods.failed ?? []),
  };
  const pods = claim(ctx, job, job.spec?.selector, ctx.list('', 'pods', namespace), {
    group: '',
    plural: 'pods',
  });
  const active = pods.filter(isActive);
  const indexed = isIndexed(job);
  const completions: number | undefined = job.spec?.completions ?? undefined;
  const validIndex = (p: KubeObject) =>
    !indexed || (completionIndex(p) >= 0 && completionIndex(p) < (completions ?? 0));
  const fresh = (p: KubeObject) =>
    hasTrackingFinalizer(p) &&
    !uncounted.succeeded.has(p.metadata.uid ?? '') &&
    !uncounted.failed.has(p.metadata.uid ?? '') &&
    validIndex(p);
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
    backoff: nextBackoffRecord(
      records.get(key) ?? { failuresAfterLastSuccess: 0 },
      newSucceeded,
      newFailed,
    ),
    terminating: pods.filter(isTerminating).length,
    ready: active.filter(isPodReady).length,
  };
  const suspended = job.spec?.suspend === true;
  if (!status.startTime && !suspended) status.startTime = rfc3339(now);

  const criteria = conditionOf(status, 'SuccessCriteriaMet');
  if (criteria?.status === 'True')
    s.finished = {
      type: 'SuccessCriteriaMet',
      status: 'True',
      reason: criteria.reason ?? '',
      message: criteria.message ?? '',
    };
  if (!s.finished) {
    const target = conditionOf(status, 'FailureTarget');
    if (target?.status === 'True')
      s.finished = {
        type: 'Failed',
        status: 'True',
        reason: target.reason ?? '',
        message: target.message ?? '',
      };
    else if (policy) {
      const message = pods
        .filter((p) => isPodFailed(p, job))
        .map((p) => matchPodFailurePolicy(policy, p).failJob)
        .find(Boolean);
      if (message) s.finished = failure('PodFailurePolicy', message);
    }
  }
  if (!s.finished) {
    const deadline = job.spec?.activeDeadlineSeconds;
    const startedAt = Date.parse(status.startTime ?? '');
    if (failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
      s.finished = failure('BackoffLimitExceeded', 'Job has reached the specified backoff limit');
    } else if (
      typeof deadline === 'number' &&
      !suspended &&
      !Number.isNaN(startedAt) &&
      now - startedAt >= deadline * 1000
    ) {
      s.finished = failure('DeadlineExceeded', 'Job was active longer than specified deadline');
    } else if (typeof deadline === 'number' && !suspended && !Number.isNaN(startedAt)) {
      s.requeueAt = startedAt + deadline * 1000;
    }
  }
  if (indexed) {
    s.prevSucceededIndexes = parseIndexes(status.completedIndexes, completions ?? 0);
    s.succeededIndexes = withIndexes(
      s.prevSucceededIndexes,
      pods
        .filter((p) => p.status?.phase === 'Succeeded' && validIndex(p) && hasTrackingFinalizer(p))
        .map(completionIndex),
    );
    s.succeeded = total(s.succeededIndexes);
    if (hasBackoffLimitPerIndex(job)) {
      const prev = parseIndexes(status.failedIndexes, completions ?? 0);
      // calculateFailedIndexes: failed pods not counted yet (still holding the finalizer).
      const fresh = pods
        .filter(
          (p) =>
            validIndex(p) &&
            hasTrackingFinalizer(p) &&
            isIndexFailed(job, p) &&
            !has(prev, completionIndex(p)),
        )
        .map(completionIndex);
      s.failedIndexes = withIndexes(prev, fresh);
      const failedCount = total(s.failedIndexes);
      if (
        !s.finished &&
        typeof job.spec?.maxFailedIndexes === 'number' &&
        failedCount > job.spec.maxFailedIndexes
      ) {
        s.finished = failure(
          'MaxFailedIndexesExceeded',
          'Job has exceeded the specified maximal number of failed indexes',
        );
      } else if (
        !s.finished &&
        failedCount > 0 &&
        failedCount + total(s.succeededIndexes) >= (completions ?? 0)
      ) {
        s.finished = failure('FailedIndexes', 'Job has failed indexes');
      }
    }
    if (!s.finished) {
      const met = matchSuccessPolicy(job.spec?.successPolicy, completions ?? 0, s.succeededIndexes);
      if (met)
        s.finished = {
          type: 'SuccessCriteriaMet',
          status: 'True',
          reason: 'SuccessPolicy',
          message: met,
        };
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
    const complete =
      completions === undefined
        ? s.succeeded > 0 && activeCount === 0
        : s.succeeded >= completions && activeCount === 0;
    if (complete) {
      s.finished = {
        type: 'SuccessCriteriaMet',
        status: 'True',
        reason: 'CompletionsReached',
        message: 'Reached expected number of succeeded pods',
      };
    } else if (!job.metadata.deletionTimestamp) {
      if (suspended) {
        if (
          ensureCondition(
            status,
            { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' },
            now,
          )
        ) {
          ctx.events.record(
            { component: ctx.manager },
            job,
            'Normal',
            'Suspended',
            'Job suspended',
          );
        }
      } else if (
        ensureCondition(
          status,
          { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' },
          now,
        )
      ) {
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
  return at !== undefined && !jobFinished(ctx.get('batch', 'jobs', namespace, name) ?? job)
    ? { requeueAfter: Math.max(0, at - now) }
    : undefined;
}

/** pastBackoffLimitOnFailure: container restarts of running pods reach backoffLimit (OnFailure only). */
function pastBackoffLimitOnFailure(job: KubeObject, pods: KubeObject[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const cs of [
      ...(p.status?.initContainerStatuses ?? []),
      ...(p.status?.containerStatuses ?? []),
    ] as Json[])
      restarts += cs.restartCount ?? 0;
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
  const terminating =
    job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy ? s.terminating : 0;
  let diff = want - terminating - count;
  if (diff <= 0) return count;
  const perIndex = hasBackoffLimitPerIndex(job);
  const wait = perIndex ? 0 : remainingBackoff(s.backoff, ctx.now());
  if (wait > 0) {
    s.requeueAt = Math.min(s.requeueAt ?? Number.POSITIVE_INFINITY, ctx.now() + wait);
    return count;
  }
  let indexes = isIndexed(job)
    ? firstPendingIndexes(active, s.succeededIndexes, diff, completions ?? 0, s.failedIndexes)
    : [];
  const lastFailed = perIndex ? lastFailedPerIndex(job, s.pods) : new Map<number, KubeObject>();
  if (perIndex) {
    // getPodCreationInfoForIndependentIndexes: each index waits out its own back-off.
    const waits = indexes.map((i) => remainingIndexBackoff(lastFailed.get(i), ctx.now()));
    const ready = indexes.filter((_, k) => waits[k] === 0);
    if (!ready.length && indexes.length) {
      s.requeueAt = Math.min(
        s.requeueAt ?? Number.POSITIVE_INFINITY,
        ctx.now() + Math.min(...waits),
      );
      return count;
    }
    indexes = ready;
  }
  if (isIndexed(job)) diff = indexes.length;
  for (let i = 0; i < diff; i++) {
    try {
      const index = isIndexed(job) ? indexes[i] : -1;
      createPod(ctx, job, newJobPod(job, index, lastFailed.get(index)));
      count++;
    } catch (err) {
      // Slow start: after a failed create the rest waits for the next sync.
      if (isStatusError(err) && err.reason === 'Forbidden' && /being terminated/.test(err.message))
        return count;
      throw err;
    }
  }
  return count;
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
              if (
                Object.keys(sel).length &&
                Object.entries(sel).every(([k, v]) => pod.metadata.labels?.[k] === v)
              )
                keys.add(`${j.metadata.namespace}/${j.metadata.name}`);
            }
          }
        }
        return keys;
      },
    },
  ],
  reconcile: syncJob,
};
