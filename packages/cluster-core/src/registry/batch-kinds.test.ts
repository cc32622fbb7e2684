import { describe, expect, test } from '@jest/globals';
import { invalid } from '../api/errors';
import type { KubeObject } from '../api/object';
import { nextActivation, parseCronSchedule } from './cron-schedule';
import { cronJobs } from './cronjobs';
import { fakeContext } from './fake-strategy-context';
import { defaultPullPolicy, parseImageName } from './image-reference';
import { jobs } from './jobs';
import type { ResourceDefinition } from './types';

const NOW = Date.parse('2025-05-01T12:00:00Z');
const ctx = fakeContext([], undefined, NOW);

function make(def: ResourceDefinition, spec: Record<string, unknown>, name = 'pi'): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: def.kind,
    metadata: {
      name,
      namespace: 'default',
      uid: 'u-1',
      creationTimestamp: '2025-05-01T11:58:00Z',
      generation: 1,
    },
    spec,
  };
}

function create(def: ResourceDefinition, obj: KubeObject): string | undefined {
  def.defaults?.(obj);
  def.prepareForCreate?.(obj, ctx);
  const errs = def.validate?.(obj, ctx) ?? [];
  return errs.length
    ? invalid(def.group, def.kind, obj.metadata.name ?? '', errs).message
    : undefined;
}

const podTemplate = (restartPolicy = 'Never') => ({
  spec: { restartPolicy, containers: [{ name: 'pi', image: 'perl' }] },
});

describe('Job', () => {
  test('defaults, the generated selector and the controller labels', () => {
    const obj = make(jobs, { template: podTemplate() });
    expect(create(jobs, obj)).toBeUndefined();
    expect(obj.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      manualSelector: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } },
    });
    const labels = {
      'batch.kubernetes.io/controller-uid': 'u-1',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      'job-name': 'pi',
    };
    expect(obj.spec.template.metadata.labels).toEqual(labels);
    expect(obj.metadata.labels).toEqual(labels);
    expect(obj.status).toEqual({});
  });

  test('only parallelism given leaves completions unset', () => {
    const obj = make(jobs, { parallelism: 3, template: podTemplate() });
    create(jobs, obj);
    expect(obj.spec.completions).toBeUndefined();
    expect(jobs.row(obj, { now: NOW }).slice(0, 3)).toEqual(['pi', 'Running', '0/1 of 3']);
  });

  test('restartPolicy Always is refused with the valid values', () => {
    const obj = make(jobs, { template: podTemplate('Always') });
    expect(create(jobs, obj)).toBe(
      'Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    );
  });

  test('a manual selector that matches nothing the template carries is reported', () => {
    const obj = make(jobs, {
      manualSelector: true,
      selector: { matchLabels: { app: 'x' } },
      template: podTemplate(),
    });
    expect(create(jobs, obj)).toBe(
      'Job.batch "pi" is invalid: spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
    );
  });

  test('the template and completions are immutable', () => {
    const old = make(jobs, { template: podTemplate() });
    create(jobs, old);
    const next = structuredClone(old);
    next.spec.completions = 3;
    next.spec.template.spec.containers[0].image = 'perl:5';
    const messages = (jobs.validateUpdate?.(next, old, ctx) ?? []).map((e) => e.message());
    expect(messages[0]).toBe('spec.completions: Invalid value: 3: field is immutable');
    expect(messages[1]).toMatch(
      /^spec\.template: Invalid value: core\.PodTemplateSpec\{.*\}: field is immutable$/,
    );
  });

  test('the row reports Complete and the duration', () => {
    const obj = make(jobs, { template: podTemplate() });
    create(jobs, obj);
    obj.status = {
      succeeded: 1,
      startTime: '2025-05-01T11:58:00Z',
      completionTime: '2025-05-01T11:58:09Z',
      conditions: [{ type: 'Complete', status: 'True' }],
    };
    expect(jobs.row(obj, { now: NOW }).slice(0, 5)).toEqual(['pi', 'Complete', '1/1', '9s', '2m']);
    expect(jobs.selectableFields?.['status.successful'](obj)).toBe('1');
  });
});

