import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

describe('pod garbage collection', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster({ simulation: { systemWorkloads: false } });
  });
  afterEach(async () => {
    await c.close();
  });

  test('pods of a deleted node are removed', async () => {
    c.create('', 'pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { nodeName: 'node02', containers: [{ name: 'c', image: 'nginx' }] },
    });
    await c.advance(5_000);
    c.remove('', 'nodes', undefined, 'node02');
    await c.advance(1_000);
    expect(c.get('', 'pods', 'default', 'p')).toBeUndefined();
  });
});
