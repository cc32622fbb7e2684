import { scaledKubeletTimings } from '../../src/controllers';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const STATEFULSET = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  selector:
    app: web-sts
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 3
  selector:
    matchLabels:
      app: web-sts
  template:
    metadata:
      labels:
        app: web-sts
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: logger
spec:
  selector:
    matchLabels:
      app: logger
  template:
    metadata:
      labels:
        app: logger
    spec:
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      containers:
      - name: busybox
        image: busybox:1.36
        command: ["sh", "-c", "while true; do date; sleep 10; done"]
`;

describe.each(KUBECTL_VERSIONS)(
  'jobs, cronjobs, daemonsets and statefulsets with kubectl %s',
  (version) => {
    let t: TestCluster;
    const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });

    beforeAll(async () => {
      t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
    });
    afterAll(async () => {
      await t.close();
    });

    test('kubectl create job runs to completion and kubectl wait sees it', async () => {
      await ok([
        'create',
        'job',
        'hello',
        '--image=busybox',
        '--',
        'sh',
        '-c',
        'echo hello; sleep 1',
      ]);
      expect(await ok(['wait', '--for=condition=complete', 'job/hello', '--timeout=30s'])).toBe(
        'job.batch/hello condition met\n',
      );
      const row = columns((await ok(['get', 'job', 'hello', '--no-headers'])).trim());
      expect(row[1]).toBe('Complete');
      expect(row[2]).toBe('1/1');
      const pod = await ok(['get', 'pods', '-l', 'job-name=hello', '--no-headers']);
      expect(columns(pod.trim()).slice(1, 3)).toEqual(['0/1', 'Completed']);
    });

    test('kubectl create job --from=cronjob makes a job owned by the cronjob', async () => {
      await ok([
        'create',
        'cronjob',
        'nightly',
        '--image=busybox',
        '--schedule=0 3 * * *',
        '--',
        'date',
      ]);
      expect(await ok(['create', 'job', 'manual', '--from=cronjob/nightly'])).toBe(
        'job.batch/manual created\n',
      );
      await ok(['wait', '--for=condition=complete', 'job/manual', '--timeout=30s']);
      const owner = await ok([
        'get',
        'job',
        'manual',
        '-o',
        'jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}',
      ]);
      expect(owner).toBe('CronJob/nightly');
    });

    test('a DaemonSet tolerating the control plane runs on every node and rolls out', async () => {
      await ok(['apply', '-f', '-'], DAEMONSET);
      const status = await ok(['rollout', 'status', 'daemonset/logger', '--timeout=30s']);
      expect(status.trim().split('\n').pop()).toBe('daemon set "logger" successfully rolled out');
      const row = columns((await ok(['get', 'ds', 'logger', '--no-headers'])).trim());
      expect(row.slice(1, 6)).toEqual(['3', '3', '3', '3', '3']);
      await ok(['set', 'image', 'daemonset/logger', 'busybox=busybox:1.37']);
      await ok(['rollout', 'status', 'daemonset/logger', '--timeout=60s']);
      const images = await ok([
        'get',
        'pods',
        '-l',
        'app=logger',
        '-o',
        'jsonpath={.items[*].spec.containers[0].image}',
      ]);
      expect(images.split(' ')).toEqual(['busybox:1.37', 'busybox:1.37', 'busybox:1.37']);
    });

    test('a StatefulSet comes up in order with stable names', async () => {
      await ok(['apply', '-f', '-'], STATEFULSET);
      const status = await ok(['rollout', 'status', 'statefulset/web', '--timeout=60s']);
      expect(status).toContain('partitioned roll out complete: 3 new pods have been updated...');
      const pods = await ok([
        'get',
        'pods',
        '-l',
        'app=web-sts',
        '-o',
        'jsonpath={range .items[*]}{.metadata.name} {.spec.hostname}.{.spec.subdomain}{"\\n"}{end}',
      ]);
      expect(pods.trim().split('\n')).toEqual([
        'web-0 web-0.web',
        'web-1 web-1.web',
        'web-2 web-2.web',
      ]);
      const created = (
        await ok([
          'get',
          'pods',
          '-l',
          'app=web-sts',
          '-o',
          'jsonpath={.items[*].metadata.creationTimestamp}',
        ])
      ).split(' ');
      expect([...created].sort()).toEqual(created);
      await ok(['scale', 'statefulset/web', '--replicas=1']);
      await eventually(
        () => ok(['get', 'pods', '-l', 'app=web-sts', '--no-headers']),
        (o) => o.trim().split('\n').length === 1 && o.startsWith('web-0'),
      );
    });
  },
);
