/**
 * core/v1 Service: SetDefaults_Service, the service REST storage's allocation and the
 * strategy (pkg/registry/core/service), validation in service-validation.ts, printers.go
 * printService. Cluster IPs and node ports are allocated here (service-allocation.ts).
 */

import type { KubeObject } from '../api/object';
import { AGE_COLUMN, age, formatLabels, NAME_COLUMN } from './printing';
import { serviceProxy } from './proxy-subresources';
import { allocateOnCreate, allocateOnUpdate, externallyAccessible } from './service-allocation';
import { serviceQuota } from './service-quota';
import { validateService, validateServiceUpdate } from './service-validation';
import type { ResourceDefinition } from './types';

const DEFAULT_CLIENT_IP_TIMEOUT = 10800;

/** SetDefaults_Service */
export function setServiceDefaults(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (
    spec.sessionAffinity === 'ClientIP' &&
    spec.sessionAffinityConfig?.clientIP?.timeoutSeconds == null
  ) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_TIMEOUT } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    if (
      p.targetPort === undefined ||
      p.targetPort === null ||
      p.targetPort === 0 ||
      p.targetPort === ''
    ) {
      p.targetPort = p.port;
    }
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy)
    spec.externalTrafficPolicy = 'Cluster';
  if (
    spec.internalTrafficPolicy == null &&
    ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)
  ) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts == null)
    spec.allocateLoadBalancerNodePorts = true;
  if (spec.type === 'LoadBalancer') {
    for (const ing of obj.status?.loadBalancer?.ingress ?? [])
      if (ing.ip && !ing.ipMode) ing.ipMode = 'VIP';
  }
}

/** loadBalancerStatusStringer: distinct IPs or hostnames, sorted. */
function loadBalancerIngress(obj: KubeObject): string {
  const set = new Set<string>();
  for (const ing of obj.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort().join(',');
}

/** getServiceExternalIP, with the wide form (the server always prints wide). */
export function serviceExternalIP(obj: KubeObject): string {
  const spec = obj.spec ?? {};
  const external: string[] = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(obj);
      if (external.length) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** makePortString: 80/TCP, 80:30080/TCP */
export function servicePorts(obj: KubeObject): string {
  const text = (obj.spec?.ports ?? [])
    .map((p: { port?: number; nodePort?: number; protocol?: string }) =>
      p.nodePort && p.nodePort > 0
        ? `${p.port ?? 0}:${p.nodePort}/${p.protocol ?? ''}`
        : `${p.port ?? 0}/${p.protocol ?? ''}`,
    )
    .join(',');
  return text || '<none>';
}

export const services: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'Service',
  plural: 'services',
  namespaced: true,
  quota: serviceQuota,
  nameRule: 'dns1035',
  shortNames: ['svc'],
  categories: ['all'],
  statusSubresource: true,
  subresources: [
    {
      name: 'proxy',
      verbs: ['create', 'delete', 'get', 'patch', 'update'],
      kind: { group: '', version: '', kind: 'ServiceProxyOptions' },
      serve: serviceProxy,
    },
  ],
  allowCreateOnUpdate: true,
  defaults: setServiceDefaults,
  prepareForCreate(obj, ctx) {
    obj.status = { loadBalancer: {} };
    allocateOnCreate(obj, ctx);
  },
  prepareForUpdate(obj, old, ctx) {
    allocateOnUpdate(obj, old, ctx);
    // a Service that is no longer a LoadBalancer has no load balancer to show
    if (obj.spec?.type !== 'LoadBalancer' && obj.status)
      obj.status = { ...obj.status, loadBalancer: {} };
  },
  validate: (obj) => validateService(obj),
  // pkg/registry/core/service/strategy.go SelectableFields (core/v1 AddFieldLabelConversionsForService)
  selectableFields: {
    'spec.clusterIP': (obj) => obj.spec?.clusterIP ?? '',
    'spec.type': (obj) => obj.spec?.type ?? '',
  },
  validateUpdate: (obj, old) => validateServiceUpdate(obj, old),
  columns: [
    NAME_COLUMN,
    { name: 'Type', type: 'string', description: 'How the Service is exposed.' },
    {
      name: 'Cluster-IP',
      type: 'string',
      description: 'The IP address of the service inside the cluster.',
    },
    {
      name: 'External-IP',
      type: 'string',
      description: 'The addresses the service is reachable at from outside.',
    },
    { name: 'Port(s)', type: 'string', description: 'The ports the service exposes.' },
    AGE_COLUMN,
    {
      name: 'Selector',
      type: 'string',
      priority: 1,
      description: 'The labels of the pods the service routes to.',
    },
  ],
  row: (obj, ctx) => [
    obj.metadata.name,
    obj.spec?.type ?? '',
    (obj.spec?.clusterIPs ?? [])[0] ?? '<none>',
    serviceExternalIP(obj),
    servicePorts(obj),
    age(obj, ctx),
    formatLabels(obj.spec?.selector),
  ],
};
