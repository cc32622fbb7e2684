/**
 * The taint eviction controller (pkg/controller/tainteviction, the former NoExecuteTaintManager):
 * a pod on a node with NoExecute taints it does not tolerate is deleted at once; one that
 * tolerates them all is deleted when the shortest tolerationSeconds among the tolerations used
 * runs out, counted from when it first met the taints (so the 300 s DefaultTolerationSeconds
 * adds for not-ready / unreachable), and never when one of them has no tolerationSeconds.
 * Before the deletion it adds DisruptionTarget (DeletionByTaintManager) and records
 * TaintManagerEviction.
 */
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import type { ControllerContext } from '../controllers/controller-context';
import { keyOf, type Reconciler, type Result, splitKey } from '../controllers/reconciler';
import { type Taint, type Toleration, toleratedBy, tolerates } from './node-selection';

// biome-ignore lint/suspicious/noExplicitAny: conditions are free-form JSON
type Json = Record<string, any>;

/** When each pod (by key, for its uid) first met the NoExecute taints of its node: the eviction's CreatedAt. */
function since(ctx: ControllerContext): Map<string, { uid: string; at: number }> {
  return ctx.state.taintedSince;
}

/** getMinTolerationTime: -1 for tolerated for ever. */
function minTolerationMs(used: (Toleration & { tolerationSeconds?: number })[]): number {
  if (!used.length) return 0;
  let min = Number.POSITIVE_INFINITY;
  for (const t of used) {
    if (typeof t.tolerationSeconds !== 'number') continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return Number.isFinite(min) ? min * 1000 : -1;
}

function evict(ctx: ControllerContext, pod: KubeObject): void {
  const { namespace, name } = pod.metadata;
  ctx.events.record(
    { component: 'taint-eviction-controller' },
    pod,
    'Normal',
    'TaintManagerEviction',
    `Marking for deletion Pod ${namespace}/${name}`,
  );
  try {
    const conditions = (pod.status?.conditions ?? []) as Json[];
    const existing = conditions.find((c) => c.type === 'DisruptionTarget');
    if (existing?.status !== 'True' || existing.reason !== 'DeletionByTaintManager') {
      const condition = {
        lastProbeTime: null,
        lastTransitionTime:
          existing?.status === 'True' ? existing.lastTransitionTime : rfc3339(ctx.now()),
        message: 'Taint manager: deleting due to NoExecute taint',
        reason: 'DeletionByTaintManager',
        status: 'True',
        type: 'DisruptionTarget',
      };
      ctx.mutate(
        '',
        'pods',
        pod,
        (p) => {
          const list = (p.status?.conditions ?? []) as Json[];
          p.status = {
            ...(p.status ?? {}),
            conditions: existing
              ? list.map((c) => (c.type === 'DisruptionTarget' ? condition : c))
              : [...list, condition],
          };
        },
        true,
      );
    }
    ctx.delete('', 'pods', namespace, name ?? '', { preconditions: { uid: pod.metadata.uid } });
  } catch (err) {
    if (!isStatusError(err)) throw err;
  }
}

function reconcilePod(key: string, ctx: ControllerContext): Result {
  const { namespace, name } = splitKey(key);
  const pod = ctx.get('', 'pods', namespace, name);
  const node = pod?.spec?.nodeName ? ctx.get('', 'nodes', undefined, pod.spec.nodeName) : undefined;
  const taints = ((node?.spec?.taints ?? []) as Taint[]).filter((t) => t.effect === 'NoExecute');
  const scheduled = since(ctx);
  if (!pod || pod.metadata.deletionTimestamp || !taints.length) {
    scheduled.delete(key);
    return;
  }
  const tolerations = (pod.spec?.tolerations ?? []) as Toleration[];
  if (!taints.every((t) => toleratedBy(tolerations, t))) {
    scheduled.delete(key);
    evict(ctx, pod);
    return;
  }
  const min = minTolerationMs(tolerations.filter((tol) => taints.some((t) => tolerates(tol, t))));
  if (min < 0) {
    scheduled.delete(key);
    return;
  }
  const previous = scheduled.get(key);
  const start = previous && previous.uid === pod.metadata.uid ? previous.at : ctx.now();
  scheduled.set(key, { uid: pod.metadata.uid ?? '', at: start });
  const at = start + min;
  if (ctx.now() < at) return { requeueAfter: at - ctx.now() };
  scheduled.delete(key);
  evict(ctx, pod);
}

export const taintEvictionController: Reconciler = {
  name: 'taint-eviction-controller',
  primary: '/pods',
  primaryKeys: (change) => (change.object.spec?.nodeName ? [keyOf(change.object)] : []),
  watches: [
    {
      resource: '/nodes',
      keys: (change, ctx) =>
        change.type === 'DELETED'
          ? []
          : ctx
              .list('', 'pods')
              .filter((p) => p.spec?.nodeName === change.object.metadata.name)
              .map(keyOf),
    },
  ],
  reconcile: reconcilePod,
};
