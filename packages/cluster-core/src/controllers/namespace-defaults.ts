/**
 * What every namespace gets from kube-controller-manager: the `default` ServiceAccount
 * (pkg/controller/serviceaccount serviceaccounts_controller.go) and the `kube-root-ca.crt`
 * ConfigMap (pkg/controller/certificates/rootcacertpublisher), both recreated when removed
 * and the ConfigMap restored when edited.
 */
import { randomBytes } from 'node:crypto';
import { deepEqual } from '../api/equality';
import { isStatusError } from '../api/errors';
import type { ClusterCore } from '../apiserver/cluster-core';
import type { ControllerContext } from './controller-context';
import type { Reconciler } from './reconciler';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

const bundles = new WeakMap<ClusterCore, string>();

/** The cluster CA in PEM; the serving CA when the cluster exposes one, else a stand-in of the same shape. */
function caBundle(core: ClusterCore): string {
  const exposed = (core as unknown as { caCert?: string }).caCert;
  if (exposed) return exposed;
  let pem = bundles.get(core);
  if (!pem) {
    const body = `MIIDBTCCAe2gAwIBAgII${randomBytes(760).toString('base64')}`.slice(0, 1092);
    pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
    bundles.set(core, pem);
  }
  return pem;
}

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
      keys: (change) => (change.type === 'DELETED' && change.object.metadata.name === 'default' ? [change.object.metadata.namespace ?? ''] : []),
    },
  ],
  reconcile(key, ctx) {
    if (!activeNamespace(ctx, key) || ctx.get('', 'serviceaccounts', key, 'default')) return;
    ignoreConflicts(() => ctx.create('', 'serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: key } }));
  },
};

export const rootCACertPublisher: Reconciler = {
  name: 'root-ca-cert-publisher',
  primary: '/namespaces',
  watches: [
    {
      resource: '/configmaps',
      keys: (change) => (change.object.metadata.name === ROOT_CA_CONFIGMAP ? [change.object.metadata.namespace ?? ''] : []),
    },
  ],
  reconcile(key, ctx) {
    if (!activeNamespace(ctx, key)) return;
    const data = { 'ca.crt': caBundle(ctx.core) };
    const annotations = { 'kubernetes.io/description': DESCRIPTION };
    const existing = ctx.get('', 'configmaps', key, ROOT_CA_CONFIGMAP);
    if (!existing) {
      ignoreConflicts(() =>
        ctx.create('', 'configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace: key, annotations }, data }),
      );
      return;
    }
    if (deepEqual(existing.data, data) && existing.metadata.annotations?.['kubernetes.io/description'] === DESCRIPTION) return;
    ctx.mutate('', 'configmaps', existing, (cm) => {
      cm.data = data;
      cm.metadata.annotations = { ...(cm.metadata.annotations ?? {}), ...annotations };
    });
  },
};
