import { WarmClusters } from './warm-clusters';

const LAB = { name: 'default', nodes: 3 };

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('clusters created ahead of the sessions that take them', () => {
  let warm: WarmClusters;

  afterEach(async () => {
    await warm.close();
  });

  it('fills up to its size for the usual lab cluster, and again after one is taken', async () => {
    warm = new WarmClusters(2, 0);
    warm.start();
    await until(() => warm.count() === 2);
    const taken = warm.create(LAB);
    expect(warm.count()).toBe(1);
    // the taken one was made before it was asked for: its nodes are older than the request
    const nodes = taken.api.list(taken.api.resource('Node')!);
    expect(nodes.map((n) => n.metadata.name)).toEqual(['controlplane', 'node01', 'node02']);
    await until(() => warm.count() === 2);
    await taken.close();
  });

  it('never hands out the same cluster or credentials twice', async () => {
    warm = new WarmClusters(2, 0);
    warm.start();
    await until(() => warm.count() === 2);
    const a = warm.create(LAB);
    const b = warm.create(LAB);
    expect(a).not.toBe(b);
    expect(a.core.token).not.toBe(b.core.token);
    const namespaceUid = (c: typeof a) =>
      c.api.get(c.api.resource('Namespace')!, undefined, 'default')?.metadata.uid;
    expect(namespaceUid(a)).not.toEqual(namespaceUid(b));
    await Promise.all([a.close(), b.close()]);
  });

  it('creates a cluster with a given token (a restored session) afresh', async () => {
    warm = new WarmClusters(1, 0);
    warm.start();
    await until(() => warm.count() === 1);
    const restored = warm.create({ ...LAB, token: 'kept-across-restarts' });
    expect(restored.core.token).toBe('kept-across-restarts');
    expect(warm.count()).toBe(1);
    await restored.close();
  });

  it('learns the shapes labs ask for: the second start of a two-node cluster is warm', async () => {
    warm = new WarmClusters(1, 0);
    warm.start();
    await until(() => warm.count() === 1);
    const cold = warm.create({ name: 'k8s-c2', nodes: 2 });
    await until(() => warm.count() === 2);
    const second = warm.create({ name: 'k8s-c2', nodes: 2 });
    expect(warm.count()).toBe(1);
    expect(second.api.list(second.api.resource('Node')!)).toHaveLength(2);
    await Promise.all([cold.close(), second.close()]);
  });

  it('with size 0 creates every cluster when asked and keeps none', async () => {
    warm = new WarmClusters(0, 0);
    warm.start();
    const cluster = warm.create(LAB);
    await new Promise((r) => setTimeout(r, 50));
    expect(warm.count()).toBe(0);
    await cluster.close();
  });
});
