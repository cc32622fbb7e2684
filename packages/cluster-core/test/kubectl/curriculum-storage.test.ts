/**
 * Curriculum: volumes, PersistentVolumes and claims (seed 000 "Volume类型", seed 004's
 * emptyDir+hostPath and PV/PVC lessons): containers sharing an emptyDir, a hostPath on the
 * node, a static hostPath PV bound by a claim whose data outlives the pod, in-use protection,
 * Retain and Delete reclaim, and dynamic provisioning by the default StorageClass.
 */
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

/** Two containers sharing an emptyDir: one writes the page the other serves. */
const SHARED = `apiVersion: v1
kind: Pod
metadata:
  name: shared
spec:
  containers:
  - name: writer
    image: busybox
    command: ["/bin/sh", "-c"]
    args: ["echo hello from the writer > /html/index.html; while true; do date >> /html/dates.txt; sleep 1; done"]
    volumeMounts:
    - name: html
      mountPath: /html
  - name: nginx
    image: nginx
    volumeMounts:
    - name: html
      mountPath: /usr/share/nginx/html
  volumes:
  - name: html
    emptyDir: {}
`;

const STATIC_PV = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv01
  labels:
    type: local
spec:
  capacity:
    storage: 1Gi
  accessModes:
  - ReadWriteOnce
  persistentVolumeReclaimPolicy: Retain
  storageClassName: manual
  hostPath:
    path: /mnt/data
`;

const CLAIM = (name: string, size: string, cls = 'manual') => `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${name}
spec:
  storageClassName: ${JSON.stringify(cls)}
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: ${size}
`;

const CLAIM_POD = (name: string, claim: string, command: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", ${JSON.stringify(command)}]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: ${claim}
`;

