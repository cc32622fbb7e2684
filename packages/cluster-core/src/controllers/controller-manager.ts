/**
 * Runs a list of reconcilers on one shared informer per cluster: a single `store.subscribe`
 * dispatches each change to the work queues of the reconcilers that care (by resource, or every
 * resource for ALL_RESOURCES), as kube-controller-manager's SharedInformerFactory and its
 * dynamic informers feed its controllers. Errors requeue the
 * key with backoff; `{ requeueAfter }` waits on the cluster clock. An idle cluster runs
 * nothing at all.
 */
import { isStatusError } from '../api/errors';
import type { ClusterCore } from '../apiserver/cluster-core';
import type { Change } from '../store/store';
import type { ControllerContext } from './controller-context';
import { ALL_RESOURCES, keyOf, type Reconciler, viewOf } from './reconciler';
import { WorkQueue } from './work-queue';

interface Running {
  reconciler: Reconciler;
  ctx: ControllerContext;
  queue: WorkQueue;
}

export type ErrorReporter = (controller: string, key: string, err: unknown) => void;

/** Unexpected (non-API) errors are bugs: say so, then retry like any failure. */
const defaultReporter: ErrorReporter = (controller, key, err) => {
  if (!isStatusError(err)) console.error(`[${controller}] reconciling ${key} failed:`, err);
};

export class ControllerManager {
  private readonly running: Running[] = [];
  private readonly byResource = new Map<
    string,
    { run: Running; map: (change: Change) => Iterable<string> }[]
  >();
  private unsubscribe?: () => void;
  private stopped = false;

  constructor(
    private readonly core: ClusterCore,
    private readonly report: ErrorReporter = defaultReporter,
  ) {}

  add(reconciler: Reconciler, ctx: ControllerContext): void {
    const queue = new WorkQueue(
      this.core.clock,
      (key) => this.process(run, key),
      (fn) => setImmediate(fn),
    );
    const run: Running = { reconciler, ctx, queue };
    this.running.push(run);
    const primaryKeys = reconciler.primaryKeys;
    // Mappings only read: they get a view without the context's writes.
    const view = viewOf(ctx);
    this.on(
      reconciler.primary,
      run,
      primaryKeys ? (c) => primaryKeys(c, view) : (c) => [keyOf(c.object)],
    );
    for (const w of reconciler.watches ?? []) this.on(w.resource, run, (c) => w.keys(c, view));
  }

  /** Subscribes to the store and enqueues every existing object, as an informer's initial list. */
  start(): void {
    this.unsubscribe = this.core.store.subscribe((change) => this.dispatch(change));
    this.resync();
  }

  /** Enqueues every primary object again (after a snapshot restore, which emits no changes). */
  resync(): void {
    for (const run of this.running) {
      const { primary, resyncKeys } = run.reconciler;
      if (resyncKeys) for (const key of resyncKeys(viewOf(run.ctx))) run.queue.add(key);
      else if (primary !== ALL_RESOURCES)
        for (const obj of this.core.store.list(primary)) run.queue.add(keyOf(obj));
    }
  }

  /** Enqueues a key for one reconciler (something outside the store changed, e.g. a process ended). */
  enqueue(reconciler: string, key: string): void {
    for (const run of this.running) if (run.reconciler.name === reconciler) run.queue.add(key);
  }

  /** Whether any queue has work waiting or running (delayed requeues excluded). */
  busy(): boolean {
    return this.running.some((r) => r.queue.busy());
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    for (const run of this.running) run.queue.stop();
  }

  private on(resource: string, run: Running, map: (change: Change) => Iterable<string>): void {
    const list = this.byResource.get(resource) ?? [];
    list.push({ run, map });
    this.byResource.set(resource, list);
  }

  private dispatch(change: Change): void {
    if (this.stopped) return;
    this.deliver(change, this.byResource.get(change.resource));
    this.deliver(change, this.byResource.get(ALL_RESOURCES));
  }

  private deliver(
    change: Change,
    mappings: { run: Running; map: (change: Change) => Iterable<string> }[] | undefined,
  ): void {
    for (const { run, map } of mappings ?? []) {
      try {
        for (const key of map(change)) run.queue.add(key);
      } catch (err) {
        this.report(run.reconciler.name, `(mapping ${change.resource})`, err);
      }
    }
  }

  private async process(run: Running, key: string): Promise<void> {
    if (this.stopped) return;
    try {
      const result = await run.reconciler.reconcile(key, run.ctx);
      run.queue.forget(key);
      if (result && result.requeueAfter !== undefined) run.queue.addAfter(key, result.requeueAfter);
    } catch (err) {
      this.report(run.reconciler.name, key, err);
      run.queue.addRateLimited(key);
    }
  }
}
