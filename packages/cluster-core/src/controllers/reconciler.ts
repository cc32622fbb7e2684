/**
 * The shape every controller has (docs/architecture.md, controller-runtime's Reconciler): a
 * name, the resource whose keys it reconciles, the other resources whose changes map to those keys,
 * and `reconcile(key)` making one idempotent step from the current state.
 */
import type { KubeObject } from '../api/object';
import type { SimulationView } from '../simulation-state';
import type { Change } from '../store/store';
import type { ControllerContext } from './controller-context';
import type { SimulationOptions } from './simulation-options';

/** `{ requeueAfter }` asks to run the key again after that much clock time. */
export type Result = void | { requeueAfter?: number };

/**
 * What a key mapping sees: reads of the cluster and of the simulation state, nothing that writes.
 * Mappings run inside every store write, for every reconciler watching the resource, so they
 * must change nothing; what a change should cause happens in `reconcile`.
 */
export interface ControllerView {
  now(): number;
  get(
    group: string,
    plural: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  list(group: string, plural: string, namespace?: string): KubeObject[];
  readonly options: SimulationOptions;
  readonly state: SimulationView;
}

/** The read-only view of a controller's context that its key mappings get. */
export function viewOf(ctx: ControllerContext): ControllerView {
  return {
    now: () => ctx.now(),
    get: (group, plural, namespace, name) => ctx.get(group, plural, namespace, name),
    list: (group, plural, namespace) => ctx.list(group, plural, namespace),
    options: ctx.options,
    get state() {
      return ctx.state;
    },
  };
}

/**
 * A `primary` or watched `resource` meaning every stored resource, custom ones included (the
 * garbage collector and the namespace controller follow all of them, as upstream's dynamic
 * informers do). Its mapping sees every change of the cluster: it must stay cheap.
 */
export const ALL_RESOURCES = '*';

export interface Watch {
  /** Storage key, `group/plural` (`/pods`, `apps/replicasets`), or ALL_RESOURCES. */
  resource: string;
  /** Keys of the reconciler's primary resource a change of this resource concerns (no side effects). */
  keys: (change: Change, view: ControllerView) => Iterable<string>;
}

export interface Reconciler {
  /** As kube-controller-manager names it (`replicaset-controller`); also the field manager. */
  name: string;
  /** Storage key of the primary resource (or ALL_RESOURCES); its own changes enqueue their key. */
  primary: string;
  /** Which primary keys a change of the primary enqueues (default: the object's own key; no side effects). */
  primaryKeys?: (change: Change, view: ControllerView) => Iterable<string>;
  /**
   * The keys to reconcile at start and on resync (after a restore), when they are not the
   * primary objects' keys (a reconciler whose one key stands for the whole cluster).
   */
  resyncKeys?: (view: ControllerView) => Iterable<string>;
  watches?: Watch[];
  reconcile(key: string, ctx: ControllerContext): Result | Promise<Result>;
}

/** `namespace/name` or `name` for cluster-scoped objects, as cache.MetaNamespaceKeyFunc. */
export function keyOf(obj: { metadata: { namespace?: string; name?: string } }): string {
  return obj.metadata.namespace
    ? `${obj.metadata.namespace}/${obj.metadata.name ?? ''}`
    : (obj.metadata.name ?? '');
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i < 0
    ? { namespace: undefined, name: key }
    : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
