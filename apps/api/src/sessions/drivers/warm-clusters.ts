import { type Cluster, type ClusterOptions, createCluster } from '@kubebelt/cluster-core';

/** The cluster most labs ask for: one, named `default`, with a control plane and two workers. */
const DEFAULT_SHAPE = { name: 'default', nodes: 3 };
/** How many different shapes (name and node count) are kept warm: the ones asked for last. */
const MAX_SHAPES = 3;

type Shape = { name: string; nodes: number };

/**
 * Clusters created before the learners who will need them. A new cluster costs ~80 ms to create
 * and ~200 ms of controller work to settle (its nodes' leases, kube-system's pods), which a
 * learner pressing Start would otherwise wait for, and which would slow the shell and the first
 * kubectl command starting beside it. A warm cluster is an ordinary fresh cluster that is a few
 * seconds or minutes older: its own CA, tokens and objects, never shared.
 *
 * Kept per shape, for the shapes asked for last; a taken cluster is replaced a moment later, so
 * the replacement does not compete with the start that took it.
 */
export class WarmClusters {
  private readonly ready = new Map<string, Cluster[]>();
  /** Shapes wanted, the one asked for last first. */
  private readonly shapes: Shape[] = [];
  private refill?: NodeJS.Timeout;
  private closed = false;

  constructor(
    /** Clusters kept ready per shape (0: every cluster is created when asked for). */
    private readonly size: number,
    private readonly refillDelayMs = 1_000,
  ) {
    if (size > 0) this.shapes.push(DEFAULT_SHAPE);
  }

  /** Starts filling the pool (after the process's own start, so that start is not slowed). */
  start(): void {
    this.scheduleRefill();
  }

  /** A fresh cluster for these options: a warm one when one of that shape is ready. */
  create = (options: ClusterOptions): Cluster => {
    const shape = shapeOf(options);
    // a cluster with a given token (restored), clock or limits is not the pool's kind
    if (!shape || this.size === 0 || this.closed) return createCluster(options);
    this.want(shape);
    const cluster = this.ready.get(keyOf(shape))?.shift();
    this.scheduleRefill();
    return cluster ?? createCluster(options);
  };

  /** Clusters ready now, for metrics. */
  count(): number {
    return [...this.ready.values()].reduce((n, list) => n + list.length, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.refill) clearTimeout(this.refill);
    const all = [...this.ready.values()].flat();
    this.ready.clear();
    await Promise.all(all.map((c) => c.close()));
  }

  private want(shape: Shape): void {
    const key = keyOf(shape);
    const at = this.shapes.findIndex((s) => keyOf(s) === key);
    if (at >= 0) this.shapes.splice(at, 1);
    this.shapes.unshift(shape);
    for (const dropped of this.shapes.splice(MAX_SHAPES)) {
      const clusters = this.ready.get(keyOf(dropped)) ?? [];
      this.ready.delete(keyOf(dropped));
      for (const c of clusters) void c.close();
    }
  }

  private scheduleRefill(): void {
    if (this.refill || this.closed || this.size === 0) return;
    this.refill = setTimeout(() => {
      this.refill = undefined;
      this.fillOne();
    }, this.refillDelayMs);
    this.refill.unref();
  }

  /** Creates one missing cluster, then comes back for the next (one per turn of the event loop). */
  private fillOne(): void {
    if (this.closed) return;
    const shape = this.shapes.find((s) => (this.ready.get(keyOf(s))?.length ?? 0) < this.size);
    if (!shape) return;
    const list = this.ready.get(keyOf(shape)) ?? [];
    this.ready.set(keyOf(shape), list);
    list.push(createCluster({ name: shape.name, nodes: shape.nodes }));
    this.scheduleRefill();
  }
}

/** The shape of a plain new cluster, or undefined for one with options the pool does not make. */
function shapeOf(options: ClusterOptions): Shape | undefined {
  const { name, nodes, ...rest } = options;
  if (name === undefined || nodes === undefined) return undefined;
  if (Object.values(rest).some((v) => v !== undefined)) return undefined;
  return { name, nodes };
}

const keyOf = (shape: Shape) => `${shape.name}/${shape.nodes}`;
