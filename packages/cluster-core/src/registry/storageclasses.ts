/**
 * storage.k8s.io/v1 StorageClass: pkg/apis/storage/v1/defaults.go (Delete, Immediate),
 * ValidateStorageClass / ValidateStorageClassUpdate, printers.go printStorageClass with
 * "(default)" after the default class's name.
 */
import { deepEqual } from '../api/equality';
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
  tooLong,
} from '../api/field-errors';
import { isQualifiedName } from '../api/validation';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import { isDefaultStorageClass } from './storage-helpers';
import type { ResourceDefinition } from './types';

const RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
const MAX_PARAMETERS = 512;
const MAX_PARAMETER_BYTES = 256 * 1024;

export const storageClasses: ResourceDefinition = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'StorageClass',
  plural: 'storageclasses',
  namespaced: false,
  shortNames: ['sc'],
  defaults(obj) {
    if (obj.reclaimPolicy == null) obj.reclaimPolicy = 'Delete';
    if (obj.volumeBindingMode == null) obj.volumeBindingMode = 'Immediate';
  },
  validate(obj) {
    const errs: FieldError[] = [];
    const provisioner: string = obj.provisioner ?? '';
    if (!provisioner) errs.push(required('provisioner'));
    else
      for (const m of isQualifiedName(provisioner.toLowerCase()))
        errs.push(invalidValue('provisioner', provisioner, m));
    const params = (obj.parameters ?? {}) as Record<string, string>;
    const entries = Object.entries(params);
    if (entries.length > MAX_PARAMETERS) errs.push(tooLong('parameters', '', MAX_PARAMETERS));
    else {
      let size = 0;
      for (const [k, v] of entries) {
        if (k.length < 1) errs.push(invalidValue('parameters', k, 'field can not be empty.'));
        size += k.length + String(v).length;
      }
      if (size > MAX_PARAMETER_BYTES) errs.push(tooLong('parameters', '', MAX_PARAMETER_BYTES));
    }
    if (obj.reclaimPolicy && !RECLAIM_POLICIES.includes(obj.reclaimPolicy)) {
      errs.push(notSupported('reclaimPolicy', obj.reclaimPolicy, RECLAIM_POLICIES));
    }
    if (obj.volumeBindingMode == null) errs.push(required('volumeBindingMode'));
    else if (!BINDING_MODES.includes(obj.volumeBindingMode)) {
      errs.push(notSupported('volumeBindingMode', obj.volumeBindingMode, BINDING_MODES));
    }
    return errs;
  },
  validateUpdate(obj, old) {
    const errs: FieldError[] = [];
    if (!deepEqual(obj.parameters ?? {}, old.parameters ?? {}))
      errs.push(forbiddenField('parameters', 'updates to parameters are forbidden.'));
    if ((obj.provisioner ?? '') !== (old.provisioner ?? ''))
      errs.push(forbiddenField('provisioner', 'updates to provisioner are forbidden.'));
    if ((obj.reclaimPolicy ?? '') !== (old.reclaimPolicy ?? '')) {
      errs.push(forbiddenField('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
    }
    if ((obj.volumeBindingMode ?? null) !== (old.volumeBindingMode ?? null)) {
      errs.push(
        invalidValue('volumeBindingMode', obj.volumeBindingMode ?? null, 'field is immutable'),
      );
    }
    return errs;
  },
  columns: [
    NAME_COLUMN,
    {
      name: 'Provisioner',
      type: 'string',
      description: 'The volume plugin that provisions volumes of this class.',
    },
    {
      name: 'ReclaimPolicy',
      type: 'string',
      description: 'What happens to provisioned volumes when released.',
    },
    {
      name: 'VolumeBindingMode',
      type: 'string',
      description: 'When volumes are provisioned and bound.',
    },
    {
      name: 'AllowVolumeExpansion',
      type: 'string',
      description: 'Whether claims of this class may grow.',
    },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [
    isDefaultStorageClass(obj) ? `${obj.metadata.name} (default)` : obj.metadata.name,
    obj.provisioner ?? '',
    obj.reclaimPolicy ?? 'Delete',
    obj.volumeBindingMode ?? 'Immediate',
    obj.allowVolumeExpansion === true,
    age(obj, ctx),
  ],
};
