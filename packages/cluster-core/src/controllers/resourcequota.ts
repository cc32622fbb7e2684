/**
 * The resourcequota controller (pkg/controller/resourcequota resource_quota_controller.go
 * syncResourceQuota): status.hard mirrors spec.hard and status.used holds the namespace's
 * usage of exactly those resources (quota-usage.ts), recomputed whenever an object a quota
 * could count is created or deleted, or a pod, service or claim changes, in its namespace.
 */
import { deepEqual } from '../api/equality';
import { builtinResources } from '../registry';
import type { ResourceDefinition } from '../registry/types';
import type { Change } from '../store/store';
import { storageKey } from '../store/store';
import type { ControllerContext } from './controller-context';
import { quotaUsage } from './quota-usage';
import { type ControllerView, keyOf, type Reconciler, splitKey, type Watch } from './reconciler';

const PRIMARY = '/resourcequotas';

function storageOf(def: ResourceDefinition): string {
  return def.sharesStorageWith
    ? storageKey(def.sharesStorageWith.group, def.sharesStorageWith.plural)
    : storageKey(def.group, def.plural);
}

/** Kinds whose evaluator counts more than objects: their updates matter too (phase, type, size). */
const USAGE_CHANGES = new Set(builtinResources.filter((d) => d.quota?.usage).map(storageOf));
/** Kinds no quota is worth watching for (written constantly), and the quotas themselves. */
const UNWATCHED = new Set([
  PRIMARY,
  ...builtinResources.filter((d) => d.quota?.ignored).map(storageOf),
]);

function sync(ctx: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key);
  const rq = ctx.get('', 'resourcequotas', namespace, name);
  if (!rq || rq.metadata.deletionTimestamp) return;
  const hard: Record<string, unknown> = { ...(rq.spec?.hard ?? {}) };
  const used: Record<string, string> = {};
  const usage = quotaUsage(rq, { now: ctx.now(), list: (g, p, ns) => ctx.list(g, p, ns) });
  // previous observations of resources no evaluator counts now are kept, masked to hard
  for (const [k, v] of Object.entries((rq.status?.used ?? {}) as Record<string, string>))
    if (k in hard) used[k] = v;
  for (const [k, v] of usage) if (k in hard) used[k] = v.toString();
  const status = { hard, used };
  if (deepEqual(status, { hard: rq.status?.hard, used: rq.status?.used })) return;
  ctx.mutate('', 'resourcequotas', rq, (o) => (o.status = status), true);
}

function quotasIn(ctx: ControllerView, namespace: string | undefined): string[] {
  return namespace ? ctx.list('', 'resourcequotas', namespace).map(keyOf) : [];
}

/** Every namespaced built-in kind's storage, once: any of them may be counted by `count/<resource>`. */
function watchedResources(): string[] {
  const keys = new Set<string>();
  for (const def of builtinResources) {
    if (!def.namespaced || def.computeOnCreate || def.computeOnRead) continue;
    const key = storageOf(def);
    if (!UNWATCHED.has(key)) keys.add(key);
  }
  return [...keys];
}

function onChange(change: Change, ctx: ControllerView): string[] {
  if (change.type === 'MODIFIED' && !USAGE_CHANGES.has(change.resource)) return [];
  return quotasIn(ctx, change.object.metadata.namespace);
}

export const resourceQuotaController: Reconciler = {
  name: 'resourcequota-controller',
  primary: PRIMARY,
  // a new or removed quota changes the `resourcequotas` count of its neighbours
  primaryKeys: (change, ctx) =>
    change.type === 'MODIFIED'
      ? [keyOf(change.object)]
      : quotasIn(ctx, change.object.metadata.namespace),
  watches: watchedResources().map((resource): Watch => ({ resource, keys: onChange })),
  reconcile: (key, ctx) => sync(ctx, key),
};
