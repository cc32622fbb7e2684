/**
 * batch/v1 CronJob: SetDefaults_CronJob, pkg/registry/batch/cronjob/strategy.go,
 * validateCronJobSpec (schedule via the robfig/cron grammar, timeZone, job template) and
 * printers.go printCronJob.
 */
import { type FieldError, invalidValue, notSupported, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { parseCronSchedule } from './cron-schedule';
import { invalidLiteral } from './go-literal';
import { goLabelSelector } from './go-values';
import { validateJobSpec } from './job-spec';
import { templateWideCells, templateWideColumns } from './pod-printing';
import { defaultPodTemplate } from './pod-spec-defaults';
import { AGE_COLUMN, age, formatLabelSelector, NAME_COLUMN, since } from './printing';
import { isObj, isSet, type Obj, objs, specOf, str } from './spec-access';
import type { ResourceDefinition } from './types';
import { nonNegative } from './workload-validation';
import { dnsLabelNameWarning, templateWarnings } from './workload-warnings';

/** The cronjob controller appends an 11-character suffix to job names (63 - 11). */
const MAX_NAME_LENGTH = 52;
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** SetDefaults_CronJob plus the pod template defaults inside the job template. */
function defaultCronJob(obj: KubeObject): void {
  const spec = specOf(obj);
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  if (!isSet(spec.suspend)) spec.suspend = false;
  if (!isSet(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (!isSet(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
  if (!isObj(spec.jobTemplate)) spec.jobTemplate = {};
  const jt = spec.jobTemplate;
  if (!isObj(jt.metadata)) jt.metadata = {};
  if (jt.metadata.creationTimestamp === undefined) jt.metadata.creationTimestamp = null;
  if (!isObj(jt.spec)) jt.spec = {};
  if (!isObj(jt.spec.template)) jt.spec.template = {};
  defaultPodTemplate(jt.spec.template, { kind: 'CronJob' });
}

function isKnownTimeZone(name: string): boolean {
  if (name === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** validateTimeZone (the value is a *string: it prints dereferenced). */
function validateTimeZone(timeZone: unknown, path: string): FieldError[] {
  if (!isSet(timeZone)) return [];
  const tz = str(timeZone);
  if (tz.length === 0) return [invalidValue(path, tz, 'timeZone must be nil or non-empty string')];
  for (const part of tz.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part)) {
      return [invalidValue(path, tz, `unknown time zone ${tz}`)];
    }
  }
  const errs: FieldError[] = [];
  if (tz.toLowerCase() === 'local') {
    errs.push(
      invalidValue(
        path,
        tz,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    );
  }
  if (!isKnownTimeZone(tz)) errs.push(invalidValue(path, tz, `unknown time zone ${tz}`));
  return errs;
}

/** validateCronJobSpec */
function validateCronJobSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const schedule = str(spec.schedule);
  if (!schedule) {
    errs.push(required('spec.schedule'));
  } else {
    const parsed = parseCronSchedule(schedule);
    if (typeof parsed === 'string') errs.push(invalidValue('spec.schedule', schedule, parsed));
    if (schedule.includes('TZ')) {
      errs.push(
        invalidValue(
          'spec.schedule',
          schedule,
          'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
        ),
      );
    }
  }
  if (isSet(spec.startingDeadlineSeconds))
    errs.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  errs.push(...validateTimeZone(spec.timeZone, 'spec.timeZone'));
  const policy = str(spec.concurrencyPolicy);
  if (!policy) errs.push(required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) {
    errs.push(notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  }
  const jobSpec: Obj =
    isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec) ? spec.jobTemplate.spec : {};
  errs.push(...validateJobSpec(jobSpec, 'spec.jobTemplate.spec'));
  if (isSet(jobSpec.selector)) {
    errs.push(
      invalidLiteral(
        'spec.jobTemplate.spec.selector',
        goLabelSelector(jobSpec.selector),
        '`selector` will be auto-generated',
      ),
    );
  }
  if (jobSpec.manualSelector === true) {
    errs.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  }
  for (const f of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    if (isSet(spec[f])) errs.push(...nonNegative(spec[f], `spec.${f}`));
  }
  return errs;
}

export const cronJobs: ResourceDefinition = {
  group: 'batch',
  version: 'v1',
  kind: 'CronJob',
  plural: 'cronjobs',
  namespaced: true,
  shortNames: ['cj'],
  categories: ['all'],
  statusSubresource: true,
  generation: true,
  defaults: defaultCronJob,
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate(obj) {
    const errs = validateCronJobSpec(specOf(obj));
    const name = obj.metadata.name ?? '';
    // names are checked on create only upstream; a name cannot change on update anyway
    if (name.length > MAX_NAME_LENGTH)
      errs.push(
        invalidValue('metadata.name', name, `must be no more than ${MAX_NAME_LENGTH} characters`),
      );
    return errs;
  },
  warnings(obj, old) {
    if (old && old.metadata.generation === obj.metadata.generation) return [];
    const jt = specOf(obj).jobTemplate;
    return [
      ...(old ? [] : dnsLabelNameWarning(obj)),
      ...templateWarnings('spec.jobTemplate.spec.template', jt?.spec?.template),
    ];
  },
  columns: [
    NAME_COLUMN,
    {
      name: 'Schedule',
      type: 'string',
      description: 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.',
    },
    {
      name: 'Timezone',
      type: 'string',
      description:
        'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.',
    },
    {
      name: 'Suspend',
      type: 'boolean',
      description: 'This flag tells the controller to suspend subsequent executions.',
    },
    {
      name: 'Active',
      type: 'integer',
      description: 'A list of pointers to currently running jobs.',
    },
    {
      name: 'Last Schedule',
      type: 'string',
      description: 'Information when was the last time the job was successfully scheduled.',
    },
    AGE_COLUMN,
    ...templateWideColumns('A label query over pods that should match the pod count.'),
  ],
  row: (obj, ctx) => {
    const spec = specOf(obj);
    const status: Obj = isObj(obj.status) ? obj.status : {};
    const jobSpec: Obj =
      isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec) ? spec.jobTemplate.spec : {};
    const suspend = isSet(spec.suspend) ? (spec.suspend ? 'True' : 'False') : '<unset>';
    return [
      obj.metadata.name,
      str(spec.schedule),
      isSet(spec.timeZone) ? str(spec.timeZone) : '<none>',
      suspend,
      objs(status.active).length,
      status.lastScheduleTime ? since(status.lastScheduleTime, ctx) : '<none>',
      age(obj, ctx),
      ...templateWideCells(jobSpec.template, formatLabelSelector(jobSpec.selector)),
    ];
  },
};
