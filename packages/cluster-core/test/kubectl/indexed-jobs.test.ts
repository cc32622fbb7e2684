/**
 * Indexed Jobs, podFailurePolicy, backoffLimitPerIndex and successPolicy as the Kubernetes
 * documentation walks through them (content/en/examples/controllers/job-*.yaml and
 * application/job/indexed-job*.yaml of kubernetes/website), read back with the real kubectl.
 * The manifests are the documentation's; where a test changes one, the comment says why.
 * The cluster runs on a ManualClock so the examples' sleeps and the per-index back-off pass
 * in simulated time.
 */
import type { KubeObject } from '../../src/api/object';
import { ManualClock } from '../../src/clock';
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

// biome-ignore lint/suspicious/noExplicitAny: job statuses are free-form JSON
type Json = Record<string, any>;

/** indexed-job-vol.yaml: each worker reverses its index, read from a downward API file. */
const INDEXED_JOB_VOL = `apiVersion: batch/v1
kind: Job
metadata:
  name: indexed-job
spec:
  completions: 5
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: docker.io/library/busybox
        command: [rev, /input/data.txt]
        volumeMounts:
        - mountPath: /input
          name: input
      volumes:
      - name: input
        downwardAPI:
          items:
          - path: data.txt
            fieldRef:
              fieldPath: metadata.annotations['batch.kubernetes.io/job-completion-index']
`;

/** indexed-job.yaml: an init container writes the index's item of a bash array for the worker. */
const INDEXED_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: indexed-job
spec:
  completions: 5
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: input
        image: docker.io/library/bash
        command:
        - bash
        - -c
        - |
          items=(foo bar baz qux xyz)
          echo \${items[$JOB_COMPLETION_INDEX]} > /input/data.txt
        volumeMounts:
        - mountPath: /input
          name: input
      containers:
      - name: worker
        image: docker.io/library/busybox
        command: [rev, /input/data.txt]
        volumeMounts:
        - mountPath: /input
          name: input
      volumes:
      - name: input
        emptyDir: {}
`;

/** An Indexed Job with a headless Service's subdomain, whose index 3 keeps running. */
const STRAGGLER = `apiVersion: v1
kind: Service
metadata:
  name: workers
spec:
  clusterIP: None
  selector:
    job-name: straggler
---
apiVersion: batch/v1
kind: Job
metadata:
  name: straggler
spec:
  completions: 5
  parallelism: 5
  completionMode: Indexed
  template:
    spec:
      subdomain: workers
      restartPolicy: Never
      containers:
      - name: main
        image: python:3
        command:
        - python3
        - -c
        - |
          import os, time
          if os.environ.get("JOB_COMPLETION_INDEX") == "3":
            time.sleep(3600)
`;

/** job-pod-failure-policy-example.yaml: exit code 42 fails the whole Job at once. */
const POD_FAILURE_POLICY_EXAMPLE = `apiVersion: batch/v1
kind: Job
metadata:
  name: job-pod-failure-policy-example
spec:
  completions: 12
  parallelism: 3
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: docker.io/library/bash:5
        command: ["bash"]
        args:
        - -c
        - echo "Hello world!" && sleep 5 && exit 42
  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes:
        containerName: main
        operator: In
        values: [42]
    - action: Ignore
      onPodConditions:
      - type: DisruptionTarget
        status: "True"
`;

/** job-pod-failure-policy-ignore.yaml: evicted pods do not count toward backoffLimit 0. */
const POD_FAILURE_POLICY_IGNORE = `apiVersion: batch/v1
kind: Job
metadata:
  name: job-pod-failure-policy-ignore
spec:
  completions: 4
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: docker.io/library/bash:5
        command: ["bash"]
        args:
        - -c
        - echo "Hello world! I'm going to exit with 0 (success)." && sleep 90 && exit 0
  backoffLimit: 0
  podFailurePolicy:
    rules:
    - action: Ignore
      onPodConditions:
      - type: DisruptionTarget
        status: "True"
`;

/** job-pod-failure-policy-config-issue.yaml: a custom pod condition fails the Job. */
const POD_FAILURE_POLICY_CONFIG_ISSUE = `apiVersion: batch/v1
kind: Job
metadata:
  name: job-pod-failure-policy-config-issue
spec:
  completions: 8
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: "non-existing-repo/non-existing-image:example"
  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onPodConditions:
      - type: ConfigIssue
        status: "True"
