import type { KubeObject } from '../../src/api/object';
import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

type Json = Record<string, any>;

const cronJob = (name: string, spec: Json, command = ['date']): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name, namespace: 'default' },
  spec: {
    schedule: '*/1 * * * *',
    ...spec,
    jobTemplate: {
      metadata: { labels: { team: 'ops' }, annotations: { note: 'nightly' } },
      spec: {
        template: {
          spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command }] },
        },
      },
    },
  },
});

describe('the CronJob controller', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    // ManualClock starts at 2026-01-01T00:00:00Z.
    c = simulatedCluster();
  });
  afterEach(async () => {
    await c.close();
  });

  const jobsOf = (name: string) =>
    c
      .list('batch', 'jobs', 'default')
      .filter((j) => j.metadata.ownerReferences?.[0]?.name === name);
  const eventsOf = (name: string) =>
    c
      .events('default')
      .filter((e) => e.involvedObject.kind === 'CronJob' && e.involvedObject.name === name);

  test('a scheduled job is named after the scheduled minute and carries the template and the timestamp', async () => {
    const cj = c.create('batch', 'cronjobs', cronJob('tick', {}));
    await c.advance(61_000, 500);
    const [job] = jobsOf('tick');
    const minute = Date.parse('2026-01-01T00:01:00Z') / 60_000;
    expect(job.metadata.name).toBe(`tick-${minute}`);
    expect(job.metadata.labels).toEqual({ team: 'ops' });
    expect(job.metadata.annotations).toEqual({
      note: 'nightly',
      'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-01-01T00:01:00Z',
    });
    expect(job.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        name: 'tick',
        uid: cj.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    const status = c.get('batch', 'cronjobs', 'default', 'tick')?.status;
    expect(status.lastScheduleTime).toBe('2026-01-01T00:01:00Z');
    expect(status.active).toEqual([
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        name: job.metadata.name,
        namespace: 'default',
        resourceVersion: expect.any(String),
        uid: job.metadata.uid,
      },
    ]);
    await c.advance(15_000, 500);
    const done = c.get('batch', 'cronjobs', 'default', 'tick')?.status;
    expect(done.active).toBeUndefined();
    expect(done.lastSuccessfulTime).toBeDefined();
    expect(eventsOf('tick').map((e) => `${e.reason}: ${e.message}`)).toEqual([
      `SuccessfulCreate: Created job tick-${minute}`,
      `SawCompletedJob: Saw completed job: tick-${minute}, status: Complete`,
    ]);
  });

  test('a time zone moves the schedule and the timestamp annotation shows its offset', async () => {
    c.create(
      'batch',
      'cronjobs',
      cronJob('tz', { schedule: '0 9 * * *', timeZone: 'Asia/Shanghai' }),
    );
    await c.advance(61 * 60_000, 60_000);
    expect(jobsOf('tz')).toHaveLength(1);
    const [job] = jobsOf('tz');
    expect(job.metadata.name).toBe(`tz-${Date.parse('2026-01-01T01:00:00Z') / 60_000}`);
    expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(
      '2026-01-01T09:00:00+08:00',
    );
  });

  test('@hourly fires once an hour', async () => {
    c.create('batch', 'cronjobs', cronJob('hourly', { schedule: '@hourly' }));
    await c.advance(2 * 60 * 60_000 + 30_000, 60_000);
    expect(
      jobsOf('hourly')
        .map((j) => j.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'])
        .sort(),
    ).toEqual(['2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z']);
  });

  test('Forbid skips runs while one is active', async () => {
    c.create(
      'batch',
      'cronjobs',
      cronJob('forbid', { concurrencyPolicy: 'Forbid' }, ['sleep', '3600']),
    );
    await c.advance(3 * 60_000 + 30_000, 1_000);
    expect(jobsOf('forbid')).toHaveLength(1);
    const skipped = eventsOf('forbid').find((e) => e.reason === 'JobAlreadyActive');
    expect(skipped?.message).toBe(
      'Not starting job because prior execution is running and concurrency policy is Forbid',
    );
    expect(skipped?.count).toBe(2);
  });

  test('Replace deletes the running job before starting the next one', async () => {
    c.create(
      'batch',
      'cronjobs',
      cronJob('replace', { concurrencyPolicy: 'Replace' }, ['sleep', '3600']),
    );
    await c.advance(2 * 60_000 + 30_000, 1_000);
    const live = jobsOf('replace').filter((j) => !j.metadata.deletionTimestamp);
    expect(live.map((j) => j.metadata.name)).toEqual([
      `replace-${Date.parse('2026-01-01T00:02:00Z') / 60_000}`,
    ]);
    expect(eventsOf('replace').map((e) => e.reason)).toEqual([
      'SuccessfulCreate',
      'SuccessfulDelete',
      'SuccessfulCreate',
    ]);
    expect(eventsOf('replace')[1].message).toBe(
      `Deleted job replace-${Date.parse('2026-01-01T00:01:00Z') / 60_000}`,
    );
    expect(c.get('batch', 'cronjobs', 'default', 'replace')?.status.active).toHaveLength(1);
  });

  test('Allow lets runs overlap', async () => {
    c.create('batch', 'cronjobs', cronJob('allow', {}, ['sleep', '3600']));
    await c.advance(3 * 60_000 + 30_000, 1_000);
    expect(jobsOf('allow')).toHaveLength(3);
    expect(c.get('batch', 'cronjobs', 'default', 'allow')?.status.active).toHaveLength(3);
  });

  test('a suspended cronjob creates nothing until resumed', async () => {
    c.create('batch', 'cronjobs', cronJob('paused', { suspend: true }));
    await c.advance(3 * 60_000, 1_000);
    expect(jobsOf('paused')).toHaveLength(0);
    const cj = structuredClone(c.get('batch', 'cronjobs', 'default', 'paused')) as KubeObject;
    cj.spec.suspend = false;
    c.update('batch', 'cronjobs', cj);
    await c.advance(1_000, 500);
    // The most recent missed slot runs at once.
    expect(jobsOf('paused').map((j) => j.metadata.name)).toEqual([
      `paused-${Date.parse('2026-01-01T00:03:00Z') / 60_000}`,
    ]);
  });

  test('history limits keep the newest finished jobs', async () => {
    c.create('batch', 'cronjobs', cronJob('ok', { successfulJobsHistoryLimit: 1 }));
    c.create(
      'batch',
      'cronjobs',
      cronJob('bad', { failedJobsHistoryLimit: 2 }, ['sh', '-c', 'exit 1']),
    );
    const bad = structuredClone(c.get('batch', 'cronjobs', 'default', 'bad')) as KubeObject;
    bad.spec.jobTemplate.spec.backoffLimit = 0;
    c.update('batch', 'cronjobs', bad);
    await c.advance(4 * 60_000 + 30_000, 1_000);
    expect(jobsOf('ok').map((j) => j.metadata.name)).toEqual([
      `ok-${Date.parse('2026-01-01T00:04:00Z') / 60_000}`,
    ]);
    expect(
      jobsOf('bad')
        .map((j) => j.metadata.name)
        .sort(),
    ).toEqual([
      `bad-${Date.parse('2026-01-01T00:03:00Z') / 60_000}`,
      `bad-${Date.parse('2026-01-01T00:04:00Z') / 60_000}`,
    ]);
    expect(eventsOf('ok').filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(3);
    expect(
      eventsOf('bad').some(
        (e) => e.reason === 'SawCompletedJob' && e.message.endsWith('status: Failed'),
      ),
    ).toBe(true);
  });

  test('a job created by hand from the cronjob is not an active scheduled run', async () => {
    const cj = c.create(
      'batch',
      'cronjobs',
      cronJob('manual', { schedule: '0 3 * * *' }, ['sleep', '3600']),
    );
    c.create('batch', 'jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'by-hand',
        namespace: 'default',
        annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
        ownerReferences: [
          {
            apiVersion: 'batch/v1',
            kind: 'CronJob',
            name: 'manual',
            uid: cj.metadata.uid ?? '',
            controller: true,
          },
        ],
      },
      spec: structuredClone(cj.spec.jobTemplate.spec),
    });
    await c.advance(5_000, 500);
    expect(c.get('batch', 'cronjobs', 'default', 'manual')?.status.active).toBeUndefined();
    const unexpected = eventsOf('manual').find((e) => e.reason === 'UnexpectedJob');
    expect(unexpected?.type).toBe('Warning');
    expect(unexpected?.message).toBe(
      'Saw a job that the controller did not create or forgot: by-hand',
    );
  });

  test('an idle cronjob keeps exactly one timer, at its next scheduled time', async () => {
    c.create('batch', 'cronjobs', cronJob('sparse', { schedule: '0 0 1 * *' }));
    await c.advance(10 * 60_000, 60_000);
    expect(jobsOf('sparse')).toHaveLength(0);
    const timers = (c.clock as unknown as { timers: { at: number }[] }).timers.filter(
      (t) => t.at === Date.parse('2026-02-01T00:00:00Z') + 100,
    );
    expect(timers).toHaveLength(1);
  });
});
