/** metadata.managedFields bookkeeping on writes; the field-set logic lives in ../patch. */
import type { KubeObject } from '../api/object';
import type { Clock } from '../clock';
import type { RequestContext } from './context';
import type { ServedResource } from './resources';

export function trackManagedFields(
  _r: ServedResource,
  _old: KubeObject | undefined,
  updated: KubeObject,
  _ctx: RequestContext,
  _clock: Clock,
  _subresource?: string,
): KubeObject {
  return updated;
}
