/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job with
 * spec.ttlSecondsAfterFinished is deleted (foreground, uid precondition) that many seconds
 * after its Complete or Failed condition turned True. Its only timer is that moment.
 */
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { Reconciler } from './reconciler';
import { splitKey } from './reconciler';

/** When a finished job with ttlSecondsAfterFinished is due for deletion. */
function ttlDue(job: KubeObject): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (typeof ttl !== 'number') return undefined;
  const done = (
    (job.status?.conditions ?? []) as {
      type: string;
      status: string;
      lastTransitionTime?: string;
    }[]
  ).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  const at = Date.parse(done?.lastTransitionTime ?? '');
  return Number.isNaN(at) ? undefined : at + ttl * 1000;
}

export const ttlAfterFinishedController: Reconciler = {
  name: 'ttl-after-finished-controller',
  primary: 'batch/jobs',
  reconcile(key, ctx) {
    const { namespace, name } = splitKey(key);
    const job = ctx.get('batch', 'jobs', namespace, name);
    if (!job || job.metadata.deletionTimestamp) return;
    const due = ttlDue(job);
    if (due === undefined) return;
    if (due > ctx.now()) return { requeueAfter: due - ctx.now() };
    try {
      ctx.delete('batch', 'jobs', namespace, name, {
        propagationPolicy: 'Foreground',
        preconditions: { uid: job.metadata.uid },
      });
    } catch (err) {
      if (!isStatusError(err)) throw err;
    }
  },
};
