/**
 * core/v1 PersistentVolume: SetDefaults_PersistentVolume (Retain, Filesystem, Pending), the
 * strategy (status Pending with lastPhaseTransitionTime on create, kept on update),
 * ValidatePersistentVolume / ValidatePersistentVolumeUpdate, printers.go printPersistentVolume.
 */
import { deepEqual } from '../api/equality';
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isDNS1123Subdomain } from '../api/validation';
import { rfc3339Seconds } from './default-table';
import {
  persistentVolumeSourceOf,
  validatePersistentVolumeSource,
} from './persistent-volume-sources';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import {
  canonicalizeResourceList,
  quantityOf,
  quantityString,
  validatePositiveQuantity,
} from './quantity-fields';
import { specDiff } from './spec-diff';
import {
  accessModesString,
  addFinalizer,
  PV_PROTECTION_FINALIZER,
  persistentVolumeClass,
} from './storage-helpers';
import type { ResourceDefinition } from './types';

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
export const VOLUME_MODES = ['Block', 'Filesystem'];

/** The access-mode checks PV and PVC specs share. */
export function validateAccessModes(modes: string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (!ACCESS_MODES.includes(m)) errs.push(notSupported(path, m, ACCESS_MODES));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (rwop && other)
    errs.push(forbiddenField(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

export function validatePersistentVolume(pv: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = pv.spec ?? {};
  const modes: string[] = spec.accessModes ?? [];
  if (modes.length === 0) errs.push(required('spec.accessModes'));
  errs.push(...validateAccessModes(modes, 'spec.accessModes'));
  const capacity = (spec.capacity ?? {}) as Record<string, unknown>;
  const names = Object.keys(capacity);
  if (names.length === 0) errs.push(required('spec.capacity'));
  if (!names.includes('storage') || names.length > 1)
    errs.push(notSupported('spec.capacity', capacity, ['storage']));
  for (const [name, value] of Object.entries(capacity)) {
    const q = quantityOf(value);
    if (!q) continue;
    if (q.sign() < 0)
      errs.push(
        invalidValue(`spec.capacity[${name}]`, q.value(), 'must be a valid resource quantity'),
      );
    errs.push(...validatePositiveQuantity(q, `spec.capacity[${name}]`));
  }
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy && !RECLAIM_POLICIES.includes(policy)) {
    errs.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES));
  }
  const affinity = spec.nodeAffinity;
  if (affinity && !affinity.required) {
    errs.push(required('spec.nodeAffinity.required', 'must specify required node constraints'));
  }
  errs.push(...validatePersistentVolumeSource(spec, Boolean(affinity)));
  const hostPath: string | undefined = spec.hostPath?.path;
  if (hostPath && hostPath.replace(/\/+$/, '') === '' && policy === 'Recycle') {
    errs.push(
      forbiddenField(
        'spec.persistentVolumeReclaimPolicy',
        "may not be 'recycle' for a hostPath mount of '/'",
      ),
    );
  }
  if (spec.storageClassName) {
    for (const m of isDNS1123Subdomain(spec.storageClassName))
      errs.push(invalidValue('spec.storageClassName', spec.storageClassName, m));
  }
  if (spec.volumeMode != null && !VOLUME_MODES.includes(spec.volumeMode)) {
    errs.push(notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  }
  return errs;
}

export function validatePersistentVolumeUpdate(pv: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const newSource = persistentVolumeSourceOf(pv.spec);
  const oldSource = persistentVolumeSourceOf(old.spec);
  // adding a controllerExpandSecretRef to a CSI volume is allowed
  if (
    old.spec?.csi &&
    !old.spec.csi.controllerExpandSecretRef &&
    (newSource.csi as Record<string, unknown> | undefined)?.controllerExpandSecretRef
  ) {
    newSource.csi = { ...(newSource.csi as Record<string, unknown>) };
    delete (newSource.csi as Record<string, unknown>).controllerExpandSecretRef;
  }
  if (!deepEqual(newSource, oldSource)) {
    errs.push(
      forbiddenField(
        'spec.persistentvolumesource',
        `spec.persistentvolumesource is immutable after creation\n${specDiff('core.PersistentVolumeSource', oldSource, newSource)}`,
      ),
    );
  }
  if ((pv.spec?.volumeMode ?? null) !== (old.spec?.volumeMode ?? null)) {
    errs.push(invalidValue('volumeMode', pv.spec?.volumeMode ?? null, 'field is immutable'));
  }
  if (old.spec?.nodeAffinity && !deepEqual(pv.spec?.nodeAffinity ?? null, old.spec.nodeAffinity)) {
    errs.push(
      invalidValue(
        'nodeAffinity',
        pv.spec?.nodeAffinity ?? null,
        'field is immutable, except for updating from beta label to GA',
      ),
    );
  }
  return errs;
}

export const persistentVolumes: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolume',
  plural: 'persistentvolumes',
  namespaced: false,
  shortNames: ['pv'],
  statusSubresource: true,
  defaults(obj) {
    const spec = (obj.spec ??= {});
    canonicalizeResourceList(spec.capacity, 'PersistentVolume');
    if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = 'Retain';
    if (spec.volumeMode == null) spec.volumeMode = 'Filesystem';
    if (spec.hostPath && spec.hostPath.type == null) spec.hostPath.type = '';
    if (obj.status && !obj.status.phase) obj.status.phase = 'Pending';
  },
  prepareForCreate(obj, ctx) {
    obj.status = {
      phase: 'Pending',
      lastPhaseTransitionTime: rfc3339Seconds(new Date(ctx.now).toISOString()),
    };
    // StorageObjectInUseProtection admission: the volume outlives its deletion while it is bound.
    addFinalizer(obj, PV_PROTECTION_FINALIZER);
  },
  validate: (obj) => validatePersistentVolume(obj),
  validateUpdate: (obj, old) => validatePersistentVolumeUpdate(obj, old),
  selectableFields: {
    name: (obj) => obj.metadata.name,
  },
  columns: [
    NAME_COLUMN,
    { name: 'Capacity', type: 'string', description: 'Storage capacity of the volume.' },
    { name: 'Access Modes', type: 'string', description: 'Ways the volume can be mounted.' },
    {
      name: 'Reclaim Policy',
      type: 'string',
      description: 'What happens to the volume when its claim goes.',
    },
    { name: 'Status', type: 'string', description: 'Phase of the volume.' },
    { name: 'Claim', type: 'string', description: 'The claim bound to the volume.' },
    { name: 'StorageClass', type: 'string', description: 'StorageClass of the pv' },
    {
      name: 'VolumeAttributesClass',
      type: 'string',
      description: 'VolumeAttributesClass of the pv',
    },
    { name: 'Reason', type: 'string', description: 'Why the volume is in its phase.' },
    AGE_COLUMN,
    { name: 'VolumeMode', type: 'string', priority: 1, description: 'Filesystem or Block.' },
  ],
  row(obj, ctx) {
    const spec = obj.spec ?? {};
    const claim = spec.claimRef
      ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}`
      : '';
    const phase = obj.metadata.deletionTimestamp ? 'Terminating' : (obj.status?.phase ?? '');
    return [
      obj.metadata.name,
      quantityString(spec.capacity?.storage),
      accessModesString(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? '',
      phase,
      claim,
      persistentVolumeClass(obj),
      spec.volumeAttributesClassName ?? '<unset>',
      obj.status?.reason ?? '',
      age(obj, ctx),
      spec.volumeMode ?? '<unset>',
    ];
  },
};
