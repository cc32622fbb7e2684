/**
 * Curriculum: StatefulSets, DaemonSets, Jobs and CronJobs (seed 000's YAML for myds1, job3,
 * my-job and test-job; seed 001's StatefulSet web): ordinal names, stable DNS through the
 * headless Service, per-pod claims, a pod per node, Jobs to completion with parallelism, the
 * pi Job's output, and a CronJob creating Jobs on schedule (a manual clock moves the minutes).
 */
import { ManualClock } from '../../src/clock';
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

/** Seed 001's StatefulSet, with the class the cluster has and its headless Service. */
const WEB_STS = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: "nginx"
  replicas: 3
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`;

/** Seed 000's DaemonSet. */
const MYDS1 = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  creationTimestamp: null
  labels:
    app: myds1
  name: myds1
spec:
 #replicas: 1
  selector:
    matchLabels:
      app: myds1
 #strategy: 
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: myds1
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
#status: 
`;

/** Seed 000's job3 (pi to 500 digits). */
const JOB3 = `apiVersion: batch/v1
kind: Job
metadata:
  creationTimestamp: null
  name: job3
spec:
  template:
    metadata:
      creationTimestamp: null
    spec:
      containers:
      - command:
        - perl
        - -Mbignum=bpi
        - -wle
        - print bpi(500)
        image: perl
        name: job3
        resources: {}
      restartPolicy: Never
status: {}
`;

/** Seed 000's my-job: 6 completions, 2 at a time. */
const MY_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  creationTimestamp: null
  name: my-job
spec:
  backoffLimit: 6  #重试次数
  completions: 6 # 运行几次
  parallelism: 2 # 一次运行几个
  template:
    metadata:
      creationTimestamp: null
    spec:
      containers:
      - command:
        - sh
        - -c
        - echo "hello jobs"
        - sleep 15
        image: busybox
        name: my-job
        resources: {}
      restartPolicy: Never
status: {}
`;

/** Seed 000's CronJob. */
const TEST_JOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  creationTimestamp: null
  name: test-job
spec:
  jobTemplate:
    metadata:
      creationTimestamp: null
      name: test-job
    spec:
      template:
        metadata:
          creationTimestamp: null
        spec:
          containers:
          - command:
            - /bin/sh
            - -c
            - date
            image: busybox
            name: test-job
            resources: {}
          restartPolicy: OnFailure
  schedule: '*/1 * * * *'
status: {}
`;

