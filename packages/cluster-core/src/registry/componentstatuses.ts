/**
 * core/v1 ComponentStatus (deprecated since 1.19, still served): a read-only list the API
 * server computes by probing its components (pkg/registry/core/componentstatus). Here every
 * component is Healthy; the objects below are what the store should hold for get and list.
 * printers.go printComponentStatus.
 */
import type { KubeObject } from '../api/object';
import { NAME_COLUMN } from './printing';
import type { ResourceDefinition } from './types';

const healthy = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ComponentStatus',
  metadata: { name },
  conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }],
});

/** What `kubectl get componentstatuses` lists on a healthy kubeadm control plane. */
export const COMPONENT_STATUSES: KubeObject[] = [
  healthy('controller-manager'),
  healthy('scheduler'),
  healthy('etcd-0'),
];

export const componentStatuses: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'ComponentStatus',
  plural: 'componentstatuses',
  namespaced: false,
  shortNames: ['cs'],
  verbs: ['get', 'list'],
  deprecationWarning: 'v1 ComponentStatus is deprecated in v1.19+',
  columns: [
    NAME_COLUMN,
    { name: 'Status', type: 'string', description: 'Health of the component.' },
    { name: 'Message', type: 'string', description: 'Message of the health check.' },
    { name: 'Error', type: 'string', description: 'Error of the health check.' },
  ],
  row(obj) {
    const c = (
      (obj.conditions ?? []) as { type: string; status: string; message?: string; error?: string }[]
    ).find((x) => x.type === 'Healthy');
    const status = c ? (c.status === 'True' ? 'Healthy' : 'Unhealthy') : 'Unknown';
    return [obj.metadata.name, status, c?.message ?? '', c?.error ?? ''];
  },
};
