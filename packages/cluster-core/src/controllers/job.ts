/**
 * The Job controller (pkg/controller/job job_controller.go) and the TTL-after-finished
 * controller: pods carry the `batch.kubernetes.io/job-tracking` finalizer until counted,
 * parallelism and completions (NonIndexed and Indexed), backoffLimit with the pod-failure
 * back-off, activeDeadlineSeconds, suspend, and the terminal conditions a 1.33 Job shows
 * (SuccessCriteriaMet then Complete; FailureTarget then Failed).
 */
import { deepEqual } from '../api/equality';
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import type { ControllerContext } from './controller-context';
import { claim, controllerRefOf } from './controller-ref';
import { createPod, deletePod, isPodReady, podFromTemplate } from './pod-utils';
import { type Reconciler, type Result, splitKey } from './reconciler';

// biome-ignore lint/suspicious/noExplicitAny: statuses are free-form JSON
type Json = Record<string, any>;

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
const INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
const DEFAULT_BACKOFF_MS = 10_000;
const MAX_BACKOFF_MS = 360_000;

function condition(type: string, reason: string, message: string, now: number): Json {
  const t = rfc3339(now);
  return { lastProbeTime: t, lastTransitionTime: t, message, reason, status: 'True', type };
}

function hasCondition(status: Json, type: string): boolean {
  return ((status.conditions ?? []) as Json[]).some((c) => c.type === type && c.status === 'True');
}

export function jobFinished(job: KubeObject): boolean {
  return hasCondition(job.status ?? {}, 'Complete') || hasCondition(job.status ?? {}, 'Failed');
}

function upsertCondition(status: Json, c: Json): void {
  const rest = ((status.conditions ?? []) as Json[]).filter((x) => x.type !== c.type);
  const old = ((status.conditions ?? []) as Json[]).find((x) => x.type === c.type);
  if (old && old.status === c.status && old.reason === c.reason) return;
  status.conditions = [...rest, c];
}

/** "0-2,4,6-7" from a set of indexes, as the controller formats completedIndexes. */
function formatIndexes(indexes: number[]): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return parts.join(',');
}

function parseIndexes(text: string | undefined): number[] {
  const out: number[] = [];
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    for (let i = a; i <= (b ?? a); i++) out.push(i);
  }
  return out;
}

const indexOf = (pod: KubeObject): number | undefined => {
  const v = pod.metadata.annotations?.[INDEX_ANNOTATION];
  return v === undefined ? undefined : Number(v);
};

