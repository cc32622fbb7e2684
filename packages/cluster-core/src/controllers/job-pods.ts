/**
 * What the Job controller does with its pods (pkg/controller/job job_controller.go,
 * indexed_job_utils.go, backoff_utils.go, pod_failure_policy.go): the pod it creates for an
 * index, which pods count as failed, which active pods go first, the back-off before a failed
 * pod is replaced (10 s doubling, capped at 10 min), and the pod failure policy.
 */
import type { KubeObject } from '../api/object';
import type { Interval } from './job-indexes';
import { withIndexes } from './job-indexes';
import { deletionOrder, podFromTemplate } from './pod-utils';

// biome-ignore lint/suspicious/noExplicitAny: pod specs are free-form JSON
type Json = Record<string, any>;

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
const INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';
const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** names.MaxGeneratedNameLength: 63 minus the 5 random characters. */
const MAX_GENERATED_NAME = 58;
const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
const MAX_POD_FAILURE_BACKOFF_MS = 600_000;

export const hasTrackingFinalizer = (pod: KubeObject): boolean =>
  (pod.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);

export function isIndexed(job: KubeObject): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/** getCompletionIndex: the pod's index annotation, or -1. */
export function completionIndex(pod: KubeObject): number {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX];
  if (v === undefined || !/^\d+$/.test(v)) return -1;
  return Number(v);
}

/** onlyReplaceFailedPods: podReplacementPolicy Failed (the default with a podFailurePolicy). */
export function onlyReplaceFailedPods(job: KubeObject): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || Boolean(job.spec?.podFailurePolicy);
}

/** isPodFailed: Failed, or (unless only failed pods are replaced) deleted before it succeeded. */
export function isPodFailed(pod: KubeObject, job: KubeObject): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return Boolean(pod.metadata.deletionTimestamp) && pod.status?.phase !== 'Succeeded';
}

export function isTerminating(pod: KubeObject): boolean {
  return (
    Boolean(pod.metadata.deletionTimestamp) &&
    pod.status?.phase !== 'Failed' &&
    pod.status?.phase !== 'Succeeded'
  );
}

/**
 * The pod a Job creates (for `index` when Indexed): template, tracking finalizer, index
 * identity, and with backoffLimitPerIndex the failure counts carried over from `replaced`.
 */
export function newJobPod(job: KubeObject, index: number, replaced?: KubeObject): KubeObject {
  const name = job.metadata.name ?? '';
  let prefix = `${name}-`;
  if (index >= 0) {
    const suffix = `-${index}-`;
    prefix = `${name}${suffix}`;
    if (prefix.length > MAX_GENERATED_NAME)
      prefix = `${prefix.slice(0, MAX_GENERATED_NAME - suffix.length)}${suffix}`;
  }
  const pod = podFromTemplate(job, job.spec?.template, prefix);
  const finalizers = pod.metadata.finalizers ?? [];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER))
    pod.metadata.finalizers = [...finalizers, JOB_TRACKING_FINALIZER];
  if (index >= 0) {
    const env = {
      name: COMPLETION_INDEX_ENV,
      valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } },
    };
    for (const c of [
      ...(pod.spec.initContainers ?? []),
      ...(pod.spec.containers ?? []),
    ] as Json[]) {
      if (!((c.env ?? []) as Json[]).some((e) => e.name === COMPLETION_INDEX_ENV))
        c.env = [...(c.env ?? []), structuredClone(env)];
    }
    pod.metadata.annotations = {
      ...(pod.metadata.annotations ?? {}),
      [COMPLETION_INDEX]: String(index),
    };
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [COMPLETION_INDEX]: String(index) };
    pod.spec.hostname = `${name}-${index}`;
    if (hasBackoffLimitPerIndex(job)) {
      // getNewIndexFailureCounts
      let { failed, ignored } = replaced ? indexFailureCounts(replaced) : { failed: 0, ignored: 0 };
      if (replaced) {
        if (matchPodFailurePolicy(job.spec?.podFailurePolicy, replaced).count) failed++;
        else ignored++;
      }
      const annotations: Record<string, string> = {
        ...(pod.metadata.annotations ?? {}),
        [INDEX_FAILURE_COUNT]: String(failed),
      };
      if (ignored > 0) annotations[INDEX_IGNORED_FAILURE_COUNT] = String(ignored);
      pod.metadata.annotations = annotations;
    }
  }
  return pod;
}

