/** core/v1 ConfigMap: pkg/registry/core/configmap, printers.go printConfigMap. */
import { FieldError, FieldPath, invalidValue } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isConfigMapKey } from '../api/validation';
import { AGE_COLUMN, NAME_COLUMN, age } from './printing';
import type { ResourceDefinition } from './types';

const MAX_TOTAL_BYTES = 1024 * 1024;

export function validateConfigMapData(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [field, map] of [
    ['data', obj.data],
    ['binaryData', obj.binaryData],
  ] as const) {
    for (const [key, value] of Object.entries((map ?? {}) as Record<string, string>)) {
      for (const msg of isConfigMapKey(key)) {
        errs.push(invalidValue(FieldPath.root(field).toString(), key, msg));
      }
      total += key.length + String(value).length;
    }
  }
  for (const key of Object.keys(obj.binaryData ?? {})) {
    if (obj.data && key in obj.data) {
      errs.push(
        invalidValue('data', key, 'duplicate of key present in binaryData'),
      );
    }
  }
  if (total > MAX_TOTAL_BYTES) {
    errs.push(
      new FieldError('FieldValueTooLong', '', '', `must have at most ${MAX_TOTAL_BYTES} bytes`),
    );
  }
  return errs;
}

export const configMaps: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  namespaced: true,
  shortNames: ['cm'],
  validate: (obj) => validateConfigMapData(obj),
  columns: [
    NAME_COLUMN,
    { name: 'Data', type: 'integer', description: 'Number of data in configmap' },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [
    obj.metadata.name,
    Object.keys(obj.data ?? {}).length + Object.keys(obj.binaryData ?? {}).length,
    age(obj, ctx),
  ],
};
