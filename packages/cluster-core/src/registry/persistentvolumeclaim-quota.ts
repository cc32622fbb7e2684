/**
 * The persistent volume claim quota evaluator
 * (pkg/quota/v1/evaluator/core/persistent_volume_claims.go): claims and requested storage, also
 * per storage class (`<class>.storageclass.storage.k8s.io/requests.storage`).
 */
import type { KubeObject } from '../api/object';
import { Quantity } from '../api/quantity';
import { quantityOf, type Usage } from '../api/resource-usage';
import type { QuotaDefinition } from './types';

const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

const one = () => Quantity.fromValue(1);

/** PersistentVolumeClaim usage, also per storage class. */
function pvcUsage(pvc: KubeObject): Usage {
  const usage: Usage = new Map([
    ['count/persistentvolumeclaims', one()],
    ['persistentvolumeclaims', one()],
  ]);
  const request = quantityOf(pvc.spec?.resources?.requests?.storage);
  const allocated = quantityOf(pvc.status?.allocatedResources?.storage);
  const storage = request && allocated && allocated.cmp(request) > 0 ? allocated : request;
  const className: string | undefined =
    pvc.spec?.storageClassName ??
    pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (className) usage.set(`${className}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, one());
  if (storage) {
    usage.set('requests.storage', storage);
    if (className) usage.set(`${className}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
  }
  return usage;
}

export const persistentVolumeClaimQuota: QuotaDefinition = {
  counts: (name) =>
    ['persistentvolumeclaims', 'count/persistentvolumeclaims', 'requests.storage'].includes(name) ||
    name.includes(STORAGE_CLASS_SUFFIX),
  usage: (pvc) => pvcUsage(pvc),
};
