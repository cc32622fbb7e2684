/**
 * metrics.k8s.io/v1beta1 as metrics-server serves it (kubernetes-sigs/metrics-server pkg/api
 * node.go, pod.go, table.go; pkg/storage): NodeMetrics and PodMetrics computed on every read
 * from the simulated usage (nodes/container-usage.ts), get and list only, objects named after
 * their node or pod with its labels, a `timestamp` on the 15 s scrape grid and a `window`.
 * Pods without a running container and NotReady nodes have no metrics, as when the kubelet
 * has no sample for them.
 */
import { notFound } from '../api/errors';
import type { KubeObject } from '../api/object';
import { Quantity } from '../api/quantity';
import { rfc3339 } from '../clock';
import {
  type ContainerUsage,
  nodeUsage,
  podUsage,
  serviceLoad,
  type Usage,
} from '../nodes/container-usage';
import type { ResourceDefinition, TableColumn } from './types';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
/** metrics-server's default --metric-resolution. */
export const SCRAPE_INTERVAL_MS = 15_000;

function cpuQuantity(nanos: number): string {
  return Quantity.parse(`${nanos}n`).toString();
}

function memoryQuantity(bytes: number): string {
  return Quantity.fromValue(bytes, 'BinarySI').toString();
}

function usageList(u: Usage): Record<string, string> {
  return { cpu: cpuQuantity(u.cpuNanos), memory: memoryQuantity(u.memoryBytes) };
}

/** The last scrape before `now`, which the samples are from. */
export function sampleTime(now: number): number {
  return Math.floor(now / SCRAPE_INTERVAL_MS) * SCRAPE_INTERVAL_MS;
}

function isReadyNode(node: KubeObject): boolean {
  return (node.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  );
}

function byName(a: KubeObject, b: KubeObject): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function meta(obj: KubeObject, now: number): KubeObject['metadata'] {
  const m: KubeObject['metadata'] = { name: obj.metadata.name, creationTimestamp: rfc3339(now) };
  if (obj.metadata.namespace) m.namespace = obj.metadata.namespace;
  if (obj.metadata.labels) m.labels = { ...obj.metadata.labels };
  return m;
}

/**
 * When a pod's sample was taken and over which window: the last scrape, or for containers
 * started since then (metrics-server's fresh-container case) a window from their start, so a
 * sample never predates the container.
 */
function podSample(pod: KubeObject, now: number): { timestamp: number; windowMs: number } {
  const scrape = sampleTime(now);
  const second = Math.floor(now / 1000) * 1000;
  let earliest = { timestamp: Number.POSITIVE_INFINITY, windowMs: SCRAPE_INTERVAL_MS };
  for (const s of (pod.status?.containerStatuses ?? []) as {
    state?: { running?: { startedAt?: string } };
  }[]) {
    const started = Date.parse(s.state?.running?.startedAt ?? '');
    if (Number.isNaN(started)) continue;
    const sample =
      scrape > started
        ? { timestamp: scrape, windowMs: Math.min(SCRAPE_INTERVAL_MS, scrape - started) }
        : { timestamp: second, windowMs: Math.max(1000, second - started) };
    if (sample.timestamp < earliest.timestamp) earliest = sample;
  }
  return Number.isFinite(earliest.timestamp)
    ? earliest
    : { timestamp: scrape, windowMs: SCRAPE_INTERVAL_MS };
}

/** Go's time.Duration.String() for whole seconds. */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}

function podMetricsObject(pod: KubeObject, containers: ContainerUsage[], now: number): KubeObject {
  const sample = podSample(pod, now);
  return {
    kind: 'PodMetrics',
    apiVersion: `${METRICS_GROUP}/${METRICS_VERSION}`,
    metadata: meta(pod, now),
    timestamp: rfc3339(sample.timestamp),
    window: duration(sample.windowMs),
    containers: containers.map((c) => ({ name: c.name, usage: usageList(c.usage) })),
  };
}

/** What the metrics are computed from: the cluster's objects and clock. */
export interface MetricsView {
  now: number;
  list(group: string, plural: string, namespace?: string): KubeObject[];
}

