/**
 * One kubeconfig with a context per lab cluster, named after the cluster as the CKA names its
 * contexts (`kubectl config use-context k8s-c2`); the first cluster is the current context.
 */
import { parse, stringify } from 'yaml';

interface KubeconfigDoc {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: Record<string, unknown> }[];
}

export function mergeKubeconfigs(configs: { name: string; kubeconfig: string }[]): string {
  const clusters: KubeconfigDoc['clusters'] = [];
  const users: KubeconfigDoc['users'] = [];
  const contexts: KubeconfigDoc['contexts'] = [];
  for (const { name, kubeconfig } of configs) {
    const doc = parse(kubeconfig) as KubeconfigDoc;
    const user = `${name}-admin`;
    clusters.push({ name, cluster: doc.clusters[0].cluster });
    users.push({ name: user, user: doc.users[0].user });
    contexts.push({ name, context: { ...doc.contexts[0].context, cluster: name, user } });
  }
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters,
    contexts,
    'current-context': contexts[0]?.name ?? '',
    preferences: {},
    users,
  });
}
