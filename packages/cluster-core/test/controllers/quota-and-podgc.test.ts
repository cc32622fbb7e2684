import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

describe('ResourceQuota usage and pod garbage collection', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster({ simulation: { systemWorkloads: false } });
  });
  afterEach(async () => {
    await c.close();
  });

  test('a quota reports what the namespace uses', async () => {
    c.create('', 'resourcequotas', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'q', namespace: 'default' },
      spec: { hard: { pods: '10', 'requests.cpu': '2', 'limits.memory': '1Gi', configmaps: '5' } },
    });
    for (const name of ['a', 'b']) {
      c.create('', 'pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default' },
        spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '250m' }, limits: { cpu: '500m', memory: '128Mi' } } }] },
      });
    }
    await c.advance(1_000);
    const q = c.get('', 'resourcequotas', 'default', 'q');
    expect(q?.status).toEqual({
      hard: { pods: '10', 'requests.cpu': '2', 'limits.memory': '1Gi', configmaps: '5' },
      used: { pods: '2', 'requests.cpu': '500m', 'limits.memory': '256Mi', configmaps: '1' },
    });
  });

  test('pods of a deleted node are removed', async () => {
    c.create('', 'pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'node02', containers: [{ name: 'c', image: 'nginx' }] } });
    await c.advance(5_000);
    c.remove('', 'nodes', undefined, 'node02');
    await c.advance(1_000);
    expect(c.get('', 'pods', 'default', 'p')).toBeUndefined();
  });
});
