import type { KubeObject } from '../../src/api/object';
import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

// biome-ignore lint/suspicious/noExplicitAny: objects are free-form JSON
type Json = Record<string, any>;

const condition = (o: KubeObject | undefined, type: string) =>
  ((o?.status?.conditions ?? []) as Json[]).find((c) => c.type === type);

const pinned = (name: string, node: string, extra: Json = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName: node, containers: [{ name: 'nginx', image: 'nginx' }], ...extra },
});

describe('a node whose kubelet stops', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster({ simulation: { systemWorkloads: false } });
  });
  afterEach(async () => {
    await c.close();
  });

  const node = (name: string) => c.get('', 'nodes', undefined, name);
  const eventsFor = (name: string) =>
    c
      .list('', 'events')
      .filter((e) => e.involvedObject.name === name)
      .map((e) => `${e.type} ${e.reason}: ${e.message}`);

  test('goes Unknown after the node monitor grace period, is tainted unreachable and its pods are not Ready', async () => {
    c.create('', 'pods', pinned('web', 'node01'));
    await c.advance(10_000);
    const heartbeat = condition(node('node01'), 'Ready')?.lastHeartbeatTime;
    c.cluster.stopKubelet('node01');
    await c.advance(49_000, 1_000);
    expect(condition(node('node01'), 'Ready')?.status).toBe('True');
    await c.advance(2_000, 500);
    const n = node('node01');
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']) {
      expect(condition(n, type)).toMatchObject({
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastHeartbeatTime: heartbeat,
      });
    }
    expect(n?.spec.taints.map((t: Json) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/unreachable:NoSchedule',
    ]);
    expect(n?.spec.taints.every((t: Json) => typeof t.timeAdded === 'string')).toBe(true);
    expect(eventsFor('node01')).toContain(
      'Normal NodeNotReady: Node node01 status is now: NodeNotReady',
    );
    const p = c.get('', 'pods', 'default', 'web');
    expect(condition(p, 'Ready')?.status).toBe('False');
    expect(p?.status.phase).toBe('Running');
    expect(eventsFor('web')).toContain('Warning NodeNotReady: Node is not ready');
  });

  test('its pods are evicted when their 300 s toleration runs out, stay Terminating, and are replaced elsewhere', async () => {
    c.create('apps', 'deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    });
    await c.advance(15_000, 500);
    const onNode01 = c.list('', 'pods', 'default').filter((p) => p.spec.nodeName === 'node01');
    expect(onNode01.length).toBeGreaterThan(0);
    c.cluster.stopKubelet('node01', { gracePeriodMs: 1_000 });
    await c.advance(2_000, 500);
    await c.advance(297_000, 10_000);
    expect(
      c.get('', 'pods', 'default', onNode01[0].metadata.name ?? '')?.metadata.deletionTimestamp,
    ).toBeUndefined();
    await c.advance(5_000, 500);
    for (const old of onNode01) {
      const p = c.get('', 'pods', 'default', old.metadata.name ?? '');
      expect(p?.metadata.deletionTimestamp).toBeDefined();
      expect(condition(p, 'DisruptionTarget')).toMatchObject({
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
      });
      expect(eventsFor(old.metadata.name ?? '')).toContain(
        `Normal TaintManagerEviction: Marking for deletion Pod default/${old.metadata.name}`,
      );
    }
    await c.advance(10_000, 500);
    const live = c.list('', 'pods', 'default').filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(2);
    expect(live.every((p) => p.spec.nodeName !== 'node01' && p.status.phase === 'Running')).toBe(
      true,
    );
    // The kubelet that comes back confirms the deletions and the node sheds its taints.
    c.cluster.startKubelet('node01');
    await c.advance(3_000, 500);
    expect(c.list('', 'pods', 'default').filter((p) => p.spec.nodeName === 'node01')).toEqual([]);
    expect(condition(node('node01'), 'Ready')).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
    });
    expect(node('node01')?.spec.taints).toBeUndefined();
    expect(eventsFor('node01')).toContain('Normal NodeReady: Node node01 status is now: NodeReady');
  });
});

describe('NoExecute taints', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster({ simulation: { systemWorkloads: false } });
  });
  afterEach(async () => {
    await c.close();
  });

  const taint = (effect: string) => {
    const n = c.get('', 'nodes', undefined, 'node01') as KubeObject;
    c.update('', 'nodes', {
      ...n,
      spec: { ...n.spec, taints: [{ key: 'maintenance', value: 'true', effect }] },
    });
  };

  test('evict untolerated pods at once, tolerating ones after tolerationSeconds, and leave tolerated-for-ever ones', async () => {
    const tol = (seconds?: number) => ({
      tolerations: [
        {
          key: 'maintenance',
          operator: 'Exists',
          effect: 'NoExecute',
          ...(seconds === undefined ? {} : { tolerationSeconds: seconds }),
        },
      ],
    });
    c.create('', 'pods', pinned('plain', 'node01'));
    c.create('', 'pods', pinned('patient', 'node01', tol(20)));
    c.create('', 'pods', pinned('forever', 'node01', tol()));
    await c.advance(10_000);
    taint('NoExecute');
    await c.advance(2_000, 500);
    expect(c.get('', 'pods', 'default', 'plain')).toBeUndefined();
    expect(c.get('', 'pods', 'default', 'patient')?.metadata.deletionTimestamp).toBeUndefined();
    await c.advance(20_000, 1_000);
    expect(c.get('', 'pods', 'default', 'patient')).toBeUndefined();
    await c.advance(60_000, 5_000);
    expect(c.get('', 'pods', 'default', 'forever')?.status.phase).toBe('Running');
  });

  test('NoSchedule taints leave running pods alone', async () => {
    c.create('', 'pods', pinned('plain', 'node01'));
    await c.advance(10_000);
    taint('NoSchedule');
    await c.advance(5_000, 500);
    expect(c.get('', 'pods', 'default', 'plain')?.metadata.deletionTimestamp).toBeUndefined();
  });
});
