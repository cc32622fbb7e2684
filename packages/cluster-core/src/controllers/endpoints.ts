/**
 * Endpoints and EndpointSlices of Services with a selector (pkg/controller/endpoint,
 * pkg/controller/endpointslice with staging endpointslice reconciler): the pods the selector
 * matches, ready ones as addresses, the others as notReadyAddresses (ready=false), ports
 * resolved from targetPort (a number or a named containerPort). The `kubernetes` Service points
 * at the API server on the control plane, as kube-apiserver's endpoint reconciler keeps it.
 */
import { deepEqual } from '../api/equality';
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import type { Change } from '../store/store';
import type { ControllerContext } from './controller-context';
import { newControllerRef, selects } from './controller-ref';
import { isPodReady, isTerminal } from './pod-utils';
import { type ControllerView, keyOf, type Reconciler, splitKey } from './reconciler';

// biome-ignore lint/suspicious/noExplicitAny: service and pod specs are free-form JSON
type Json = Record<string, any>;

const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const MANAGED_BY = 'endpointslice-controller.k8s.io';
const HEADLESS_LABEL = 'service.kubernetes.io/headless';
const API_SERVER_PORT = 6443;

/** FindPort: a service port's targetPort on one pod, or undefined when the pod lacks it. */
function findPort(pod: KubeObject, svcPort: Json): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  if (typeof target === 'string' && /^\d+$/.test(target)) return Number(target);
  for (const c of (pod.spec?.containers ?? []) as Json[]) {
    for (const p of (c.ports ?? []) as Json[]) {
      if (p.name === target && (p.protocol ?? 'TCP') === (svcPort.protocol ?? 'TCP'))
        return p.containerPort;
    }
  }
  return undefined;
}

/** ShouldPodBeInEndpoints */
function includePod(pod: KubeObject, publishNotReady: boolean): boolean {
  if (isTerminal(pod) || !pod.status?.podIP) return false;
  if (pod.metadata.deletionTimestamp && !publishNotReady) return false;
  return true;
}

interface Member {
  pod: KubeObject;
  ready: boolean;
  ports: { name?: string; port: number; protocol: string; appProtocol?: string }[];
}

function members(ctx: ControllerContext, svc: KubeObject): Member[] {
  const publishNotReady = Boolean(svc.spec?.publishNotReadyAddresses);
  const pods = ctx
    .list('', 'pods', svc.metadata.namespace)
    .filter(
      (p) =>
        selects({ matchLabels: svc.spec.selector }, p.metadata.labels) &&
        includePod(p, publishNotReady),
    );
  return pods.map((pod) => {
    const ports: Member['ports'] = [];
    for (const sp of (svc.spec?.ports ?? []) as Json[]) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const p: Member['ports'][number] = { port, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) p.name = sp.name;
      if (sp.appProtocol) p.appProtocol = sp.appProtocol;
      ports.push(p);
    }
    const ready = publishNotReady || (isPodReady(pod) && !pod.metadata.deletionTimestamp);
    return { pod, ready, ports };
  });
}

function address(svc: KubeObject, pod: KubeObject): Json {
  const a: Json = { ip: pod.status.podIP };
  if (pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name)
    a.hostname = pod.spec.hostname;
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  a.targetRef = {
    kind: 'Pod',
    name: pod.metadata.name,
    namespace: pod.metadata.namespace,
    uid: pod.metadata.uid,
  };
  return a;
}

/** Subsets grouped by identical port lists, addresses sorted by IP (RepackSubsets). */
function subsets(svc: KubeObject, list: Member[]): Json[] {
  const groups = new Map<string, { ports: Member['ports']; ready: Json[]; notReady: Json[] }>();
  for (const m of list) {
    if (!m.ports.length && (svc.spec?.ports ?? []).length) continue;
    const key = JSON.stringify(m.ports);
    const g = groups.get(key) ?? { ports: m.ports, ready: [], notReady: [] };
    (m.ready ? g.ready : g.notReady).push(address(svc, m.pod));
    groups.set(key, g);
  }
  const byIP = (a: Json, b: Json) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
  return [...groups.values()].map((g) => {
    const s: Json = {};
    if (g.ready.length) s.addresses = g.ready.sort(byIP);
    if (g.notReady.length) s.notReadyAddresses = g.notReady.sort(byIP);
    if (g.ports.length) s.ports = g.ports;
    return s;
  });
}

function sliceEndpoints(svc: KubeObject, list: Member[]): Json[] {
  return list.map(({ pod, ready }) => {
    const e: Json = {
      addresses: [pod.status.podIP],
      conditions: {
        ready,
        serving: isPodReady(pod),
        terminating: Boolean(pod.metadata.deletionTimestamp),
      },
    };
    if (pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name)
      e.hostname = pod.spec.hostname;
    if (pod.spec?.nodeName) e.nodeName = pod.spec.nodeName;
    e.targetRef = {
      kind: 'Pod',
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      uid: pod.metadata.uid,
    };
    return e;
  });
}

function headless(svc: KubeObject): boolean {
  return svc.spec?.clusterIP === 'None';
}

/** Writes `desired` fields onto the existing object (or creates it) unless they already match. */
function apply(
  ctx: ControllerContext,
  group: string,
  plural: string,
  existing: KubeObject | undefined,
  desired: KubeObject,
  fields: string[],
): void {
  const now = rfc3339(ctx.now());
  try {
    if (!existing) {
      desired.metadata.annotations = {
        ...(desired.metadata.annotations ?? {}),
        [TRIGGER_TIME]: now,
      };
      ctx.create(group, plural, desired);
      return;
    }
    const same =
      fields.every((f) => deepEqual(existing[f], desired[f])) &&
      deepEqual(existing.metadata.labels ?? {}, desired.metadata.labels ?? {});
    if (same) return;
    ctx.mutate(group, plural, existing, (o) => {
      for (const f of fields) {
        if (desired[f] === undefined) delete o[f];
        else o[f] = desired[f];
      }
      o.metadata.labels = desired.metadata.labels;
      o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [TRIGGER_TIME]: now };
    });
  } catch (err) {
    if (!isStatusError(err) || (err.code !== 409 && err.code !== 403)) throw err;
  }
}

