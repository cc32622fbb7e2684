import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

const job = (name: string, spec: Record<string, unknown>, command: string[]) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'default' },
  spec: {
    ...spec,
    template: {
      spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox', command }] },
    },
  },
});

const conditionTypes = (
  o: { status?: { conditions?: { type: string; status: string }[] } } | undefined,
) => (o?.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type);

describe('Jobs and CronJobs', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster();
  });
  afterEach(async () => {
    await c.close();
  });

  test('a job runs its pods to completion and reports Complete', async () => {
    c.create(
      'batch',
      'jobs',
      job('pi', { completions: 3, parallelism: 2 }, ['sh', '-c', 'sleep 2']),
    );
    await c.advance(60_000, 500);
    const j = c.get('batch', 'jobs', 'default', 'pi');
    expect(j?.status).toMatchObject({
      succeeded: 3,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    expect(conditionTypes(j)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(j?.status.completionTime).toBeDefined();
    const pods = c
      .list('', 'pods', 'default')
      .filter((p) => p.metadata.labels?.['job-name'] === 'pi');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.status.phase).toBe('Succeeded');
      expect(p.metadata.finalizers).toBeUndefined();
    }
    expect(
      c.events('default').some((e) => e.reason === 'Completed' && e.message === 'Job completed'),
    ).toBe(true);
  });

  test('a failing job stops after its backoff limit', async () => {
    c.create('batch', 'jobs', job('bad', { backoffLimit: 1 }, ['sh', '-c', 'exit 3']));
    await c.advance(120_000, 500);
    const j = c.get('batch', 'jobs', 'default', 'bad');
    expect(j?.status.failed).toBe(2);
    expect(conditionTypes(j)).toEqual(['FailureTarget', 'Failed']);
    const failed = j?.status.conditions.find((x: { type: string }) => x.type === 'Failed');
    expect(failed).toMatchObject({
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    });
  });

  test('an Indexed job gives each pod its completion index', async () => {
    c.create(
      'batch',
      'jobs',
      job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }, [
        'sh',
        '-c',
        'echo done',
      ]),
    );
    await c.advance(30_000, 500);
    const j = c.get('batch', 'jobs', 'default', 'idx');
    expect(j?.status.completedIndexes).toBe('0-2');
    const names = c
      .list('', 'pods', 'default')
      .map((p) => p.metadata.name)
      .filter((n) => n?.startsWith('idx-'));
    expect(names.map((n) => n?.split('-')[1]).sort()).toEqual(['0', '1', '2']);
  });

  test('a finished job with ttlSecondsAfterFinished is deleted after the TTL', async () => {
    c.create('batch', 'jobs', job('ttl', { ttlSecondsAfterFinished: 30 }, ['sh', '-c', 'echo hi']));
    await c.advance(20_000, 500);
    expect(conditionTypes(c.get('batch', 'jobs', 'default', 'ttl'))).toContain('Complete');
    await c.advance(40_000, 1_000);
    expect(c.get('batch', 'jobs', 'default', 'ttl')).toBeUndefined();
  });

  test('a cronjob creates a job at each scheduled minute and keeps three successful ones', async () => {
    c.create('batch', 'cronjobs', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick', namespace: 'default' },
      spec: {
        schedule: '*/1 * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'OnFailure',
                containers: [{ name: 'c', image: 'busybox', command: ['date'] }],
              },
            },
          },
        },
      },
    });
    await c.advance(5 * 60_000 + 30_000, 1_000);
    const jobs = c.list('batch', 'jobs', 'default');
    expect(jobs.length).toBe(3);
    for (const j of jobs) expect(j.metadata.name).toMatch(/^tick-\d{8}$/);
    const cj = c.get('batch', 'cronjobs', 'default', 'tick');
    expect(cj?.status.lastScheduleTime).toMatch(/:00Z$/);
    expect(cj?.status.lastSuccessfulTime).toBeDefined();
    expect(
      c
        .events('default')
        .filter((e) => e.reason === 'SuccessfulCreate' && e.involvedObject.kind === 'CronJob')
        .length,
    ).toBe(5);
  });
});