function removeFinalizer(ctx: ControllerContext, pod: KubeObject): void {
  try {
    ctx.mutate('', 'pods', pod, (p) => {
      p.metadata.finalizers = (p.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
      if (!p.metadata.finalizers.length) delete p.metadata.finalizers;
    });
  } catch (err) {
    if (!isStatusError(err)) throw err;
  }
}

function newPod(job: KubeObject, index: number | undefined): KubeObject {
  const indexed = index !== undefined;
  const pod = podFromTemplate(job, job.spec?.template, indexed ? `${job.metadata.name}-${index}-` : `${job.metadata.name}-`);
  pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER];
  if (indexed) {
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [INDEX_ANNOTATION]: String(index) };
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [INDEX_ANNOTATION]: String(index) };
    pod.spec.hostname = `${job.metadata.name}-${index}`;
    const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.labels['${INDEX_ANNOTATION}']` } } };
    for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])] as Json[]) c.env = [...(c.env ?? []), env];
  }
  return pod;
}

function finishedAt(pod: KubeObject): number {
  let latest = 0;
  for (const cs of (pod.status?.containerStatuses ?? []) as Json[]) {
    const t = Date.parse(cs.state?.terminated?.finishedAt ?? cs.lastState?.terminated?.finishedAt ?? '');
    if (!Number.isNaN(t)) latest = Math.max(latest, t);
  }
  return latest || Date.parse(pod.metadata.deletionTimestamp ?? '') || 0;
}

function syncJob(key: string, ctx: ControllerContext): Result {
  const { namespace, name } = splitKey(key);
  const job = ctx.get('batch', 'jobs', namespace, name);
  if (!job) return;
  const now = ctx.now();
  const owned = claim(ctx, job, job.spec?.selector, ctx.list('', 'pods', namespace), { group: '', plural: 'pods' });
  const status: Json = structuredClone(job.status ?? {});
  const finished = jobFinished(job);
  // 1. Count terminated pods once, then let them go (uncountedTerminatedPods keeps this safe).
  const tracked = owned.filter((p) => (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER));
  const doneNow = tracked.filter((p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed' || p.metadata.deletionTimestamp);
  const indexed = job.spec?.completionMode === 'Indexed';
  let completed = parseIndexes(status.completedIndexes);
  const settled = finished || hasCondition(status, 'SuccessCriteriaMet') || hasCondition(status, 'FailureTarget');
  for (const p of finished ? [] : doneNow) {
    if (p.status?.phase === 'Succeeded') {
      const i = indexOf(p);
      if (indexed && i !== undefined) {
        if (!completed.includes(i)) status.succeeded = (status.succeeded ?? 0) + 1;
        completed.push(i);
      } else status.succeeded = (status.succeeded ?? 0) + 1;
    } else if (p.status?.phase === 'Failed' || !settled) status.failed = (status.failed ?? 0) + 1;
  }
  if (indexed) {
    completed = [...new Set(completed)];
    if (completed.length) status.completedIndexes = formatIndexes(completed);
  }
  const active = owned.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const terminating = owned.filter((p) => p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const completions: number | undefined = job.spec?.completions ?? undefined;
  const parallelism: number = job.spec?.parallelism ?? 1;
  const succeeded = status.succeeded ?? 0;
  const failed = status.failed ?? 0;
  const restarts = active.reduce(
    (n, p) => n + ((p.status?.containerStatuses ?? []) as Json[]).reduce((m, c) => m + (c.restartCount ?? 0), 0),
    0,
  );
  const suspended = job.spec?.suspend === true;
  let failure: { reason: string; message: string } | undefined;
  if (!finished && !hasCondition(status, 'SuccessCriteriaMet')) {
    if (failed + restarts > (job.spec?.backoffLimit ?? 6)) {
      failure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    } else if (
      typeof job.spec?.activeDeadlineSeconds === 'number' &&
      status.startTime &&
      !suspended &&
      Date.parse(status.startTime) + job.spec.activeDeadlineSeconds * 1000 <= now
    ) {
      failure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
    }
  }
  const complete = indexed ? completed.length >= (completions ?? 1) : completions !== undefined ? succeeded >= completions : succeeded > 0 && !active.length;
  let requeueAt: number | undefined;
  if (!finished) {
    if (!status.startTime && !suspended) status.startTime = rfc3339(now);
    if (failure || hasCondition(status, 'FailureTarget')) {
      const f: Json = failure ?? ((status.conditions ?? []) as Json[]).find((c) => c.type === 'FailureTarget') ?? {};
      if (!hasCondition(status, 'FailureTarget')) {
        upsertCondition(status, condition('FailureTarget', f.reason, f.message, now));
        ctx.events.record({ component: ctx.manager }, job, 'Warning', f.reason, f.message);
      }
      for (const p of active) deletePod(ctx, job, p);
      if (!active.length && !terminating.length) upsertCondition(status, condition('Failed', f.reason, f.message, now));
    } else if (complete) {
      if (!hasCondition(status, 'SuccessCriteriaMet')) {
        upsertCondition(status, condition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', now));
      }
      for (const p of active) deletePod(ctx, job, p);
      if (!active.length && !terminating.length) {
        upsertCondition(status, condition('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods', now));
        status.completionTime = rfc3339(now);
        ctx.events.record({ component: ctx.manager }, job, 'Normal', 'Completed', 'Job completed');
      }
    } else if (suspended) {
      for (const p of active) deletePod(ctx, job, p);
      if (!hasCondition(status, 'Suspended')) {
        upsertCondition(status, { ...condition('Suspended', 'JobSuspended', 'Job suspended', now) });
        ctx.events.record({ component: ctx.manager }, job, 'Normal', 'Suspended', 'Job suspended');
      }
    } else {
      if (hasCondition(status, 'Suspended')) {
        upsertCondition(status, { ...condition('Suspended', 'JobResumed', 'Job resumed', now), status: 'False' });
        ctx.events.record({ component: ctx.manager }, job, 'Normal', 'Resumed', 'Job resumed');
      }
      requeueAt = managePods(ctx, job, active, terminating, completed, { completions, parallelism, succeeded, failed, indexed, owned });
      if (typeof job.spec?.activeDeadlineSeconds === 'number' && status.startTime) {
        const deadline = Date.parse(status.startTime) + job.spec.activeDeadlineSeconds * 1000;
        requeueAt = Math.min(requeueAt ?? deadline, deadline);
      }
    }
  }
  const current = ctx.list('', 'pods', namespace).filter((p) => controllerRefOf(p)?.uid === job.metadata.uid);
  const live = current.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  if (live.length) status.active = live.length;
  else delete status.active;
  status.ready = live.filter(isPodReady).length;
  status.terminating = current.filter((p) => p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
  status.uncountedTerminatedPods = {};
  if (!deepEqual(status, job.status ?? {})) ctx.mutate('batch', 'jobs', job, (j) => (j.status = status), true);
  for (const p of doneNow) removeFinalizer(ctx, p);
  if (finished) for (const p of tracked) removeFinalizer(ctx, p);
  return requeueAt !== undefined ? { requeueAfter: Math.max(0, requeueAt - now) } : undefined;
}

interface Plan {
  completions?: number;
  parallelism: number;
  succeeded: number;
  failed: number;
  indexed: boolean;
  owned: KubeObject[];
}

/** Creates or deletes pods toward the wanted active count; returns when a back-off ends. */
function managePods(ctx: ControllerContext, job: KubeObject, active: KubeObject[], terminating: KubeObject[], completed: number[], plan: Plan): number | undefined {
  const now = ctx.now();
  let wanted = plan.completions === undefined ? (plan.succeeded > 0 ? 0 : plan.parallelism) : Math.min(plan.parallelism, plan.completions - (plan.indexed ? completed.length : plan.succeeded));
  wanted = Math.max(0, wanted);
  if (active.length > wanted) {
    for (const p of active.slice(wanted)) deletePod(ctx, job, p);
    return undefined;
  }
  // Pod failures delay new pods: 10s doubling up to 6 min after the last failure.
  if (plan.failed > 0) {
    const lastFailure = Math.max(0, ...plan.owned.filter((p) => p.status?.phase === 'Failed' || p.metadata.deletionTimestamp).map(finishedAt));
    const delay = Math.min(DEFAULT_BACKOFF_MS * 2 ** (plan.failed - 1), MAX_BACKOFF_MS);
    if (lastFailure && lastFailure + delay > now) return lastFailure + delay;
  }
  if (job.spec?.podReplacementPolicy === 'Failed' && terminating.length) return undefined;
  const missing = wanted - active.length;
  if (missing <= 0) return undefined;
  if (plan.indexed) {
    const taken = new Set([...completed, ...active.map(indexOf).filter((i): i is number => i !== undefined)]);
    let created = 0;
    for (let i = 0; i < (plan.completions ?? 1) && created < missing; i++) {
      if (taken.has(i)) continue;
      createPod(ctx, job, newPod(job, i));
      created++;
    }
  } else {
    for (let i = 0; i < missing; i++) createPod(ctx, job, newPod(job, undefined));
  }
  return undefined;
}

/** When a finished job with ttlSecondsAfterFinished is due for deletion. */
function ttlDue(job: KubeObject): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (typeof ttl !== 'number' || !jobFinished(job)) return undefined;
  const done = ((job.status?.conditions ?? []) as Json[]).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  const at = Date.parse(done?.lastTransitionTime ?? '');
  return Number.isNaN(at) ? undefined : at + ttl * 1000;
}

export const jobController: Reconciler = {
  name: 'job-controller',
  primary: 'batch/jobs',
  watches: [
    {
      resource: '/pods',
      keys: (change) => {
        const ref = controllerRefOf(change.object);
        return ref?.kind === 'Job' ? [`${change.object.metadata.namespace}/${ref.name}`] : [];
      },
    },
  ],
  reconcile: syncJob,
};

/** The TTL-after-finished controller: deletes finished jobs once their TTL has passed. */
export const ttlAfterFinishedController: Reconciler = {
  name: 'ttl-after-finished-controller',
  primary: 'batch/jobs',
  reconcile(key, ctx) {
    const { namespace, name } = splitKey(key);
    const job = ctx.get('batch', 'jobs', namespace, name);
    if (!job || job.metadata.deletionTimestamp) return;
    const due = ttlDue(job);
    if (due === undefined) return;
    if (due > ctx.now()) return { requeueAfter: due - ctx.now() };
    try {
      ctx.delete('batch', 'jobs', namespace, name, { propagationPolicy: 'Foreground', preconditions: { uid: job.metadata.uid } });
    } catch (err) {
      if (!isStatusError(err)) throw err;
    }
  },
};
