import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

const template = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }], ...extra },
});

describe('DaemonSets, StatefulSets and volumes', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster();
  });
  afterEach(async () => {
    await c.close();
  });

  test('a DaemonSet runs one pod per worker, and on the control plane only with a toleration', async () => {
    c.create('apps', 'daemonsets', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: template({ app: 'agent' }) },
    });
    await c.advance(10_000);
    let pods = c.list('', 'pods', 'default').filter((p) => p.metadata.labels?.app === 'agent');
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(['node01', 'node02']);
    expect(pods[0].spec.tolerations.map((t: { key: string }) => t.key)).toContain(
      'node.kubernetes.io/unschedulable',
    );
    let ds = c.get('apps', 'daemonsets', 'default', 'agent');
    expect(ds?.status).toMatchObject({
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 2,
      numberAvailable: 2,
      updatedNumberScheduled: 2,
    });
    const tolerant = structuredClone(ds) as NonNullable<typeof ds>;
    tolerant.spec.template.spec.tolerations = [
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
    ];
    c.update('apps', 'daemonsets', tolerant);
    await c.advance(20_000);
    pods = c
      .list('', 'pods', 'default')
      .filter((p) => p.metadata.labels?.app === 'agent' && !p.metadata.deletionTimestamp);
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(['controlplane', 'node01', 'node02']);
    ds = c.get('apps', 'daemonsets', 'default', 'agent');
    expect(ds?.status).toMatchObject({
      desiredNumberScheduled: 3,
      updatedNumberScheduled: 3,
      numberReady: 3,
    });
    expect(
      c
        .list('apps', 'controllerrevisions', 'default')
        .map((r) => r.revision)
        .sort(),
    ).toEqual([1, 2]);
  });

  test('a StatefulSet creates ordered pods with their claims', async () => {
    c.create('', 'persistentvolumes', {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-a' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: '/data/a' },
      },
    });
    c.create('apps', 'statefulsets', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        serviceName: 'db',
        replicas: 2,
        selector: { matchLabels: { app: 'db' } },
        template: template(
          { app: 'db' },
          {
            containers: [
              {
                name: 'nginx',
                image: 'nginx:1.27',
                volumeMounts: [{ name: 'data', mountPath: '/data' }],
              },
            ],
          },
        ),
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: '1Gi' } },
              storageClassName: '',
            },
          },
        ],
      },
    });
    await c.advance(2_000);
    // db-0 waits for its claim; only one pod exists before it is Ready.
    expect(c.list('', 'pods', 'default').map((p) => p.metadata.name)).toEqual(['db-0']);
    const claim0 = c.get('', 'persistentvolumeclaims', 'default', 'data-db-0');
    expect(claim0?.status.phase).toBe('Bound');
    expect(claim0?.spec.volumeName).toBe('pv-a');
    c.create('', 'persistentvolumes', {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-b' },
      spec: {
        capacity: { storage: '2Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: '/data/b' },
      },
    });
    await c.advance(20_000);
    const pods = c.list('', 'pods', 'default');
    expect(
      pods.map((p) => [p.metadata.name, p.status.phase, p.spec.hostname, p.spec.subdomain]),
    ).toEqual([
      ['db-0', 'Running', 'db-0', 'db'],
      ['db-1', 'Running', 'db-1', 'db'],
    ]);
    expect(pods[1].metadata.labels).toMatchObject({
      'statefulset.kubernetes.io/pod-name': 'db-1',
      'apps.kubernetes.io/pod-index': '1',
    });
    const set = c.get('apps', 'statefulsets', 'default', 'db');
    expect(set?.status).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      currentReplicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
    });
    expect(set?.status.currentRevision).toBe(set?.status.updateRevision);
    expect(c.get('', 'persistentvolumes', undefined, 'pv-b')?.status.phase).toBe('Bound');
    const messages = c
      .events('default')
      .filter((e) => e.involvedObject.kind === 'StatefulSet')
      .map((e) => e.message);
    expect(messages).toContain('create Claim data-db-0 Pod db-0 in StatefulSet db success');
    expect(messages).toContain('create Pod db-1 in StatefulSet db successful');
  });

  test('a claim for a StorageClass gets a provisioned volume', async () => {
    c.create('storage.k8s.io', 'storageclasses', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'local-path' },
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    c.create('', 'persistentvolumeclaims', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'default' },
      spec: {
        storageClassName: 'local-path',
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '500Mi' } },
      },
    });
    await c.advance(1_000);
    const pvc = c.get('', 'persistentvolumeclaims', 'default', 'data');
    expect(pvc?.status).toMatchObject({ phase: 'Bound', capacity: { storage: '500Mi' } });
    const pv = c.get('', 'persistentvolumes', undefined, pvc?.spec.volumeName);
    expect(pv?.metadata.name).toBe(`pvc-${pvc?.metadata.uid}`);
    expect(pv?.status.phase).toBe('Bound');
    c.remove('', 'persistentvolumeclaims', 'default', 'data');
    await c.advance(1_000);
    expect(c.get('', 'persistentvolumes', undefined, pv?.metadata.name)).toBeUndefined();
  });
});
