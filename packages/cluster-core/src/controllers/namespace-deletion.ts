/**
 * The namespace controller's deletion (upstream pkg/controller/namespace/deletion): a namespace
 * being deleted has everything in it deleted; once nothing is left, the controller's /finalize
 * call drops spec.finalizers and the namespace goes. Runs when the namespace changes and when an
 * object of a terminating namespace is gone, whatever its resource.
 */
import { clone } from '../api/object';
import { systemContext } from '../apiserver/context';
import { storedResources } from './garbage-collector';
import { ALL_RESOURCES, type Reconciler } from './reconciler';

const ctx = () => systemContext('namespace-controller');

export const namespaceController: Reconciler = {
  name: 'namespace-controller',
  primary: '/namespaces',
  watches: [
    {
      resource: ALL_RESOURCES,
      keys: (change, view) => {
        const namespace = change.object.metadata.namespace;
        if (change.type !== 'DELETED' || !namespace) return [];
        const ns = view.get('', 'namespaces', undefined, namespace);
        return ns?.metadata.deletionTimestamp ? [namespace] : [];
      },
    },
  ],
  reconcile(name, controller) {
    const rest = controller.core.rest;
    const namespaces = controller.resource('', 'namespaces');
    const ns = namespaces && rest.store.get(namespaces.storage, undefined, name);
    if (!namespaces || !ns?.metadata.deletionTimestamp) return;
    const contents = storedResources(rest)
      .filter((r) => r.namespaced)
      .flatMap((r) => rest.store.list(r.storage, name).map((obj) => ({ r, obj })));
    for (const { r, obj } of contents) {
      if (obj.metadata.deletionTimestamp) continue;
      try {
        rest.delete(r, name, obj.metadata.name ?? '', { propagationPolicy: 'Background' }, ctx());
      } catch {
        // Already gone or changed meanwhile: its deletion brings the namespace back here.
      }
    }
    const remaining = contents.filter(({ r, obj }) =>
      rest.store.get(r.storage, name, obj.metadata.name ?? ''),
    );
    if (remaining.length) return;
    if ((ns.spec?.finalizers ?? []).length) {
      // The namespace controller's /finalize call: drops spec.finalizers, then the object can go.
      const next = clone(ns);
      next.spec = { ...next.spec, finalizers: [] };
      delete next.spec.finalizers;
      rest.store.put(namespaces.storage, next);
    }
    const current = rest.store.get(namespaces.storage, undefined, name);
    if (current && !(current.metadata.finalizers ?? []).length)
      rest.store.remove(namespaces.storage, undefined, name);
  },
};
