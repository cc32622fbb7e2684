/**
 * The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler horizontal.go): every
 * 15 s per HPA (the first sync 15 s after it appears, as upstream's rate-limited queue does),
 * read the target's scale, compute the replicas each metric asks for from the simulated
 * metrics.k8s.io API, normalize them, update the scale and write status.currentReplicas,
 * desiredReplicas, currentMetrics, lastScaleTime and the AbleToScale / ScalingActive /
 * ScalingLimited conditions, with upstream's events (SuccessfulRescale, FailedGetScale,
 * FailedGetResourceMetric, FailedComputeMetricsReplicas, ...). Only existing HPAs keep a timer.
 */
import { deepEqual } from '../api/equality';
import { isStatusError, notFound } from '../api/errors';
import { clone, type KubeObject } from '../api/object';
import { Quantity } from '../api/quantity';
import { type LabelSelector, parseLabelSelector } from '../api/selectors/labels';
import type { ServedResource } from '../apiserver/resources';
import { scaleOf } from '../apiserver/subresources';
import { rfc3339 } from '../clock';
import type { MetricsView } from '../registry/metrics-k8s-io';
import type { ControllerContext } from './controller-context';
import {
  type AutoscalerMemory,
  normalize,
  normalizeWithBehaviors,
  setCondition,
} from './hpa-normalization';
import { MetricError, rawResourceReplicas, resourceReplicas } from './hpa-replica-calculator';
import type { Reconciler, Result } from './reconciler';
import { splitKey } from './reconciler';

// biome-ignore lint/suspicious/noExplicitAny: HPA objects are free-form JSON
type Json = Record<string, any>;

/** --horizontal-pod-autoscaler-sync-period */
export const HPA_SYNC_PERIOD_MS = 15_000;
const SOURCE = { component: 'horizontal-pod-autoscaler' };

/** The controller's memory (recommendations, scale events) and when each HPA syncs next. */
function stateOf(ctx: ControllerContext): {
  memory: AutoscalerMemory;
  nextSync: Map<string, number>;
} {
  return { memory: ctx.state.hpaMemory, nextSync: ctx.state.hpaNextSync };
}

function event(
  ctx: ControllerContext,
  hpa: Json,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): void {
  ctx.events.record(SOURCE, hpa as KubeObject, type, reason, message);
}

function view(ctx: ControllerContext): MetricsView {
  return { now: ctx.now(), list: (group, plural, namespace) => ctx.list(group, plural, namespace) };
}

/** The served resource of the scale target (the RESTMapper's mapping of its group and kind). */
function targetResource(ctx: ControllerContext, ref: Json): ServedResource {
  const apiVersion: string = ref.apiVersion ?? '';
  const parts = apiVersion.split('/');
  if (parts.length > 2) throw new MetricError(`unexpected GroupVersion string: ${apiVersion}`);
  const group = parts.length === 2 ? parts[0] : '';
  const r = ctx.core.resources
    .all()
    .find((x) => x.group === group && x.kind === ref.kind && x.preferred);
  if (!r) throw new MetricError(`no matches for kind "${ref.kind}" in group "${group}"`);
  return r;
}

/** scaleForResourceMappings: the target's autoscaling/v1 Scale. */
function getScale(
  ctx: ControllerContext,
  r: ServedResource,
  namespace: string,
  name: string,
): { scale: KubeObject; target: KubeObject } {
  if (!r.def.scale) throw new MetricError('the server could not find the requested resource');
  const target = ctx.get(r.group, r.plural, namespace, name);
  if (!target) throw notFound(r.gr, name);
  return { scale: scaleOf(r, target), target };
}

function setScale(
  ctx: ControllerContext,
  r: ServedResource,
  target: KubeObject,
  replicas: number,
): void {
  const path = (r.def.scale?.specReplicasPath ?? '.spec.replicas').replace(/^\./, '').split('.');
  ctx.mutate(r.group, r.plural, target, (o) => {
    let node: Json = o;
    for (const k of path.slice(0, -1)) node = node[k] ??= {};
    node[path[path.length - 1]] = replicas;
  });
}

