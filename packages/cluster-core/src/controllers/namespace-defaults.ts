/**
 * What every namespace gets from kube-controller-manager: the `default` ServiceAccount
 * (pkg/controller/serviceaccount serviceaccounts_controller.go) and the `kube-root-ca.crt`
 * ConfigMap (pkg/controller/certificates/rootcacertpublisher), both recreated when removed
 * and the ConfigMap restored when edited.
 */
import { deepEqual } from '../api/equality';
import { isStatusError } from '../api/errors';
import type { ControllerContext } from './controller-context';
import type { Reconciler } from './reconciler';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

function ignoreConflicts(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    // AlreadyExists / namespace terminating: the next event settles it.
    if (!isStatusError(err) || (err.code !== 409 && err.code !== 403)) throw err;
  }
}

function activeNamespace(ctx: ControllerContext, name: string): boolean {
  const ns = ctx.get('', 'namespaces', undefined, name);
  return Boolean(ns) && !ns?.metadata.deletionTimestamp;
}

export const serviceAccountController: Reconciler = {
  name: 'serviceaccount-controller',
  primary: '/namespaces',
  watches: [
    {
      resource: '/serviceaccounts',
      keys: (change) =>
        change.type === 'DELETED' && change.object.metadata.name === 'default'
          ? [change.object.metadata.namespace ?? '']
          : [],
    },
  ],
  reconcile(key, ctx) {
    if (!activeNamespace(ctx, key) || ctx.get('', 'serviceaccounts', key, 'default')) return;
    ignoreConflicts(() =>
      ctx.create('', 'serviceaccounts', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace: key },
      }),
    );
  },
};

export const rootCACertPublisher: Reconciler = {
  name: 'root-ca-cert-publisher',
  primary: '/namespaces',
  watches: [
    {
      resource: '/configmaps',
      keys: (change) =>
        change.object.metadata.name === ROOT_CA_CONFIGMAP
          ? [change.object.metadata.namespace ?? '']
          : [],
    },
  ],
  async reconcile(key, ctx) {
    if (!activeNamespace(ctx, key)) return;
    // the cluster CA (generated on first need), the one kubeconfigs and serving certs chain to
    const data = { 'ca.crt': (await ctx.core.ca.get()).certPem };
    if (!activeNamespace(ctx, key)) return;
    const annotations = { 'kubernetes.io/description': DESCRIPTION };
    const existing = ctx.get('', 'configmaps', key, ROOT_CA_CONFIGMAP);
    if (!existing) {
      ignoreConflicts(() =>
        ctx.create('', 'configmaps', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: ROOT_CA_CONFIGMAP, namespace: key, annotations },
          data,
        }),
      );
      return;
    }
    if (
      deepEqual(existing.data, data) &&
      existing.metadata.annotations?.['kubernetes.io/description'] === DESCRIPTION
    )
      return;
    ctx.mutate('', 'configmaps', existing, (cm) => {
      cm.data = data;
      cm.metadata.annotations = { ...(cm.metadata.annotations ?? {}), ...annotations };
    });
  },
};
