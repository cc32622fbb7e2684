import type { KubeObject } from '../../src/api/object';
import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

const deployment = (
  name: string,
  replicas: number,
  container: Record<string, unknown>,
): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, ...container }] },
    },
  },
});

const hpa = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
    minReplicas: 1,
    maxReplicas: 5,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
      },
    ],
    ...spec,
  },
});

const BURN = {
  image: 'busybox',
  command: ['sh', '-c', 'while true; do :; done'],
  resources: { requests: { cpu: '200m' }, limits: { cpu: '500m' } },
};
const IDLE = { image: 'nginx', resources: { requests: { cpu: '100m' } } };

const conditions = (o: KubeObject | undefined) =>
  Object.fromEntries(
    ((o?.status?.conditions ?? []) as { type: string; status: string; reason: string }[]).map(
      (c) => [c.type, `${c.status}/${c.reason}`],
    ),
  );

describe('HorizontalPodAutoscaler', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster();
  });
  afterEach(async () => {
    await c.close();
  });

  test('a busy deployment scales up, limited to twice its size per sync, then to maxReplicas', async () => {
    c.create('apps', 'deployments', deployment('burn', 2, BURN));
    await c.advance(10_000, 500);
    c.create('autoscaling', 'horizontalpodautoscalers', hpa('burn'));
    await c.settle();
    expect(c.get('autoscaling', 'horizontalpodautoscalers', 'default', 'burn')?.status).toEqual({
      desiredReplicas: 0,
    });
    await c.advance(15_000, 500);
    let h = c.get('autoscaling', 'horizontalpodautoscalers', 'default', 'burn');
    expect(h?.status).toMatchObject({
      currentReplicas: 2,
      desiredReplicas: 4,
      currentMetrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', current: { averageUtilization: 250, averageValue: '500m' } },
        },
      ],
    });
    expect(h?.status.lastScaleTime).toBeDefined();
    expect(conditions(h)).toEqual({
      AbleToScale: 'True/SucceededRescale',
      ScalingActive: 'True/ValidMetricFound',
      ScalingLimited: 'True/ScaleUpLimit',
    });
    expect(c.get('apps', 'deployments', 'default', 'burn')?.spec.replicas).toBe(4);
    const rescale = c.events('default').find((e) => e.reason === 'SuccessfulRescale');
    expect(rescale).toMatchObject({
      type: 'Normal',
      source: { component: 'horizontal-pod-autoscaler' },
      message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target',
      involvedObject: { kind: 'HorizontalPodAutoscaler', name: 'burn' },
    });
    await c.advance(60_000, 1000);
    h = c.get('autoscaling', 'horizontalpodautoscalers', 'default', 'burn');
    expect(h?.status).toMatchObject({ currentReplicas: 5, desiredReplicas: 5 });
    expect(conditions(h).ScalingLimited).toBe('True/TooManyReplicas');
  });

  test('an idle deployment scales down only after the 5 minute stabilization window', async () => {
    c.create('apps', 'deployments', deployment('idle', 3, IDLE));
    await c.advance(10_000, 500);
    c.create('autoscaling', 'horizontalpodautoscalers', hpa('idle'));
    await c.advance(20_000, 1000);
    let h = c.get('autoscaling', 'horizontalpodautoscalers', 'default', 'idle');
    expect(h?.status).toMatchObject({ currentReplicas: 3, desiredReplicas: 3 });
    expect(h?.status.currentMetrics[0].resource.current.averageUtilization).toBeLessThan(3);
    expect(conditions(h)).toEqual({
      AbleToScale: 'True/ScaleDownStabilized',
      ScalingActive: 'True/ValidMetricFound',
      ScalingLimited: 'False/DesiredWithinRange',
    });
    await c.advance(315_000, 5000);
    h = c.get('autoscaling', 'horizontalpodautoscalers', 'default', 'idle');
    // the status reports the replicas seen before this sync rescaled the target
    expect(h?.status).toMatchObject({ currentReplicas: 3, desiredReplicas: 1 });
    expect(c.get('apps', 'deployments', 'default', 'idle')?.spec.replicas).toBe(1);
    expect(
      c
        .events('default')
        .some(
          (e) =>
            e.reason === 'SuccessfulRescale' &&
            e.message === 'New size: 1; reason: All metrics below target',
        ),
    ).toBe(true);
  });

  test('pods without cpu requests make the HPA unable to compute a replica count', async () => {
    c.create('apps', 'deployments', deployment('noreq', 1, { image: 'nginx' }));
    await c.advance(10_000, 500);
    c.create('autoscaling', 'horizontalpodautoscalers', hpa('noreq'));
    await c.advance(16_000, 1000);
    const h = c.get('autoscaling', 'horizontalpodautoscalers', 'default', 'noreq');
    expect(h?.status.currentMetrics).toEqual([{ type: '' }]);
    const active = h?.status.conditions.find((x: { type: string }) => x.type === 'ScalingActive');
    const pod = c.list('', 'pods', 'default').find((p) => p.metadata.labels?.app === 'noreq');
    expect(active).toMatchObject({
      status: 'False',
      reason: 'FailedGetResourceMetric',
      message: `the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container noreq of Pod ${pod?.metadata.name}`,
    });
    const reasons = c
      .events('default')
      .filter((e) => e.involvedObject.kind === 'HorizontalPodAutoscaler')
      .map((e) => e.reason);
    expect(reasons).toEqual(
      expect.arrayContaining(['FailedGetResourceMetric', 'FailedComputeMetricsReplicas']),
    );
  });

  test('a missing target is reported as FailedGetScale', async () => {
    c.create('autoscaling', 'horizontalpodautoscalers', hpa('ghost'));
    await c.advance(16_000, 1000);
    const h = c.get('autoscaling', 'horizontalpodautoscalers', 'default', 'ghost');
    expect(h?.status.conditions).toEqual([
      expect.objectContaining({
        type: 'AbleToScale',
        status: 'False',
        reason: 'FailedGetScale',
        message: `the HPA controller was unable to get the target's current scale: deployments.apps "ghost" not found`,
      }),
    ]);
  });

  test('scale-up behavior policies limit how fast replicas are added', async () => {
    c.create('apps', 'deployments', deployment('burn', 1, BURN));
    await c.advance(10_000, 500);
    c.create(
      'autoscaling',
      'horizontalpodautoscalers',
      hpa('burn', {
        maxReplicas: 10,
        behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
      }),
    );
    await c.advance(16_000, 1000);
    expect(c.get('apps', 'deployments', 'default', 'burn')?.spec.replicas).toBe(2);
    expect(
      conditions(c.get('autoscaling', 'horizontalpodautoscalers', 'default', 'burn'))
        .ScalingLimited,
    ).toBe('True/ScaleUpLimit');
    await c.advance(30_000, 1000);
    expect(c.get('apps', 'deployments', 'default', 'burn')?.spec.replicas).toBe(2);
    await c.advance(35_000, 1000);
    expect(c.get('apps', 'deployments', 'default', 'burn')?.spec.replicas).toBe(3);
  });
});
