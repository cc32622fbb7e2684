/**
 * core/v1 Binding: create-only (`POST .../bindings` or `pods/<name>/binding`), binds the pod
 * named by metadata.name to target.name (pkg/registry/core/pod/storage BindingREST,
 * ValidatePodBinding). This definition validates and answers; assigning spec.nodeName on
 * the pod is the store's job (see `bindingTarget`).
 */
import { conflict, invalid, notFound } from '../api/errors';
import { type FieldError, notSupported, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { DEFAULT_COLUMNS, defaultRow } from './default-table';
import type { ResourceDefinition } from './types';

export function validateBinding(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const target = obj.target ?? {};
  if (target.kind && target.kind !== 'Node')
    errs.push(notSupported('target.kind', target.kind, ['Node', '<empty>']));
  if (!target.name) errs.push(required('target.name'));
  return errs;
}

/** The node a valid Binding assigns its pod to. */
export function bindingTarget(obj: KubeObject): { namespace: string; pod: string; node: string } {
  return {
    namespace: obj.metadata.namespace ?? '',
    pod: obj.metadata.name ?? '',
    node: obj.target?.name ?? '',
  };
}

export const bindings: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'Binding',
  plural: 'bindings',
  namespaced: true,
  verbs: ['create'],
  computeOnCreate(obj, ctx) {
    const errs = validateBinding(obj);
    if (errs.length) throw invalid('', 'Binding', obj.metadata.name ?? '', errs);
    const { namespace, pod } = bindingTarget(obj);
    const current = ctx.get('', 'pods', namespace, pod);
    if (!current) throw notFound({ group: '', resource: 'pods' }, pod);
    // setPodNodeAndMetadata: a pod that has a node cannot be bound again
    if (current.spec?.nodeName) {
      throw conflict(
        { group: '', resource: 'pods/binding' },
        pod,
        `pod ${pod} is already assigned to node "${current.spec.nodeName}"`,
      );
    }
    return obj;
  },
  columns: DEFAULT_COLUMNS,
  row: (obj) => defaultRow(obj),
};
