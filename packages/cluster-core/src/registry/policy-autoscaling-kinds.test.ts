import { describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../api/object';
import { fakeContext } from './fake-strategy-context';
import { horizontalPodAutoscalers } from './horizontalpodautoscalers';
import { BEHAVIOR_ANNOTATION, hpaFromV1, hpaToV1, METRICS_ANNOTATION } from './hpa-v1-conversion';
import { podDisruptionBudgets } from './poddisruptionbudgets';

const ctx = fakeContext();
const NOW = { now: Date.parse('2024-01-01T01:00:00Z') };
const msgs = (errs: { message(): string }[] | undefined) => (errs ?? []).map((e) => e.message());
const meta = { name: 'web', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' };

const hpa = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { ...meta },
  spec,
});

describe('HorizontalPodAutoscaler', () => {
  test('defaults minReplicas 1 and the 80% CPU target; behavior gets the upstream policies', () => {
    const obj = hpa({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      maxReplicas: 5,
      behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
    });
    horizontalPodAutoscalers.defaults?.(obj);
    expect(obj.spec.minReplicas).toBe(1);
    expect(obj.spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ]);
    expect(obj.spec.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
        stabilizationWindowSeconds: 60,
      },
    });
    expect(msgs(horizontalPodAutoscalers.validate?.(obj, ctx))).toEqual([]);
  });

  test('replica bounds and targets are validated', () => {
    const obj = hpa({
      scaleTargetRef: { kind: 'Deployment', name: 'web' },
      minReplicas: 3,
      maxReplicas: 2,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }],
    });
    expect(msgs(horizontalPodAutoscalers.validate?.(obj, ctx))).toEqual([
      'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
      'spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
    ]);
  });

  test('the row shows reference, targets, bounds and replicas', () => {
    const obj = hpa({
      scaleTargetRef: { kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
    });
    obj.status = {
      currentReplicas: 2,
      desiredReplicas: 2,
      currentMetrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', current: { averageUtilization: 23, averageValue: '23m' } },
        },
      ],
    };
    expect(horizontalPodAutoscalers.row(obj, NOW)).toEqual([
      'web',
      'Deployment/web',
      'cpu: 23%/50%',
      '1',
      10,
      2,
      '60m',
    ]);
    delete obj.status.currentMetrics;
    expect(horizontalPodAutoscalers.row(obj, NOW)[2]).toBe('cpu: <unknown>/50%');
    expect(horizontalPodAutoscalers.row(hpaToV1(obj), NOW)[2]).toBe('cpu: <unknown>/50%');
  });

  test('autoscaling/v1 keeps the CPU target and carries the rest in annotations', () => {
    const obj = hpa({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
        },
        {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } },
        },
      ],
      behavior: {
        scaleDown: {
          selectPolicy: 'Max',
          policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
        },
      },
    });
    const v1 = hpaToV1(obj);
    expect(v1.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 5,
      targetCPUUtilizationPercentage: 60,
    });
    expect(JSON.parse(v1.metadata.annotations?.[METRICS_ANNOTATION] ?? '')).toEqual([
      { type: 'Resource', resource: { name: 'memory', targetAverageValue: '100Mi' } },
    ]);
    expect(JSON.parse(v1.metadata.annotations?.[BEHAVIOR_ANNOTATION] ?? '')).toEqual({
      ScaleUp: null,
      ScaleDown: {
        StabilizationWindowSeconds: null,
        SelectPolicy: 'Max',
        Policies: [{ Type: 'Percent', Value: 100, PeriodSeconds: 15 }],
        Tolerance: null,
      },
    });
    const back = hpaFromV1(v1);
    expect(back.spec.metrics).toEqual(obj.spec.metrics);
    expect(back.spec.behavior).toEqual(obj.spec.behavior);
    expect(back.metadata.annotations).toBeUndefined();
  });

  test('a v1 object without a CPU target gets the 80% default', () => {
    const v1: KubeObject = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { ...meta },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3 },
    };
    expect(hpaFromV1(v1).spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ]);
  });
});

describe('PodDisruptionBudget', () => {
  const pdb = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { ...meta },
    spec,
  });

  test('minAvailable and maxUnavailable exclude each other; percents are checked', () => {
    expect(
      msgs(podDisruptionBudgets.validate?.(pdb({ minAvailable: 1, maxUnavailable: '150%' }), ctx)),
    ).toEqual([
      'spec: Invalid value: policy.PodDisruptionBudgetSpec{...}: minAvailable and maxUnavailable cannot be both set',
      'spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
    ]);
  });

  test('create clears status; the row shows N/A for the unset bound', () => {
    const obj = pdb({ minAvailable: 2, selector: { matchLabels: { app: 'web' } } });
    podDisruptionBudgets.prepareForCreate?.(obj, ctx);
    expect(obj.status).toEqual({
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
    });
    expect(podDisruptionBudgets.row(obj, NOW)).toEqual(['web', '2', 'N/A', 0, '60m']);
    expect(podDisruptionBudgets.row(pdb({ maxUnavailable: '25%' }), NOW).slice(1, 3)).toEqual([
      'N/A',
      '25%',
    ]);
  });
});
