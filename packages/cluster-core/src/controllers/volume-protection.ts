/**
 * The storage object in-use protection controllers (pkg/controller/volume/pvcprotection,
 * pvprotection): a deleted claim keeps its kubernetes.io/pvc-protection finalizer, and stays
 * Terminating, while a scheduled pod that has not shut down uses it; a deleted volume keeps
 * kubernetes.io/pv-protection while it is Bound.
 */
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER } from '../registry/storage-helpers';
import type { ControllerContext } from './controller-context';
import { keyOf, type Reconciler, splitKey } from './reconciler';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

function removeFinalizer(
  ctx: ControllerContext,
  group: string,
  plural: string,
  obj: KubeObject,
  finalizer: string,
): void {
  try {
    ctx.mutate(group, plural, obj, (o) => {
      o.metadata.finalizers = ((o.metadata.finalizers ?? []) as string[]).filter(
        (f) => f !== finalizer,
      );
    });
  } catch (err) {
    if (!isStatusError(err)) throw err;
  }
}

/** podIsShutDown: the kubelet is done with it (terminal phase) or it was force-deleted. */
function shutDown(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return (
    phase === 'Succeeded' ||
    phase === 'Failed' ||
    (Boolean(pod.metadata.deletionTimestamp) && pod.metadata.deletionGracePeriodSeconds === 0)
  );
}

function claimsOf(pod: KubeObject): string[] {
  return ((pod.spec?.volumes ?? []) as Json[])
    .map(
      (v) =>
        v.persistentVolumeClaim?.claimName ??
        (v.ephemeral ? `${pod.metadata.name}-${v.name}` : undefined),
    )
    .filter(Boolean);
}

function inUse(ctx: ControllerContext, pvc: KubeObject): boolean {
  // Only scheduled pods count: the kubelet will not start a pod whose claim is being deleted.
  return ctx
    .list('', 'pods', pvc.metadata.namespace)
    .some((p) => p.spec?.nodeName && !shutDown(p) && claimsOf(p).includes(pvc.metadata.name ?? ''));
}

export const pvcProtectionController: Reconciler = {
  name: 'pvc-protection-controller',
  primary: '/persistentvolumeclaims',
  watches: [
    {
      resource: '/pods',
      keys: (change) =>
        claimsOf(change.object).map((c) => `${change.object.metadata.namespace}/${c}`),
    },
  ],
  reconcile(key, ctx) {
    const { namespace, name } = splitKey(key);
    const pvc = ctx.get('', 'persistentvolumeclaims', namespace, name);
    if (
      !pvc?.metadata.deletionTimestamp ||
      !(pvc.metadata.finalizers ?? []).includes(PVC_PROTECTION_FINALIZER)
    )
      return;
    if (!inUse(ctx, pvc))
      removeFinalizer(ctx, '', 'persistentvolumeclaims', pvc, PVC_PROTECTION_FINALIZER);
  },
};

export const pvProtectionController: Reconciler = {
  name: 'pv-protection-controller',
  primary: '/persistentvolumes',
  primaryKeys: (change) => [keyOf(change.object)],
  reconcile(key, ctx) {
    const pv = ctx.get('', 'persistentvolumes', undefined, key);
    if (
      !pv?.metadata.deletionTimestamp ||
      !(pv.metadata.finalizers ?? []).includes(PV_PROTECTION_FINALIZER)
    )
      return;
    if (pv.status?.phase !== 'Bound')
      removeFinalizer(ctx, '', 'persistentvolumes', pv, PV_PROTECTION_FINALIZER);
  },
};
