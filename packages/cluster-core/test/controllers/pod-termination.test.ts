import type { KubeObject } from '../../src/api/object';
import { ADMIN_USER } from '../../src/apiserver/context';
import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

// biome-ignore lint/suspicious/noExplicitAny: statuses are free-form JSON
type Json = Record<string, any>;

const FINALIZER = 'example.com/hold';

const pod = (
  name: string,
  containers: Json[],
  extra: { finalizers?: string[]; spec?: Json } = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'default',
    ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
  },
  spec: { containers, ...extra.spec },
});

const condition = (p: KubeObject | undefined, type: string) =>
  ((p?.status?.conditions ?? []) as Json[]).find((c) => c.type === type);

describe('the kubelet stops deleted pods', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster({ simulation: { systemWorkloads: false } });
  });
  afterEach(async () => {
    await c.close();
  });

  const remove = (name: string, gracePeriodSeconds?: number) => {
    const r = c.cluster.core.resources.preferred('', 'pods');
    if (!r) throw new Error('pods not served');
    c.cluster.core.rest.delete(
      r,
      'default',
      name,
      { gracePeriodSeconds },
      {
        user: ADMIN_USER,
        dryRun: false,
        fieldManager: 'kubectl',
        fieldValidation: 'Ignore',
        warnings: [],
      },
    );
  };
  const dropFinalizers = (name: string) => {
    const current = c.get('', 'pods', 'default', name) as KubeObject;
    c.update('', 'pods', { ...current, metadata: { ...current.metadata, finalizers: [] } });
  };
  const reasons = (name: string) =>
    c
      .events('default')
      .filter((e) => e.involvedObject.name === name)
      .map((e) => `${e.reason}: ${e.message}`);

  test('a deleted nginx pod is stopped with a Killing event and confirmed gone', async () => {
    c.create('', 'pods', pod('web', [{ name: 'nginx', image: 'nginx' }]));
    await c.advance(10_000);
    remove('web');
    await c.advance(1_000);
    expect(c.get('', 'pods', 'default', 'web')).toBeUndefined();
    expect(reasons('web')).toContain('Killing: Stopping container nginx');
  });

  test('a pod held by a finalizer ends Succeeded with its containers terminated and not ready, then goes with the finalizer', async () => {
    c.create(
      '',
      'pods',
      pod('held', [{ name: 'nginx', image: 'nginx' }], { finalizers: [FINALIZER] }),
    );
    await c.advance(10_000);
    expect(condition(c.get('', 'pods', 'default', 'held'), 'Ready')?.status).toBe('True');
    remove('held');
    await c.advance(2_000);
    const p = c.get('', 'pods', 'default', 'held');
    expect(p?.metadata.deletionTimestamp).toBeDefined();
    expect(p?.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(p?.status.phase).toBe('Succeeded');
    expect(p?.status.containerStatuses[0]).toMatchObject({
      ready: false,
      started: false,
      state: { terminated: { exitCode: 0, reason: 'Completed' } },
    });
    expect(condition(p, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(condition(p, 'ContainersReady')).toMatchObject({
      status: 'False',
      reason: 'PodCompleted',
    });
    expect(condition(p, 'PodReadyToStartContainers')?.status).toBe('False');
    expect(reasons('held')).toContain('Killing: Stopping container nginx');
    dropFinalizers('held');
    await c.advance(500);
    expect(c.get('', 'pods', 'default', 'held')).toBeUndefined();
  });

  test('a sleep that ignores SIGTERM is killed when the grace period ends: 137 Error, Failed', async () => {
    c.create(
      '',
      'pods',
      pod('sleeper', [{ name: 'box', image: 'busybox', command: ['sleep', '3600'] }], {
        finalizers: [FINALIZER],
      }),
    );
    await c.advance(10_000);
    remove('sleeper');
    await c.advance(500);
    // Still inside the (simulated) grace period: the process runs on.
    expect(
      c.get('', 'pods', 'default', 'sleeper')?.status.containerStatuses[0].state.running,
    ).toBeDefined();
    await c.advance(1_000);
    const p = c.get('', 'pods', 'default', 'sleeper');
    expect(p?.status.phase).toBe('Failed');
    expect(p?.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 137,
      reason: 'Error',
    });
    expect(condition(p, 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
  });

  test('a force deletion of a held pod stops it too', async () => {
    c.create(
      '',
      'pods',
      pod(
        'forced',
        [{ name: 'box', image: 'busybox', command: ['sh', '-c', 'while true; do sleep 1; done'] }],
        { finalizers: [FINALIZER] },
      ),
    );
    await c.advance(10_000);
    remove('forced', 0);
    await c.advance(2_000);
    const p = c.get('', 'pods', 'default', 'forced');
    expect(p?.status.phase).toBe('Failed');
    expect(p?.status.containerStatuses[0].state.terminated.exitCode).toBe(137);
    dropFinalizers('forced');
    await c.advance(100);
    expect(c.get('', 'pods', 'default', 'forced')).toBeUndefined();
  });

  test('a script that traps TERM exits with its own code', async () => {
    const script = "trap 'echo bye; exit 3' TERM; while true; do sleep 1; done";
    c.create(
      '',
      'pods',
      pod('trapper', [{ name: 'box', image: 'busybox', command: ['sh', '-c', script] }], {
        finalizers: [FINALIZER],
      }),
    );
    await c.advance(10_000);
    remove('trapper');
    await c.advance(2_000);
    expect(
      c.get('', 'pods', 'default', 'trapper')?.status.containerStatuses[0].state.terminated,
    ).toMatchObject({ exitCode: 3, reason: 'Error' });
  });

  test('a container that never started is reported ContainerStatusUnknown and the pod Failed', async () => {
    c.create(
      '',
      'pods',
      pod('typo', [{ name: 'app', image: 'nginxx:1.0' }], { finalizers: [FINALIZER] }),
    );
    await c.advance(8_000);
    const pulls = () => reasons('typo').filter((r) => r.startsWith('Pulling')).length;
    const pulledBefore = pulls();
    remove('typo');
    await c.advance(1_000);
    const p = c.get('', 'pods', 'default', 'typo');
    expect(p?.status.phase).toBe('Failed');
    expect(p?.status.containerStatuses[0].state).toEqual({
      terminated: {
        exitCode: 137,
        finishedAt: null,
        message: 'The container could not be located when the pod was terminated',
        reason: 'ContainerStatusUnknown',
        startedAt: null,
      },
    });
    // Nothing is pulled again for a pod being deleted.
    await c.advance(30_000, 1_000);
    expect(pulls()).toBe(pulledBefore);
  });

  test('a Job pod deleted by hand fails and is replaced', async () => {
    c.create('batch', 'jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'work', namespace: 'default' },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }],
          },
        },
      },
    });
    await c.advance(5_000, 500);
    const jobPods = () =>
      c.list('', 'pods', 'default').filter((p) => p.metadata.labels?.['job-name'] === 'work');
    const [first] = jobPods();
    remove(first.metadata.name ?? '');
    // The replacement waits for the Job's pod-failure back-off (10 s after the first failure).
    await c.advance(15_000, 500);
    const now = jobPods();
    expect(now.map((p) => p.metadata.name)).not.toContain(first.metadata.name);
    expect(now).toHaveLength(1);
    expect(now[0].status.phase).toBe('Running');
    expect(c.get('batch', 'jobs', 'default', 'work')?.status).toMatchObject({
      active: 1,
      failed: 1,
    });
  });
});
