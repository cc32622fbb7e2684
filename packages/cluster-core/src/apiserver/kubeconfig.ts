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
