/**
 * The CronJob controller (pkg/controller/cronjob cronjob_controllerv2.go): at each scheduled
 * time create the Job `<cronjob>-<unix minutes>` from the job template, honouring suspend,
 * concurrencyPolicy, startingDeadlineSeconds and time zones; track active jobs, the last
 * schedule and success times, and prune finished jobs beyond the history limits. The only
 * timer is the next scheduled time.
 */
import { deepEqual } from '../api/equality';
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import { type CronSchedule, nextActivation, parseCronSchedule } from '../registry/cron-schedule';
import type { ControllerContext } from './controller-context';
import { controllerRefOf, newControllerRef } from './controller-ref';
import { jobFinished } from './job';
import { type Reconciler, type Result, splitKey } from './reconciler';

// biome-ignore lint/suspicious/noExplicitAny: statuses are free-form JSON
type Json = Record<string, any>;

const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

function schedule(cj: KubeObject): CronSchedule | undefined {
  let spec: string = cj.spec?.schedule ?? '';
  const tz = cj.spec?.timeZone;
  if (tz && !/^(CRON_)?TZ=/.test(spec)) spec = `CRON_TZ=${tz} ${spec}`;
  const parsed = parseCronSchedule(spec);
  return typeof parsed === 'string' ? undefined : parsed;
}

/** The latest scheduled time in (earliest, now], and the next one after now. */
function scheduleTimes(s: CronSchedule, earliest: number, now: number): { recent?: number; next?: number; missed: number } {
  let recent: number | undefined;
  let missed = 0;
  let t = nextActivation(s, earliest);
  while (t !== undefined && t <= now && missed < 100_000) {
    recent = t;
    missed++;
    t = nextActivation(s, t);
  }
  return { recent, next: t, missed };
}

function jobCondition(job: KubeObject): string | undefined {
  return ((job.status?.conditions ?? []) as Json[]).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;
}

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

function deleteJob(ctx: ControllerContext, cj: KubeObject, job: KubeObject): void {
  try {
    ctx.delete('batch', 'jobs', job.metadata.namespace, job.metadata.name ?? '', { propagationPolicy: 'Background' });
    ctx.events.record({ component: ctx.manager }, cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
  } catch (err) {
    if (!isStatusError(err)) throw err;
  }
}

function pruneHistory(ctx: ControllerContext, cj: KubeObject, jobs: KubeObject[]): void {
  const byStart = (a: KubeObject, b: KubeObject) =>
    (Date.parse(a.status?.startTime ?? a.metadata.creationTimestamp ?? '') || 0) - (Date.parse(b.status?.startTime ?? b.metadata.creationTimestamp ?? '') || 0);
  for (const [type, limit] of [
    ['Complete', cj.spec?.successfulJobsHistoryLimit ?? 3],
    ['Failed', cj.spec?.failedJobsHistoryLimit ?? 1],
  ] as const) {
    const finished = jobs.filter((j) => jobCondition(j) === type && !j.metadata.deletionTimestamp).sort(byStart);
    for (const j of finished.slice(0, Math.max(0, finished.length - limit))) deleteJob(ctx, cj, j);
  }
}

function jobFor(cj: KubeObject, scheduled: number): KubeObject {
  const template: Json = structuredClone(cj.spec?.jobTemplate ?? {});
  const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cj.metadata.namespace,
      labels: template.metadata?.labels,
      annotations: { ...(template.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: rfc3339(scheduled) },
      ownerReferences: [newControllerRef(cj)],
    },
    spec: template.spec ?? {},
  };
  if (!job.metadata.labels) delete job.metadata.labels;
  return job;
}

function syncCronJob(key: string, ctx: ControllerContext): Result {
  const { namespace, name } = splitKey(key);
  const cj = ctx.get('batch', 'cronjobs', namespace, name);
  if (!cj || cj.metadata.deletionTimestamp) return;
  const now = ctx.now();
  const jobs = ctx.list('batch', 'jobs', namespace).filter((j) => controllerRefOf(j)?.uid === cj.metadata.uid);
  const status: Json = structuredClone(cj.status ?? {});
  const activeRefs: Json[] = [];
  for (const ref of (status.active ?? []) as Json[]) {
    const job = jobs.find((j) => j.metadata.uid === ref.uid);
    if (!job) continue;
    if (jobFinished(job)) {
      ctx.events.record({ component: ctx.manager }, cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${jobCondition(job)}`);
      if (jobCondition(job) === 'Complete') {
        const done = Date.parse(job.status?.completionTime ?? '');
        if (!Number.isNaN(done) && (!status.lastSuccessfulTime || Date.parse(status.lastSuccessfulTime) < done)) status.lastSuccessfulTime = job.status.completionTime;
      }
      continue;
    }
    activeRefs.push(ref);
  }
  // Jobs of ours that are running but not listed (e.g. created before a restart) are active too.
  for (const job of jobs) {
    if (!jobFinished(job) && !activeRefs.some((r) => r.uid === job.metadata.uid)) activeRefs.push(jobRef(job));
  }
  let requeueAt: number | undefined;
  const sched = schedule(cj);
  if (sched && !cj.spec?.suspend) {
    const earliest = Date.parse(status.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '') || now;
    const { recent, next } = scheduleTimes(sched, earliest, now);
    requeueAt = next;
    const deadline = cj.spec?.startingDeadlineSeconds;
    if (recent !== undefined) {
      const tooLate = typeof deadline === 'number' && recent + deadline * 1000 < now;
      const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
      if (tooLate) {
        ctx.events.record({ component: ctx.manager }, cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${new Date(recent).toUTCString().replace('GMT', '+0000')}`);
        status.lastScheduleTime = rfc3339(recent);
      } else if (policy === 'Forbid' && activeRefs.length) {
        ctx.events.record({ component: ctx.manager }, cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
        // Forbid waits for the running job and retries this schedule when it finishes.
        requeueAt = undefined;
      } else {
        if (policy === 'Replace') {
          for (const ref of activeRefs.splice(0)) {
            const job = jobs.find((j) => j.metadata.uid === ref.uid);
            if (job) deleteJob(ctx, cj, job);
          }
        }
        try {
          const created = ctx.create('batch', 'jobs', jobFor(cj, recent));
          ctx.events.record({ component: ctx.manager }, cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
          activeRefs.push(jobRef(created));
        } catch (err) {
          if (!isStatusError(err) || err.reason !== 'AlreadyExists') {
            ctx.events.record({ component: ctx.manager }, cj, 'Warning', 'FailedCreate', `Error creating job: ${err instanceof Error ? err.message : String(err)}`);
            throw err;
          }
        }
        status.lastScheduleTime = rfc3339(recent);
      }
    }
  }
  if (activeRefs.length) status.active = activeRefs;
  else delete status.active;
  if (!deepEqual(status, cj.status ?? {})) ctx.mutate('batch', 'cronjobs', cj, (o) => (o.status = status), true);
  pruneHistory(ctx, cj, ctx.list('batch', 'jobs', namespace).filter((j) => controllerRefOf(j)?.uid === cj.metadata.uid));
  return requeueAt !== undefined ? { requeueAfter: Math.max(0, requeueAt - now) } : undefined;
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
  reconcile: syncCronJob,
};