interface MetricOutcome {
  replicas: number;
  name: string;
  status: Json;
}

/** computeReplicasForMetric for one metric spec; throws with the condition to set. */
function computeMetric(
  ctx: ControllerContext,
  hpa: Json,
  spec: Json,
  specReplicas: number,
  selector: LabelSelector,
): MetricOutcome {
  const ns = hpa.metadata.namespace;
  const unable = (reason: string, err: Error, wrap: string) => {
    event(ctx, hpa, 'Warning', reason, err.message);
    const condition = {
      type: 'ScalingActive',
      status: 'False' as const,
      reason,
      message: `the HPA was unable to compute the replica count: ${err.message}`,
    };
    throw Object.assign(new MetricError(`${wrap}${err.message}`), { condition });
  };
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const container = spec.type === 'ContainerResource';
      const src = container ? spec.containerResource : spec.resource;
      const target = src?.target ?? {};
      const reason = container ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
      const wrap = container
        ? `failed to get ${src.container} container metric value: `
        : `failed to get ${src.name} resource metric value: `;
      const current: Json = {};
      let replicas: number;
      let name: string;
      try {
        if (target.averageValue != null) {
          const targetMilli = Quantity.parse(String(target.averageValue)).milliValue();
          const p = rawResourceReplicas(
            view(ctx),
            specReplicas,
            targetMilli,
            src.name,
            ns,
            selector,
            container ? src.container : '',
          );
          current.averageValue = Quantity.fromMilli(p.rawAverage).toString();
          replicas = p.replicas;
          name = `${src.name} resource`;
        } else if (target.averageUtilization != null) {
          const p = resourceReplicas(
            view(ctx),
            specReplicas,
            target.averageUtilization,
            src.name,
            ns,
            selector,
            container ? src.container : '',
          );
          current.averageUtilization = p.utilization;
          current.averageValue = Quantity.fromMilli(p.rawAverage).toString();
          replicas = p.replicas;
          name = container
            ? `${src.name} container resource utilization (percentage of request)`
            : `${src.name} resource utilization (percentage of request)`;
        } else {
          throw new MetricError(
            'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set',
          );
        }
      } catch (err) {
        if (!(err instanceof MetricError)) throw err;
        const what = target.averageValue != null ? 'usage' : 'utilization';
        const wrapped = err.message.startsWith('invalid resource metric source')
          ? err
          : new MetricError(`failed to get ${src.name} ${what}: ${err.message}`);
        return unable(reason, wrapped, wrap);
      }
      const status = container
        ? {
            type: 'ContainerResource',
            containerResource: { name: src.name, container: src.container, current },
          }
        : { type: 'Resource', resource: { name: src.name, current } };
      return { replicas, name, status };
    }
    case 'Pods':
      return unable(
        'FailedGetPodsMetric',
        new MetricError(
          `unable to get metric ${spec.pods?.metric?.name}: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`,
        ),
        'failed to get pods metric value: ',
      );
    case 'Object': {
      const obj = spec.object?.describedObject ?? {};
      return unable(
        'FailedGetObjectMetric',
        new MetricError(
          `unable to get metric ${spec.object?.metric?.name}: ${obj.kind} on ${ns} ${obj.name}/unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`,
        ),
        'failed to get object metric value: ',
      );
    }
    case 'External':
      return unable(
        'FailedGetExternalMetric',
        new MetricError(
          `unable to get external metric ${ns}/${spec.external?.metric?.name}/nil: unable to fetch metrics from external metrics API: no external metrics API (external.metrics.k8s.io) registered`,
        ),
        `failed to get ${spec.external?.metric?.name} external metric value: `,
      );
    default:
      return unable(
        'InvalidMetricSourceType',
        new MetricError(`unknown metric source type "${spec.type}"`),
        '',
      );
  }
}

