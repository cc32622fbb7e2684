/**
 * The pod garbage collector (pkg/controller/podgc): pods bound to a node that no longer exists
 * are marked with the DisruptionTarget condition (DeletionByPodGC) and force-deleted, as
 * gcOrphaned does once the node is gone from the API.
 */
import { isStatusError } from '../api/errors';
import { rfc3339 } from '../clock';
import type { ControllerContext } from './controller-context';
import { keyOf, type Reconciler, splitKey } from './reconciler';

function collect(key: string, ctx: ControllerContext): void {
  const { namespace, name } = splitKey(key);
  const pod = ctx.get('', 'pods', namespace, name);
  const node = pod?.spec?.nodeName;
  if (!pod || !node || ctx.get('', 'nodes', undefined, node)) return;
  try {
    if (pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') {
      ctx.mutate(
        '',
        'pods',
        pod,
        (p) => {
          const conditions = ((p.status?.conditions ?? []) as { type: string }[]).filter(
            (c) => c.type !== 'DisruptionTarget',
          );
          conditions.push({
            lastProbeTime: null,
            lastTransitionTime: rfc3339(ctx.now()),
            message: 'PodGC: node no longer exists',
            reason: 'DeletionByPodGC',
            status: 'True',
            type: 'DisruptionTarget',
          } as { type: string });
          p.status = { ...(p.status ?? {}), phase: 'Failed', conditions };
        },
        true,
      );
    }
    ctx.delete('', 'pods', namespace, name, { gracePeriodSeconds: 0 });
  } catch (err) {
    if (!isStatusError(err)) throw err;
  }
}

export const podGarbageCollector: Reconciler = {
  name: 'pod-garbage-collector',
  primary: '/pods',
  primaryKeys: () => [],
  watches: [
    {
      resource: '/nodes',
      keys: (change, ctx) =>
        change.type === 'DELETED'
          ? ctx
              .list('', 'pods')
              .filter((p) => p.spec?.nodeName === change.object.metadata.name)
              .map(keyOf)
          : [],
    },
  ],
  reconcile: collect,
};
