/**
 * core/v1 Namespace: pkg/registry/core/namespace/strategy.go (status Active and the
 * `kubernetes` finalizer on create, both kept on update), SetDefaults_Namespace (the
 * kubernetes.io/metadata.name label), ValidateNamespace, printers.go printNamespace.
 */
import { forbidden } from '../api/errors';
import { type FieldError, invalidValue } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isQualifiedName } from '../api/validation';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition } from './types';

export const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';
export const FINALIZER_KUBERNETES = 'kubernetes';

/** helper.IsStandardFinalizerName */
const STANDARD_FINALIZERS = new Set([FINALIZER_KUBERNETES, 'orphan', 'foregroundDeletion']);

/** validateFinalizerName: a qualified name, and fully qualified unless it is a standard one. */
export function validateFinalizerName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalidValue(path, name, msg));
  if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
    errs.push(
      invalidValue(
        path,
        name,
        'name is neither a standard finalizer name nor is it fully qualified',
      ),
    );
  }
  return errs;
}

function setDefaults(obj: KubeObject): void {
  // SetDefaults_Namespace and the strategy's Canonicalize both keep this label in sync
  const name = obj.metadata.name;
  if (name) obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [METADATA_NAME_LABEL]: name };
  if (obj.status && typeof obj.status === 'object' && !obj.status.phase)
    obj.status.phase = 'Active';
}

const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

export const namespaces: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
  nameRule: 'label',
  shortNames: ['ns'],
  // the namespace REST has no DeleteCollection
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  statusSubresource: true,
  subresources: [{ name: 'finalize', verbs: ['update'] }],
  // namespace storage Delete: with spec.finalizers left, the namespace only turns Terminating
  deleteLifecycle: {
    waits: (obj) => (obj.spec?.finalizers ?? []).length > 0,
    markTerminating(obj) {
      if (obj.status) obj.status = { ...obj.status, phase: 'Terminating' };
    },
  },
  // The NamespaceLifecycle admission plugin keeps the immortal namespaces.
  validateDelete(obj) {
    const name = obj.metadata.name ?? '';
    if (IMMORTAL_NAMESPACES.includes(name)) {
      throw forbidden(
        { group: '', resource: 'namespaces' },
        name,
        'this namespace may not be deleted',
      );
    }
  },
  defaults: setDefaults,
  prepareForCreate(obj) {
    obj.status = { phase: 'Active' };
    const spec = (obj.spec ??= {});
    const finalizers: string[] = Array.isArray(spec.finalizers) ? spec.finalizers : [];
    if (!finalizers.includes(FINALIZER_KUBERNETES)) finalizers.push(FINALIZER_KUBERNETES);
    spec.finalizers = finalizers;
  },
  prepareForUpdate(obj, old) {
    // spec.finalizers only change through the finalize subresource, status through status
    const finalizers = old.spec?.finalizers;
    if (finalizers === undefined) {
      if (obj.spec) delete obj.spec.finalizers;
    } else {
      obj.spec = { ...(obj.spec ?? {}), finalizers: [...finalizers] };
    }
    if (obj.spec && Object.keys(obj.spec).length === 0 && old.spec === undefined) delete obj.spec;
    if (old.status === undefined) delete obj.status;
    else obj.status = structuredClone(old.status);
  },
  validate(obj) {
    const errs: FieldError[] = [];
    // upstream reports every spec finalizer at the un-indexed path spec.finalizers
    for (const f of (obj.spec?.finalizers ?? []) as string[])
      errs.push(...validateFinalizerName(f, 'spec.finalizers'));
    return errs;
  },
  selectableFields: {
    'status.phase': (obj) => obj.status?.phase ?? '',
  },
  columns: [
    NAME_COLUMN,
    { name: 'Status', type: 'string', description: 'Phase of the namespace.' },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [obj.metadata.name, obj.status?.phase ?? '', age(obj, ctx)],
};
