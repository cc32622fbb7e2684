/**
 * The CronJob controller (pkg/controller/cronjob cronjob_controllerv2.go and utils.go, 1.33):
 * at each scheduled time create the Job `<cronjob>-<unix minutes>` from the job template
 * (with the scheduled-timestamp annotation in the CronJob's time zone), honouring suspend,
 * concurrencyPolicy, startingDeadlineSeconds and time zones; track active jobs, the last
 * schedule and success times, and prune finished jobs beyond the history limits. The only
 * timer is the next scheduled time (plus upstream's 100 ms of slack).
 */
import { deepEqual } from '../api/equality';
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { zoneOffsetMinutes } from '../api/time-zone';
import { rfc3339 } from '../clock';
import { type CronSchedule, nextActivation, parseCronSchedule } from '../registry/cron-schedule';
import type { ControllerContext } from './controller-context';
import { controllerRefOf, newControllerRef } from './controller-ref';
import { jobFinished } from './job';
import { type Reconciler, type Result, splitKey } from './reconciler';

// biome-ignore lint/suspicious/noExplicitAny: statuses are free-form JSON
type Json = Record<string, any>;

const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** nextScheduleDelta: requeues land this long after the scheduled time. */
const NEXT_SCHEDULE_DELTA_MS = 100;
const TOO_MANY_MISSED = 100;

function event(
  ctx: ControllerContext,
  cj: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): void {
  ctx.events.record({ component: ctx.manager }, cj, type, reason, message);
}

/** formatSchedule + cron.ParseStandard: spec.timeZone becomes a TZ= prefix unless the schedule has one. */
function parseSchedule(ctx: ControllerContext, cj: KubeObject): CronSchedule | undefined {
  const raw: string = cj.spec?.schedule ?? '';
  let spec = raw;
  if (raw.includes('TZ')) {
    event(
      ctx,
      cj,
      'Warning',
      'UnsupportedSchedule',
      `CRON_TZ or TZ used in schedule ${JSON.stringify(raw)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
    );
  } else if (cj.spec?.timeZone) {
    spec = `TZ=${cj.spec.timeZone} ${raw}`;
  }
  const parsed = parseCronSchedule(spec);
  if (typeof parsed === 'string') {
    event(
      ctx,
      cj,
      'Warning',
      'UnparseableSchedule',
      `unparseable schedule: ${JSON.stringify(raw)} : ${parsed}`,
    );
    return undefined;
  }
  return parsed;
}

/** time.Time.In(zone).Format(time.RFC3339): `Z` in UTC, the zone's offset elsewhere. */
function rfc3339In(timeZone: string | undefined, at: number): string {
  const offset = zoneOffsetMinutes(timeZone, at);
  if (!offset) return rfc3339(at);
  const local = rfc3339(at + offset * 60_000).slice(0, -1);
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

interface Recent {
  earliest: number;
  mostRecent?: number;
  missed: number;
}

/**
 * mostRecentScheduleTime: the latest scheduled time in (earliest, now], and roughly how many
 * slots were missed (upstream estimates from the gap between the first two slots).
 */
function mostRecentScheduleTime(
  cj: KubeObject,
  now: number,
  sched: CronSchedule,
  withDeadline: boolean,
): Recent {
  let earliest =
    Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '') || now;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (withDeadline && typeof deadline === 'number')
    earliest = Math.max(earliest, now - deadline * 1000);
  const t1 = nextActivation(sched, earliest);
  if (t1 === undefined || now < t1) return { earliest, missed: 0 };
  const t2 = nextActivation(sched, t1);
  if (t2 === undefined || now < t2) return { earliest, mostRecent: t1, missed: 0 };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliest, missed: 0 };
  const missed = Math.floor((now - t1) / 1000 / between) + 1;
  let mostRecent: number | undefined;
  const from = t1 + (missed - 2) * between * 1000;
  for (
    let t = nextActivation(sched, from);
    t !== undefined && t <= now;
    t = nextActivation(sched, t)
  )
    mostRecent = t;
  return { earliest, mostRecent, missed };
}

/** nextScheduleTimeDuration: when to look again (the slot after the latest one due, +100 ms). */
function nextRequeue(cj: KubeObject, now: number, sched: CronSchedule): number | undefined {
  const { earliest, mostRecent, missed } = mostRecentScheduleTime(cj, now, sched, false);
  const from = mostRecent ?? (missed ? now : earliest);
  const next = nextActivation(sched, from);
  return next === undefined ? undefined : next + NEXT_SCHEDULE_DELTA_MS - now;
}

function finishedType(job: KubeObject): string | undefined {
  return ((job.status?.conditions ?? []) as Json[]).find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  )?.type;
}

/** ref.GetReference of a Job. */
function jobRef(job: KubeObject): Json {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    name: job.metadata.name,
    namespace: job.metadata.namespace,
    resourceVersion: job.metadata.resourceVersion,
    uid: job.metadata.uid,
  };
}

/** deleteJob: background deletion, dropped from the active list, SuccessfulDelete. */
function deleteJob(ctx: ControllerContext, cj: KubeObject, status: Json, job: KubeObject): boolean {
  try {
    ctx.delete('batch', 'jobs', job.metadata.namespace, job.metadata.name ?? '', {
      propagationPolicy: 'Background',
    });
  } catch (err) {
    if (!isStatusError(err)) throw err;
    event(ctx, cj, 'Warning', 'FailedDelete', `Deleted job: ${err.message}`);
    return false;
  }
  status.active = ((status.active ?? []) as Json[]).filter((r) => r.uid !== job.metadata.uid);
  event(ctx, cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
  return true;
}

/** byJobStartTime: oldest start first, jobs not started last, names break ties. */
function byStartTime(a: KubeObject, b: KubeObject): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (!sa || !sb) return sa ? -1 : sb ? 1 : 0;
  return (
    Date.parse(sa) - Date.parse(sb) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')
  );
}

/** cleanupFinishedJobs: the oldest finished jobs beyond each history limit go. */
function cleanupFinishedJobs(
  ctx: ControllerContext,
  cj: KubeObject,
  status: Json,
  jobs: KubeObject[],
): void {
  for (const [type, limit] of [
    ['Complete', cj.spec?.successfulJobsHistoryLimit],
    ['Failed', cj.spec?.failedJobsHistoryLimit],
  ] as const) {
    if (typeof limit !== 'number') continue;
    const finished = jobs.filter((j) => finishedType(j) === type).sort(byStartTime);
    for (const j of finished.slice(0, Math.max(0, finished.length - limit)))
      deleteJob(ctx, cj, status, j);
  }
}

/** getJobFromTemplate2 */
function jobFor(cj: KubeObject, scheduled: number): KubeObject {
  const template: Json = structuredClone(cj.spec?.jobTemplate ?? {});
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`,
      namespace: cj.metadata.namespace,
      annotations: {
        ...(template.metadata?.annotations ?? {}),
        [SCHEDULED_TIMESTAMP]: rfc3339In(cj.spec?.timeZone, scheduled),
      },
      ownerReferences: [newControllerRef(cj)],
    },
    spec: template.spec ?? {},
  };
  if (template.metadata?.labels) job.metadata.labels = { ...template.metadata.labels };
  return job;
}

