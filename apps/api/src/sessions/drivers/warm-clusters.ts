import { type Cluster, type ClusterOptions, createCluster } from '@kubebelt/cluster-core';
import { MadeAhead } from '../made-ahead';

/** The cluster most labs ask for: one, named `default`, with a control plane and two workers. */
const DEFAULT_SHAPE = { name: 'default', nodes: 3 };

type Shape = { name: string; nodes: number };

/**
 * Clusters created before the learners who will need them. A new cluster costs ~80 ms to create
 * and ~200 ms of controller work to settle (its nodes' leases, kube-system's pods), which a
 * learner pressing Start would otherwise wait for, and which would slow the shell and the first
 * kubectl command starting beside it. A warm cluster is an ordinary fresh cluster that is a few
 * seconds or minutes older: its own CA, tokens and objects, never shared. Kept per shape (name
 * and node count), for the three shapes asked for last.
 */
export class WarmClusters {
  private readonly pool: MadeAhead<Shape, Cluster>;

  constructor(
    /** Clusters kept ready per shape (0: every cluster is created when asked for). */
    private readonly size: number,
    refillDelayMs = 1_000,
  ) {
    this.pool = new MadeAhead({
      size,
      kinds: 3,
      refillDelayMs,
      keyOf: (shape) => `${shape.name}/${shape.nodes}`,
      make: (shape) => createCluster({ name: shape.name, nodes: shape.nodes }),
      discard: (cluster) => void cluster.close(),
    });
  }

  /** Starts filling the pool (after the process's own start, so that start is not slowed). */
  start(): void {
    this.pool.start([DEFAULT_SHAPE]);
  }

  /** A fresh cluster for these options: a warm one when one of that shape is ready. */
  create = (options: ClusterOptions): Cluster => {
    const shape = shapeOf(options);
    // a cluster with a given token (restored), clock or limits is not the pool's kind
    return (shape && this.pool.take(shape)) || createCluster(options);
  };

  /** Clusters ready now, for metrics. */
  count(): number {
    return this.pool.count();
  }

  close(): void {
    this.pool.close();
  }
}

/** The shape of a plain new cluster, or undefined for one with options the pool does not make. */
function shapeOf(options: ClusterOptions): Shape | undefined {
  const { name, nodes, ...rest } = options;
  if (name === undefined || nodes === undefined) return undefined;
  if (Object.values(rest).some((v) => v !== undefined)) return undefined;
  return { name, nodes };
}
