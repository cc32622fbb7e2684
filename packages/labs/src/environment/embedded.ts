/**
 * A lab's clusters on embedded cluster-core: created with the lab's node set-up, then its
 * setup.yaml objects and setup.sh applied. The platform's sessions and `kubebelt-lab verify`
 * both start labs this way.
 */
import {
  type Cluster,
  type ClusterOptions,
  createCluster,
  type KubeObject,
  type StoreSnapshot,
} from '@kubebelt/cluster-core';
import { inProcessClient } from '../client/in-process';
import type { KubeClient } from '../client/kube-client';
import type { LoadedLab } from '../content/loader';
import type { ClusterSpec } from '../schema';
import { mergeKubeconfigs } from './kubeconfig';
import { runScript } from './scripts';

export interface LabClusters {
  clusters: Map<string, Cluster>;
  /** Names in the lab's order; the first is the default. */
  names: string[];
  client(name?: string): KubeClient;
  close(): Promise<void>;
}

export function clusterSpecs(lab: Pick<LoadedLab['lab'], 'clusters'>): ClusterSpec[] {
  return lab.clusters?.length ? lab.clusters : [{ name: 'default' }];
}

export interface LabClusterOptions extends Omit<ClusterOptions, 'name' | 'nodes' | 'token'> {
  /** Bearer tokens by cluster name (kept across restarts); random when left out. */
  tokens?: Record<string, string>;
  /** Saved state by cluster name: restored instead of applying the lab's set-up. */
  restore?: Record<string, StoreSnapshot>;
  /** Where new clusters come from (a pool of clusters created ahead); createCluster by default. */
  newCluster?: (options: ClusterOptions) => Cluster;
}

/**
 * Creates the lab's clusters in this process and applies its node set-up and setup.yaml, or
 * restores them from snapshots taken earlier.
 */
export function createLabClusters(
  loaded: Pick<LoadedLab, 'lab' | 'setupObjects'>,
  options: LabClusterOptions = {},
): LabClusters {
  const { tokens, restore, newCluster = createCluster, ...clusterOptions } = options;
  const specs = clusterSpecs(loaded.lab);
  const clusters = new Map<string, Cluster>();
  for (const spec of specs) {
    const cluster = newCluster({
      ...clusterOptions,
      name: spec.name,
      nodes: spec.nodes ?? 3,
      token: tokens?.[spec.name],
    });
    clusters.set(spec.name, cluster);
    const saved = restore?.[spec.name];
    if (saved) cluster.restore(saved);
    else prepareNodes(cluster, spec);
  }
  if (restore) return labClusters(specs, clusters);
  for (const obj of loaded.setupObjects) {
    const first = specs[0].name;
    const cluster =
      clusters.get(
        (obj.metadata?.annotations?.['kubebelt.dev/cluster'] as string | undefined) ?? first,
      ) ?? (clusters.get(first) as Cluster);
    applySetupObject(cluster, obj);
  }
  return labClusters(specs, clusters);
}

function labClusters(specs: ClusterSpec[], clusters: Map<string, Cluster>): LabClusters {
  const first = specs[0].name;
  const clients = new Map([...clusters].map(([name, c]) => [name, inProcessClient(c)]));
  return {
    clusters,
    names: specs.map((s) => s.name),
    client(name) {
      const c = clients.get(name ?? first);
      if (!c) throw new Error(`the lab has no cluster named ${name}`);
      return c;
    },
    async close() {
      await Promise.all([...clusters.values()].map((c) => c.close()));
    },
  };
}

function prepareNodes(cluster: Cluster, spec: ClusterSpec): void {
  const nodes = cluster.api.resource('Node');
  if (!nodes) return;
  const touched = new Set([
    ...Object.keys(spec.nodeLabels ?? {}),
    ...Object.keys(spec.nodeTaints ?? {}),
  ]);
  for (const name of touched) {
    const node = cluster.api.get(nodes, undefined, name);
    if (!node) throw new Error(`cluster ${spec.name} has no node ${name}`);
    node.metadata.labels = { ...node.metadata.labels, ...spec.nodeLabels?.[name] };
    const taints = spec.nodeTaints?.[name];
    if (taints) node.spec = { ...node.spec, taints: [...(node.spec?.taints ?? []), ...taints] };
    cluster.api.update(node, 'kubectl-label');
  }
  for (const name of spec.stoppedKubelets ?? [])
    cluster.stopKubelet(name, { gracePeriodMs: 5_000 });
}

/** Creates one setup object; namespaces it names are created first if missing, as `kubectl apply` would need. */
function applySetupObject(cluster: Cluster, obj: KubeObject): void {
  const namespace = obj.metadata?.namespace;
  const namespaces = cluster.api.resource('Namespace');
  if (namespace && namespaces && !cluster.api.get(namespaces, undefined, namespace)) {
    cluster.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  }
  cluster.api.create(obj, 'kubectl-client-side-apply');
}

/** Serves every cluster (HTTPS on loopback) and writes one kubeconfig with a context per cluster. */
export async function serveLabClusters(env: LabClusters): Promise<string> {
  const configs: { name: string; kubeconfig: string }[] = [];
  for (const name of env.names) {
    const cluster = env.clusters.get(name) as Cluster;
    await cluster.serve();
    configs.push({ name, kubeconfig: cluster.kubeconfig() });
  }
  return mergeKubeconfigs(configs);
}

/** Runs the lab's setup.sh with kubectl against its clusters (KUBECONFIG set). */
export async function runSetupScript(
  script: string | undefined,
  env: { home: string; kubeconfigPath: string },
): Promise<void> {
  if (!script?.trim()) return;
  const result = await runScript(script, { ...env, timeoutMs: 60_000 });
  if (result.exitCode !== 0)
    throw new Error(
      `setup.sh failed with exit code ${result.exitCode}: ${result.output.trim().split('\n').slice(-3).join(' | ')}`,
    );
}
