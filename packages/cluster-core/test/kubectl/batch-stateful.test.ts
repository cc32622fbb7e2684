/**
 * Jobs, CronJobs, StatefulSets and DaemonSets as the real kubectl sees them (issue 16; the one
 * suite of them since batch-and-stateful.test.ts, which repeated its scenarios, was folded in): the
 * controllers run on simulated time scaled down tenfold so each scenario takes a few seconds.
 */
import { ManualClock } from '../../src/clock';
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const STORAGE_CLASS = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
`;

const rows = (out: string) => out.trim().split('\n').map(columns);

describe.each(KUBECTL_VERSIONS)('batch and stateful workloads with kubectl %s', (version) => {
  let t: TestCluster;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const _k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const ns = `bs-${version.replace('.', '-')}`;

  beforeAll(async () => {
    t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
    await ok(['create', 'namespace', ns]);
    // A default StorageClass as kind and k3s ship one, so volumeClaimTemplates get volumes.
    await ok(['apply', '-f', '-'], STORAGE_CLASS);
    await ok(['config', 'set-context', '--current', `--namespace=${ns}`]);
  });
  afterAll(async () => {
    await t.close();
  });

  test('a Job runs to completion: kubectl wait, get jobs and describe agree', async () => {
    expect(await ok(['create', 'job', 'hello', '--image=busybox', '--', 'echo', 'hello'])).toBe(
      'job.batch/hello created\n',
    );
    expect(await ok(['wait', '--for=condition=complete', 'job/hello', '--timeout=30s'])).toBe(
      'job.batch/hello condition met\n',
    );
    const [header, row] = rows(await ok(['get', 'jobs', 'hello']));
    expect(header).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(row.slice(0, 3)).toEqual(['hello', 'Complete', '1/1']);
    expect(row[3]).toMatch(/^\d+s$/);
    const pods = rows(await ok(['get', 'pods', '-l', 'job-name=hello', '--no-headers']));
    expect(pods).toHaveLength(1);
    expect(pods[0][0]).toMatch(/^hello-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pods[0].slice(1, 3)).toEqual(['0/1', 'Completed']);
    expect(await ok(['logs', 'job/hello'])).toBe('hello\n');
    const job = JSON.parse(await ok(['get', 'job', 'hello', '-o', 'json']));
    expect(job.status.conditions.map((c: { type: string }) => c.type)).toEqual([
      'SuccessCriteriaMet',
      'Complete',
    ]);
    expect(job.status).toMatchObject({
      succeeded: 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    const describe = await ok(['describe', 'job', 'hello']);
    expect(describe).toMatch(/Pods Statuses:\s+0 Active \(0 Ready\) \/ 1 Succeeded \/ 0 Failed/);
    expect(describe).toMatch(
      /Normal\s+SuccessfulCreate\s+\S+\s+job-controller\s+Created pod: hello-\w{5}/,
    );
    expect(describe).toMatch(/Normal\s+Completed\s+\S+\s+job-controller\s+Job completed/);
  });

  test('kubectl delete job removes its pods', async () => {
    await ok(['create', 'job', 'sleeper', '--image=busybox', '--', 'sleep', '3600']);
    await eventually(
      () => ok(['get', 'pods', '-l', 'job-name=sleeper', '--no-headers']),
      (out) => out.includes('Running'),
    );
    expect(await ok(['delete', 'job', 'sleeper'])).toBe('job.batch "sleeper" deleted\n');
    await eventually(
      () => t.kubectl(['get', 'pods', '-l', 'job-name=sleeper', '--no-headers'], { version }),
      (r) => r.stdout.trim() === '' && r.stderr.includes('No resources found'),
    );
  });

  // backoffLimit 0 keeps this fast (the 10 s pod-failure back-off is covered on a ManualClock).
  test('a failing Job stops at its backoff limit with BackoffLimitExceeded', async () => {
    const manifest = `apiVersion: batch/v1
