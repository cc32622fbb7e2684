import type { KubeObject } from '../../src/api/object';
import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

type Json = Record<string, any>;

const job = (name: string, spec: Json, command: string[], restartPolicy = 'Never'): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'default' },
  spec: {
    ...spec,
    template: {
      spec: { restartPolicy, containers: [{ name: 'main', image: 'busybox', command }] },
    },
  },
});

const trueConditions = (o: KubeObject | undefined) =>
  ((o?.status?.conditions ?? []) as Json[]).filter((c) => c.status === 'True').map((c) => c.type);

describe('the Job controller', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster();
  });
  afterEach(async () => {
    await c.close();
  });

  const podsOf = (name: string) =>
    c
      .list('', 'pods', 'default')
      .filter((p) => p.metadata.labels?.['batch.kubernetes.io/job-name'] === name)
      .sort(
        (a, b) =>
          Date.parse(a.metadata.creationTimestamp ?? '') -
          Date.parse(b.metadata.creationTimestamp ?? ''),
      );
  const eventsOf = (name: string) =>
    c
      .events('default')
      .filter((e) => e.involvedObject.kind === 'Job' && e.involvedObject.name === name);

  test('job pods carry the generated labels, the tracking finalizer and a random suffix', async () => {
    const created = c.create('batch', 'jobs', job('labels', {}, ['sleep', '3600']));
    await c.advance(5_000, 500);
    const [pod] = podsOf('labels');
    expect(pod.metadata.name).toMatch(/^labels-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.metadata.labels).toEqual({
      'batch.kubernetes.io/controller-uid': created.metadata.uid,
      'batch.kubernetes.io/job-name': 'labels',
      'controller-uid': created.metadata.uid,
      'job-name': 'labels',
    });
    expect(pod.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(pod.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        name: 'labels',
        uid: created.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    const status = c.get('batch', 'jobs', 'default', 'labels')?.status;
    expect(status).toMatchObject({
      active: 1,
      ready: 1,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    expect(status.startTime).toBeDefined();
  });

  test('a completed job has SuccessCriteriaMet then Complete with CompletionsReached, and its events', async () => {
    c.create('batch', 'jobs', job('ok', { completions: 2 }, ['echo', 'done']));
    await c.advance(30_000, 500);
    const j = c.get('batch', 'jobs', 'default', 'ok');
    expect(j?.status.conditions.map((x: Json) => [x.type, x.status, x.reason, x.message])).toEqual([
      [
        'SuccessCriteriaMet',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
      ],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    expect(j?.status).toMatchObject({
      succeeded: 2,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    expect(j?.status.active).toBeUndefined();
    expect(j?.status.completionTime).toBe(j?.status.conditions[1].lastTransitionTime);
    // Parallelism 1: the second pod starts after the first one succeeded.
    const [first, second] = podsOf('ok');
    expect(Date.parse(second.metadata.creationTimestamp ?? '')).toBeGreaterThanOrEqual(
      Date.parse(first.status.containerStatuses[0].state.terminated.finishedAt),
    );
    const reasons = eventsOf('ok').map((e) => `${e.reason}: ${e.message}`);
    expect(reasons).toEqual([
      `SuccessfulCreate: Created pod: ${first.metadata.name}`,
      `SuccessfulCreate: Created pod: ${second.metadata.name}`,
      'Completed: Job completed',
    ]);
    expect(eventsOf('ok').every((e) => e.source.component === 'job-controller')).toBe(true);
  });

  test('failed pods are replaced after a back-off of 10 s, then 20 s, until the backoff limit', async () => {
    c.create('batch', 'jobs', job('flaky', { backoffLimit: 2 }, ['sh', '-c', 'exit 1']));
    await c.advance(120_000, 500);
    const pods = podsOf('flaky');
    expect(pods).toHaveLength(3);
    const finished = (p: KubeObject) =>
      Date.parse(p.status.containerStatuses[0].state.terminated.finishedAt);
    const created = (p: KubeObject) => Date.parse(p.metadata.creationTimestamp ?? '');
    expect(created(pods[1]) - finished(pods[0])).toBeGreaterThanOrEqual(10_000);
    expect(created(pods[1]) - finished(pods[0])).toBeLessThan(11_000);
    expect(created(pods[2]) - finished(pods[1])).toBeGreaterThanOrEqual(20_000);
    expect(created(pods[2]) - finished(pods[1])).toBeLessThan(21_000);
    const j = c.get('batch', 'jobs', 'default', 'flaky');
    expect(j?.status.failed).toBe(3);
    expect(trueConditions(j)).toEqual(['FailureTarget', 'Failed']);
    const failed = eventsOf('flaky').filter((e) => e.type === 'Warning');
    expect(failed.map((e) => `${e.reason}: ${e.message}`)).toEqual([
      'BackoffLimitExceeded: Job has reached the specified backoff limit',
    ]);
    for (const p of pods) expect(p.metadata.finalizers).toBeUndefined();
  });

  test('restartPolicy OnFailure counts container restarts toward the backoff limit', async () => {
    c.create(
      'batch',
      'jobs',
      job('restarts', { backoffLimit: 2 }, ['sh', '-c', 'exit 1'], 'OnFailure'),
    );
    await c.advance(120_000, 500);
    const j = c.get('batch', 'jobs', 'default', 'restarts');
    expect(trueConditions(j)).toEqual(['FailureTarget', 'Failed']);
    expect(j?.status.conditions.find((x: Json) => x.type === 'Failed').reason).toBe(
      'BackoffLimitExceeded',
    );
    // The one pod was deleted once the job failed, and counted as failed.
    expect(j?.status.failed).toBe(1);
    expect(podsOf('restarts')).toHaveLength(0);
  });

  test('activeDeadlineSeconds stops a running job with DeadlineExceeded', async () => {
    c.create('batch', 'jobs', job('slow', { activeDeadlineSeconds: 20 }, ['sleep', '3600']));
    await c.advance(19_000, 500);
    expect(trueConditions(c.get('batch', 'jobs', 'default', 'slow'))).toEqual([]);
    await c.advance(10_000, 500);
    const j = c.get('batch', 'jobs', 'default', 'slow');
    expect(j?.status.conditions.map((x: Json) => [x.type, x.reason, x.message])).toEqual([
      ['FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
      ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
    ]);
    expect(j?.status).toMatchObject({ failed: 1, ready: 0, terminating: 0 });
    expect(j?.status.active).toBeUndefined();
    expect(
      eventsOf('slow').some((e) => e.reason === 'DeadlineExceeded' && e.type === 'Warning'),
    ).toBe(true);
  });

  test('a suspended job has no pods until resumed, with Suspended and Resumed events', async () => {
    c.create('batch', 'jobs', job('later', { suspend: true }, ['echo', 'hi']));
    await c.advance(5_000, 500);
    let j = structuredClone(c.get('batch', 'jobs', 'default', 'later')) as KubeObject;
    expect(podsOf('later')).toHaveLength(0);
    expect(j.status.startTime).toBeUndefined();
    expect(j.status.conditions).toMatchObject([
      { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' },
    ]);
    j.spec.suspend = false;
    c.update('batch', 'jobs', j);
    await c.advance(20_000, 500);
    j = c.get('batch', 'jobs', 'default', 'later') as KubeObject;
    expect(j.status.conditions.map((x: Json) => [x.type, x.status, x.reason])).toEqual([
      ['Suspended', 'False', 'JobResumed'],
      ['SuccessCriteriaMet', 'True', 'CompletionsReached'],
      ['Complete', 'True', 'CompletionsReached'],
    ]);
    // As upstream: manageJob creates the pod before the Suspended condition flips.
    expect(eventsOf('later').map((e) => e.reason)).toEqual([
      'Suspended',
      'SuccessfulCreate',
      'Resumed',
      'Completed',
    ]);
  });

  test('suspending a running job deletes its pods without counting them as failed', async () => {
    c.create('batch', 'jobs', job('pause', { parallelism: 2, completions: 4 }, ['sleep', '3600']));
    await c.advance(5_000, 500);
    const j = structuredClone(c.get('batch', 'jobs', 'default', 'pause')) as KubeObject;
    c.update('batch', 'jobs', { ...j, spec: { ...j.spec, suspend: true } });
    await c.advance(5_000, 500);
    const after = c.get('batch', 'jobs', 'default', 'pause');
    expect(after?.status.failed).toBeUndefined();
    expect(after?.status.active).toBeUndefined();
    expect(podsOf('pause')).toHaveLength(0);
    expect(eventsOf('pause').filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(2);
  });

  test('Indexed pods get the index annotation, label, hostname and JOB_COMPLETION_INDEX', async () => {
    c.create(
      'batch',
      'jobs',
      job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }, ['sleep', '3600']),
    );
    await c.advance(3_000, 500);
    const pods = podsOf('idx').sort((a, b) =>
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    );
    expect(pods.map((p) => p.metadata.name?.replace(/-\w{5}$/, ''))).toEqual([
      'idx-0',
      'idx-1',
      'idx-2',
    ]);
    for (const [i, p] of pods.entries()) {
      expect(p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).toBe(String(i));
      expect(p.metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe(String(i));
      expect(p.spec.hostname).toBe(`idx-${i}`);
      expect(p.spec.containers[0].env).toEqual([
        {
          name: 'JOB_COMPLETION_INDEX',
          valueFrom: {
            fieldRef: {
              apiVersion: 'v1',
              fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']",
            },
          },
        },
      ]);
    }
  });

  test('a successPolicy ends an Indexed job early with SuccessPolicy', async () => {
    // Parallelism 1: index 0 runs first, and its success meets the rule.
    const spec = {
      completions: 3,
      parallelism: 1,
      completionMode: 'Indexed',
      successPolicy: { rules: [{ succeededIndexes: '0' }] },
    };
    c.create('batch', 'jobs', job('leader', spec, ['echo', 'ok']));
    await c.advance(30_000, 500);
    const done = c.get('batch', 'jobs', 'default', 'leader');
    expect(done?.status.conditions.map((x: Json) => [x.type, x.reason, x.message])).toEqual([
      ['SuccessCriteriaMet', 'SuccessPolicy', 'Matched rules at index 0'],
      ['Complete', 'SuccessPolicy', 'Matched rules at index 0'],
    ]);
    expect(done?.status).toMatchObject({ succeeded: 1, completedIndexes: '0' });
    expect(podsOf('leader')).toHaveLength(1);
  });

  test('a podFailurePolicy FailJob rule fails the job with the matching exit code', async () => {
    const spec = {
      backoffLimit: 6,
      podFailurePolicy: {
        rules: [
          {
            action: 'FailJob',
            onExitCodes: { containerName: 'main', operator: 'In', values: [42] },
          },
        ],
      },
    };
    c.create('batch', 'jobs', job('fatal', spec, ['sh', '-c', 'exit 42']));
    await c.advance(30_000, 500);
    const j = c.get('batch', 'jobs', 'default', 'fatal');
    const [pod] = podsOf('fatal');
    const message = `Container main for pod default/${pod.metadata.name} failed with exit code 42 matching FailJob rule at index 0`;
    expect(j?.status.conditions.map((x: Json) => [x.type, x.reason, x.message])).toEqual([
      ['FailureTarget', 'PodFailurePolicy', message],
      ['Failed', 'PodFailurePolicy', message],
    ]);
    expect(j?.status.failed).toBe(1);
  });

  test('a podFailurePolicy Ignore rule does not count the failure', async () => {
    const spec = {
      backoffLimit: 0,
      podFailurePolicy: {
        rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [7] } }],
      },
    };
    c.create('batch', 'jobs', job('ignored', spec, ['sh', '-c', 'exit 7']));
    // Ignored failures are not counted, but the replacement still waits out the back-off.
    await c.advance(20_000, 500);
    const j = c.get('batch', 'jobs', 'default', 'ignored');
    expect(trueConditions(j)).toEqual([]);
    expect(j?.status.failed).toBeUndefined();
    expect(podsOf('ignored').length).toBeGreaterThanOrEqual(2);
  });

  test('without completions the job completes when one pod succeeded and the others finished', async () => {
    c.create('batch', 'jobs', job('queue', { parallelism: 2, completions: null }, ['echo', 'hi']));
    await c.advance(20_000, 500);
    const j = c.get('batch', 'jobs', 'default', 'queue');
    expect(trueConditions(j)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(j?.status.succeeded).toBe(2);
    expect(podsOf('queue')).toHaveLength(2);
  });

  test('deleting a running job pod counts a failure and replaces it after the back-off', async () => {
    c.create('batch', 'jobs', job('victim', {}, ['sleep', '3600']));
    await c.advance(5_000, 500);
    const [pod] = podsOf('victim');
    c.remove('', 'pods', 'default', pod.metadata.name ?? '');
    await c.advance(5_000, 500);
    expect(c.get('batch', 'jobs', 'default', 'victim')?.status.failed).toBe(1);
    expect(podsOf('victim').filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(0);
    await c.advance(10_000, 500);
    expect(podsOf('victim').filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(1);
  });

  test('deleting a running job lets its pods go (the tracking finalizer is removed)', async () => {
    c.create('batch', 'jobs', job('gone', { parallelism: 2, completions: 2 }, ['sleep', '3600']));
    await c.advance(5_000, 500);
    expect(podsOf('gone')).toHaveLength(2);
    c.remove('batch', 'jobs', 'default', 'gone');
    await c.advance(5_000, 500);
    expect(podsOf('gone')).toHaveLength(0);
  });

  test('ttlSecondsAfterFinished deletes the job and its pods', async () => {
    c.create('batch', 'jobs', job('short', { ttlSecondsAfterFinished: 30 }, ['echo', 'bye']));
    await c.advance(10_000, 500);
    expect(trueConditions(c.get('batch', 'jobs', 'default', 'short'))).toContain('Complete');
    await c.advance(35_000, 500);
    expect(c.get('batch', 'jobs', 'default', 'short')).toBeUndefined();
    expect(podsOf('short')).toHaveLength(0);
  });

  test('backoffLimitPerIndex retries each index on its own and reports failedIndexes', async () => {
    const spec = {
      completions: 3,
      parallelism: 3,
      completionMode: 'Indexed',
      backoffLimitPerIndex: 1,
    };
    c.create('batch', 'jobs', job('per-index', spec, ['sh', '-c', 'exit 1']));
    await c.advance(60_000, 500);
    const j = c.get('batch', 'jobs', 'default', 'per-index');
    expect(j?.status).toMatchObject({ failed: 6, failedIndexes: '0-2' });
    expect(j?.status.conditions.map((x: Json) => [x.type, x.reason, x.message])).toEqual([
      ['FailureTarget', 'FailedIndexes', 'Job has failed indexes'],
      ['Failed', 'FailedIndexes', 'Job has failed indexes'],
    ]);
    const counts = podsOf('per-index').map(
      (p) =>
        `${p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']}:${p.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count']}`,
    );
    expect(counts.sort()).toEqual(['0:0', '0:1', '1:0', '1:1', '2:0', '2:1']);
  });

  test('maxFailedIndexes fails the job as soon as too many indexes failed', async () => {
    const spec = {
      completions: 2,
      parallelism: 1,
      completionMode: 'Indexed',
      backoffLimitPerIndex: 0,
      maxFailedIndexes: 0,
    };
    c.create('batch', 'jobs', job('max-index', spec, ['sh', '-c', 'exit 1']));
    await c.advance(30_000, 500);
    const j = c.get('batch', 'jobs', 'default', 'max-index');
    expect(j?.status).toMatchObject({ failed: 1, failedIndexes: '0' });
    expect(j?.status.conditions.find((x: Json) => x.type === 'Failed')).toMatchObject({
      reason: 'MaxFailedIndexesExceeded',
      message: 'Job has exceeded the specified maximal number of failed indexes',
    });
  });
});