describe('CronJob', () => {
  const cron = (schedule: string, extra: Record<string, unknown> = {}) =>
    make(
      cronJobs,
      { schedule, jobTemplate: { spec: { template: podTemplate('OnFailure') } }, ...extra },
      'backup',
    );

  test('defaults follow SetDefaults_CronJob and leave the job template without Job defaults', () => {
    const obj = cron('*/5 * * * *');
    expect(create(cronJobs, obj)).toBeUndefined();
    expect(obj.spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    expect(obj.spec.jobTemplate.metadata).toEqual({ creationTimestamp: null });
    expect(obj.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
    expect(cronJobs.row(obj, { now: NOW })).toEqual([
      'backup',
      '*/5 * * * *',
      '<none>',
      'False',
      0,
      '<none>',
      '2m',
      'pi',
      'perl',
      '<none>',
    ]);
  });

  test('schedule, time zone and concurrency policy errors read as upstream', () => {
    expect(create(cronJobs, cron('* * *'))).toBe(
      'CronJob.batch "backup" is invalid: spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]',
    );
    expect(create(cronJobs, cron('TZ=UTC * * * * *'))).toBe(
      'CronJob.batch "backup" is invalid: spec.schedule: Invalid value: "TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    );
    expect(create(cronJobs, cron('0 0 * * *', { timeZone: 'Mars/Olympus' }))).toBe(
      'CronJob.batch "backup" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
    );
    expect(create(cronJobs, cron('0 0 * * *', { concurrencyPolicy: 'Sometimes' }))).toBe(
      'CronJob.batch "backup" is invalid: spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    );
  });

  test('names longer than 52 characters are refused', () => {
    const obj = cron('0 0 * * *');
    obj.metadata.name = 'a'.repeat(53);
    expect(create(cronJobs, obj)).toContain(
      `metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`,
    );
  });
});

describe('cron schedules', () => {
  test.each([
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['a * * * *', 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['@every 5x', 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'],
  ])('%j is refused with %j', (spec, message) => {
    expect(parseCronSchedule(spec)).toBe(message);
  });

  test('descriptors, names and steps parse', () => {
    for (const spec of [
      '@hourly',
      '@daily',
      '@every 1h30m',
      '0 9 * jan-mar mon-fri',
      '*/15 0-6 1,15 * *',
    ]) {
      expect(typeof parseCronSchedule(spec)).toBe('object');
    }
  });

  test('the next activation follows the fields', () => {
    const every5 = parseCronSchedule('*/5 * * * *');
    if (typeof every5 === 'string') throw new Error(every5);
    expect(
      new Date(nextActivation(every5, Date.parse('2025-05-01T12:03:10Z')) ?? 0).toISOString(),
    ).toBe('2025-05-01T12:05:00.000Z');
    const daily = parseCronSchedule('30 2 * * *');
    if (typeof daily === 'string') throw new Error(daily);
    expect(
      new Date(nextActivation(daily, Date.parse('2025-05-01T12:00:00Z')) ?? 0).toISOString(),
    ).toBe('2025-05-02T02:30:00.000Z');
  });
});

describe('image references', () => {
  test.each([
    ['nginx', 'docker.io/library/nginx', 'latest', 'Always'],
    ['nginx:latest', 'docker.io/library/nginx', 'latest', 'Always'],
    ['nginx:1.25', 'docker.io/library/nginx', '1.25', 'IfNotPresent'],
    ['registry.k8s.io/pause:3.9', 'registry.k8s.io/pause', '3.9', 'IfNotPresent'],
    ['localhost:5000/app', 'localhost:5000/app', 'latest', 'Always'],
  ])('%s is %s with tag %s and pulled %s', (image, repository, tag, policy) => {
    expect(parseImageName(image)).toMatchObject({ repository, tag });
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  test('a digest without a tag and an unparsable name are pulled IfNotPresent', () => {
    expect(defaultPullPolicy(`nginx@sha256:${'a'.repeat(64)}`)).toBe('IfNotPresent');
    expect(defaultPullPolicy('Nginx')).toBe('IfNotPresent');
  });
});