`;

/** job-backoff-limit-per-index-example.yaml: even indexes fail twice and are given up. */
const BACKOFF_LIMIT_PER_INDEX = `apiVersion: batch/v1
kind: Job
metadata:
  name: job-backoff-limit-per-index-example
spec:
  completions: 10
  parallelism: 3
  completionMode: Indexed
  backoffLimitPerIndex: 1
  maxFailedIndexes: 5
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: example
        image: python
        command:
        - python3
        - -c
        - |
          import os, sys
          print("Hello world")
          if int(os.environ.get("JOB_COMPLETION_INDEX")) % 2 == 0:
            sys.exit(1)
`;

/** job-backoff-limit-per-index-failindex.yaml: exit code 42 fails index 1 without a retry. */
const FAIL_INDEX = `apiVersion: batch/v1
kind: Job
metadata:
  name: job-backoff-limit-per-index-failindex
spec:
  completions: 4
  parallelism: 2
  completionMode: Indexed
  backoffLimitPerIndex: 1
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: docker.io/library/python:3
        command:
          - python3
          - -c
          - |
            import os, sys
            index = int(os.environ.get("JOB_COMPLETION_INDEX"))
            if index == 0:
              sys.exit(1)
            elif index == 1:
              sys.exit(42)
            else:
              sys.exit(0)
  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailIndex
      onExitCodes:
        containerName: main
        operator: In
        values: [42]
`;

/**
 * job-success-policy.yaml: one of the indexes 0, 2 and 3 succeeding is enough. The test gives
 * the Job backoffLimit 10: the example's nine failing pods finish together with the succeeding
 * one, and nine failures past the default limit of 6 would fail the Job first.
 */
const SUCCESS_POLICY = `apiVersion: batch/v1
kind: Job
metadata:
  name: job-success
spec:
  parallelism: 10
  completions: 10
  completionMode: Indexed
  backoffLimit: 10
  successPolicy:
    rules:
      - succeededIndexes: 0,2-3
        succeededCount: 1
  template:
    spec:
      containers:
      - name: main
        image: python
        command:
          - python3
          - -c
          - |
            import os, sys
            if os.environ.get("JOB_COMPLETION_INDEX") == "2":
              sys.exit(0)
            else:
              sys.exit(1)
      restartPolicy: Never