describe.each(KUBECTL_VERSIONS)(
  'curriculum: statefulsets, daemonsets and jobs with kubectl %s',
  (version) => {
    let t: TestCluster;
    const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
    const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
    const rows = (out: string) => out.trim().split('\n').map(columns);

    beforeAll(async () => {
      t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
      await t.ok(['run', 'client', '--image=busybox', '--', 'sleep', '3600']);
    });
    afterAll(async () => {
      await t.close();
    });

    test('seed 001: a StatefulSet comes up web-0, web-1, web-2 in order, each with its own claim', async () => {
      expect(await ok(['apply', '-f', t.file('web.yaml', WEB_STS)])).toBe(
        'service/nginx created\nstatefulset.apps/web created\n',
      );
      const status = await ok(['rollout', 'status', 'statefulset/web', '--timeout=60s']);
      expect(status.trim().split('\n').pop()).toBe(
        'partitioned roll out complete: 3 new pods have been updated...',
      );
      const [header, row] = rows(await ok(['get', 'statefulset', 'web']));
      expect(header).toEqual(['NAME', 'READY', 'AGE']);
      expect(row.slice(0, 2)).toEqual(['web', '3/3']);
      const pods = rows(await ok(['get', 'pods', '-l', 'app=nginx']));
      expect(pods.slice(1).map((r) => r.slice(0, 3))).toEqual([
        ['web-0', '1/1', 'Running'],
        ['web-1', '1/1', 'Running'],
        ['web-2', '1/1', 'Running'],
      ]);
      const created = (
        await ok([
          'get',
          'pods',
          '-l',
          'app=nginx',
          '-o',
          'jsonpath={range .items[*]}{.metadata.creationTimestamp} {.metadata.name}{"\\n"}{end}',
        ])
      )
        .trim()
        .split('\n')
        .sort()
        .map((l) => l.split(' ')[1]);
      expect(created).toEqual(['web-0', 'web-1', 'web-2']);
      const claims = rows(await ok(['get', 'pvc', '-l', 'app=nginx']));
      expect(claims.slice(1).map((r) => [r[0], r[1], r[5]])).toEqual([
        ['www-web-0', 'Bound', 'standard'],
        ['www-web-1', 'Bound', 'standard'],
        ['www-web-2', 'Bound', 'standard'],
      ]);
      expect(await ok(['exec', 'web-1', '--', 'hostname'])).toBe('web-1\n');
    });

    test('each StatefulSet pod has a stable DNS name under the headless Service', async () => {
      const ip1 = await ok(['get', 'pod', 'web-1', '-o', 'jsonpath={.status.podIP}']);
      const answer = await ok([
        'exec',
        'client',
        '--',
        'nslookup',
        'web-1.nginx.default.svc.cluster.local',
      ]);
      expect(answer).toContain(`Name:\tweb-1.nginx.default.svc.cluster.local\nAddress: ${ip1}\n`);
      const all = await ok(['exec', 'client', '--', 'nslookup', 'nginx.default.svc.cluster.local']);
      expect([...all.matchAll(/Address: (10\.244\.\S+)\n/g)]).toHaveLength(3);
      await ok([
        'exec',
        'web-1',
        '--',
        'sh',
        '-c',
        'echo $(hostname) > /usr/share/nginx/html/index.html',
      ]);
      expect(await ok(['exec', 'client', '--', 'wget', '-qO-', 'web-1.nginx'])).toBe('web-1\n');
    });

    test('a deleted StatefulSet pod comes back with the same name and the same data', async () => {
      await ok(['delete', 'pod', 'web-1']);
      await eventually(
        () => ok(['get', 'pod', 'web-1', '-o', 'jsonpath={.status.phase}']).catch(() => ''),
        (p) => p === 'Running',
        20_000,
      );
      await ok(['wait', '--for=condition=Ready', 'pod/web-1', '--timeout=30s']);
      expect(await ok(['exec', 'web-1', '--', 'cat', '/usr/share/nginx/html/index.html'])).toBe(
        'web-1\n',
      );
    });

    test('scaling a StatefulSet down removes the highest ordinal and keeps its claim', async () => {
      expect(await ok(['scale', 'sts', 'web', '--replicas=2'])).toBe(
        'statefulset.apps/web scaled\n',
      );
      await eventually(
        () => k(['get', 'pod', 'web-2']),
        (r) => r.code === 1,
        20_000,
      );
      expect(rows(await ok(['get', 'pvc', 'www-web-2']))[1].slice(0, 2)).toEqual([
        'www-web-2',
        'Bound',
      ]);
    });

    test('seed 000: the DaemonSet runs one pod on each worker, not on the tainted control plane', async () => {
      expect(await ok(['apply', '-f', t.file('myds1.yaml', MYDS1)])).toBe(
        'daemonset.apps/myds1 created\n',
      );
      await ok(['rollout', 'status', 'daemonset/myds1', '--timeout=30s']);
      const [header, row] = rows(await ok(['get', 'ds', 'myds1']));
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
      expect(row.slice(0, 7)).toEqual(['myds1', '2', '2', '2', '2', '2', '<none>']);
      const nodes = (
        await ok([
          'get',
          'pods',
          '-l',
          'app=myds1',
          '-o',
          'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}',
        ])
      )
        .trim()
        .split('\n')
        .sort();
      expect(nodes).toEqual(['node01', 'node02']);
    });

    test('seed 000: job3 prints pi to 500 digits and completes', async () => {
      expect(await ok(['apply', '-f', t.file('job3.yaml', JOB3)])).toBe('job.batch/job3 created\n');
      expect(await ok(['wait', '--for=condition=complete', 'job/job3', '--timeout=60s'])).toBe(
        'job.batch/job3 condition met\n',
      );
      const digits = (await ok(['logs', 'job/job3'])).trim();
      expect(digits).toHaveLength(501);
      expect(digits.startsWith('3.14159265358979323846264338327950288419716939937510')).toBe(true);
      const [header, row] = rows(await ok(['get', 'job', 'job3']));
      // The columns come from the 1.33 server, whatever the kubectl version.
      expect(header).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
      expect(row.slice(0, 3)).toEqual(['job3', 'Complete', '1/1']);
    });

    test('seed 000: my-job runs 6 completions, at most 2 pods at a time, each printing "hello jobs"', async () => {
      await ok(['apply', '-f', t.file('my-job.yaml', MY_JOB)]);
      await ok(['wait', '--for=condition=complete', 'job/my-job', '--timeout=60s']);
      const pods = rows(await ok(['get', 'pods', '-l', 'job-name=my-job']));
      expect(pods).toHaveLength(7);
      expect(pods.slice(1).every((r) => r[2] === 'Completed')).toBe(true);
      for (const r of pods.slice(1)) expect(await ok(['logs', r[0]])).toBe('hello jobs\n');
      const described = await ok(['describe', 'job', 'my-job']);
      expect(described).toMatch(/\nParallelism: +2\nCompletions: +6\n/);
      expect(described).toMatch(
        /\nPods Statuses: +0 Active \(0 Ready\) \/ 6 Succeeded \/ 0 Failed\n/,
      );
      expect(described).toMatch(/Normal {2}Completed +\S+ +job-controller {2}Job completed\n/);
      const created = described.split('\n').filter((l) => l.includes('SuccessfulCreate'));
      expect(created).toHaveLength(6);
    });
  },
);

