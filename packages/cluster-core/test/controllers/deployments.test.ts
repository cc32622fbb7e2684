import type { KubeObject } from '../../src/api/object';
import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

const deployment = (
  name: string,
  image: string,
  extra: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'app', image }] },
    },
    ...extra,
  },
});

const condition = (d: KubeObject | undefined, type: string) =>
  d?.status?.conditions?.find((c: { type: string }) => c.type === type);

describe('Deployment controller', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster({ simulation: { systemWorkloads: false } });
  });
  afterEach(async () => {
    await c.close();
  });

  const setImage = (name: string, image: string) => {
    const d = structuredClone(c.get('apps', 'deployments', 'default', name)) as KubeObject;
    d.spec.template.spec.containers[0].image = image;
    c.update('apps', 'deployments', d);
  };

  test('a rollout to an image that cannot be pulled times out with ProgressDeadlineExceeded', async () => {
    c.create(
      'apps',
      'deployments',
      deployment('web', 'nginx:1.27', { progressDeadlineSeconds: 60 }),
    );
    await c.advance(15_000);
    expect(condition(c.get('apps', 'deployments', 'default', 'web'), 'Progressing')?.reason).toBe(
      'NewReplicaSetAvailable',
    );
    setImage('web', 'nginx:9.99');
    await c.advance(30_000, 1_000);
    let d = c.get('apps', 'deployments', 'default', 'web');
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'ReplicaSetUpdated',
    });
    await c.advance(45_000, 1_000);
    d = c.get('apps', 'deployments', 'default', 'web');
    const newRS = c
      .list('apps', 'replicasets', 'default')
      .find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === '2');
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${newRS?.metadata.name}" has timed out progressing.`,
    });
    // maxUnavailable 25% of 3 rounds down to 0: the old pods all keep serving.
    expect(d?.status).toMatchObject({
      replicas: 4,
      updatedReplicas: 1,
      availableReplicas: 3,
      unavailableReplicas: 1,
    });
  });

  test('RollingUpdate never drops below the available minimum', async () => {
    c.create('apps', 'deployments', deployment('web', 'nginx:1.27'));
    await c.advance(15_000);
    setImage('web', 'nginx:1.28');
    let lowest = 3;
    let highest = 0;
    for (let i = 0; i < 60; i++) {
      await c.advance(500, 250);
      const d = c.get('apps', 'deployments', 'default', 'web');
      lowest = Math.min(lowest, d?.status?.availableReplicas ?? 0);
      const pods = c.list('', 'pods', 'default').filter((p) => !p.metadata.deletionTimestamp);
      highest = Math.max(highest, pods.length);
    }
    expect(lowest).toBeGreaterThanOrEqual(3);
    expect(highest).toBeLessThanOrEqual(4);
    const d = c.get('apps', 'deployments', 'default', 'web');
    expect(d?.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(d?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const events = c
      .events('default')
      .filter((e) => e.reason === 'ScalingReplicaSet')
      .map((e) => e.message);
    expect(events[0]).toMatch(/^Scaled up replica set web-[a-z0-9]+ from 0 to 3$/);
    expect(events).toContainEqual(
      expect.stringMatching(/^Scaled down replica set web-[a-z0-9]+ from 3 to 2$/),
    );
  });

  test('Recreate removes the old pods before starting new ones', async () => {
    c.create(
      'apps',
      'deployments',
      deployment('db', 'postgres:17', { strategy: { type: 'Recreate' } }),
    );
    await c.advance(15_000);
    setImage('db', 'postgres:16');
    let overlap = false;
    for (let i = 0; i < 40; i++) {
      await c.advance(500, 250);
      const images = new Set(c.list('', 'pods', 'default').map((p) => p.spec.containers[0].image));
      if (images.size > 1) overlap = true;
    }
    expect(overlap).toBe(false);
    const rss = c
      .list('apps', 'replicasets', 'default')
      .map((rs) => [
        rs.metadata.annotations?.['deployment.kubernetes.io/revision'],
        rs.spec.replicas,
      ]);
    expect(rss.sort()).toEqual([
      ['1', 0],
      ['2', 3],
    ]);
  });

  test('old ReplicaSets beyond revisionHistoryLimit are deleted', async () => {
    c.create('apps', 'deployments', deployment('web', 'nginx:1.25', { revisionHistoryLimit: 1 }));
    await c.advance(15_000);
    for (const image of ['nginx:1.26', 'nginx:1.27', 'nginx:1.28']) {
      setImage('web', image);
      await c.advance(30_000, 500);
    }
    const revisions = c
      .list('apps', 'replicasets', 'default')
      .map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'])
      .sort();
    expect(revisions).toEqual(['3', '4']);
  });
});
