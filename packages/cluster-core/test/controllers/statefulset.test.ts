import type { KubeObject } from '../../src/api/object';
import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

type Json = Record<string, any>;

const sts = (name: string, spec: Json = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: 'default' },
  spec: {
    serviceName: name,
    replicas: 3,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    },
    ...spec,
  },
});

const defaultStorageClass = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: {
    name: 'local-path',
    annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
  },
  provisioner: 'rancher.io/local-path',
  volumeBindingMode: 'WaitForFirstConsumer',
  reclaimPolicy: 'Delete',
};

describe('the StatefulSet controller', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster();
  });
  afterEach(async () => {
    await c.close();
  });

  const podsOf = (app: string) =>
    c
      .list('', 'pods', 'default')
      .filter((p) => p.metadata.labels?.app === app)
      .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  const eventsOf = (name: string) =>
    c
      .events('default')
      .filter((e) => e.involvedObject.kind === 'StatefulSet' && e.involvedObject.name === name);
  const update = (name: string, change: (o: KubeObject) => void) => {
    const o = structuredClone(c.get('apps', 'statefulsets', 'default', name)) as KubeObject;
    change(o);
    c.update('apps', 'statefulsets', o);
  };

  test('revisions hash the template as upstream does (1.33 compatibility vector)', async () => {
    c.create('apps', 'statefulsets', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'test', namespace: 'default' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'foo' } },
        template: {
          metadata: { annotations: { test: 'value' }, labels: { app: 'foo' } },
          spec: { containers: [{ image: 'test', name: 'test' }] },
        },
      },
    });
    await c.advance(1_000, 500);
    const [revision] = c.list('apps', 'controllerrevisions', 'default');
    expect(revision.metadata.name).toBe('test-c77f6d978');
    expect(revision.metadata.labels).toEqual({
      app: 'foo',
      'controller.kubernetes.io/hash': 'c77f6d978',
    });
    expect(revision.revision).toBe(1);
    expect(c.get('apps', 'statefulsets', 'default', 'test')?.status).toMatchObject({
      currentRevision: 'test-c77f6d978',
      updateRevision: 'test-c77f6d978',
      collisionCount: 0,
    });
  });

  test('OrderedReady creates each pod once the previous one is Running and Ready', async () => {
    c.create('apps', 'statefulsets', sts('web'));
    await c.advance(2_000, 100);
    expect(podsOf('web').map((p) => p.metadata.name)).toEqual(['web-0']);
    await c.advance(30_000, 200);
    const pods = podsOf('web');
    expect(pods.map((p) => p.metadata.name)).toEqual(['web-0', 'web-1', 'web-2']);
    const readyAt = (p: KubeObject) =>
      Date.parse(p.status.conditions.find((x: Json) => x.type === 'Ready').lastTransitionTime);
    expect(Date.parse(pods[1].metadata.creationTimestamp ?? '')).toBeGreaterThanOrEqual(
      readyAt(pods[0]),
    );
    expect(Date.parse(pods[2].metadata.creationTimestamp ?? '')).toBeGreaterThanOrEqual(
      readyAt(pods[1]),
    );
    const set = c.get('apps', 'statefulsets', 'default', 'web');
    const revision = set?.status.updateRevision;
    expect(revision).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(set?.status).toEqual({
      availableReplicas: 3,
      collisionCount: 0,
      currentReplicas: 3,
      currentRevision: revision,
      observedGeneration: 1,
      readyReplicas: 3,
      replicas: 3,
      updateRevision: revision,
      updatedReplicas: 3,
    });
    expect(pods[1].metadata.generateName).toBe('web-');
    expect(pods[1].metadata.labels).toEqual({
      app: 'web',
      'apps.kubernetes.io/pod-index': '1',
      'controller-revision-hash': revision,
      'statefulset.kubernetes.io/pod-name': 'web-1',
    });
    expect(pods[1].spec).toMatchObject({ hostname: 'web-1', subdomain: 'web' });
    expect(eventsOf('web').map((e) => e.message)).toEqual([
      'create Pod web-0 in StatefulSet web successful',
      'create Pod web-1 in StatefulSet web successful',
      'create Pod web-2 in StatefulSet web successful',
    ]);
  });

  test('Parallel creates all pods at once', async () => {
    c.create('apps', 'statefulsets', sts('par', { podManagementPolicy: 'Parallel' }));
    await c.advance(200, 100);
    expect(podsOf('par').map((p) => p.metadata.name)).toEqual(['par-0', 'par-1', 'par-2']);
  });

  test('scaling down removes the highest ordinal first, one at a time', async () => {
    c.create('apps', 'statefulsets', sts('down'));
    await c.advance(30_000, 200);
    update('down', (o) => (o.spec.replicas = 1));
    await c.advance(300, 100);
    expect(
      podsOf('down')
        .filter((p) => p.metadata.deletionTimestamp)
        .map((p) => p.metadata.name),
    ).toEqual(['down-2']);
    await c.advance(10_000, 200);
    expect(podsOf('down').map((p) => p.metadata.name)).toEqual(['down-0']);
    const deletes = eventsOf('down')
      .filter((e) => e.reason === 'SuccessfulDelete')
      .map((e) => e.message);
    expect(deletes).toEqual([
      'delete Pod down-2 in StatefulSet down successful',
      'delete Pod down-1 in StatefulSet down successful',
    ]);
  });

  test('volumeClaimTemplates make one PVC per pod, kept after scale-down by default', async () => {
    c.create('storage.k8s.io', 'storageclasses', defaultStorageClass);
    const template = [
      {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ];
    const spec = sts('db', { volumeClaimTemplates: template });
    spec.spec.template.spec.volumes = [{ name: 'cache', emptyDir: {} }];
    c.create('apps', 'statefulsets', spec);
    await c.advance(30_000, 200);
    const pvcs = c
      .list('', 'persistentvolumeclaims', 'default')
      .map((p) => p.metadata.name)
      .sort();
    expect(pvcs).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    const pvc = c.get('', 'persistentvolumeclaims', 'default', 'data-db-0');
    expect(pvc?.metadata.labels).toEqual({ app: 'db' });
    expect(pvc?.status.phase).toBe('Bound');
    expect(podsOf('db')[0].spec.volumes.slice(0, 2)).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } },
      { name: 'cache', emptyDir: {} },
    ]);
    expect(eventsOf('db')[0].message).toBe(
      'create Claim data-db-0 Pod db-0 in StatefulSet db success',
    );
    update('db', (o) => (o.spec.replicas = 1));
    await c.advance(20_000, 200);
    expect(
      c
        .list('', 'persistentvolumeclaims', 'default')
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
  });

  test('persistentVolumeClaimRetentionPolicy whenScaled=Delete removes the claims of scaled-away pods', async () => {
    c.create('storage.k8s.io', 'storageclasses', defaultStorageClass);
    const template = [
      {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ];
    c.create(
      'apps',
      'statefulsets',
      sts('tmp', {
        volumeClaimTemplates: template,
        persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Retain' },
      }),
    );
    await c.advance(30_000, 200);
    update('tmp', (o) => (o.spec.replicas = 1));
    await c.advance(30_000, 200);
    expect(
      c
        .list('', 'persistentvolumeclaims', 'default')
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['data-tmp-0']);
  });

  test('a rolling update replaces pods from the highest ordinal, honouring the partition', async () => {
    c.create(
      'apps',
      'statefulsets',
      sts('roll', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }),
    );
    await c.advance(30_000, 200);
    const before = c.get('apps', 'statefulsets', 'default', 'roll')?.status.currentRevision;
    update('roll', (o) => (o.spec.template.spec.containers[0].image = 'nginx:1.27'));
    await c.advance(60_000, 200);
    const pods = podsOf('roll');
    expect(pods.map((p) => p.spec.containers[0].image)).toEqual([
      'nginx',
      'nginx:1.27',
      'nginx:1.27',
    ]);
    const status = c.get('apps', 'statefulsets', 'default', 'roll')?.status;
    expect(status.currentRevision).toBe(before);
    expect(status.updateRevision).not.toBe(before);
    expect(status).toMatchObject({ currentReplicas: 1, updatedReplicas: 2, readyReplicas: 3 });
    const deletes = eventsOf('roll')
      .filter((e) => e.reason === 'SuccessfulDelete')
      .map((e) => e.message);
    expect(deletes).toEqual([
      'delete Pod roll-2 in StatefulSet roll successful',
      'delete Pod roll-1 in StatefulSet roll successful',
    ]);
    update('roll', (o) => (o.spec.updateStrategy.rollingUpdate.partition = 0));
    await c.advance(30_000, 200);
    const done = c.get('apps', 'statefulsets', 'default', 'roll')?.status;
    expect(done.currentRevision).toBe(done.updateRevision);
    expect(done).toMatchObject({ currentReplicas: 3, updatedReplicas: 3 });
    expect(
      c
        .list('apps', 'controllerrevisions', 'default')
        .map((r) => r.revision)
        .sort(),
    ).toEqual([1, 2]);
  });

  test('going back to an old template renumbers its revision instead of making a new one', async () => {
    c.create('apps', 'statefulsets', sts('undo', { replicas: 1 }));
    await c.advance(10_000, 200);
    const first = c.get('apps', 'statefulsets', 'default', 'undo')?.status.updateRevision;
    update('undo', (o) => (o.spec.template.spec.containers[0].image = 'nginx:1.27'));
    await c.advance(20_000, 200);
    update('undo', (o) => (o.spec.template.spec.containers[0].image = 'nginx'));
    await c.advance(20_000, 200);
    const revisions = c.list('apps', 'controllerrevisions', 'default');
    expect(revisions).toHaveLength(2);
    expect(revisions.find((r) => r.metadata.name === first)?.revision).toBe(3);
    expect(podsOf('undo')[0].metadata.labels?.['controller-revision-hash']).toBe(first);
  });

  test('OnDelete leaves pods alone until they are deleted', async () => {
    c.create(
      'apps',
      'statefulsets',
      sts('manual', { replicas: 2, updateStrategy: { type: 'OnDelete' } }),
    );
    await c.advance(20_000, 200);
    update('manual', (o) => (o.spec.template.spec.containers[0].image = 'nginx:1.27'));
    await c.advance(20_000, 200);
    expect(podsOf('manual').map((p) => p.spec.containers[0].image)).toEqual(['nginx', 'nginx']);
    c.remove('', 'pods', 'default', 'manual-1');
    await c.advance(20_000, 200);
    expect(podsOf('manual').map((p) => p.spec.containers[0].image)).toEqual([
      'nginx',
      'nginx:1.27',
    ]);
    expect(c.get('apps', 'statefulsets', 'default', 'manual')?.status).toMatchObject({
      currentReplicas: 1,
      updatedReplicas: 1,
    });
  });

  test('a deleted pod comes back with the same name', async () => {
    c.create('apps', 'statefulsets', sts('back', { replicas: 2 }));
    await c.advance(20_000, 200);
    const uid = podsOf('back')[0].metadata.uid;
    c.remove('', 'pods', 'default', 'back-0');
    await c.advance(20_000, 200);
    const [pod] = podsOf('back');
    expect(pod.metadata.name).toBe('back-0');
    expect(pod.metadata.uid).not.toBe(uid);
    expect(pod.status.phase).toBe('Running');
  });
});