describe.each(KUBECTL_VERSIONS)(
  'curriculum: volumes and persistent storage with kubectl %s',
  (version) => {
    let t: TestCluster;
    const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
    const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
    const rows = (out: string) => out.trim().split('\n').map(columns);
    const ready = (pod: string) =>
      ok(['wait', '--for=condition=Ready', `pod/${pod}`, '--timeout=30s']);

    beforeAll(async () => {
      t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
    });
    afterAll(async () => {
      await t.close();
    });

    test('containers of a pod share an emptyDir: what one writes the other serves', async () => {
      await ok(['apply', '-f', t.file('shared.yaml', SHARED)]);
      await ready('shared');
      expect(rows(await ok(['get', 'pod', 'shared']))[1].slice(1, 3)).toEqual(['2/2', 'Running']);
      expect(
        await ok([
          'exec',
          'shared',
          '-c',
          'nginx',
          '--',
          'cat',
          '/usr/share/nginx/html/index.html',
        ]),
      ).toBe('hello from the writer\n');
      const dates = await eventually(
        () => ok(['exec', 'shared', '-c', 'nginx', '--', 'cat', '/usr/share/nginx/html/dates.txt']),
        (d) => d.split('\n').length > 2,
      );
      expect(dates).toMatch(/^(\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\n)+$/);
      const ip = await ok(['get', 'pod', 'shared', '-o', 'jsonpath={.status.podIP}']);
      await ok(['run', 'client', '--image=busybox', '--', 'sleep', '3600']);
      await ready('client');
      expect(await ok(['exec', 'client', '--', 'wget', '-qO-', ip])).toBe(
        'hello from the writer\n',
      );
      const noDefault = await k(['exec', 'shared', '-c', 'writer', '--', 'cat', '/html/50x.html']);
      expect(noDefault.stderr).toContain(
        "cat: can't open '/html/50x.html': No such file or directory",
      );
      const described = await ok(['describe', 'pod', 'shared']);
      expect(described).toMatch(
        / {2}html:\n {4}Type: +EmptyDir \(a temporary directory that shares a pod's lifetime\)\n {4}Medium: +\n {4}SizeLimit: +<unset>\n/,
      );
    });

    test("a hostPath directory is the node's: a second pod on the same node sees the file", async () => {
      const hostPod = (name: string, command: string) =>
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name },
          spec: {
            nodeName: 'node01',
            containers: [
              {
                name: 'c',
                image: 'busybox',
                command: ['sh', '-c', command],
                volumeMounts: [{ name: 'host', mountPath: '/host' }],
              },
            ],
            volumes: [
              { name: 'host', hostPath: { path: '/var/lib/demo', type: 'DirectoryOrCreate' } },
            ],
          },
        });
      await ok(
        ['apply', '-f', '-'],
        hostPod('host-writer', 'echo written on the node > /host/note.txt; sleep 3600'),
      );
      await ready('host-writer');
      await ok(['apply', '-f', '-'], hostPod('host-reader', 'sleep 3600'));
      await ready('host-reader');
      expect(await ok(['exec', 'host-reader', '--', 'cat', '/host/note.txt'])).toBe(
        'written on the node\n',
      );
      const described = await ok(['describe', 'pod', 'host-reader']);
      expect(described).toMatch(
        / {4}Type: +HostPath \(bare host directory volume\)\n {4}Path: +\/var\/lib\/demo\n {4}HostPathType: +DirectoryOrCreate\n/,
      );
    });

    test('a static hostPath PV binds the claim that fits; both print as a 1.33 cluster prints them', async () => {
      expect(await ok(['apply', '-f', t.file('pv.yaml', STATIC_PV)])).toBe(
        'persistentvolume/pv01 created\n',
      );
      const available = rows(await ok(['get', 'pv', 'pv01']));
      expect(available[0]).toEqual([
        'NAME',
        'CAPACITY',
        'ACCESS MODES',
        'RECLAIM POLICY',
        'STATUS',
        'CLAIM',
        'STORAGECLASS',
        'VOLUMEATTRIBUTESCLASS',
        'REASON',
        'AGE',
      ]);
      expect(available[1].slice(0, 7)).toEqual([
        'pv01',
        '1Gi',
        'RWO',
        'Retain',
        'Available',
        'manual',
        '<unset>',
      ]);
      expect(await ok(['apply', '-f', t.file('pvc.yaml', CLAIM('pvc01', '500Mi'))])).toBe(
        'persistentvolumeclaim/pvc01 created\n',
      );
      const claim = await eventually(
        () => ok(['get', 'pvc', 'pvc01']),
        (o) => o.includes('Bound'),
      );
      expect(rows(claim)[0]).toEqual([
        'NAME',
        'STATUS',
        'VOLUME',
        'CAPACITY',
        'ACCESS MODES',
        'STORAGECLASS',
        'VOLUMEATTRIBUTESCLASS',
        'AGE',
      ]);
      expect(rows(claim)[1].slice(0, 7)).toEqual([
        'pvc01',
        'Bound',
        'pv01',
        '1Gi',
        'RWO',
        'manual',
        '<unset>',
      ]);
      const bound = await eventually(
        () => ok(['get', 'pv', 'pv01']),
        (o) => o.includes('Bound'),
      );
      expect(rows(bound)[1].slice(4, 6)).toEqual(['Bound', 'default/pvc01']);
      const pvc = JSON.parse(await ok(['get', 'pvc', 'pvc01', '-o', 'json']));
      expect(pvc.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
      expect(pvc.metadata.annotations).toEqual({
        'pv.kubernetes.io/bind-completed': 'yes',
        'pv.kubernetes.io/bound-by-controller': 'yes',
        'kubectl.kubernetes.io/last-applied-configuration': expect.any(String),
      });
      expect(
        JSON.parse(await ok(['get', 'pv', 'pv01', '-o', 'jsonpath={.metadata.finalizers}'])),
      ).toEqual(['kubernetes.io/pv-protection']);
    });

    test('data written through the claim outlives the pod that wrote it', async () => {
      await ok([
        'apply',
        '-f',
        t.file(
          'writer.yaml',
          CLAIM_POD('pv-writer', 'pvc01', 'echo persisted > /data/out.txt; sleep 3600'),
        ),
      ]);
      await ready('pv-writer');
      expect(await ok(['exec', 'pv-writer', '--', 'cat', '/data/out.txt'])).toBe('persisted\n');
      const described = await ok(['describe', 'pvc', 'pvc01']);
      expect(described).toMatch(/\nFinalizers: +\[kubernetes\.io\/pvc-protection\]\n/);
      expect(described).toMatch(/\nUsed By: +pv-writer\n/);
      await ok(['delete', 'pod', 'pv-writer', '--grace-period=1']);
      await ok([
        'apply',
        '-f',
        t.file('reader.yaml', CLAIM_POD('pv-reader', 'pvc01', 'sleep 3600')),
      ]);
      await ready('pv-reader');
      expect(await ok(['exec', 'pv-reader', '--', 'cat', '/data/out.txt'])).toBe('persisted\n');
      expect(await ok(['exec', 'pv-reader', '--', 'ls', '/data'])).toBe('out.txt\n');
    });

    test('a claim in use stays Terminating until its pod goes; the Retain volume is then Released', async () => {
      const deleting = await k(['delete', 'pvc', 'pvc01', '--wait=false']);
      expect(deleting.stdout).toBe('persistentvolumeclaim "pvc01" deleted\n');
      const terminating = rows(await ok(['get', 'pvc', 'pvc01']));
      expect(terminating[1].slice(0, 3)).toEqual(['pvc01', 'Terminating', 'pv01']);
      expect(await ok(['exec', 'pv-reader', '--', 'cat', '/data/out.txt'])).toBe('persisted\n');
      await ok(['delete', 'pod', 'pv-reader', '--grace-period=1']);
      await eventually(
        () => k(['get', 'pvc', 'pvc01']),
        (r) => r.code === 1,
      );
      const released = await eventually(
        () => ok(['get', 'pv', 'pv01']),
        (o) => o.includes('Released'),
      );
      expect(rows(released)[1].slice(0, 6)).toEqual([
        'pv01',
        '1Gi',
        'RWO',
        'Retain',
        'Released',
        'default/pvc01',
      ]);
      // A Released volume is not bound again by a new claim.
      await ok(['apply', '-f', '-'], CLAIM('pvc02', '500Mi'));
      await new Promise((r) => setTimeout(r, 500));
      expect(rows(await ok(['get', 'pvc', 'pvc02']))[1].slice(0, 3)).toEqual([
        'pvc02',
        'Pending',
        'manual',
      ]);
      expect(await ok(['get', 'pvc', 'pvc02', '-o', 'jsonpath={.spec.volumeName}'])).toBe('');
      await ok(['delete', 'pvc', 'pvc02']);
    });

    test("a claim nothing fits stays Pending with the binder's event", async () => {
      await ok(['apply', '-f', '-'], CLAIM('too-big', '5Gi', ''));
      const events = await eventually(
        () =>
          ok([
            'get',
            'events',
            '--field-selector',
            'involvedObject.name=too-big',
            '-o',
            'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}',
          ]),
        (e) => e.length > 0,
      );
      expect(events).toContain(
        'FailedBinding: no persistent volumes available for this claim and no storage class is set\n',
      );
      expect(rows(await ok(['get', 'pvc', 'too-big']))[1].slice(0, 2)).toEqual([
        'too-big',
        'Pending',
      ]);
    });

    test('the default StorageClass provisions a volume for the first consumer and deletes it with the claim', async () => {
      const classes = rows(await ok(['get', 'storageclass']));
      expect(classes[0]).toEqual([
        'NAME',
        'PROVISIONER',
        'RECLAIMPOLICY',
        'VOLUMEBINDINGMODE',
        'ALLOWVOLUMEEXPANSION',
        'AGE',
      ]);
      expect(classes[1].slice(0, 5)).toEqual([
        'standard (default)',
        'rancher.io/local-path',
        'Delete',
        'WaitForFirstConsumer',
        'false',
      ]);
      await ok(
        ['apply', '-f', '-'],
        CLAIM('dyn', '1Gi', 'standard').replace('  storageClassName: "standard"\n', ''),
      );
      const waiting = await eventually(
        () => ok(['describe', 'pvc', 'dyn']),
        (d) => d.includes('WaitForFirstConsumer'),
      );
      expect(waiting).toMatch(/\nStorageClass: +standard\nStatus: +Pending\n/);
      expect(waiting).toMatch(
        /Normal {2}WaitForFirstConsumer +\S+ +persistentvolume-controller {2}waiting for first consumer to be created before binding\n/,
      );
      await ok(['apply', '-f', '-'], CLAIM_POD('dyn-user', 'dyn', 'sleep 3600'));
      await ready('dyn-user');
      const bound = rows(await ok(['get', 'pvc', 'dyn']));
      const uid = await ok(['get', 'pvc', 'dyn', '-o', 'jsonpath={.metadata.uid}']);
      expect(bound[1].slice(0, 6)).toEqual([
        'dyn',
        'Bound',
        `pvc-${uid}`,
        '1Gi',
        'RWO',
        'standard',
      ]);
      const pv = rows(await ok(['get', 'pv', `pvc-${uid}`]));
      expect(pv[1].slice(1, 7)).toEqual([
        '1Gi',
        'RWO',
        'Delete',
        'Bound',
        'default/dyn',
        'standard',
      ]);
      const node = await ok(['get', 'pod', 'dyn-user', '-o', 'jsonpath={.spec.nodeName}']);
      expect(
        await ok([
          'get',
          'pv',
          `pvc-${uid}`,
          '-o',
          'jsonpath={.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]}',
        ]),
      ).toBe(node);
      await ok(['delete', 'pod', 'dyn-user', '--grace-period=1']);
      expect(await ok(['delete', 'pvc', 'dyn'])).toBe('persistentvolumeclaim "dyn" deleted\n');
      await eventually(
        () => k(['get', 'pv', `pvc-${uid}`]),
        (r) => r.code === 1,
      );
    });
  },
);
