/**
 * autoscaling/v1 <-> autoscaling/v2 HorizontalPodAutoscaler, as pkg/apis/autoscaling/v1/conversion.go:
 * v1 keeps only targetCPUUtilizationPercentage; everything else rides in the
 * autoscaling.alpha.kubernetes.io/{metrics,current-metrics,behavior,conditions} annotations
 * (metrics in the v1 MetricSpec shape, behavior in the internal type's Go field names).
 */
import { clone, type KubeObject } from '../api/object';

// biome-ignore lint/suspicious/noExplicitAny: metric specs are free-form JSON
type Obj = any;

export const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
export const CURRENT_METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
const ROUND_TRIP = [
  METRICS_ANNOTATION,
  CURRENT_METRICS_ANNOTATION,
  BEHAVIOR_ANNOTATION,
  CONDITIONS_ANNOTATION,
];

export const DEFAULT_CPU_UTILIZATION = 80;

const isCpuUtilization = (m: Obj) =>
  m?.type === 'Resource' &&
  m.resource?.name === 'cpu' &&
  m.resource?.target?.averageUtilization != null;

const set = (o: Obj, k: string, v: unknown) => {
  if (v !== undefined && v !== null) o[k] = v;
};

/** v2 MetricSpec -> v1 MetricSpec */
function specToV1(m: Obj): Obj {
  const out: Obj = { type: m.type };
  if (m.resource) {
    const r: Obj = { name: m.resource.name };
    set(r, 'targetAverageUtilization', m.resource.target?.averageUtilization);
    set(r, 'targetAverageValue', m.resource.target?.averageValue);
    out.resource = r;
  }
  if (m.containerResource) {
    const r: Obj = { name: m.containerResource.name, container: m.containerResource.container };
    set(r, 'targetAverageUtilization', m.containerResource.target?.averageUtilization);
    set(r, 'targetAverageValue', m.containerResource.target?.averageValue);
    out.containerResource = r;
  }
  if (m.pods) {
    const p: Obj = {
      metricName: m.pods.metric?.name ?? '',
      targetAverageValue: m.pods.target?.averageValue ?? '0',
    };
    set(p, 'selector', m.pods.metric?.selector);
    out.pods = p;
  }
  if (m.object) {
    const o: Obj = {
      target: m.object.describedObject ?? {},
      metricName: m.object.metric?.name ?? '',
      targetValue: m.object.target?.value ?? '0',
    };
    set(o, 'selector', m.object.metric?.selector);
    set(o, 'averageValue', m.object.target?.averageValue);
    out.object = o;
  }
  if (m.external) {
    const e: Obj = { metricName: m.external.metric?.name ?? '' };
    set(e, 'metricSelector', m.external.metric?.selector);
    set(e, 'targetValue', m.external.target?.value);
    set(e, 'targetAverageValue', m.external.target?.averageValue);
    out.external = e;
  }
  return out;
}

function target(averageUtilization: unknown, averageValue: unknown, value?: unknown): Obj {
  const t: Obj = {
    type:
      averageUtilization != null ? 'Utilization' : averageValue != null ? 'AverageValue' : 'Value',
  };
  set(t, 'value', value);
  set(t, 'averageValue', averageValue);
  set(t, 'averageUtilization', averageUtilization);
  return t;
}

/** v1 MetricSpec -> v2 MetricSpec */
function specFromV1(m: Obj): Obj {
  const out: Obj = { type: m.type };
  if (m.resource)
    out.resource = {
      name: m.resource.name,
      target: target(m.resource.targetAverageUtilization, m.resource.targetAverageValue),
    };
  if (m.containerResource) {
    const c = m.containerResource;
    out.containerResource = {
      name: c.name,
      container: c.container,
      target: target(c.targetAverageUtilization, c.targetAverageValue),
    };
  }
  if (m.pods) {
    const metric: Obj = { name: m.pods.metricName };
    set(metric, 'selector', m.pods.selector);
    out.pods = {
      metric,
      target: { type: 'AverageValue', averageValue: m.pods.targetAverageValue },
    };
  }
  if (m.object) {
    const metric: Obj = { name: m.object.metricName };
    set(metric, 'selector', m.object.selector);
    const t =
      m.object.averageValue != null
        ? { type: 'AverageValue', averageValue: m.object.averageValue }
        : { type: 'Value', value: m.object.targetValue };
    out.object = { describedObject: m.object.target, metric, target: t };
  }
  if (m.external) {
    const metric: Obj = { name: m.external.metricName };
    set(metric, 'selector', m.external.metricSelector);
    const t =
      m.external.targetAverageValue != null
        ? { type: 'AverageValue', averageValue: m.external.targetAverageValue }
        : { type: 'Value', value: m.external.targetValue };
    out.external = { metric, target: t };
  }
  return out;
}

