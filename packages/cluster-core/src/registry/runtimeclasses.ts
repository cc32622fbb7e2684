/** node.k8s.io/v1 RuntimeClass: pkg/apis/node/validation, printers.go printRuntimeClass. */
import { type FieldError, invalidValue, required } from '../api/field-errors';
import { isDNS1123Label } from '../api/validation';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition } from './types';

export const runtimeClasses: ResourceDefinition = {
  group: 'node.k8s.io',
  version: 'v1',
  kind: 'RuntimeClass',
  plural: 'runtimeclasses',
  namespaced: false,
  validate(obj) {
    const errs: FieldError[] = [];
    if (!obj.handler) errs.push(required('handler'));
    else
      for (const msg of isDNS1123Label(obj.handler))
        errs.push(invalidValue('handler', obj.handler, msg));
    return errs;
  },
  validateUpdate(obj, old) {
    return obj.handler === old.handler
      ? []
      : [invalidValue('handler', obj.handler, 'field is immutable')];
  },
  columns: [
    NAME_COLUMN,
    {
      name: 'Handler',
      type: 'string',
      description: 'The CRI handler that runs pods of this class.',
    },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [obj.metadata.name, obj.handler, age(obj, ctx)],
};