function controlPlaneIP(ctx: ControllerContext): string {
  const cp = ctx
    .list('', 'nodes')
    .find((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined);
  return (
    ((cp?.status?.addresses ?? []) as Json[]).find((a) => a.type === 'InternalIP')?.address ??
    '172.30.1.2'
  );
}

function syncKubernetesService(ctx: ControllerContext): void {
  const ip = controlPlaneIP(ctx);
  const port = { name: 'https', port: API_SERVER_PORT, protocol: 'TCP' };
  const ep: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [{ addresses: [{ ip }], ports: [port] }],
  };
  if (ctx.resource('', 'endpoints'))
    apply(ctx, '', 'endpoints', ctx.get('', 'endpoints', 'default', 'kubernetes'), ep, ['subsets']);
  if (!ctx.resource('discovery.k8s.io', 'endpointslices')) return;
  const slice: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { [SERVICE_NAME_LABEL]: 'kubernetes' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [ip], conditions: { ready: true } }],
    ports: [port],
  };
  apply(
    ctx,
    'discovery.k8s.io',
    'endpointslices',
    ctx.get('discovery.k8s.io', 'endpointslices', 'default', 'kubernetes'),
    slice,
    ['addressType', 'endpoints', 'ports'],
  );
}

function syncEndpoints(key: string, ctx: ControllerContext): void {
  const { namespace, name } = splitKey(key);
  if (key === 'default/kubernetes') {
    syncKubernetesService(ctx);
    return;
  }
  const svc = ctx.get('', 'services', namespace, name);
  if (!svc?.spec?.selector || svc.metadata.deletionTimestamp) {
    // Endpoints of a Service that is gone follow it (the slices go by ownerReference).
    const stale = ctx.get('', 'endpoints', namespace, name);
    if (
      !svc &&
      stale &&
      !stale.metadata.annotations?.['control-plane.alpha.kubernetes.io/leader']
    ) {
      try {
        ctx.delete('', 'endpoints', namespace, name);
      } catch {
        // already gone
      }
    }
    return;
  }
  const list = members(ctx, svc);
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (headless(svc)) labels[HEADLESS_LABEL] = '';
  if (ctx.resource('', 'endpoints')) {
    const ep: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace, labels },
      subsets: subsets(svc, list),
    };
    if (!ep.subsets.length) delete ep.subsets;
    if (!Object.keys(labels).length) delete ep.metadata.labels;
    apply(ctx, '', 'endpoints', ctx.get('', 'endpoints', namespace, name), ep, ['subsets']);
  }
  if (!ctx.resource('discovery.k8s.io', 'endpointslices')) return;
  const owned = ctx
    .list('discovery.k8s.io', 'endpointslices', namespace)
    .filter(
      (s) =>
        s.metadata.labels?.[SERVICE_NAME_LABEL] === name &&
        s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY,
    );
  const sliceLabels = { ...labels, [MANAGED_BY_LABEL]: MANAGED_BY, [SERVICE_NAME_LABEL]: name };
  const ports = list
    .find((m) => m.ports.length)
    ?.ports.map((p) => ({
      name: p.name ?? '',
      port: p.port,
      protocol: p.protocol,
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
    }));
  const endpoints = sliceEndpoints(
    svc,
    list.filter((m) => m.ports.length || !(svc.spec?.ports ?? []).length),
  );
  const slice: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${name}-`,
      namespace,
      labels: sliceLabels,
      ownerReferences: [newControllerRef(svc)],
    },
    addressType: 'IPv4',
  };
  if (endpoints.length) slice.endpoints = endpoints;
  if (ports?.length) slice.ports = ports;
  const [first, ...extra] = owned;
  apply(ctx, 'discovery.k8s.io', 'endpointslices', first, slice, [
    'addressType',
    'endpoints',
    'ports',
  ]);
  for (const s of extra) {
    try {
      ctx.delete('discovery.k8s.io', 'endpointslices', namespace, s.metadata.name ?? '');
    } catch {
      // already gone
    }
  }
}

/** Services in the pod's namespace whose selector matches the pod (before or after the change). */
function servicesOfPod(change: Change, ctx: ControllerView): string[] {
  const keys = new Set<string>();
  const ns = change.object.metadata.namespace;
  for (const svc of ctx.list('', 'services', ns)) {
    if (!svc.spec?.selector) continue;
    const sel = { matchLabels: svc.spec.selector };
    if (
      selects(sel, change.object.metadata.labels) ||
      (change.previous && selects(sel, change.previous.metadata.labels))
    )
      keys.add(keyOf(svc));
  }
  return [...keys];
}

export const endpointsController: Reconciler = {
  name: 'endpointslice-controller',
  primary: '/services',
  watches: [
    { resource: '/pods', keys: servicesOfPod },
    { resource: '/nodes', keys: () => ['default/kubernetes'] },
    {
      resource: 'discovery.k8s.io/endpointslices',
      keys: (change) => {
        const svc = change.object.metadata.labels?.[SERVICE_NAME_LABEL];
        return svc && change.object.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY
          ? [`${change.object.metadata.namespace}/${svc}`]
          : [];
      },
    },
  ],
  reconcile: syncEndpoints,
};
