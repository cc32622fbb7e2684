import type { KubeObject } from '../../src/api/object';
import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

type Json = Record<string, any>;

const ds = (name: string, spec: Json = {}, podSpec: Json = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name, namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [{ name: 'agent', image: 'busybox', command: ['sleep', 'infinity'] }],
        ...podSpec,
      },
    },
    ...spec,
  },
});

describe('the DaemonSet controller', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    // controlplane (tainted NoSchedule), node01, node02
    c = simulatedCluster();
  });
  afterEach(async () => {
    await c.close();
  });

  const podsOf = (app: string) =>
    c.list('', 'pods', 'default').filter((p) => p.metadata.labels?.app === app);
  const live = (app: string) => podsOf(app).filter((p) => !p.metadata.deletionTimestamp);
  const nodesOf = (app: string) =>
    live(app)
      .map((p) => p.spec.nodeName)
      .sort();
  const statusOf = (name: string) => c.get('apps', 'daemonsets', 'default', name)?.status;
  const updateDs = (name: string, change: (o: KubeObject) => void) => {
    const o = structuredClone(c.get('apps', 'daemonsets', 'default', name)) as KubeObject;
    change(o);
    c.update('apps', 'daemonsets', o);
  };
  const updateNode = (name: string, change: (o: KubeObject) => void) => {
    const o = structuredClone(c.get('', 'nodes', undefined, name)) as KubeObject;
    change(o);
    c.update('', 'nodes', o);
  };

  test('one pod per worker, none on the tainted control plane, with the upstream status', async () => {
    c.create('apps', 'daemonsets', ds('agent'));
    await c.advance(10_000, 200);
    expect(nodesOf('agent')).toEqual(['node01', 'node02']);
    expect(statusOf('agent')).toEqual({
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberAvailable: 2,
      numberMisscheduled: 0,
      numberReady: 2,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
    });
    const [pod] = podsOf('agent');
    expect(pod.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.metadata.labels?.['pod-template-generation']).toBe('1');
    const [revision] = c.list('apps', 'controllerrevisions', 'default');
    expect(pod.metadata.labels?.['controller-revision-hash']).toBe(
      revision.metadata.labels?.['controller-revision-hash'],
    );
    expect(revision.metadata.name).toBe(
      `agent-${revision.metadata.labels?.['controller-revision-hash']}`,
    );
    expect(revision.metadata.labels).toEqual({
      app: 'agent',
      'controller-revision-hash': expect.any(String),
    });
    const events = c.events('default').filter((e) => e.involvedObject.kind === 'DaemonSet');
    expect(events.map((e) => e.reason)).toEqual(['SuccessfulCreate', 'SuccessfulCreate']);
    expect(events[0].message).toMatch(/^Created pod: agent-\w{5}$/);
  });

  test('a toleration for the control-plane taint puts a pod there too', async () => {
    c.create(
      'apps',
      'daemonsets',
      ds(
        'all',
        {},
        {
          tolerations: [
            {
              key: 'node-role.kubernetes.io/control-plane',
              operator: 'Exists',
              effect: 'NoSchedule',
            },
          ],
        },
      ),
    );
    await c.advance(10_000, 200);
    expect(nodesOf('all')).toEqual(['controlplane', 'node01', 'node02']);
    expect(statusOf('all')).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3 });
  });

  test('nodeSelector limits the nodes', async () => {
    updateNode('node02', (n) => (n.metadata.labels = { ...n.metadata.labels, disk: 'ssd' }));
    c.create('apps', 'daemonsets', ds('ssd', {}, { nodeSelector: { disk: 'ssd' } }));
    await c.advance(10_000, 200);
    expect(nodesOf('ssd')).toEqual(['node02']);
    expect(statusOf('ssd')).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1 });
  });

  test('a NoSchedule taint added later keeps the running pod; NoExecute removes it', async () => {
    c.create('apps', 'daemonsets', ds('stay'));
    await c.advance(10_000, 200);
    updateNode(
      'node01',
      (n) => (n.spec.taints = [{ key: 'maintenance', value: 'true', effect: 'NoSchedule' }]),
    );
    await c.advance(5_000, 200);
    expect(nodesOf('stay')).toEqual(['node01', 'node02']);
    expect(statusOf('stay')).toMatchObject({ desiredNumberScheduled: 1, numberMisscheduled: 1 });
    updateNode(
      'node01',
      (n) => (n.spec.taints = [{ key: 'maintenance', value: 'true', effect: 'NoExecute' }]),
    );
    await c.advance(5_000, 200);
    expect(nodesOf('stay')).toEqual(['node02']);
    expect(statusOf('stay')).toMatchObject({
      desiredNumberScheduled: 1,
      numberMisscheduled: 0,
      currentNumberScheduled: 1,
    });
  });

  test('cordoned nodes keep their daemon pods (the unschedulable taint is tolerated)', async () => {
    updateNode('node01', (n) => (n.spec.unschedulable = true));
    await c.advance(1_000, 200);
    c.create('apps', 'daemonsets', ds('cordon'));
    await c.advance(10_000, 200);
    expect(nodesOf('cordon')).toEqual(['node01', 'node02']);
  });

  test('rolling update with maxUnavailable 1 replaces one node at a time', async () => {
    c.create('apps', 'daemonsets', ds('roll'));
    await c.advance(10_000, 200);
    updateDs('roll', (o) => (o.spec.template.spec.containers[0].image = 'busybox:1.36'));
    await c.advance(400, 100);
    expect(podsOf('roll').filter((p) => p.metadata.deletionTimestamp)).toHaveLength(1);
    await c.advance(30_000, 200);
    expect(live('roll').map((p) => p.spec.containers[0].image)).toEqual([
      'busybox:1.36',
      'busybox:1.36',
    ]);
    expect(live('roll').map((p) => p.metadata.labels?.['pod-template-generation'])).toEqual([
      '2',
      '2',
    ]);
    expect(statusOf('roll')).toMatchObject({
      observedGeneration: 2,
      updatedNumberScheduled: 2,
      numberAvailable: 2,
    });
    expect(
      c
        .list('apps', 'controllerrevisions', 'default')
        .map((r) => r.revision)
        .sort(),
    ).toEqual([1, 2]);
  });

  test('rolling update with maxSurge starts the new pod before removing the old one', async () => {
    c.create(
      'apps',
      'daemonsets',
      ds('surge', {
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
        },
      }),
    );
    await c.advance(10_000, 200);
    updateDs('surge', (o) => (o.spec.template.spec.containers[0].image = 'busybox:1.36'));
    await c.advance(400, 100);
    expect(live('surge')).toHaveLength(3);
    await c.advance(40_000, 200);
    expect(live('surge').map((p) => p.spec.containers[0].image)).toEqual([
      'busybox:1.36',
      'busybox:1.36',
    ]);
  });

  test('OnDelete waits for pods to be deleted', async () => {
    c.create('apps', 'daemonsets', ds('ondel', { updateStrategy: { type: 'OnDelete' } }));
    await c.advance(10_000, 200);
    updateDs('ondel', (o) => (o.spec.template.spec.containers[0].image = 'busybox:1.36'));
    await c.advance(10_000, 200);
    expect(live('ondel').map((p) => p.spec.containers[0].image)).toEqual(['busybox', 'busybox']);
    expect(statusOf('ondel')?.updatedNumberScheduled).toBeUndefined();
  });

  test('a new node gets a daemon pod', async () => {
    c.create('apps', 'daemonsets', ds('grow'));
    await c.advance(10_000, 200);
    const node = structuredClone(c.get('', 'nodes', undefined, 'node02')) as KubeObject;
    node.metadata = {
      name: 'node03',
      labels: { ...node.metadata.labels, 'kubernetes.io/hostname': 'node03' },
    };
    delete node.status;
    c.create('', 'nodes', node);
    await c.advance(1_000, 200);
    expect(
      live('grow')
        .map(
          (p) =>
            p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
              .nodeSelectorTerms[0].matchFields[0].values[0],
        )
        .sort(),
    ).toEqual(['node01', 'node02', 'node03']);
  });
});