kind: Job
metadata:
  name: doomed
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "exit 2"]
`;
    await ok(['apply', '-f', '-'], manifest);
    expect(await ok(['wait', '--for=condition=failed', 'job/doomed', '--timeout=30s'])).toBe(
      'job.batch/doomed condition met\n',
    );
    const [, row] = rows(await ok(['get', 'jobs', 'doomed']));
    expect(row.slice(0, 3)).toEqual(['doomed', 'Failed', '0/1']);
    const job = JSON.parse(await ok(['get', 'job', 'doomed', '-o', 'json']));
    expect(job.status.failed).toBe(1);
    const failed = job.status.conditions.find((c: { type: string }) => c.type === 'Failed');
    expect(failed).toMatchObject({
      status: 'True',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    });
    const pods = rows(await ok(['get', 'pods', '-l', 'job-name=doomed', '--no-headers']));
    expect(pods.map((p) => p[2])).toEqual(['Error']);
    const describe = await ok(['describe', 'job', 'doomed']);
    expect(describe).toMatch(
      /Warning\s+BackoffLimitExceeded\s+\S+\s+job-controller\s+Job has reached the specified backoff limit/,
    );
  });

  test('kubectl create job --from=cronjob copies the template and the owner', async () => {
    await ok([
      'create',
      'cronjob',
      'nightly',
      '--image=busybox',
      '--schedule=0 3 * * *',
      '--',
      'date',
    ]);
    expect(await ok(['create', 'job', 'manual-run', '--from=cronjob/nightly'])).toBe(
      'job.batch/manual-run created\n',
    );
    const job = JSON.parse(await ok(['get', 'job', 'manual-run', '-o', 'json']));
    expect(job.metadata.annotations['cronjob.kubernetes.io/instantiate']).toBe('manual');
    expect(job.metadata.ownerReferences[0]).toMatchObject({ kind: 'CronJob', name: 'nightly' });
    // kubectl made the reference a controller reference after 1.27.
    expect(job.metadata.ownerReferences[0].controller).toBe(version === '1.33' ? true : undefined);
    await ok(['wait', '--for=condition=complete', 'job/manual-run', '--timeout=30s']);
    // A manually created job is not one of the cronjob's scheduled runs.
    const cj = JSON.parse(await ok(['get', 'cronjob', 'nightly', '-o', 'json']));
    expect(cj.status.lastScheduleTime).toBeUndefined();
  });

  test('a StatefulSet creates its pods in order with stable names and PVCs', async () => {
    const manifest = `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 6379
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: redis
        image: redis
        volumeMounts:
        - name: data
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
`;
    await ok(['apply', '-f', '-'], manifest);
    const status = await ok(['rollout', 'status', 'sts/db', '--timeout=60s']);
    expect(status.trim().split('\n').pop()).toBe(
      'partitioned roll out complete: 3 new pods have been updated...',
    );
    const [header, row] = rows(await ok(['get', 'sts', 'db']));
    expect(header).toEqual(['NAME', 'READY', 'AGE']);
    expect(row.slice(0, 2)).toEqual(['db', '3/3']);
    const pods = JSON.parse(await ok(['get', 'pods', '-l', 'app=db', '-o', 'json'])).items;
    const byName = pods.sort(
      (a: { metadata: { name: string } }, b: { metadata: { name: string } }) =>
        a.metadata.name.localeCompare(b.metadata.name),
    );
    expect(byName.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual([
      'db-0',
      'db-1',
      'db-2',
    ]);
    // OrderedReady: each pod starts after the previous one is Ready.
    const started = byName.map((p: { metadata: { creationTimestamp: string } }) =>
      Date.parse(p.metadata.creationTimestamp),
    );
    const ready = byName.map(
      (p: { status: { conditions: { type: string; lastTransitionTime: string }[] } }) =>
        Date.parse(p.status.conditions.find((c) => c.type === 'Ready')?.lastTransitionTime ?? ''),
    );
    expect(started[1]).toBeGreaterThanOrEqual(ready[0]);
    expect(started[2]).toBeGreaterThanOrEqual(ready[1]);
    for (const [i, p] of byName.entries()) {
      expect(p.spec.hostname).toBe(`db-${i}`);
      expect(p.spec.subdomain).toBe('db');
      expect(p.metadata.labels['statefulset.kubernetes.io/pod-name']).toBe(`db-${i}`);
      expect(p.metadata.labels['apps.kubernetes.io/pod-index']).toBe(String(i));
      expect(p.metadata.labels['controller-revision-hash']).toMatch(/^db-[a-z0-9]+$/);
    }
    const pvcs = rows(await ok(['get', 'pvc', '--no-headers']));
    expect(pvcs.map((r) => r[0]).sort()).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
  });

  test('scaling a StatefulSet down removes the highest ordinal and keeps its PVC', async () => {
    await ok(['scale', 'sts/db', '--replicas=2']);
    await eventually(
      () =>
        ok([
          'get',
          'pods',
          '-l',
          'app=db',
          '--no-headers',
          '-o',
          'custom-columns=N:.metadata.name',
        ]),
      (out) => out.trim().split('\n').join(',') === 'db-0,db-1',
    );
    const pvcs = rows(await ok(['get', 'pvc', '--no-headers']));
    expect(pvcs.map((r) => r[0]).sort()).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
  });

  test('a StatefulSet rolling update, rollout history and undo', async () => {
    await ok(['set', 'image', 'sts/db', 'redis=redis:7.2']);
    const status = await ok(['rollout', 'status', 'sts/db', '--timeout=60s']);
    expect(status).toContain('partitioned roll out complete: 2 new pods have been updated...');
    const history = rows(await ok(['rollout', 'history', 'sts/db']));
    expect(history).toEqual([
      ['statefulset.apps/db'],
      ['REVISION', 'CHANGE-CAUSE'],
      ['1', '<none>'],
      ['2', '<none>'],
    ]);
    expect(await ok(['rollout', 'undo', 'sts/db'])).toBe('statefulset.apps/db rolled back\n');
    await ok(['rollout', 'status', 'sts/db', '--timeout=60s']);
    expect(
      await ok(['get', 'sts', 'db', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']),
    ).toBe('redis');
  });

  test('a DaemonSet runs on every worker but not on the tainted control plane unless tolerated', async () => {
    const ds = (name: string, tolerate: boolean) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
${tolerate ? '      tolerations:\n      - key: node-role.kubernetes.io/control-plane\n        operator: Exists\n        effect: NoSchedule\n' : ''}      containers:
      - name: agent
        image: busybox
        command: ["sleep", "infinity"]
`;
    await ok(['apply', '-f', '-'], ds('agent', false));
    await ok(['apply', '-f', '-'], ds('everywhere', true));
    expect(
      (await ok(['rollout', 'status', 'ds/agent', '--timeout=60s'])).trim().split('\n').pop(),
    ).toBe('daemon set "agent" successfully rolled out');
    await ok(['rollout', 'status', 'ds/everywhere', '--timeout=60s']);
    const [header, agent] = rows(await ok(['get', 'ds', 'agent']));
    expect(header).toEqual([
      'NAME',
      'DESIRED',
      'CURRENT',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'NODE SELECTOR',
      'AGE',
    ]);
    expect(agent.slice(0, 7)).toEqual(['agent', '2', '2', '2', '2', '2', '<none>']);
    const [, everywhere] = rows(await ok(['get', 'ds', 'everywhere']));
    expect(everywhere.slice(0, 6)).toEqual(['everywhere', '3', '3', '3', '3', '3']);
    const nodes = (
      await ok(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].spec.nodeName}'])
    )
      .split(' ')
      .sort();
    expect(nodes).toEqual(['node01', 'node02']);
    const pod = JSON.parse(await ok(['get', 'pods', '-l', 'app=agent', '-o', 'json'])).items[0];
    expect(pod.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.metadata.labels['pod-template-generation']).toBe('1');
    expect(pod.metadata.labels['controller-revision-hash']).toMatch(/^[a-z0-9]+$/);
    expect(
      pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
        .nodeSelectorTerms[0].matchFields[0],
    ).toEqual({
      key: 'metadata.name',
      operator: 'In',
      values: [pod.spec.nodeName],
    });
    expect(
      pod.spec.tolerations.map((x: { key: string; effect: string }) => `${x.key}:${x.effect}`),
    ).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
  });

  test('a DaemonSet rolling update replaces its pods and rollout status follows it', async () => {
    await ok(['set', 'image', 'ds/agent', 'agent=busybox:1.36']);
    const status = await ok(['rollout', 'status', 'ds/agent', '--timeout=60s']);
    expect(status.trim().split('\n').pop()).toBe('daemon set "agent" successfully rolled out');
    const images = (
      await ok([
        'get',
        'pods',
        '-l',
        'app=agent',
        '-o',
        'jsonpath={.items[*].spec.containers[0].image}',
      ])
    ).split(' ');
    expect(images).toEqual(['busybox:1.36', 'busybox:1.36']);
    const gens = (
      await ok([
        'get',
        'pods',
        '-l',
        'app=agent',
        '-o',
        'jsonpath={.items[*].metadata.labels.pod-template-generation}',
      ])
    ).split(' ');
    expect(gens).toEqual(['2', '2']);
    expect(rows(await ok(['rollout', 'history', 'ds/agent'])).slice(1)).toEqual([
      ['REVISION', 'CHANGE-CAUSE'],
      ['1', '<none>'],
      ['2', '<none>'],
    ]);
    expect(await ok(['rollout', 'undo', 'ds/agent'])).toBe('daemonset.apps/agent rolled back\n');
    await ok(['rollout', 'status', 'ds/agent', '--timeout=60s']);
    await eventually(
      () =>
        ok([
          'get',
          'pods',
          '-l',
          'app=agent',
          '-o',
          'jsonpath={.items[*].spec.containers[0].image}',
        ]),
      (out) => out === 'busybox busybox',
    );
    expect(rows(await ok(['rollout', 'history', 'ds/agent'])).slice(2)).toEqual([
      ['2', '<none>'],
      ['3', '<none>'],
    ]);
  });
});