/** syncCronJob: the status bookkeeping, then at most one job for the most recent missed slot. */
function syncCronJob(
  ctx: ControllerContext,
  cj: KubeObject,
  status: Json,
  jobs: KubeObject[],
): number | undefined {
  const now = ctx.now();
  const inActive = (uid: string | undefined) =>
    ((status.active ?? []) as Json[]).some((r) => r.uid === uid);
  for (const j of jobs) {
    const found = inActive(j.metadata.uid);
    if (!found && !jobFinished(j)) {
      // Not ours to count: a job the controller did not create (e.g. kubectl create job --from).
      event(
        ctx,
        cj,
        'Warning',
        'UnexpectedJob',
        `Saw a job that the controller did not create or forgot: ${j.metadata.name}`,
      );
    } else if (found && jobFinished(j)) {
      status.active = ((status.active ?? []) as Json[]).filter((r) => r.uid !== j.metadata.uid);
      event(
        ctx,
        cj,
        'Normal',
        'SawCompletedJob',
        `Saw completed job: ${j.metadata.name}, status: ${finishedType(j)}`,
      );
    } else if (finishedType(j) === 'Complete' && j.status?.completionTime) {
      const done = Date.parse(j.status.completionTime);
      if (!status.lastSuccessfulTime || done > Date.parse(status.lastSuccessfulTime))
        status.lastSuccessfulTime = j.status.completionTime;
    }
  }
  for (const ref of [...((status.active ?? []) as Json[])]) {
    if (jobs.some((j) => j.metadata.uid === ref.uid)) continue;
    if (ctx.get('batch', 'jobs', ref.namespace, ref.name)?.metadata.uid === ref.uid) continue;
    event(ctx, cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
    status.active = ((status.active ?? []) as Json[]).filter((r) => r.uid !== ref.uid);
  }
  if (cj.metadata.deletionTimestamp || cj.spec?.suspend === true) return undefined;
  const sched = parseSchedule(ctx, cj);
  if (!sched) return undefined;
  const view = { ...cj, status };
  const { mostRecent: scheduled, missed } = mostRecentScheduleTime(view, now, sched, true);
  if (scheduled === undefined) return nextRequeue(view, now, sched);
  if (missed > TOO_MANY_MISSED) {
    event(
      ctx,
      cj,
      'Warning',
      'TooManyMissedTimes',
      'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
    );
  }
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (typeof deadline === 'number' && scheduled + deadline * 1000 < now) {
    event(
      ctx,
      cj,
      'Warning',
      'MissSchedule',
      `Missed scheduled time to start a job: ${new Date(scheduled).toUTCString().replace('GMT', '+0000')}`,
    );
    return nextRequeue(view, now, sched);
  }
  const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
  if (
    ((status.active ?? []) as Json[]).some((r) => r.name === name) ||
    (status.lastScheduleTime && Date.parse(status.lastScheduleTime) === scheduled)
  ) {
    return nextRequeue(view, now, sched);
  }
  const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && (status.active ?? []).length) {
    event(
      ctx,
      cj,
      'Normal',
      'JobAlreadyActive',
      'Not starting job because prior execution is running and concurrency policy is Forbid',
    );
    return nextRequeue(view, now, sched);
  }
  if (policy === 'Replace') {
    for (const ref of [...((status.active ?? []) as Json[])]) {
      const job = ctx.get('batch', 'jobs', ref.namespace, ref.name);
      if (!job) {
        event(ctx, cj, 'Warning', 'FailedGet', `Get job: jobs.batch "${ref.name}" not found`);
        throw new Error(`job ${ref.namespace}/${ref.name} not found`);
      }
      if (!deleteJob(ctx, cj, status, job))
        throw new Error(`could not replace job ${ref.namespace}/${ref.name}`);
    }
  }
  let created: KubeObject;
  try {
    created = ctx.create('batch', 'jobs', jobFor(cj, scheduled));
    event(ctx, cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
  } catch (err) {
    if (!isStatusError(err) || err.reason !== 'AlreadyExists') {
      const terminating = isStatusError(err) && /being terminated/.test(err.message);
      if (!terminating)
        event(
          ctx,
          cj,
          'Warning',
          'FailedCreate',
          `Error creating job: ${err instanceof Error ? err.message : String(err)}`,
        );
      throw err;
    }
    // Created before the status said so: adopt it into the active list if it is ours.
    const existing = ctx.get('batch', 'jobs', cj.metadata.namespace, name);
    if (
      !existing ||
      controllerRefOf(existing)?.uid !== cj.metadata.uid ||
      inActive(existing.metadata.uid)
    )
      return undefined;
    created = existing;
  }
  status.active = [...((status.active ?? []) as Json[]), jobRef(created)];
  status.lastScheduleTime = rfc3339(scheduled);
  return nextRequeue({ ...cj, status }, now, sched);
}

function reconcile(key: string, ctx: ControllerContext): Result {
  const { namespace, name } = splitKey(key);
  const cj = ctx.get('batch', 'cronjobs', namespace, name);
  if (!cj) return;
  const jobs = ctx
    .list('batch', 'jobs', namespace)
    .filter((j) => controllerRefOf(j)?.uid === cj.metadata.uid);
  const status: Json = structuredClone(cj.status ?? {});
  let requeue: number | undefined;
  let failure: unknown;
  try {
    requeue = syncCronJob(ctx, cj, status, jobs);
  } catch (err) {
    failure = err;
  }
  if (!status.active?.length) delete status.active;
  if (!deepEqual(status, cj.status ?? {}))
    ctx.mutate('batch', 'cronjobs', cj, (o) => (o.status = status), true);
  if (failure) throw failure;
  if (!cj.metadata.deletionTimestamp) {
    const cleanup = structuredClone(status);
    cleanupFinishedJobs(
      ctx,
      cj,
      cleanup,
      ctx
        .list('batch', 'jobs', namespace)
        .filter((j) => controllerRefOf(j)?.uid === cj.metadata.uid),
    );
  }
  return requeue !== undefined ? { requeueAfter: Math.max(0, requeue) } : undefined;
}

export const cronJobController: Reconciler = {
  name: 'cronjob-controller',
  primary: 'batch/cronjobs',
  watches: [
    {
      resource: 'batch/jobs',
      keys: (change) => {
        const ref = controllerRefOf(change.object);
        return ref?.kind === 'CronJob' ? [`${change.object.metadata.namespace}/${ref.name}`] : [];
      },
    },
  ],
  reconcile,
};