/** v2 MetricStatus -> v1 MetricStatus */
function statusToV1(m: Obj): Obj {
  const out: Obj = { type: m.type };
  if (m.resource) {
    const r: Obj = { name: m.resource.name };
    set(r, 'currentAverageUtilization', m.resource.current?.averageUtilization);
    r.currentAverageValue = m.resource.current?.averageValue ?? '0';
    out.resource = r;
  }
  if (m.containerResource) {
    const r: Obj = { name: m.containerResource.name, container: m.containerResource.container };
    set(r, 'currentAverageUtilization', m.containerResource.current?.averageUtilization);
    r.currentAverageValue = m.containerResource.current?.averageValue ?? '0';
    out.containerResource = r;
  }
  if (m.pods) {
    const p: Obj = {
      metricName: m.pods.metric?.name ?? '',
      currentAverageValue: m.pods.current?.averageValue ?? '0',
    };
    set(p, 'selector', m.pods.metric?.selector);
    out.pods = p;
  }
  if (m.object) {
    const o: Obj = {
      target: m.object.describedObject ?? {},
      metricName: m.object.metric?.name ?? '',
      currentValue: m.object.current?.value ?? '0',
    };
    set(o, 'selector', m.object.metric?.selector);
    set(o, 'averageValue', m.object.current?.averageValue);
    out.object = o;
  }
  if (m.external) {
    const e: Obj = {
      metricName: m.external.metric?.name ?? '',
      currentValue: m.external.current?.value ?? '0',
    };
    set(e, 'metricSelector', m.external.metric?.selector);
    set(e, 'currentAverageValue', m.external.current?.averageValue);
    out.external = e;
  }
  return out;
}

function current(averageUtilization: unknown, averageValue: unknown, value?: unknown): Obj {
  const c: Obj = {};
  set(c, 'value', value);
  set(c, 'averageValue', averageValue);
  set(c, 'averageUtilization', averageUtilization);
  return c;
}

/** v1 MetricStatus -> v2 MetricStatus */
function statusFromV1(m: Obj): Obj {
  const out: Obj = { type: m.type };
  if (m.resource)
    out.resource = {
      name: m.resource.name,
      current: current(m.resource.currentAverageUtilization, m.resource.currentAverageValue),
    };
  if (m.containerResource) {
    const c = m.containerResource;
    out.containerResource = {
      name: c.name,
      container: c.container,
      current: current(c.currentAverageUtilization, c.currentAverageValue),
    };
  }
  if (m.pods)
    out.pods = {
      metric: { name: m.pods.metricName, selector: m.pods.selector },
      current: { averageValue: m.pods.currentAverageValue },
    };
  if (m.object) {
    out.object = {
      describedObject: m.object.target,
      metric: { name: m.object.metricName, selector: m.object.selector },
      current: current(undefined, m.object.averageValue, m.object.currentValue),
    };
  }
  if (m.external) {
    out.external = {
      metric: { name: m.external.metricName, selector: m.external.metricSelector },
      current: current(undefined, m.external.currentAverageValue, m.external.currentValue),
    };
  }
  return out;
}

/** The internal HPAScalingRules as encoding/json writes it (Go field names, nil pointers as null). */
function rulesToInternal(r: Obj): Obj {
  if (r == null) return null;
  return {
    StabilizationWindowSeconds: r.stabilizationWindowSeconds ?? null,
    SelectPolicy: r.selectPolicy ?? null,
    Policies:
      r.policies == null
        ? null
        : r.policies.map((p: Obj) => ({
            Type: p.type,
            Value: p.value,
            PeriodSeconds: p.periodSeconds,
          })),
    Tolerance: r.tolerance ?? null,
  };
}

function rulesFromInternal(r: Obj): Obj {
  if (r == null) return undefined;
  const out: Obj = {};
  set(out, 'stabilizationWindowSeconds', r.StabilizationWindowSeconds);
  set(out, 'selectPolicy', r.SelectPolicy);
  if (r.Policies != null)
    out.policies = r.Policies.map((p: Obj) => ({
      type: p.Type,
      value: p.Value,
      periodSeconds: p.PeriodSeconds,
    }));
  set(out, 'tolerance', r.Tolerance);
  return out;
}

