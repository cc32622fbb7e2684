/**
 * Binding a pod to a node, as the pods/binding subresource's BindingREST.assignPod does
 * (pkg/registry/core/pod/storage/storage.go): a storage-level update that sets spec.nodeName
 * (immutable through a normal update) and the PodScheduled=True condition, refusing pods that
 * are already assigned or being deleted.
 */
import { conflict, notFound } from '../api/errors';
import { clone, type KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { rfc3339 } from '../clock';

const PODS_BINDING = { group: '', resource: 'pods/binding' };

export function bindPod(
  core: ClusterCore,
  namespace: string,
  name: string,
  nodeName: string,
  uid?: string,
): KubeObject {
  const r = core.resources.preferred('', 'pods');
  const current = r && core.store.get(r.storage, namespace, name);
  if (!r || !current) throw notFound({ group: '', resource: 'pods' }, name);
  if (uid && current.metadata.uid !== uid) throw notFound({ group: '', resource: 'pods' }, name);
  if (current.metadata.deletionTimestamp) {
    throw conflict(
      PODS_BINDING,
      name,
      `pod ${name} is being deleted, cannot be assigned to a host`,
    );
  }
  if (current.spec?.nodeName) {
    throw conflict(
      PODS_BINDING,
      name,
      `pod ${name} is already assigned to node "${current.spec.nodeName}"`,
    );
  }
  const next = clone(current);
  next.spec = { ...next.spec, nodeName };
  const status = (next.status ??= {});
  const conditions = ((status.conditions ?? []) as Record<string, unknown>[]).filter(
    (c) => c.type !== 'PodScheduled',
  );
  conditions.push({
    lastProbeTime: null,
    lastTransitionTime: rfc3339(core.clock.now()),
    status: 'True',
    type: 'PodScheduled',
  });
  status.conditions = conditions;
  return core.store.put(r.storage, next);
}
