/**
 * How many replicas a resource metric asks for (pkg/controller/podautoscaler
 * replica_calculator.go and metrics/utilization.go, metrics/client.go): usage from the
 * metrics.k8s.io PodMetrics, requests from the pod specs, pods grouped into ready, unready
 * (pending, not yet ready or still initialising their CPU) and missing (no sample), the
 * tolerance of 10 %, and the conservative treatment of unready and missing pods.
 */
import type { KubeObject } from '../api/object';
import { tryParseQuantity } from '../api/quantity';
import { type LabelSelector, matchesLabels } from '../api/selectors/labels';
import { type MetricsView, podMetrics } from '../registry/metrics-k8s-io';

// biome-ignore lint/suspicious/noExplicitAny: pod specs are free-form JSON
type Json = Record<string, any>;

/** kube-controller-manager's --horizontal-pod-autoscaler-tolerance. */
export const TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period and --horizontal-pod-autoscaler-initial-readiness-delay. */
const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
const INITIAL_READINESS_DELAY_MS = 30_000;

/** A failure the controller reports in events and conditions (the Go error text). */
export class MetricError extends Error {}

interface PodMetric {
  /** Milli-units (millicores, or milli-bytes for memory, as MilliValue). */
  value: number;
  timestamp: number;
  windowMs: number;
}

type PodMetricsInfo = Map<string, PodMetric>;

export interface ReplicaProposal {
  replicas: number;
  /** Percent of requests (utilization targets only). */
  utilization?: number;
  /** Average usage per pod in milli-units. */
  rawAverage: number;
}

function milli(value: unknown): number | undefined {
  const q = tryParseQuantity(value);
  return typeof q === 'string' ? undefined : q.milliValue();
}

/** A Go duration such as `15s`, `1m5s` or `2.5s`, in ms. */
function parseDuration(window: string): number {
  const m = /^(?:(\d+)m)?(?:([\d.]+)s)?$/.exec(window ?? '');
  return m ? (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 1000 : 0;
}

/** resourceMetricsClient.GetResourceMetric over the simulated metrics API. */
function resourceMetrics(
  view: MetricsView,
  resource: string,
  namespace: string,
  selector: LabelSelector,
  container: string,
): PodMetricsInfo {
  const items = podMetrics(view, namespace).filter((m) =>
    matchesLabels(selector, m.metadata.labels),
  );
  if (!items.length) throw new MetricError('no metrics returned from resource metrics API');
  const out: PodMetricsInfo = new Map();
  for (const m of items) {
    const base = { timestamp: Date.parse(m.timestamp), windowMs: parseDuration(m.window) };
    const containers = (m.containers ?? []) as Json[];
    if (container) {
      const c = containers.find((x) => x.name === container);
      if (!c) continue;
      const v = milli(c.usage?.[resource]);
      if (v === undefined) {
        throw new MetricError(
          `failed to get container metrics: missing resource metric ${resource} for container ${container} in pod ${namespace}/${m.metadata.name}`,
        );
      }
      out.set(m.metadata.name ?? '', { ...base, value: v });
      continue;
    }
    let sum = 0;
    let missing = false;
    for (const c of containers) {
      const v = milli(c.usage?.[resource]);
      if (v === undefined) {
        missing = true;
        break;
      }
      sum += v;
    }
    if (!missing) out.set(m.metadata.name ?? '', { ...base, value: sum });
  }
  return out;
}

function condition(pod: KubeObject, type: string): Json | undefined {
  return ((pod.status?.conditions ?? []) as Json[]).find((c) => c.type === type);
}

/** groupPods */
function groupPods(pods: KubeObject[], metrics: PodMetricsInfo, resource: string, now: number) {
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  let readyPodCount = 0;
  for (const pod of pods) {
    const name = pod.metadata.name ?? '';
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed') {
      ignored.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      missing.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const ready = condition(pod, 'Ready');
      const start = pod.status?.startTime ? Date.parse(pod.status.startTime) : undefined;
      let isUnready: boolean;
      if (!ready || start === undefined) isUnready = true;
      else {
        const transition = Date.parse(ready.lastTransitionTime ?? '') || 0;
        if (start + CPU_INITIALIZATION_PERIOD_MS > now) {
          isUnready = ready.status === 'False' || metric.timestamp < transition + metric.windowMs;
        } else {
          isUnready = ready.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition;
        }
      }
      if (isUnready) {
        unready.add(name);
        continue;
      }
    }
    readyPodCount++;
  }
  return { readyPodCount, unready, missing, ignored };
}

/** calculateRequests: the containers' requests (and restartable init containers'), in milli-units. */
function calculateRequests(
  pods: KubeObject[],
  container: string,
  resource: string,
): Map<string, number> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    const containers = [
      ...((pod.spec?.containers ?? []) as Json[]),
      ...((pod.spec?.initContainers ?? []) as Json[]).filter((c) => c.restartPolicy === 'Always'),
    ];
    let sum = 0;
    for (const c of containers) {
      if (container && container !== c.name) continue;
      const request = milli(c.resources?.requests?.[resource]);
      if (request === undefined)
        throw new MetricError(
          `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`,
        );
      sum += request;
      if (container === c.name) break;
    }
    if (container && !containers.some((c) => c.name === container))
      throw new MetricError(`container ${container} not found in Pod ${pod.metadata.name}`);
    requests.set(pod.metadata.name ?? '', sum);
  }
  return requests;
}