export function hasBackoffLimitPerIndex(job: KubeObject): boolean {
  return isIndexed(job) && typeof job.spec?.backoffLimitPerIndex === 'number';
}

function annotationCount(pod: KubeObject, key: string): number {
  const v = pod.metadata.annotations?.[key];
  return v !== undefined && /^\d+$/.test(v) && Number(v) <= 2147483647 ? Number(v) : 0;
}

/** The index-failure-count and index-ignored-failure-count annotations of a pod. */
export function indexFailureCounts(pod: KubeObject): { failed: number; ignored: number } {
  return {
    failed: annotationCount(pod, INDEX_FAILURE_COUNT),
    ignored: annotationCount(pod, INDEX_IGNORED_FAILURE_COUNT),
  };
}

/** isIndexFailed: a FailIndex rule matched, or a counted failure past backoffLimitPerIndex. */
export function isIndexFailed(job: KubeObject, pod: KubeObject): boolean {
  if (!isPodFailed(pod, job)) return false;
  const match = matchPodFailurePolicy(job.spec?.podFailurePolicy, pod);
  if (match.failIndex) return true;
  return match.count && indexFailureCounts(pod).failed >= (job.spec?.backoffLimitPerIndex ?? 0);
}

/** The latest failed pod of each index (the one a replacement continues the count of). */
export function lastFailedPerIndex(job: KubeObject, pods: KubeObject[]): Map<number, KubeObject> {
  const out = new Map<number, KubeObject>();
  const absolute = (p: KubeObject) => indexFailureCounts(p).failed + indexFailureCounts(p).ignored;
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix < 0 || !isPodFailed(p, job)) continue;
    const last = out.get(ix);
    if (!last || (absolute(last) <= absolute(p) && finishedTime(p) >= finishedTime(last)))
      out.set(ix, p);
  }
  return out;
}

/** getRemainingTimePerIndex: the back-off of an index after the failure of `last`. */
export function remainingIndexBackoff(last: KubeObject | undefined, now: number): number {
  if (!last) return 0;
  return remainingBackoff(
    {
      failuresAfterLastSuccess: indexFailureCounts(last).failed + 1,
      lastFailureTime: finishedTime(last),
    },
    now,
  );
}

/** controller.ActivePods order: the pods to remove first come first. */
const byRemovalOrder = (pods: KubeObject[]) => deletionOrder(pods, () => 0);

/**
 * activePodsForRemoval: at least `atLeast` active pods, first (Indexed) those without a valid
 * index or repeating one, then in ActivePods order.
 */
export function activePodsForRemoval(
  job: KubeObject,
  active: KubeObject[],
  atLeast: number,
): KubeObject[] {
  const rm: KubeObject[] = [];
  let left = active;
  if (isIndexed(job)) {
    const completions: number = job.spec?.completions ?? 0;
    left = [];
    const byIndex = new Map<number, KubeObject[]>();
    for (const p of active) {
      const ix = completionIndex(p);
      if (ix < 0 || ix >= completions) rm.push(p);
      else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
    }
    for (const group of byIndex.values()) {
      const ordered = byRemovalOrder(group);
      rm.push(...ordered.slice(0, -1));
      left.push(ordered[ordered.length - 1]);
    }
  }
  if (rm.length < atLeast) rm.push(...byRemovalOrder(left).slice(0, atLeast - rm.length));
  return rm;
}

/** firstPendingIndexes: the lowest `count` indexes neither succeeded nor held by an active pod. */
export function firstPendingIndexes(
  active: KubeObject[],
  succeeded: Interval[],
  count: number,
  completions: number,
  failed: Interval[] = [],
): number[] {
  const failedList: number[] = [];
  for (const iv of failed) for (let i = iv.first; i <= iv.last; i++) failedList.push(i);
  const taken = withIndexes(succeeded, [
    ...active.map(completionIndex).filter((i) => i >= 0),
    ...failedList,
  ]);
  const out: number[] = [];
  let candidate = 0;
  for (const iv of taken) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++)
      out.push(candidate);
    candidate = Math.max(candidate, iv.last + 1);
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