/** The PodMetrics of the running pods in `namespace` (every namespace when undefined). */
export function podMetrics(ctx: MetricsView, namespace?: string): KubeObject[] {
  const load = serviceLoad(ctx);
  const out: KubeObject[] = [];
  for (const pod of ctx.list('', 'pods', namespace)) {
    const containers = podUsage(pod, load);
    if (containers) out.push(podMetricsObject(pod, containers, ctx.now));
  }
  return out.sort(byName);
}

/** The NodeMetrics of the Ready nodes. */
export function nodeMetrics(ctx: MetricsView): KubeObject[] {
  const load = serviceLoad(ctx);
  const byNode = new Map<string, ContainerUsage[][]>();
  for (const pod of ctx.list('', 'pods')) {
    const node = pod.spec?.nodeName;
    const containers = node ? podUsage(pod, load) : undefined;
    if (node && containers) byNode.set(node, [...(byNode.get(node) ?? []), containers]);
  }
  return ctx
    .list('', 'nodes')
    .filter(isReadyNode)
    .map((node) => ({
      kind: 'NodeMetrics',
      apiVersion: `${METRICS_GROUP}/${METRICS_VERSION}`,
      metadata: meta(node, ctx.now),
      timestamp: rfc3339(sampleTime(ctx.now)),
      window: duration(SCRAPE_INTERVAL_MS),
      usage: usageList(nodeUsage(node, byNode.get(node.metadata.name ?? '') ?? [])),
    }))
    .sort(byName);
}

/** metrics-server's table: Name, one quantity column per resource, Window. */
const COLUMNS: TableColumn[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name of the resource' },
  { name: 'cpu', type: 'string', format: 'quantity', description: '' },
  { name: 'memory', type: 'string', format: 'quantity', description: '' },
  { name: 'Window', type: 'string', format: 'duration', description: '' },
];

function total(containers: { usage: Record<string, string> }[], resource: string): string {
  let sum = Quantity.zero();
  for (const c of containers) sum = sum.add(Quantity.parse(c.usage[resource] ?? '0'));
  return sum.toString();
}

export const nodeMetricsDefinition: ResourceDefinition = {
  group: METRICS_GROUP,
  version: METRICS_VERSION,
  kind: 'NodeMetrics',
  plural: 'nodes',
  // metrics-server registers no singular name
  singular: '',
  namespaced: false,
  verbs: ['get', 'list'],
  computeOnRead(_namespace, ctx, name) {
    if (name === undefined) return nodeMetrics(ctx);
    // a missing node is the node lister's NotFound
    if (!ctx.get('', 'nodes', undefined, name))
      throw notFound({ group: '', resource: 'node' }, name);
    return nodeMetrics(ctx).filter((m) => m.metadata.name === name);
  },
  columns: COLUMNS,
  row: (obj) => [obj.metadata.name, obj.usage?.cpu ?? '0', obj.usage?.memory ?? '0', obj.window],
};

export const podMetricsDefinition: ResourceDefinition = {
  group: METRICS_GROUP,
  version: METRICS_VERSION,
  kind: 'PodMetrics',
  plural: 'pods',
  singular: '',
  namespaced: true,
  verbs: ['get', 'list'],
  computeOnRead(namespace, ctx, name) {
    if (name === undefined) return podMetrics(ctx, namespace);
    if (!ctx.get('', 'pods', namespace, name))
      throw notFound({ group: '', resource: 'pods' }, name);
    const found = podMetrics(ctx, namespace).filter((m) => m.metadata.name === name);
    // a pod without a sample: metrics-server's NotFound names namespace/name
    if (!found.length)
      throw notFound({ group: METRICS_GROUP, resource: 'pods' }, `${namespace}/${name}`);
    return found;
  },
  columns: COLUMNS,
  row: (obj) => [
    obj.metadata.name,
    total(obj.containers ?? [], 'cpu'),
    total(obj.containers ?? [], 'memory'),
    obj.window,
  ],
};
