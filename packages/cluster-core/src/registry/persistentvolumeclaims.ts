/**
 * core/v1 PersistentVolumeClaim: SetDefaults_PersistentVolumeClaim(Spec) (Filesystem, Pending),
 * the DefaultStorageClass admission plugin, the strategy (status kept on update),
 * ValidatePersistentVolumeClaim(Update), the PersistentVolumeClaimResize admission plugin,
 * printers.go printPersistentVolumeClaim.
 */
import { deepEqual } from '../api/equality';
import { forbidden } from '../api/errors';
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import { clone, type KubeObject } from '../api/object';
import { isDNS1123Label, isDNS1123Subdomain } from '../api/validation';
import { validateLabelSelector } from './label-validation';
import { persistentVolumeClaimQuota } from './persistentvolumeclaim-quota';
import { VOLUME_MODES, validateAccessModes } from './persistentvolumes';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import {
  canonicalizeResourceList,
  quantityOf,
  quantityString,
  validatePositiveQuantity,
  validateResourceQuantityValue,
} from './quantity-fields';
import { specDiff } from './spec-diff';
import {
  accessModesString,
  addFinalizer,
  BETA_STORAGE_CLASS_ANNOTATION,
  defaultStorageClass,
  PVC_PROTECTION_FINALIZER,
  persistentVolumeClaimClass,
} from './storage-helpers';
import type { ResourceDefinition, StrategyContext } from './types';

// biome-ignore lint/suspicious/noExplicitAny: PVC spec is free-form JSON
type Spec = any;

function validateDataSource(ds: Spec, path: string, withNamespace: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!ds.name) errs.push(required(`${path}.name`));
  if (!ds.kind) errs.push(required(`${path}.kind`));
  const group = ds.apiGroup ?? '';
  if (!group && ds.kind !== 'PersistentVolumeClaim') {
    errs.push(
      invalidValue(
        path,
        ds.kind ?? '',
        "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
      ),
    );
  }
  if (group)
    for (const m of isDNS1123Subdomain(group))
      errs.push(invalidValue(`${path}.apiGroup`, group, m));
  if (withNamespace && ds.namespace) {
    for (const m of isDNS1123Label(ds.namespace))
      errs.push(invalidValue(`${path}.namespace`, ds.namespace, m));
  }
  return errs;
}

