import type { Cluster, ClusterOptions, StoreSnapshot } from '@kubebelt/cluster-core';
import { createLabClusters, type LabClusters, type LoadedLab } from '@kubebelt/labs';
import type { ClusterDriver, CreateOptions, LabEnvironment } from './cluster-driver';
import { WarmClusters } from './warm-clusters';

/** Clusters in this process (cluster-core): milliseconds to start, a few MB each. */
export class EmbeddedDriver implements ClusterDriver {
  readonly name = 'embedded';
  readonly embeddedClusters = true;

  constructor(readonly warm = new WarmClusters(0)) {}

  capability() {
    return { usable: true };
  }

  async create(lab: LoadedLab, options: CreateOptions): Promise<LabEnvironment> {
    return embeddedEnvironment(this.name, embeddedClusters(lab, options, this.warm.create));
  }
}

/** The lab's clusters in this process, new (from `newCluster`) or restored from a snapshot. */
export function embeddedClusters(
  lab: LoadedLab,
  options: CreateOptions,
  newCluster?: (options: ClusterOptions) => Cluster,
): LabClusters {
  return createLabClusters(lab, {
    tokens: options.tokens,
    restore: options.restore as Record<string, StoreSnapshot> | undefined,
    newCluster,
  });
}

/** A session's environment on clusters of this process (the docker driver's too). */
export function embeddedEnvironment(driver: string, env: LabClusters): LabEnvironment {
  const cluster = (name: string) => {
    const c = env.clusters.get(name);
    if (!c) throw new Error(`no cluster ${name} in this session`);
    return c;
  };
  return {
    driver,
    names: env.names,
    client: (name) => env.client(name),
    token: (name) => cluster(name).core.token,
    endpoint: (name) => {
      const c = cluster(name);
      return { request: c.listener, upgrade: c.upgradeListener };
    },
    snapshot: () => Object.fromEntries([...env.clusters].map(([name, c]) => [name, c.snapshot()])),
    onChange: (listener) => {
      const stops = [...env.clusters.values()].map((c) => c.api.onChange(listener));
      return () => {
        for (const stop of stops) stop();
      };
    },
    destroy: () => env.close(),
  };
}