/** computeReplicasForMetrics: the largest proposal; -1 when nothing can be computed. */
function computeMetrics(ctx: ControllerContext, hpa: Json, scale: KubeObject) {
  const now = ctx.now();
  const selectorText: string = scale.status?.selector ?? '';
  if (!selectorText) {
    event(ctx, hpa, 'Warning', 'SelectorRequired', 'selector is required');
    setCondition(
      hpa,
      'ScalingActive',
      'False',
      'InvalidSelector',
      "the HPA target's scale is missing a selector",
      now,
    );
    return { replicas: -1, metric: '', statuses: undefined, error: 'selector is required' };
  }
  let selector: LabelSelector;
  try {
    selector = parseLabelSelector(selectorText);
  } catch (err) {
    const message = `couldn't convert selector into a corresponding internal selector object: ${(err as Error).message}`;
    event(ctx, hpa, 'Warning', 'InvalidSelector', message);
    setCondition(hpa, 'ScalingActive', 'False', 'InvalidSelector', message, now);
    return { replicas: -1, metric: '', statuses: undefined, error: message };
  }
  const specs: Json[] = hpa.spec.metrics ?? [];
  const statuses: Json[] = specs.map(() => ({ type: '' }));
  let replicas = 0;
  let metric = '';
  let invalid = 0;
  let firstError: (MetricError & { condition?: Json }) | undefined;
  specs.forEach((spec, i) => {
    try {
      const outcome = computeMetric(ctx, hpa, spec, scale.spec.replicas, selector);
      statuses[i] = outcome.status;
      if (replicas === 0 || outcome.replicas > replicas) {
        replicas = outcome.replicas;
        metric = outcome.name;
      }
    } catch (err) {
      if (!(err instanceof MetricError)) throw err;
      if (!invalid) firstError = err;
      invalid++;
    }
  });
  const error = firstError
    ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError.message}`
    : undefined;
  if (invalid >= specs.length || (invalid > 0 && replicas < scale.spec.replicas)) {
    const c = firstError?.condition;
    if (c) setCondition(hpa, c.type, c.status, c.reason, c.message, now);
    return { replicas: -1, metric: '', statuses, error };
  }
  setCondition(
    hpa,
    'ScalingActive',
    'True',
    'ValidMetricFound',
    `the HPA was able to successfully calculate a replica count from ${metric}`,
    now,
  );
  return { replicas, metric, statuses, error };
}

function setStatus(
  hpa: Json,
  current: number,
  desired: number,
  statuses: Json[] | undefined,
  rescale: boolean,
  now: number,
): void {
  const status: Json = { currentReplicas: current, desiredReplicas: desired };
  if (hpa.status?.lastScaleTime) status.lastScaleTime = hpa.status.lastScaleTime;
  if (statuses) status.currentMetrics = statuses;
  if (hpa.status?.conditions) status.conditions = hpa.status.conditions;
  if (rescale) status.lastScaleTime = rfc3339(now);
  hpa.status = status;
}

function writeStatus(ctx: ControllerContext, original: KubeObject, hpa: Json): void {
  if (deepEqual(original.status ?? {}, hpa.status ?? {})) return;
  try {
    ctx.updateStatus('autoscaling', 'horizontalpodautoscalers', hpa as KubeObject);
  } catch (err) {
    if (!isStatusError(err)) throw err;
    event(ctx, hpa, 'Warning', 'FailedUpdateStatus', err.message);
    throw err;
  }
}

/** reconcileAutoscaler */
function reconcileAutoscaler(
  ctx: ControllerContext,
  original: KubeObject,
  key: string,
  memory: AutoscalerMemory,
): void {
  const hpa = clone(original) as Json;
  const now = ctx.now();
  const ref = hpa.spec.scaleTargetRef ?? {};
  const ns: string = hpa.metadata.namespace;
  let r: ServedResource;
  let scale: KubeObject;
  let target: KubeObject;
  try {
    r = targetResource(ctx, ref);
    ({ scale, target } = getScale(ctx, r, ns, ref.name));
  } catch (err) {
    if (!(err instanceof MetricError) && !isStatusError(err)) throw err;
    const message = (err as Error).message;
    event(ctx, hpa, 'Warning', 'FailedGetScale', message);
    setCondition(
      hpa,
      'AbleToScale',
      'False',
      'FailedGetScale',
      `the HPA controller was unable to get the target's current scale: ${message}`,
      now,
    );
    writeStatus(ctx, original, hpa);
    return;
  }
  setCondition(
    hpa,
    'AbleToScale',
    'True',
    'SucceededGetScale',
    "the HPA controller was able to get the target's current scale",
    now,
  );
  const current: number = scale.spec.replicas;
  memory.recordInitial(key, current, now);
  const min: number = hpa.spec.minReplicas ?? 1;
  const max: number = hpa.spec.maxReplicas;
  let desired = 0;
  let reason = '';
  let rescale = true;
  let statuses: Json[] | undefined;
  if (current === 0 && min !== 0) {
    rescale = false;
    setCondition(
      hpa,
      'ScalingActive',
      'False',
      'ScalingDisabled',
      'scaling is disabled since the replica count of the target is zero',
      now,
    );
  } else if (current > max) {
    reason = 'Current number of replicas above Spec.MaxReplicas';
    desired = max;
  } else if (current < min) {
    reason = 'Current number of replicas below Spec.MinReplicas';
    desired = min;
  } else {
    const computed = computeMetrics(ctx, hpa, scale);
    statuses = computed.statuses;
    if (computed.replicas === -1) {
      setStatus(hpa, current, hpa.status?.desiredReplicas ?? 0, statuses, false, now);
      writeStatus(ctx, original, hpa);
      event(ctx, hpa, 'Warning', 'FailedComputeMetricsReplicas', computed.error ?? '');
      return;
    }
    desired = computed.replicas;
    if (desired > current) reason = `${computed.metric} above target`;
    if (desired < current) reason = 'All metrics below target';
    desired = hpa.spec.behavior
      ? normalizeWithBehaviors(memory, hpa, key, current, desired, min, now)
      : normalize(memory, hpa, key, current, desired, min, now);
    rescale = desired !== current;
  }
  if (rescale) {
    try {
      setScale(ctx, r, target, desired);
    } catch (err) {
      if (!isStatusError(err)) throw err;
      event(
        ctx,
        hpa,
        'Warning',
        'FailedRescale',
        `New size: ${desired}; reason: ${reason}; error: ${err.message}`,
      );
      setCondition(
        hpa,
        'AbleToScale',
        'False',
        'FailedUpdateScale',
        `the HPA controller was unable to update the target scale: ${err.message}`,
        now,
      );
      setStatus(hpa, current, hpa.status?.desiredReplicas ?? 0, statuses, false, now);
      writeStatus(ctx, original, hpa);
      return;
    }
    setCondition(
      hpa,
      'AbleToScale',
      'True',
      'SucceededRescale',
      `the HPA controller was able to update the target scale to ${desired}`,
      now,
    );
    event(ctx, hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
    memory.storeScaleEvent(hpa.spec.behavior, key, current, desired, now);
  } else {
    desired = current;
  }
  setStatus(hpa, current, desired, statuses, rescale, now);
  writeStatus(ctx, original, hpa);
}

export const horizontalPodAutoscalerController: Reconciler = {
  name: 'horizontal-pod-autoscaler',
  primary: 'autoscaling/horizontalpodautoscalers',
  reconcile(key, ctx): Result {
    const state = stateOf(ctx);
    const { namespace, name } = splitKey(key);
    const hpa = ctx.get('autoscaling', 'horizontalpodautoscalers', namespace, name);
    if (!hpa) {
      state.memory.forget(key);
      state.nextSync.delete(key);
      return;
    }
    const now = ctx.now();
    const due = state.nextSync.get(key);
    if (due === undefined || now < due) {
      // Changes (ours included) do not sync early: HPAs run on the resync period only.
      if (due === undefined) state.nextSync.set(key, now + HPA_SYNC_PERIOD_MS);
      return { requeueAfter: (due ?? now + HPA_SYNC_PERIOD_MS) - now };
    }
    state.nextSync.set(key, now + HPA_SYNC_PERIOD_MS);
    try {
      reconcileAutoscaler(ctx, hpa, key, state.memory);
    } catch (err) {
      // A conflict retries at the next period, as upstream's queue would.
      if (!isStatusError(err)) throw err;
    }
    return { requeueAfter: HPA_SYNC_PERIOD_MS };
  },
};