/** GetResourceUtilizationRatio */
function utilizationRatio(metrics: PodMetricsInfo, requests: Map<string, number>, target: number) {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [pod, metric] of metrics) {
    const request = requests.get(pod);
    if (request === undefined) continue;
    metricsTotal += metric.value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0) throw new MetricError('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return {
    ratio: utilization / target,
    utilization,
    rawAverage: Math.trunc(metricsTotal / entries),
  };
}

/** GetMetricUsageRatio */
function usageRatio(metrics: PodMetricsInfo, target: number) {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const average = Math.trunc(total / metrics.size);
  return { ratio: average / target, average };
}

const withinTolerance = (ratio: number) => Math.abs(1 - ratio) <= TOLERANCE;

function selectedPods(view: MetricsView, namespace: string, selector: LabelSelector): KubeObject[] {
  const pods = view
    .list('', 'pods', namespace)
    .filter((p) => matchesLabels(selector, p.metadata.labels));
  if (!pods.length)
    throw new MetricError('no pods returned by selector while calculating replica count');
  return pods;
}

/** GetResourceReplicas: a target utilization in percent of the requests. */
export function resourceReplicas(
  view: MetricsView,
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  namespace: string,
  selector: LabelSelector,
  container = '',
): ReplicaProposal {
  let metrics: PodMetricsInfo;
  try {
    metrics = resourceMetrics(view, resource, namespace, selector, container);
  } catch (err) {
    throw new MetricError(
      `unable to get metrics for resource ${resource}: ${(err as Error).message}`,
    );
  }
  const pods = selectedPods(view, namespace, selector);
  const { readyPodCount, unready, missing, ignored } = groupPods(pods, metrics, resource, view.now);
  for (const name of [...ignored, ...unready]) metrics.delete(name);
  if (!metrics.size)
    throw new MetricError('did not receive metrics for targeted pods (pods might be unready)');
  const requests = calculateRequests(pods, container, resource);
  const { ratio, utilization, rawAverage } = utilizationRatio(metrics, requests, targetUtilization);
  const result = (replicas: number) => ({ replicas, utilization, rawAverage });

  const scaleUpWithUnready = unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && !missing.size) {
    if (withinTolerance(ratio)) return result(currentReplicas);
    return result(Math.ceil(ratio * readyPodCount));
  }
  if (missing.size) {
    // scaling down, missing pods count as using their request (or the target, above 100 %)
    const fallback = Math.max(100, targetUtilization);
    for (const name of missing) {
      metrics.set(name, {
        value: ratio < 1 ? Math.trunc(((requests.get(name) ?? 0) * fallback) / 100) : 0,
        timestamp: 0,
        windowMs: 0,
      });
    }
  }
  if (scaleUpWithUnready)
    for (const name of unready) metrics.set(name, { value: 0, timestamp: 0, windowMs: 0 });
  const next = utilizationRatio(metrics, requests, targetUtilization).ratio;
  if (withinTolerance(next) || (ratio < 1 && next > 1) || (ratio > 1 && next < 1))
    return result(currentReplicas);
  const replicas = Math.ceil(next * metrics.size);
  if ((next < 1 && replicas > currentReplicas) || (next > 1 && replicas < currentReplicas))
    return result(currentReplicas);
  return result(replicas);
}

/** GetRawResourceReplicas (calcPlainMetricReplicas): a target average usage in milli-units. */
export function rawResourceReplicas(
  view: MetricsView,
  currentReplicas: number,
  targetUsage: number,
  resource: string,
  namespace: string,
  selector: LabelSelector,
  container = '',
): ReplicaProposal {
  let metrics: PodMetricsInfo;
  try {
    metrics = resourceMetrics(view, resource, namespace, selector, container);
  } catch (err) {
    throw new MetricError(
      `unable to get metrics for resource ${resource}: ${(err as Error).message}`,
    );
  }
  const pods = selectedPods(view, namespace, selector);
  const { readyPodCount, unready, missing, ignored } = groupPods(pods, metrics, resource, view.now);
  for (const name of [...ignored, ...unready]) metrics.delete(name);
  if (!metrics.size)
    throw new MetricError('did not receive metrics for targeted pods (pods might be unready)');
  const { ratio, average } = usageRatio(metrics, targetUsage);
  const result = (replicas: number) => ({ replicas, rawAverage: average });
  const scaleUpWithUnready = unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && !missing.size) {
    if (withinTolerance(ratio)) return result(currentReplicas);
    return result(Math.ceil(ratio * readyPodCount));
  }
  if (missing.size && ratio !== 1) {
    for (const name of missing)
      metrics.set(name, { value: ratio < 1 ? targetUsage : 0, timestamp: 0, windowMs: 0 });
  }
  if (scaleUpWithUnready)
    for (const name of unready) metrics.set(name, { value: 0, timestamp: 0, windowMs: 0 });
  const next = usageRatio(metrics, targetUsage).ratio;
  if (withinTolerance(next) || (ratio < 1 && next > 1) || (ratio > 1 && next < 1))
    return result(currentReplicas);
  const replicas = Math.ceil(next * metrics.size);
  if ((next < 1 && replicas > currentReplicas) || (next > 1 && replicas < currentReplicas))
    return result(currentReplicas);
  return result(replicas);
}