export function validatePersistentVolumeClaimSpec(spec: Spec): FieldError[] {
  const errs: FieldError[] = [];
  const modes: string[] = spec.accessModes ?? [];
  if (modes.length === 0)
    errs.push(required('spec.accessModes', 'at least 1 access mode is required'));
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  errs.push(...validateAccessModes(modes, 'spec.accessModes'));
  const storage = spec.resources?.requests?.storage;
  const q = quantityOf(storage);
  if (storage === undefined || storage === null) errs.push(required('spec.resources[storage]'));
  else if (q) {
    const positive = validatePositiveQuantity(q, 'spec.resources[storage]');
    errs.push(
      ...(positive.length
        ? positive
        : validateResourceQuantityValue('storage', q, 'spec.resources[storage]')),
    );
  }
  if (spec.storageClassName) {
    for (const m of isDNS1123Subdomain(spec.storageClassName))
      errs.push(invalidValue('spec.storageClassName', spec.storageClassName, m));
  }
  if (spec.volumeMode != null && !VOLUME_MODES.includes(spec.volumeMode)) {
    errs.push(notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  }
  if (spec.dataSource) errs.push(...validateDataSource(spec.dataSource, 'spec.dataSource', false));
  if (spec.dataSourceRef)
    errs.push(...validateDataSource(spec.dataSourceRef, 'spec.dataSourceRef', true));
  if (spec.dataSourceRef?.namespace) {
    if (spec.dataSource)
      errs.push(
        invalidValue(
          'spec',
          'spec.dataSource',
          'may not be specified when dataSourceRef.namespace is specified',
        ),
      );
  } else if (spec.dataSource && spec.dataSourceRef) {
    const same =
      (spec.dataSource.apiGroup ?? null) === (spec.dataSourceRef.apiGroup ?? null) &&
      spec.dataSource.kind === spec.dataSourceRef.kind &&
      spec.dataSource.name === spec.dataSourceRef.name;
    if (!same) errs.push(invalidValue('spec', 'spec.dataSource', 'must match dataSourceRef'));
  }
  return errs;
}

export function validatePersistentVolumeClaimUpdate(
  pvc: KubeObject,
  old: KubeObject,
): FieldError[] {
  const errs: FieldError[] = [];
  const newSpec: Spec = clone(pvc.spec ?? {});
  const oldSpec: Spec = clone(old.spec ?? {});
  // the PV controller may set volumeName once
  if (!oldSpec.volumeName) {
    if (newSpec.volumeName === undefined) delete oldSpec.volumeName;
    else oldSpec.volumeName = newSpec.volumeName;
  }
  const oldAnnotation = old.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
  const newAnnotation = pvc.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
  const upgradeFromAnnotation =
    oldAnnotation !== undefined &&
    oldSpec.storageClassName == null &&
    newSpec.storageClassName != null &&
    newSpec.storageClassName === oldAnnotation &&
    (newAnnotation === undefined || newAnnotation === oldAnnotation);
  if (upgradeFromAnnotation) delete newSpec.storageClassName;
  else {
    if ((newAnnotation ?? '') !== (oldAnnotation ?? '')) {
      errs.push(
        invalidValue(
          `metadata.annotations.${BETA_STORAGE_CLASS_ANNOTATION}`,
          newAnnotation ?? '',
          'field is immutable',
        ),
      );
    }
    // setting a class on a claim that had none is allowed
    if (
      newSpec.storageClassName != null &&
      oldSpec.storageClassName == null &&
      (oldAnnotation === undefined || newSpec.storageClassName === oldAnnotation)
    ) {
      newSpec.storageClassName = oldSpec.storageClassName;
      if (newSpec.storageClassName === undefined) delete newSpec.storageClassName;
    }
  }
  const bound = pvc.status?.phase === 'Bound';
  if (bound && newSpec.resources?.requests) {
    if (oldSpec.resources?.requests?.storage === undefined)
      delete newSpec.resources.requests.storage;
    else newSpec.resources.requests.storage = oldSpec.resources.requests.storage;
  }
  if (bound && newSpec.volumeAttributesClassName != null)
    newSpec.volumeAttributesClassName = oldSpec.volumeAttributesClassName;
  if (!deepEqual(newSpec, oldSpec)) {
    errs.push(
      forbiddenField(
        'spec',
        `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${specDiff('core.PersistentVolumeClaimSpec', oldSpec, newSpec)}`,
      ),
    );
  }
  const oldSize = quantityOf(old.spec?.resources?.requests?.storage);
  const newSize = quantityOf(pvc.spec?.resources?.requests?.storage);
  if (oldSize && newSize && newSize.cmp(oldSize) < 0) {
    // RecoverVolumeExpansionFailure: shrinking is allowed down to just above status.capacity
    const statusSize = quantityOf(old.status?.capacity?.storage);
    if (!statusSize || newSize.cmp(statusSize) <= 0) {
      errs.push(
        forbiddenField(
          'spec.resources.requests.storage',
          'field can not be less than status.capacity',
        ),
      );
    }
  }
  if ((pvc.spec?.volumeMode ?? null) !== (old.spec?.volumeMode ?? null)) {
    errs.push(invalidValue('volumeMode', pvc.spec?.volumeMode ?? null, 'field is immutable'));
  }
  return errs;
}

/** The PersistentVolumeClaimResize admission plugin: growing needs a class that allows it. */
function admitResize(pvc: KubeObject, old: KubeObject, ctx: StrategyContext): void {
  const oldSize = quantityOf(old.spec?.resources?.requests?.storage);
  const newSize = quantityOf(pvc.spec?.resources?.requests?.storage);
  if (!oldSize || !newSize || newSize.cmp(oldSize) <= 0) return;
  const cls = persistentVolumeClaimClass(pvc);
  let allowed = cls !== '' && cls === persistentVolumeClaimClass(old);
  if (allowed)
    allowed =
      ctx.get('storage.k8s.io', 'storageclasses', undefined, cls)?.allowVolumeExpansion === true;
  if (!allowed) {
    throw forbidden(
      { group: '', resource: 'persistentvolumeclaims' },
      pvc.metadata.name ?? '',
      'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    );
  }
}

export const persistentVolumeClaims: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolumeClaim',
  plural: 'persistentvolumeclaims',
  namespaced: true,
  quota: persistentVolumeClaimQuota,
  shortNames: ['pvc'],
  statusSubresource: true,
  defaults(obj) {
    const spec = (obj.spec ??= {});
    canonicalizeResourceList(spec.resources?.requests, 'PersistentVolumeClaim');
    canonicalizeResourceList(spec.resources?.limits, 'PersistentVolumeClaim');
    canonicalizeResourceList(obj.status?.capacity, 'PersistentVolumeClaim');
    if (spec.volumeMode == null) spec.volumeMode = 'Filesystem';
    if (obj.status && !obj.status.phase) obj.status.phase = 'Pending';
  },
  prepareForCreate(obj, ctx) {
    obj.status = { phase: 'Pending' };
    // StorageObjectInUseProtection admission (plugin/pkg/admission/storage/storageobjectinuseprotection):
    // the claim outlives its deletion while a pod uses it.
    addFinalizer(obj, PVC_PROTECTION_FINALIZER);
    // DefaultStorageClass admission: a claim without a class gets the default one
    if (
      obj.spec.storageClassName == null &&
      obj.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] === undefined
    ) {
      const def = defaultStorageClass(ctx.list('storage.k8s.io', 'storageclasses'));
      if (def) obj.spec.storageClassName = def.metadata.name;
    }
  },
  validate: (obj) => validatePersistentVolumeClaimSpec(obj.spec ?? {}),
  validateUpdate(obj, old, ctx) {
    const errs = validatePersistentVolumeClaimUpdate(obj, old);
    // validating admission runs only once validation passed
    if (errs.length === 0) admitResize(obj, old, ctx);
    return errs;
  },
  selectableFields: {
    name: (obj) => obj.metadata.name,
  },
  columns: [
    NAME_COLUMN,
    { name: 'Status', type: 'string', description: 'Phase of the claim.' },
    { name: 'Volume', type: 'string', description: 'The volume bound to the claim.' },
    { name: 'Capacity', type: 'string', description: 'Storage capacity of the bound volume.' },
    { name: 'Access Modes', type: 'string', description: 'Ways the bound volume can be mounted.' },
    { name: 'StorageClass', type: 'string', description: 'StorageClass of the pvc' },
    {
      name: 'VolumeAttributesClass',
      type: 'string',
      description: 'VolumeAttributesClass of the pvc',
    },
    AGE_COLUMN,
    { name: 'VolumeMode', type: 'string', priority: 1, description: 'Filesystem or Block.' },
  ],
  row(obj, ctx) {
    const spec = obj.spec ?? {};
    const phase = obj.metadata.deletionTimestamp ? 'Terminating' : (obj.status?.phase ?? '');
    const bound = Boolean(spec.volumeName);
    return [
      obj.metadata.name,
      phase,
      spec.volumeName ?? '',
      bound ? quantityString(obj.status?.capacity?.storage) : '',
      bound ? accessModesString(obj.status?.accessModes) : '',
      persistentVolumeClaimClass(obj),
      spec.volumeAttributesClassName ?? '<unset>',
      age(obj, ctx),
      spec.volumeMode ?? '<unset>',
    ];
  },
};
