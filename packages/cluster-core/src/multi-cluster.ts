/**
 * Several clusters for one learner, as the CKA exam gives (`k8s-c1`, `k8s-c2`, ...): each is a
 * whole cluster of its own (storage, CA, tokens), and one kubeconfig holds a context per cluster.
 */
import { mergedKubeconfigYaml } from './apiserver/kubeconfig';
import { type Cluster, type ClusterOptions, createCluster } from './cluster';

/** One Cluster per options entry; names must differ (they name the kubeconfig contexts). */
export function createClusters(options: (ClusterOptions & { name: string })[]): Cluster[] {
  const names = new Set<string>();
  for (const { name } of options) {
    if (names.has(name)) throw new Error(`cluster name ${name} is given twice`);
    names.add(name);
  }
  return options.map((o) => createCluster(o));
}

/** A kubeconfig with a context per serving cluster; the first (or `current`) is selected. */
export function mergedKubeconfig(
  clusters: Cluster[],
  options: { current?: string; namespace?: string } = {},
): string {
  return mergedKubeconfigYaml(
    clusters.map((c) => {
      const { server, token, caCert } = c.connection();
      return { clusterName: c.name, server, token, caCert, namespace: options.namespace };
    }),
    options.current,
  );
}
