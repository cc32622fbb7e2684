/** The kubeconfig a learner's kubectl uses, kubeadm-style names. */
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  clusterName: string;
  server: string;
  token: string;
  caCert?: string;
  namespace?: string;
}

export function kubeconfigYaml(o: KubeconfigOptions): string {
  const user = 'kubernetes-admin';
  const context = `${user}@${o.clusterName}`;
  const cluster: Record<string, unknown> = { server: o.server };
  if (o.caCert) cluster['certificate-authority-data'] = Buffer.from(o.caCert).toString('base64');
  const ctx: Record<string, unknown> = { cluster: o.clusterName, user };
  if (o.namespace) ctx.namespace = o.namespace;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ cluster, name: o.clusterName }],
    contexts: [{ context: ctx, name: context }],
    'current-context': context,
    preferences: {},
    users: [{ name: user, user: { token: o.token } }],
  });
}

/**
 * One kubeconfig for several clusters, a context per cluster named after it (as the CKA exam's
 * `kubectl config use-context k8s-c2`), each with its own user and credentials.
 */
export function mergedKubeconfigYaml(entries: KubeconfigOptions[], current?: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: entries.map((o) => {
      const cluster: Record<string, unknown> = { server: o.server };
      if (o.caCert)
        cluster['certificate-authority-data'] = Buffer.from(o.caCert).toString('base64');
      return { cluster, name: o.clusterName };
    }),
    contexts: entries.map((o) => ({
      context: {
        cluster: o.clusterName,
        user: `${o.clusterName}-admin`,
        ...(o.namespace ? { namespace: o.namespace } : {}),
      },
      name: o.clusterName,
    })),
    'current-context': current ?? entries[0]?.clusterName ?? '',
    preferences: {},
    users: entries.map((o) => ({ name: `${o.clusterName}-admin`, user: { token: o.token } })),
  });
}