function parse(text: string | undefined): Obj {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Convert_autoscaling_HorizontalPodAutoscaler_To_v1_HorizontalPodAutoscaler (from the stored v2 shape). */
export function hpaToV1(v2: KubeObject): KubeObject {
  const out: KubeObject = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: clone(v2.metadata),
  };
  const annotations: Record<string, string> = { ...(out.metadata.annotations ?? {}) };
  for (const k of ROUND_TRIP) delete annotations[k];
  const spec = v2.spec ?? {};
  const metrics: Obj[] = spec.metrics ?? [];
  const others = metrics.filter((m) => !isCpuUtilization(m)).map(specToV1);
  const outSpec: Obj = { scaleTargetRef: clone(spec.scaleTargetRef ?? {}) };
  set(outSpec, 'minReplicas', spec.minReplicas);
  outSpec.maxReplicas = spec.maxReplicas ?? 0;
  const cpu = metrics.find((m) => m?.type === 'Resource' && m.resource?.name === 'cpu');
  set(outSpec, 'targetCPUUtilizationPercentage', cpu?.resource?.target?.averageUtilization);
  out.spec = outSpec;
  const status = v2.status ?? {};
  const outStatus: Obj = {};
  set(outStatus, 'observedGeneration', status.observedGeneration);
  set(outStatus, 'lastScaleTime', status.lastScaleTime);
  outStatus.currentReplicas = status.currentReplicas ?? 0;
  outStatus.desiredReplicas = status.desiredReplicas ?? 0;
  for (const m of (status.currentMetrics ?? []) as Obj[]) {
    if (
      m?.type === 'Resource' &&
      m.resource?.name === 'cpu' &&
      m.resource.current?.averageUtilization != null
    ) {
      outStatus.currentCPUUtilizationPercentage = m.resource.current.averageUtilization;
    }
  }
  out.status = outStatus;
  if (others.length) annotations[METRICS_ANNOTATION] = JSON.stringify(others);
  if ((status.currentMetrics ?? []).length)
    annotations[CURRENT_METRICS_ANNOTATION] = JSON.stringify(status.currentMetrics.map(statusToV1));
  if (spec.behavior) {
    annotations[BEHAVIOR_ANNOTATION] = JSON.stringify({
      ScaleUp: rulesToInternal(spec.behavior.scaleUp),
      ScaleDown: rulesToInternal(spec.behavior.scaleDown),
    });
  }
  if ((status.conditions ?? []).length)
    annotations[CONDITIONS_ANNOTATION] = JSON.stringify(status.conditions);
  if (Object.keys(annotations).length) out.metadata.annotations = annotations;
  else delete out.metadata.annotations;
  return out;
}

/** Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler (into the stored v2 shape). */
export function hpaFromV1(v1: KubeObject): KubeObject {
  const out: KubeObject = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: clone(v1.metadata),
  };
  const annotations: Record<string, string> = { ...(out.metadata.annotations ?? {}) };
  const spec = v1.spec ?? {};
  const outSpec: Obj = { scaleTargetRef: clone(spec.scaleTargetRef ?? {}) };
  set(outSpec, 'minReplicas', spec.minReplicas);
  outSpec.maxReplicas = spec.maxReplicas ?? 0;
  const metrics: Obj[] = [];
  if (spec.targetCPUUtilizationPercentage != null) {
    metrics.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
      },
    });
  }
  for (const m of (parse(annotations[METRICS_ANNOTATION]) ?? []) as Obj[])
    metrics.push(specFromV1(m));
  // v1 implied the 80% CPU target the controller used to apply
  if (metrics.length === 0) {
    metrics.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION },
      },
    });
  }
  outSpec.metrics = metrics;
  const behavior = parse(annotations[BEHAVIOR_ANNOTATION]);
  if (behavior) {
    const b: Obj = {};
    set(b, 'scaleUp', rulesFromInternal(behavior.ScaleUp));
    set(b, 'scaleDown', rulesFromInternal(behavior.ScaleDown));
    outSpec.behavior = b;
  }
  out.spec = outSpec;
  const status = v1.status ?? {};
  const outStatus: Obj = {};
  set(outStatus, 'observedGeneration', status.observedGeneration);
  set(outStatus, 'lastScaleTime', status.lastScaleTime);
  if (status.currentReplicas) outStatus.currentReplicas = status.currentReplicas;
  outStatus.desiredReplicas = status.desiredReplicas ?? 0;
  const currentMetrics = parse(annotations[CURRENT_METRICS_ANNOTATION]);
  if (currentMetrics) outStatus.currentMetrics = (currentMetrics as Obj[]).map(statusFromV1);
  else if (status.currentCPUUtilizationPercentage != null) {
    outStatus.currentMetrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          current: { averageUtilization: status.currentCPUUtilizationPercentage },
        },
      },
    ];
  }
  const conditions = parse(annotations[CONDITIONS_ANNOTATION]);
  if (conditions) outStatus.conditions = conditions;
  if (v1.status !== undefined) out.status = outStatus;
  for (const k of ROUND_TRIP) delete annotations[k];
  if (Object.keys(annotations).length) out.metadata.annotations = annotations;
  else delete out.metadata.annotations;
  return out;
}
