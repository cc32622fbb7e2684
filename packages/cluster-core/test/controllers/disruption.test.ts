import type { KubeObject } from '../../src/api/object';
import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

const deployment = (name: string, replicas: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, image: 'nginx' }] },
    },
  },
});

const pdb = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace: 'default' },
  spec,
});

describe('PodDisruptionBudget status', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster();
  });
  afterEach(async () => {
    await c.close();
  });

  test('minAvailable counts the healthy pods and allows the surplus to be disrupted', async () => {
    c.create('apps', 'deployments', deployment('web', 3));
    c.create(
      'policy',
      'poddisruptionbudgets',
      pdb('web', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } }),
    );
    await c.settle();
    expect(c.get('policy', 'poddisruptionbudgets', 'default', 'web')?.status).toMatchObject({
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 2,
      expectedPods: 3,
    });
    await c.advance(10_000, 500);
    const status = c.get('policy', 'poddisruptionbudgets', 'default', 'web')?.status;
    expect(status).toMatchObject({
      currentHealthy: 3,
      desiredHealthy: 2,
      disruptionsAllowed: 1,
      expectedPods: 3,
      observedGeneration: 1,
    });
    expect(status.conditions).toEqual([
      {
        type: 'DisruptionAllowed',
        status: 'True',
        reason: 'SufficientPods',
        message: '',
        observedGeneration: 1,
        lastTransitionTime: expect.any(String),
      },
    ]);
  });

  test("maxUnavailable as a percentage uses the scale of the pods' deployment", async () => {
    c.create('apps', 'deployments', deployment('api', 4));
    c.create(
      'policy',
      'poddisruptionbudgets',
      pdb('api', { maxUnavailable: '25%', selector: { matchLabels: { app: 'api' } } }),
    );
    await c.advance(10_000, 500);
    expect(c.get('policy', 'poddisruptionbudgets', 'default', 'api')?.status).toMatchObject({
      currentHealthy: 4,
      desiredHealthy: 3,
      disruptionsAllowed: 1,
      expectedPods: 4,
    });
  });

  test('a budget that would be violated allows no disruption', async () => {
    c.create('apps', 'deployments', deployment('db', 1));
    c.create(
      'policy',
      'poddisruptionbudgets',
      pdb('db', { minAvailable: 1, selector: { matchLabels: { app: 'db' } } }),
    );
    await c.advance(10_000, 500);
    const status = c.get('policy', 'poddisruptionbudgets', 'default', 'db')?.status;
    expect(status).toMatchObject({ currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0 });
    expect(status.conditions[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
  });

  test('a budget selecting nothing says so in an event', async () => {
    c.create(
      'policy',
      'poddisruptionbudgets',
      pdb('none', { minAvailable: 1, selector: { matchLabels: { app: 'none' } } }),
    );
    await c.settle();
    expect(c.events('default').find((e) => e.reason === 'NoPods')).toMatchObject({
      type: 'Normal',
      message: 'No matching pods found',
      source: { component: 'controllermanager' },
    });
  });

  test('bare pods with a percentage budget are reported as unmanaged', async () => {
    c.create('', 'pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'solo', namespace: 'default', labels: { app: 'solo' } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    c.create(
      'policy',
      'poddisruptionbudgets',
      pdb('solo', { maxUnavailable: '50%', selector: { matchLabels: { app: 'solo' } } }),
    );
    await c.advance(5_000, 500);
    const event = c.events('default').find((e) => e.reason === 'UnmanagedPods');
    expect(event?.message).toContain(
      '(selector: &LabelSelector{MatchLabels:map[string]string{app: solo,},MatchExpressions:[]LabelSelectorRequirement{},})',
    );
    expect(c.get('policy', 'poddisruptionbudgets', 'default', 'solo')?.status).toMatchObject({
      expectedPods: 0,
      disruptionsAllowed: 0,
    });
  });
});