/** getFinishedTime: containers' last finish, the Ready=False transition, the deletion, or creation. */
export function finishedTime(pod: KubeObject): number {
  let latest: number | undefined;
  const statuses = (pod.status?.containerStatuses ?? []) as Json[];
  if (statuses.length) {
    latest = 0;
    for (const cs of statuses) {
      const t = Date.parse(cs.state?.terminated?.finishedAt ?? '');
      if (Number.isNaN(t)) {
        latest = undefined;
        break;
      }
      latest = Math.max(latest, t);
    }
  }
  if (latest !== undefined) return latest;
  const ready = ((pod.status?.conditions ?? []) as Json[]).find((c) => c.type === 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime)
    return Date.parse(ready.lastTransitionTime);
  if (pod.metadata.deletionTimestamp)
    return (
      Date.parse(pod.metadata.deletionTimestamp) -
      (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000
    );
  return Date.parse(pod.metadata.creationTimestamp ?? '') || 0;
}

/** The controller's in-memory back-off record of a Job, as upstream's backoffStore keeps it. */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/** backoffStore.newBackoffRecord: the record after the pods that finished since the last sync. */
export function nextBackoffRecord(
  old: BackoffRecord,
  newSucceeded: KubeObject[],
  newFailed: KubeObject[],
): BackoffRecord {
  const failedTimes = newFailed.map(finishedTime).sort((a, b) => a - b);
  if (!newSucceeded.length) {
    if (!failedTimes.length) return old;
    return {
      failuresAfterLastSuccess: old.failuresAfterLastSuccess + failedTimes.length,
      lastFailureTime: failedTimes[failedTimes.length - 1],
    };
  }
  const lastSuccess = Math.max(...newSucceeded.map(finishedTime));
  const after = failedTimes.filter((t) => t > lastSuccess);
  return after.length
    ? { failuresAfterLastSuccess: after.length, lastFailureTime: after[after.length - 1] }
    : { failuresAfterLastSuccess: 0 };
}

/** getRemainingTimeForFailuresCount: how long pod creation still waits after failures. */
export function remainingBackoff(record: BackoffRecord, now: number): number {
  if (!record.failuresAfterLastSuccess || record.lastFailureTime === undefined) return 0;
  let backoff = DEFAULT_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= MAX_POD_FAILURE_BACKOFF_MS) {
      backoff = MAX_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = now - record.lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}

function exitCodeMatches(code: number, req: Json): boolean {
  const values = (req.values ?? []) as number[];
  if (req.operator === 'In') return values.includes(code);
  if (req.operator === 'NotIn') return !values.includes(code);
  return false;
}

function matchingContainer(statuses: Json[] | undefined, req: Json): Json | undefined {
  for (const cs of statuses ?? []) {
    const terminated = cs.state?.terminated;
    if (!terminated) continue;
    if (req.containerName && req.containerName !== cs.name) continue;
    if (terminated.exitCode !== 0 && exitCodeMatches(terminated.exitCode, req)) return cs;
  }
  return undefined;
}

export interface PolicyMatch {
  /** The FailJob message, when a FailJob rule matched. */
  failJob?: string;
  /** Whether the failure counts toward backoffLimit (not for Ignore rules). */
  count: boolean;
  /** A FailIndex rule matched. */
  failIndex?: boolean;
}

/** matchPodFailurePolicy for a failed pod. */
export function matchPodFailurePolicy(policy: Json | undefined, pod: KubeObject): PolicyMatch {
  if (!policy) return { count: true };
  const ns = pod.metadata.namespace;
  for (const [index, rule] of ((policy.rules ?? []) as Json[]).entries()) {
    let message: string | undefined;
    let matched = false;
    if (rule.onExitCodes) {
      const cs =
        matchingContainer(pod.status?.containerStatuses, rule.onExitCodes) ??
        matchingContainer(pod.status?.initContainerStatuses, rule.onExitCodes);
      if (cs) {
        matched = true;
        message = `Container ${cs.name} for pod ${ns}/${pod.metadata.name} failed with exit code ${cs.state.terminated.exitCode} matching ${rule.action} rule at index ${index}`;
      }
    } else if (rule.onPodConditions) {
      const patterns = rule.onPodConditions as Json[];
      const cond = ((pod.status?.conditions ?? []) as Json[]).find((c) =>
        patterns.some((p) => p.type === c.type && (p.status ?? 'True') === c.status),
      );
      if (cond) {
        matched = true;
        message = `Pod ${ns}/${pod.metadata.name} has condition ${cond.type} matching ${rule.action} rule at index ${index}`;
      }
    }
    if (!matched) continue;
    if (rule.action === 'Ignore') return { count: false };
    if (rule.action === 'Count') return { count: true };
    if (rule.action === 'FailJob') return { failJob: message, count: true };
    if (rule.action === 'FailIndex') return { failIndex: true, count: true };
  }
  return { count: true };
}