describe.each(KUBECTL_VERSIONS)('curriculum: cronjobs with kubectl %s', (version) => {
  let t: TestCluster;
  let clock: ManualClock;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const rows = (out: string) => out.trim().split('\n').map(columns);
  const advance = async (ms: number, step = 1_000) => {
    for (let done = 0; done < ms; done += step) {
      await clock.advance(step);
      await new Promise((r) => setTimeout(r, 1));
    }
  };

  beforeAll(async () => {
    // Start just after a minute boundary so the schedule's next run is ~60 s away.
    clock = new ManualClock(Math.floor(Date.now() / 60_000) * 60_000 + 1_000);
    t = await startCluster({
      clock,
      simulation: { kubelet: scaledKubeletTimings(0.1), systemWorkloads: false },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  test('seed 000: test-job runs every minute, keeps 3 successful jobs, and its pods print the date', async () => {
    expect(await ok(['apply', '-f', t.file('cronjob.yaml', TEST_JOB)])).toBe(
      'cronjob.batch/test-job created\n',
    );
    const [header, row] = rows(await ok(['get', 'cronjob', 'test-job']));
    expect(header).toEqual([
      'NAME',
      'SCHEDULE',
      'TIMEZONE',
      'SUSPEND',
      'ACTIVE',
      'LAST SCHEDULE',
      'AGE',
    ]);
    expect(row.slice(0, 6)).toEqual(['test-job', '*/1 * * * *', '<none>', 'False', '0', '<none>']);
    await advance(70_000);
    const jobs = rows(await ok(['get', 'jobs']));
    expect(jobs).toHaveLength(2);
    expect(jobs[1][0]).toMatch(/^test-job-\d{8}$/);
    // The job name carries the scheduled time in minutes since the epoch.
    expect((Number(jobs[1][0].slice('test-job-'.length)) * 60_000) % 60_000).toBe(0);
    const pod = await ok([
      'get',
      'pods',
      '-l',
      `job-name=${jobs[1][0]}`,
      '-o',
      'jsonpath={.items[0].metadata.name}',
    ]);
    expect(await ok(['logs', pod])).toMatch(/^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\n$/);
    await advance(240_000);
    const later = rows(await ok(['get', 'jobs'])).slice(1);
    // successfulJobsHistoryLimit defaults to 3 (a run of this minute may still be going).
    expect(later.filter((r) => r[1] === 'Complete').length).toBeLessThanOrEqual(3);
    expect(later.length).toBeGreaterThanOrEqual(3);
    expect(later.length).toBeLessThanOrEqual(4);
    const cj = rows(await ok(['get', 'cj', 'test-job']))[1];
    expect(cj[5]).toMatch(/^\d+s$/);
    const described = await ok(['describe', 'cronjob', 'test-job']);
    expect(described).toMatch(
      /Normal {2}SuccessfulCreate +\S+ +cronjob-controller {2}Created job test-job-\d{8}\n/,
    );
    expect(described).toMatch(
      /Normal {2}SawCompletedJob +\S+ +cronjob-controller {2}Saw completed job: test-job-\d{8}, status: Complete\n/,
    );
    expect(described).toMatch(
      /Normal {2}SuccessfulDelete +\S+ +cronjob-controller {2}Deleted job test-job-\d{8}\n/,
    );
  });

  test('suspending the CronJob stops new runs; kubectl create job --from runs it now', async () => {
    await ok(['patch', 'cronjob', 'test-job', '-p', '{"spec":{"suspend":true}}']);
    const names = async () =>
      rows(await ok(['get', 'jobs']))
        .slice(1)
        .map((r) => r[0]);
    await advance(5_000);
    const before = await names();
    await advance(120_000);
    // No new run while suspended (older ones may still be cleaned up).
    expect((await names()).filter((n) => !before.includes(n))).toEqual([]);
    expect(rows(await ok(['get', 'cj', 'test-job']))[1][3]).toBe('True');
    expect(await ok(['create', 'job', 'manual-run', '--from=cronjob/test-job'])).toBe(
      'job.batch/manual-run created\n',
    );
    await advance(5_000);
    expect(
      await ok([
        'get',
        'job',
        'manual-run',
        '-o',
        'jsonpath={.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate}',
      ]),
    ).toBe('manual');
  });
});
