/** Generic metadata rules every kind shares: pkg/api/validation/objectmeta.go and rest.BeforeCreate. */
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  required,
  tooLong,
} from '../api/field-errors';
import type { KubeObject, ObjectMeta } from '../api/object';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from '../api/validation';
import type { ResourceDefinition } from '../registry/types';

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** pkg/api/validation/path.ValidatePathSegmentName */
function isPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const illegal of ['/', '%']) {
    if (name.includes(illegal)) errs.push(`may not contain '${illegal}'`);
  }
  return errs;
}

export function validateName(def: ResourceDefinition, name: string): string[] {
  switch (def.nameRule ?? 'subdomain') {
    case 'label':
      return isDNS1123Label(name);
    case 'dns1035':
      return isDNS1035Label(name);
    case 'path':
      return isPathSegmentName(name);
    default:
      return isDNS1123Subdomain(name);
  }
}

export function validateObjectMeta(
  def: ResourceDefinition,
  meta: ObjectMeta,
  maxAnnotationBytes = TOTAL_ANNOTATION_SIZE_LIMIT,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!meta.name && !meta.generateName) {
    errs.push(required('metadata.name', 'name or generateName is required'));
  } else if (meta.name) {
    for (const msg of validateName(def, meta.name))
      errs.push(invalidValue('metadata.name', meta.name, msg));
  }
  if (meta.generateName) {
    // generateName is validated with a trailing '-' removed, like ValidateObjectMeta's prefix check.
    const prefix = meta.generateName.replace(/-$/, 'a');
    for (const msg of validateName(def, prefix)) {
      errs.push(invalidValue('metadata.generateName', meta.generateName, msg));
    }
  }
  if (def.namespaced && !meta.namespace) errs.push(required('metadata.namespace'));
  if (!def.namespaced && meta.namespace) {
    errs.push(forbiddenField('metadata.namespace', 'not allowed on this type'));
  }
  errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(meta.annotations, maxAnnotationBytes));
  for (const [i, ref] of (meta.ownerReferences ?? []).entries()) {
    const path = `metadata.ownerReferences[${i}]`;
    if (!ref.apiVersion)
      errs.push(
        invalidValue(`${path}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'),
      );
    if (!ref.kind)
      errs.push(invalidValue(`${path}.kind`, ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name)
      errs.push(invalidValue(`${path}.name`, ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) errs.push(invalidValue(`${path}.uid`, ref.uid ?? '', 'uid must not be empty'));
  }
  if ((meta.ownerReferences ?? []).filter((r) => r.controller).length > 1) {
    errs.push(
      invalidValue(
        'metadata.ownerReferences',
        meta.ownerReferences,
        'Only one reference can have Controller set to true',
      ),
    );
  }
  for (const [i, f] of (meta.finalizers ?? []).entries()) {
    for (const msg of isQualifiedName(f))
      errs.push(invalidValue(`metadata.finalizers[${i}]`, f, msg));
  }
  return errs;
}

export function validateLabels(
  labels: Record<string, string> | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(k)) errs.push(invalidValue(path, k, msg));
    for (const msg of isValidLabelValue(String(v))) errs.push(invalidValue(path, v, msg));
  }
  return errs;
}

function validateAnnotations(
  annotations: Record<string, string> | undefined,
  maxBytes: number,
): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase()))
      errs.push(invalidValue('metadata.annotations', k, msg));
    total += k.length + String(v).length;
  }
  if (total > maxBytes) {
    errs.push(tooLong('metadata.annotations', '', maxBytes));
  }
  return errs;
}

/** ValidateObjectMetaUpdate: what may not change once an object exists. */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.name !== old.name)
    errs.push(invalidValue('metadata.name', meta.name, 'field is immutable'));
  if ((meta.namespace ?? '') !== (old.namespace ?? '')) {
    errs.push(invalidValue('metadata.namespace', meta.namespace, 'field is immutable'));
  }
  if (meta.uid !== old.uid) errs.push(invalidValue('metadata.uid', meta.uid, 'field is immutable'));
  if (meta.creationTimestamp !== old.creationTimestamp) {
    errs.push(
      invalidValue('metadata.creationTimestamp', meta.creationTimestamp, 'field is immutable'),
    );
  }
  if (old.deletionTimestamp) {
    const added = (meta.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f));
    if (added.length) {
      errs.push(
        forbiddenField(
          'metadata.finalizers',
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
        ),
      );
    }
  }
  return errs;
}

/** The object without metadata and status: what metadata.generation tracks. */
export function generationTrackedFields(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}
