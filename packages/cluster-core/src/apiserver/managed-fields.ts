/** metadata.managedFields bookkeeping on every write (upstream fieldmanager); the logic is in ../patch. */
import type { KubeObject } from '../api/object';
import { type Clock, rfc3339 } from '../clock';
import { updateManagedFields } from '../patch';
import type { RequestContext } from './context';
import { patchSchemaOf } from './patch-schema';
import type { ServedResource } from './resources';

export function trackManagedFields(
  r: ServedResource,
  old: KubeObject | undefined,
  updated: KubeObject,
  ctx: RequestContext,
  clock: Clock,
  subresource?: string,
): KubeObject {
  if (ctx.managedFieldsApplied) return updated;
  const { schema, rootDefinition } = patchSchemaOf(r);
  updateManagedFields(old, updated, {
    manager: ctx.fieldManager,
    apiVersion: r.apiVersion,
    subresource,
    now: rfc3339(clock.now()),
    schema,
    rootDefinition,
    statusSubresource: Boolean(r.def.statusSubresource),
  });
  return updated;
}