describe('a CronJob on an advanced clock', () => {
  let t: TestCluster;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock(Date.parse('2026-03-01T10:00:30Z'));
    t = await startCluster({ clock, simulation: { kubelet: scaledKubeletTimings(0.1) } });
  });
  afterAll(async () => {
    await t.close();
  });

  test.each(KUBECTL_VERSIONS)(
    'fires at the scheduled minute and kubectl shows the job (%s)',
    async (version) => {
      const name = `tick-${version.replace('.', '-')}`;
      await t.ok(
        [
          'create',
          'cronjob',
          name,
          '--image=busybox',
          '--schedule=*/1 * * * *',
          '--',
          'echo',
          'tick',
        ],
        { version },
      );
      await clock.advance(60_000);
      const jobs = await eventually(
        () =>
          t.ok(['get', 'jobs', '--no-headers', '-o', 'custom-columns=N:.metadata.name'], {
            version,
          }),
        (out) => out.includes(name),
      );
      const scheduled = Math.floor(clock.now() / 60_000);
      expect(
        jobs
          .trim()
          .split('\n')
          .filter((n) => n.startsWith(name)),
      ).toEqual([`${name}-${scheduled}`]);
      const job = JSON.parse(
        await t.ok(['get', 'job', `${name}-${scheduled}`, '-o', 'json'], { version }),
      );
      expect(job.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(
        new Date(scheduled * 60_000).toISOString().replace('.000Z', 'Z'),
      );
      const [, row] = rows(await t.ok(['get', 'cronjob', name], { version }));
      expect(row[0]).toBe(name);
    },
  );
});