`;

const rows = (out: string) => out.trim().split('\n').map(columns);
const conditions = (job: Json) =>
  ((job.status?.conditions ?? []) as Json[]).map((c) => [c.type, c.reason, c.message]);

describe.each(KUBECTL_VERSIONS)('Indexed Jobs and failure policies with kubectl %s', (version) => {
  let t: TestCluster;
  let clock: ManualClock;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const ns = `jobs-${version.replace('.', '-')}`;

  const stored = (plural: string, name: string): KubeObject | undefined => {
    const core = t.cluster.core;
    const r = core.resources.preferred(plural === 'jobs' ? 'batch' : '', plural);
    return r ? core.rest.find(r, ns, name) : undefined;
  };
  const podsOf = (job: string): KubeObject[] => {
    const core = t.cluster.core;
    const r = core.resources.preferred('', 'pods');
    return r
      ? core.store
          .list(r.storage, ns)
          .filter((p) => p.metadata.labels?.['batch.kubernetes.io/job-name'] === job)
      : [];
  };
  /** Moves the cluster clock in steps (half a second) until `done` holds (at most `limitMs`). */
  const runUntil = async (done: () => boolean, limitMs = 120_000, stepMs = 500) => {
    for (let spent = 0; !done(); spent += stepMs) {
      if (spent >= limitMs) throw new Error(`not reached in ${limitMs} ms of simulated time`);
      await clock.advance(stepMs);
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const finished = (name: string) => () =>
    ((stored('jobs', name)?.status?.conditions ?? []) as Json[]).some(
      (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
    );
  const jobJson = async (name: string): Promise<Json> =>
    JSON.parse(await ok(['get', 'job', name, '-o', 'json']));

  beforeAll(async () => {
    clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));
    t = await startCluster({ clock, simulation: { kubelet: scaledKubeletTimings(0.1) } });
    await ok(['create', 'namespace', ns]);
    await ok(['config', 'set-context', '--current', `--namespace=${ns}`]);
  });
  afterAll(async () => {
    await t.close();
  });

  test('an Indexed Job runs every index once: pod names, index label and env, completedIndexes', async () => {
    expect(await ok(['apply', '-f', '-'], INDEXED_JOB_VOL)).toBe('job.batch/indexed-job created\n');
    await runUntil(finished('indexed-job'));
    const [header, row] = rows(await ok(['get', 'jobs', 'indexed-job']));
    expect(header).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(row.slice(0, 3)).toEqual(['indexed-job', 'Complete', '5/5']);
    const job = await jobJson('indexed-job');
    expect(job.status).toMatchObject({ succeeded: 5, completedIndexes: '0-4' });
    expect(conditions(job)).toEqual([
      ['SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    const pods = JSON.parse(await ok(['get', 'pods', '-l', 'job-name=indexed-job', '-o', 'json']))
      .items as Json[];
    const byIndex = pods
      .map((p) => [p.metadata.labels['batch.kubernetes.io/job-completion-index'], p] as const)
      .sort(([a], [b]) => Number(a) - Number(b));
    expect(byIndex.map(([i]) => i)).toEqual(['0', '1', '2', '3', '4']);
    for (const [i, p] of byIndex) {
      expect(p.metadata.name).toMatch(new RegExp(`^indexed-job-${i}-[a-z0-9]{5}$`));
      expect(p.metadata.annotations['batch.kubernetes.io/job-completion-index']).toBe(i);
      expect(p.spec.hostname).toBe(`indexed-job-${i}`);
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
      expect(p.status.phase).toBe('Succeeded');
    }
    // The worker printed its index read from the downward API file (rev of one digit).
    expect(await ok(['logs', byIndex[3][1].metadata.name])).toBe('3\n');
    const describe = await ok(['describe', 'job', 'indexed-job']);
    expect(describe).toMatch(/\nCompletion Mode:\s+Indexed\n/);
    expect(describe).toMatch(
      /\nPods Statuses:\s+0 Active \(0 Ready\) \/ 5 Succeeded \/ 0 Failed\n/,
    );
    expect(describe).toMatch(/\nCompleted Indexes:\s+0-4\n/);
    await ok(['delete', 'job', 'indexed-job']);
  });

  test('the static work assignment tutorial: each worker reverses its own item', async () => {
    await runUntil(() => podsOf('indexed-job').length === 0, 10_000);
    await ok(['apply', '-f', '-'], INDEXED_JOB);
    await runUntil(finished('indexed-job'));
    const logs: string[] = [];
    for (const i of ['0', '1', '2', '3', '4']) {
      const pod = podsOf('indexed-job').find(
        (p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index'] === i,
      );
      logs.push(await ok(['logs', pod?.metadata.name ?? '']));
    }
    expect(logs).toEqual(['oof\n', 'rab\n', 'zab\n', 'xuq\n', 'zyx\n']);
  });

  test('completedIndexes is a compressed range while an index still runs; the subdomain is kept', async () => {
    await ok(['apply', '-f', '-'], STRAGGLER);
    await runUntil(() => stored('jobs', 'straggler')?.status?.completedIndexes === '0-2,4');
    await runUntil(() => stored('jobs', 'straggler')?.status?.ready === 1, 10_000);
    const [, row] = rows(await ok(['get', 'jobs', 'straggler']));
    expect(row.slice(0, 3)).toEqual(['straggler', 'Running', '4/5']);
    const describe = await ok(['describe', 'job', 'straggler']);
    expect(describe).toMatch(
      /\nPods Statuses:\s+1 Active \(1 Ready\) \/ 4 Succeeded \/ 0 Failed\n/,
    );
    expect(describe).toMatch(/\nCompleted Indexes:\s+0-2,4\n/);
    const running = await ok([
      'get',
      'pods',
      '-l',
      'job-name=straggler',
      '--field-selector=status.phase=Running',
      '-o',
      'jsonpath={.items[*].spec.hostname}.{.items[*].spec.subdomain}',
    ]);
    expect(running).toBe('straggler-3.workers');
    await ok(['delete', 'job', 'straggler']);
  });

  test('a podFailurePolicy FailJob rule fails the Job on exit code 42 with upstream message', async () => {
    await ok(['apply', '-f', '-'], POD_FAILURE_POLICY_EXAMPLE);
    const name = 'job-pod-failure-policy-example';
    // FailureTarget comes first, while the other pods still terminate.
    await runUntil(() =>
      ((stored('jobs', name)?.status?.conditions ?? []) as Json[]).some(
        (c) => c.type === 'FailureTarget',
      ),
    );
    await runUntil(finished(name));
    const job = await jobJson(name);
    const failedPod = podsOf(name).find(
      (p) => p.status?.containerStatuses?.[0]?.state?.terminated?.exitCode === 42,
    );
    const message = `Container main for pod ${ns}/${failedPod?.metadata.name} failed with exit code 42 matching FailJob rule at index 0`;
    expect(conditions(job)).toEqual([
      ['FailureTarget', 'PodFailurePolicy', message],
      ['Failed', 'PodFailurePolicy', message],
    ]);
    expect(job.status.active).toBeUndefined();
    const [, row] = rows(await ok(['get', 'jobs', name]));
    expect(row.slice(0, 3)).toEqual([name, 'Failed', '0/12']);
    // The example's output: "Hello world!" in the failed pod's log.
    expect(await ok(['logs', failedPod?.metadata.name ?? ''])).toBe('Hello world!\n');
    const describe = await ok(['describe', 'job', name]);
    expect(describe).toContain(`Warning  PodFailurePolicy`);
    expect(describe).toContain(message);
    await ok(['delete', 'job', name]);
  });

  test('onExitCodes picks the container by name and NotIn matches codes outside the list', async () => {
    const name = 'two-containers';
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  backoffLimit: 3
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes:
        containerName: helper
        operator: In
        values: [3]
    - action: FailJob
      onExitCodes:
        containerName: helper
        operator: NotIn
        values: [0, 3]
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "exit 3"]
      - name: helper
        image: busybox
        command: ["sh", "-c", "exit 5"]
`,
    );
    await runUntil(finished(name));
    const pod = podsOf(name)[0];
    const message = `Container helper for pod ${ns}/${pod.metadata.name} failed with exit code 5 matching FailJob rule at index 1`;
    expect(conditions(await jobJson(name))).toEqual([
      ['FailureTarget', 'PodFailurePolicy', message],
      ['Failed', 'PodFailurePolicy', message],
    ]);
    expect(podsOf(name)).toHaveLength(1);
  });

  test('until the pods it stops have terminated, a failing Job is FailureTarget, not Failed', async () => {
    // Index 0 hits the FailJob rule; index 1 (python as PID 1 ignores SIGTERM) is killed when
    // its grace period ends, which the test's scaled kubelet makes 100 ms: small clock steps.
    const name = 'fail-fast';
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  completions: 2
  parallelism: 2
  completionMode: Indexed
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes:
        operator: In
        values: [42]
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: python:3
        command:
        - python3
        - -c
        - |
          import os, sys, time
          if os.environ["JOB_COMPLETION_INDEX"] == "0":
            sys.exit(42)
          time.sleep(3600)
`,
    );
    await runUntil(
      () =>
        ((stored('jobs', name)?.status?.conditions ?? []) as Json[]).some(
          (c) => c.type === 'FailureTarget',
        ),
      10_000,
      20,
    );
    const [, interim] = rows(await ok(['get', 'jobs', name]));
    expect(interim.slice(0, 3)).toEqual([name, 'FailureTarget', '0/2']);
    const during = await jobJson(name);
    expect(during.status.terminating).toBe(1);
    expect(conditions(during).map(([type]) => type)).toEqual(['FailureTarget']);
    await runUntil(finished(name), 60_000);
    const done = await jobJson(name);
    expect(conditions(done).map(([type, reason]) => [type, reason])).toEqual([
      ['FailureTarget', 'PodFailurePolicy'],
      ['Failed', 'PodFailurePolicy'],
    ]);
    expect(done.status.terminating).toBe(0);
    // The stopped pod counts as failed: 1 by exit code, 1 stopped because the Job failed.
    expect(done.status.failed).toBe(2);
  });

  test('an evicted pod matches the Ignore rule: drained pods are replaced and backoffLimit 0 holds', async () => {
    await ok(['apply', '-f', '-'], POD_FAILURE_POLICY_IGNORE);
    const name = 'job-pod-failure-policy-ignore';
    await runUntil(() => podsOf(name).filter((p) => p.status?.phase === 'Running').length === 2);
    const node = podsOf(name)[0].spec?.nodeName as string;
    // kubectl drain evicts and waits for the pods to go, while the clock moves on.
    let draining = true;
    // The evicted pods come and go within a step: the store's change feed sees their condition.
    const evicted = new Set<string>();
    const unsubscribe = t.cluster.core.store.subscribe((change) => {
      const p = change.object;
      if (
        p.metadata.labels?.['batch.kubernetes.io/job-name'] === name &&
        ((p.status?.conditions ?? []) as Json[]).some(
          (c) => c.type === 'DisruptionTarget' && c.reason === 'EvictionByEvictionAPI',
        )
      )
        evicted.add(p.metadata.name ?? '');
    });
    const drain = t
      .kubectl(
        ['drain', `nodes/${node}`, '--ignore-daemonsets', '--grace-period=0', '--timeout=60s'],
        { version },
      )
      .finally(() => {
        draining = false;
      });
    await runUntil(() => !draining, 600_000);
    unsubscribe();
    const drained = await drain;
    expect(drained.stdout).toContain(`node/${node} drained`);
    expect(evicted.size).toBeGreaterThan(0);
    await ok(['uncordon', node]);
    await runUntil(finished(name), 600_000);
    const job = await jobJson(name);
    expect(conditions(job).map(([type]) => type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(job.status.succeeded).toBe(4);
    // The evicted pods were not counted as failures (backoffLimit 0 would have failed the Job).
    expect(job.status.failed).toBeUndefined();
  });

  test('a custom pod condition matched by a FailJob rule fails the Job', async () => {
    await ok(['apply', '-f', '-'], POD_FAILURE_POLICY_CONFIG_ISSUE);
    const name = 'job-pod-failure-policy-config-issue';
    await runUntil(() =>
      podsOf(name).some(
        (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff',
      ),
    );
    const pod = podsOf(name)[0].metadata.name as string;
    // The walkthrough's commands: mark the pod with ConfigIssue, then delete it.
    await ok([
      'patch',
      'pod',
      pod,
      '--subresource=status',
      '-p',
      JSON.stringify({
        status: {
          conditions: [
            {
              type: 'ConfigIssue',
              status: 'True',
              reason: 'NonExistingImage',
              lastTransitionTime: new Date(clock.now()).toISOString().replace(/\.\d+Z$/, 'Z'),
            },
          ],
        },
      }),
    ]);
    const deleting = t.kubectl(['delete', `pods/${pod}`], { version });
    await runUntil(finished(name), 60_000);
    await deleting;
    const job = await jobJson(name);
    const message = `Pod ${ns}/${pod} has condition ConfigIssue matching FailJob rule at index 0`;
    expect(conditions(job)).toEqual([
      ['FailureTarget', 'PodFailurePolicy', message],
      ['Failed', 'PodFailurePolicy', message],
    ]);
  });

  test('backoffLimitPerIndex retries each index once and fails the Job with FailedIndexes', async () => {
    await ok(['apply', '-f', '-'], BACKOFF_LIMIT_PER_INDEX);
    const name = 'job-backoff-limit-per-index-example';
    await runUntil(finished(name), 600_000);
    const job = await jobJson(name);
    expect(job.status).toMatchObject({
      completedIndexes: '1,3,5,7,9',
      failedIndexes: '0,2,4,6,8',
      succeeded: 5,
      failed: 10,
    });
    expect(conditions(job)).toEqual([
      ['FailureTarget', 'FailedIndexes', 'Job has failed indexes'],
      ['Failed', 'FailedIndexes', 'Job has failed indexes'],
    ]);
    // Each even index ran twice: its retry carries the failure count.
    const index0 = podsOf(name)
      .filter((p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index'] === '0')
      .map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count'])
      .sort();
    expect(index0).toEqual(['0', '1']);
    const [, row] = rows(await ok(['get', 'jobs', name]));
    expect(row.slice(0, 3)).toEqual([name, 'Failed', '5/10']);
    const describe = await ok(['describe', 'job', name]);
    expect(describe).toMatch(/\nCompleted Indexes:\s+1,3,5,7,9\n/);
    expect(describe).toMatch(
      /\nPods Statuses:\s+0 Active \(0 Ready\) \/ 5 Succeeded \/ 10 Failed\n/,
    );
    expect(describe).toMatch(/Warning\s+FailedIndexes\s+.*Job has failed indexes/);
    expect(await ok(['logs', podsOf(name)[0].metadata.name ?? ''])).toBe('Hello world\n');
  });

  test('maxFailedIndexes exceeded stops the Job with MaxFailedIndexesExceeded', async () => {
    const name = 'too-many-failed-indexes';
    await ok(
      ['apply', '-f', '-'],
      BACKOFF_LIMIT_PER_INDEX.replace('job-backoff-limit-per-index-example', name).replace(
        'maxFailedIndexes: 5',
        'maxFailedIndexes: 1',
      ),
    );
    await runUntil(finished(name), 600_000);
    const job = await jobJson(name);
    const message = 'Job has exceeded the specified maximal number of failed indexes';
    expect(conditions(job)).toEqual([
      ['FailureTarget', 'MaxFailedIndexesExceeded', message],
      ['Failed', 'MaxFailedIndexesExceeded', message],
    ]);
    // Indexes 0 and 2 fail their retries together; an index that failed for good meanwhile
    // (4, depending on when it started) is listed too, and only even indexes fail.
    const failed = (job.status.failedIndexes as string).split(',').map(Number);
    expect(failed.slice(0, 2)).toEqual([0, 2]);
    expect(failed.every((i) => i % 2 === 0)).toBe(true);
    expect(job.status.active).toBeUndefined();
  });

  test('a FailIndex rule fails its index without a retry', async () => {
    await ok(['apply', '-f', '-'], FAIL_INDEX);
    const name = 'job-backoff-limit-per-index-failindex';
    await runUntil(finished(name), 600_000);
    const job = await jobJson(name);
    expect(job.status).toMatchObject({
      completedIndexes: '2,3',
      failedIndexes: '0,1',
      failed: 3,
      succeeded: 2,
    });
    expect(conditions(job).map(([type, reason]) => [type, reason])).toEqual([
      ['FailureTarget', 'FailedIndexes'],
      ['Failed', 'FailedIndexes'],
    ]);
    // Index 0 was retried once (exit 1); index 1 (exit 42) ran once.
    const runs = (i: string) =>
      podsOf(name).filter(
        (p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index'] === i,
      ).length;
    expect([runs('0'), runs('1'), runs('2'), runs('3')]).toEqual([2, 1, 1, 1]);
  });

  test('a successPolicy met while other indexes run: SuccessCriteriaMet until they have terminated', async () => {
    const name = 'leader-done';
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  completions: 2
  parallelism: 2
  completionMode: Indexed
  successPolicy:
    rules:
    - succeededIndexes: "0"
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: python:3
        command:
        - python3
        - -c
        - |
          import os, time
          if os.environ["JOB_COMPLETION_INDEX"] == "1":
            time.sleep(3600)
`,
    );
    await runUntil(
      () =>
        ((stored('jobs', name)?.status?.conditions ?? []) as Json[]).some(
          (c) => c.type === 'SuccessCriteriaMet',
        ),
      10_000,
      20,
    );
    // kubectl's printer has no column value for SuccessCriteriaMet: the Job still shows Running.
    const [, interim] = rows(await ok(['get', 'jobs', name]));
    expect(interim.slice(0, 3)).toEqual([name, 'Running', '1/2']);
    const during = await jobJson(name);
    expect(conditions(during)).toEqual([
      ['SuccessCriteriaMet', 'SuccessPolicy', 'Matched rules at index 0'],
    ]);
    expect(during.status.terminating).toBe(1);
    await runUntil(finished(name), 60_000);
    const done = await jobJson(name);
    expect(conditions(done).map(([type]) => type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(done.status).toMatchObject({ succeeded: 1, completedIndexes: '0', terminating: 0 });
    expect(done.status.completionTime).toBeDefined();
  });

  test('a successPolicy completes the Job once one of its indexes succeeded', async () => {
    await ok(['apply', '-f', '-'], SUCCESS_POLICY);
    await runUntil(finished('job-success'));
    const job = await jobJson('job-success');
    expect(conditions(job)).toEqual([
      ['SuccessCriteriaMet', 'SuccessPolicy', 'Matched rules at index 0'],
      ['Complete', 'SuccessPolicy', 'Matched rules at index 0'],
    ]);
    expect(job.status).toMatchObject({ succeeded: 1, completedIndexes: '2' });
    const [, row] = rows(await ok(['get', 'jobs', 'job-success']));
    expect(row.slice(0, 3)).toEqual(['job-success', 'Complete', '1/10']);
    expect(await ok(['describe', 'job', 'job-success'])).toMatch(/\nCompleted Indexes:\s+2\n/);
  });
});
