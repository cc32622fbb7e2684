/**
 * core/v1 ConfigMap: pkg/registry/core/configmap, ValidateConfigMap / ValidateConfigMapUpdate
 * in pkg/apis/core/validation, printers.go printConfigMap.
 */
import { deepEqual } from '../api/equality';
import { type FieldError, forbiddenField, invalidValue, tooLong } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isConfigMapKey } from '../api/validation';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition } from './types';

/** core.MaxSecretSize: the data of a ConfigMap or Secret together, in bytes. */
export const MAX_DATA_BYTES = 1024 * 1024;

const IMMUTABLE = 'field is immutable when `immutable` is set';

/** Bytes of a binaryData value (base64 in JSON, counted decoded as upstream). */
function decodedLength(value: unknown): number {
  return Buffer.from(String(value ?? ''), 'base64').length;
}

export function validateConfigMapData(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const data = (obj.data ?? {}) as Record<string, unknown>;
  const binary = (obj.binaryData ?? {}) as Record<string, unknown>;
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const msg of isConfigMapKey(key)) errs.push(invalidValue(`data[${key}]`, key, msg));
    if (Object.hasOwn(binary, key)) {
      errs.push(invalidValue(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    }
    total += Buffer.byteLength(String(value ?? ''));
  }
  for (const [key, value] of Object.entries(binary)) {
    for (const msg of isConfigMapKey(key)) errs.push(invalidValue(`binaryData[${key}]`, key, msg));
    total += decodedLength(value);
  }
  // upstream passes an empty path: the error refers to the whole object
  if (total > MAX_DATA_BYTES) errs.push(tooLong('', '', MAX_DATA_BYTES));
  return errs;
}

export function validateConfigMapUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (old.immutable === true) {
    if (obj.immutable !== true) errs.push(forbiddenField('immutable', IMMUTABLE));
    if (!deepEqual(obj.data ?? {}, old.data ?? {})) errs.push(forbiddenField('data', IMMUTABLE));
    if (!deepEqual(obj.binaryData ?? {}, old.binaryData ?? {}))
      errs.push(forbiddenField('binaryData', IMMUTABLE));
  }
  return errs;
}

export const configMaps: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  namespaced: true,
  quota: { legacyCount: 'configmaps' },
  shortNames: ['cm'],
  validate: (obj) => validateConfigMapData(obj),
  // ValidateConfigMapUpdate checks immutability first, then the whole object again
  validateUpdate: (obj, old) => validateConfigMapUpdate(obj, old),
  columns: [
    NAME_COLUMN,
    { name: 'Data', type: 'string', description: 'Number of data entries, binaryData included.' },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [
    obj.metadata.name,
    Object.keys(obj.data ?? {}).length + Object.keys(obj.binaryData ?? {}).length,
    age(obj, ctx),
  ],
};
