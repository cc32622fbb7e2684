/**
 * apiregistration.k8s.io/v1 APIService, read-only: one object per served group version as
 * kube-aggregator's autoregistration makes them (`v1.apps`, Local, priorities from
 * api-group-priorities.ts; CRD groups at 1000/100), plus `v1beta1.metrics.k8s.io`
 * pointing at kube-system/metrics-server as metrics-server's manifest registers it. Columns
 * as kube-aggregator's table convertor (pkg/registry/apiservice/etcd): Name, Service,
 * Available, Age.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/object';
import { groupVersionPriority } from '../apiserver/api-group-priorities';
import { type ResourceTable, type ServedResource, servedResources } from '../apiserver/resources';
import { rfc3339 } from '../clock';
import {
  METRICS_GROUP,
  METRICS_VERSION,
  nodeMetricsDefinition,
  podMetricsDefinition,
} from './metrics-k8s-io';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition, StrategyContext } from './types';

const GROUP = 'apiregistration.k8s.io';

/** When the cluster came up: the objects kube-apiserver registered at start are that old. */
function clusterStart(ctx: StrategyContext): string {
  return (
    ctx.get('', 'namespaces', undefined, 'kube-system')?.metadata.creationTimestamp ??
    rfc3339(ctx.now)
  );
}

function uidOf(name: string, created: string): string {
  const h = createHash('sha256').update(`apiservice/${name}/${created}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function apiService(
  name: string,
  spec: Record<string, unknown>,
  available: Record<string, string>,
  labels: Record<string, string>,
  created: string,
): KubeObject {
  return {
    kind: 'APIService',
    apiVersion: `${GROUP}/v1`,
    metadata: {
      name,
      uid: uidOf(name, created),
      resourceVersion: '1',
      creationTimestamp: created,
      labels,
    },
    spec,
    status: {
      conditions: [
        { type: 'Available', status: 'True', lastTransitionTime: created, ...available },
      ],
    },
  };
}

function apiServices(
  ctx: StrategyContext,
  served: { group: string; version: string; crd: boolean }[],
): KubeObject[] {
  const created = clusterStart(ctx);
  const out: KubeObject[] = [];
  for (const { group, version, crd } of served) {
    if (group === METRICS_GROUP) continue;
    const { groupPriorityMinimum, versionPriority } = groupVersionPriority(group, version);
    out.push(
      apiService(
        `${version}.${group}`,
        // spec.group is omitempty: the core group's APIService has none
        group
          ? { group, version, groupPriorityMinimum, versionPriority }
          : { version, groupPriorityMinimum, versionPriority },
        { reason: 'Local', message: 'Local APIServices are always available' },
        { 'kube-aggregator.kubernetes.io/automanaged': crd ? 'true' : 'onstart' },
        created,
      ),
    );
  }
  if (served.some((s) => s.group === METRICS_GROUP)) {
    out.push(
      apiService(
        `${METRICS_VERSION}.${METRICS_GROUP}`,
        {
          service: { name: 'metrics-server', namespace: 'kube-system', port: 443 },
          group: METRICS_GROUP,
          version: METRICS_VERSION,
          insecureSkipTLSVerify: true,
          ...groupVersionPriority(METRICS_GROUP, METRICS_VERSION),
        },
        { reason: 'Passed', message: 'all checks passed' },
        { 'k8s-app': 'metrics-server' },
        created,
      ),
    );
  }
  return out.sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
}

/**
 * The APIService definition for a cluster: `served` lists its group versions at read time
 * (built-in and CRD-defined), since the resource table changes as CRDs come and go.
 */
function apiServicesDefinition(
  served: () => { group: string; version: string; crd: boolean }[],
): ResourceDefinition {
  return {
    group: GROUP,
    version: 'v1',
    kind: 'APIService',
    plural: 'apiservices',
    namespaced: false,
    // kube-aggregator's registry/apiservice/etcd REST.Categories
    categories: ['api-extensions'],
    verbs: ['get', 'list'],
    computeOnRead(_namespace, ctx, name) {
      const all = apiServices(ctx, served());
      return name === undefined ? all : all.filter((s) => s.metadata.name === name);
    },
    columns: [
      NAME_COLUMN,
      {
        name: 'Service',
        type: 'string',
        description: 'The reference to the service that hosts this API endpoint.',
      },
      { name: 'Available', type: 'string', description: 'Whether this service is available.' },
      AGE_COLUMN,
    ],
    row(obj, ctx) {
      const svc = obj.spec?.service;
      const cond = (obj.status?.conditions ?? []).find(
        (c: { type: string }) => c.type === 'Available',
      );
      const available = !cond
        ? 'Unknown'
        : cond.status === 'True'
          ? 'True'
          : `${cond.status} (${cond.reason})`;
      return [
        obj.metadata.name,
        svc ? `${svc.namespace}/${svc.name}` : 'Local',
        available,
        age(obj, ctx),
      ];
    },
  };
}

/** Served group versions, one entry each, CRD-defined ones marked. */
function servedGroupVersions(
  resources: ServedResource[],
): { group: string; version: string; crd: boolean }[] {
  const seen = new Map<string, { group: string; version: string; crd: boolean }>();
  for (const r of resources) {
    const key = `${r.group}/${r.version}`;
    if (!seen.has(key))
      seen.set(key, { group: r.group, version: r.version, crd: r.schema !== undefined });
  }
  return [...seen.values()];
}

/**
 * Serves what kube-aggregator adds to a cluster: the metrics.k8s.io API of metrics-server and
 * the APIService objects describing every served group version.
 */
export function registerAggregatedApis(resources: ResourceTable): void {
  const definitions = [
    nodeMetricsDefinition,
    podMetricsDefinition,
    apiServicesDefinition(() => servedGroupVersions(resources.all())),
  ];
  for (const def of definitions) resources.add(servedResources(def));
}
