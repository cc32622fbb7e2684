/**
 * apps/v1 ControllerRevision: pkg/registry/apps/controllerrevision/strategy.go,
 * ValidateControllerRevision(Update) and printers.go printControllerRevision.
 */
import { deepEqual } from '../api/equality';
import { type FieldError, required } from '../api/field-errors';
import { invalidLiteral } from './go-literal';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition } from './types';
import { IMMUTABLE, nonNegative } from './workload-validation';

/** The controller's "<kind>.<group>/<name>", as formatResourceName with the owner's GroupKind. */
function controllerName(
  refs: Array<{ apiVersion: string; kind: string; name: string; controller?: boolean }> | undefined,
): string {
  const ref = (refs ?? []).find((r) => r.controller);
  if (!ref) return '<none>';
  const slash = ref.apiVersion.indexOf('/');
  const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : '';
  if (!ref.kind) return ref.name;
  return `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
}

export const controllerRevisions: ResourceDefinition = {
  group: 'apps',
  version: 'v1',
  kind: 'ControllerRevision',
  plural: 'controllerrevisions',
  namespaced: true,
  validate(obj) {
    const errs: FieldError[] = [];
    if (obj.data === undefined || obj.data === null)
      errs.push(required('data', 'data is mandatory'));
    errs.push(...nonNegative(obj.revision, 'revision'));
    return errs;
  },
  validateUpdate(obj, old) {
    if (deepEqual(obj.data ?? null, old.data ?? null)) return [];
    return [
      invalidLiteral(
        'data',
        'runtime.RawExtension{Raw:[]uint8{...}, Object:runtime.Object(nil)}',
        IMMUTABLE,
      ),
    ];
  },
  columns: [
    NAME_COLUMN,
    { name: 'Controller', type: 'string', description: 'Controller of the object' },
    {
      name: 'Revision',
      type: 'string',
      description: 'Revision indicates the revision of the state represented by Data.',
    },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [
    obj.metadata.name,
    controllerName(obj.metadata.ownerReferences),
    obj.revision ?? 0,
    age(obj, ctx),
  ],
};
