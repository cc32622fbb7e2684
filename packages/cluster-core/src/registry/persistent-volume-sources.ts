/**
 * PersistentVolume sources as ValidatePersistentVolumeSpec checks them: exactly one type,
 * and the required fields of the ones learners use (hostPath, nfs, local, csi). Other
 * sources count as a type without deeper checks.
 */
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import { isDNS1123Subdomain } from '../api/validation';
import type { Obj } from './spec-access';

const HOST_PATH_TYPES = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];

/** validatePathNoBacksteps */
function noBacksteps(path: string, fld: string): FieldError[] {
  return path.split(/[\\/]/).includes('..')
    ? [invalidValue(fld, path, "must not contain '..'")]
    : [];
}

function hostPath(s: Obj, p: string): FieldError[] {
  if (!s.path) return [required(`${p}.path`)];
  const errs = noBacksteps(s.path, `${p}.path`);
  if (s.type !== undefined && s.type !== null && !HOST_PATH_TYPES.includes(s.type)) {
    errs.push(notSupported(`${p}.type`, s.type, HOST_PATH_TYPES));
  }
  return errs;
}

function nfs(s: Obj, p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.server) errs.push(required(`${p}.server`));
  if (!s.path) errs.push(required(`${p}.path`));
  if (!String(s.path ?? '').startsWith('/'))
    errs.push(invalidValue(`${p}.path`, s.path ?? '', 'must be an absolute path'));
  return errs;
}

function local(s: Obj, p: string): FieldError[] {
  if (!s.path) return [required(`${p}.path`)];
  return noBacksteps(s.path, `${p}.path`);
}

function csi(s: Obj, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const driver: string = s.driver ?? '';
  if (!driver) errs.push(required(`${p}.driver`));
  else {
    if (driver.length > 63)
      errs.push(invalidValue(`${p}.driver`, driver, 'must be no more than 63 characters'));
    for (const m of isDNS1123Subdomain(driver.toLowerCase()))
      errs.push(invalidValue(`${p}.driver`, driver, m));
  }
  if (!s.volumeHandle) errs.push(required(`${p}.volumeHandle`));
  return errs;
}

/** [spec key, path used in errors, checks] in the order upstream looks at them. */
const SOURCES: [string, string, (s: Obj, p: string) => FieldError[]][] = [
  ['hostPath', 'hostPath', hostPath],
  ['gcePersistentDisk', 'persistentDisk', (s, p) => (s.pdName ? [] : [required(`${p}.pdName`)])],
  [
    'awsElasticBlockStore',
    'awsElasticBlockStore',
    (s, p) => (s.volumeID ? [] : [required(`${p}.volumeID`)]),
  ],
  ['glusterfs', 'glusterfs', () => []],
  ['flocker', 'flocker', () => []],
  ['nfs', 'nfs', nfs],
  ['rbd', 'rbd', () => []],
  ['quobyte', 'quobyte', () => []],
  ['cephfs', 'cephfs', () => []],
  ['iscsi', 'iscsi', () => []],
  ['cinder', 'cinder', () => []],
  ['fc', 'fc', () => []],
  ['flexVolume', 'flexVolume', () => []],
  ['azureFile', 'azureFile', () => []],
  ['vsphereVolume', 'vsphereVolume', () => []],
  ['photonPersistentDisk', 'photonPersistentDisk', () => []],
  ['portworxVolume', 'portworxVolume', () => []],
  ['azureDisk', 'azureDisk', () => []],
  ['scaleIO', 'scaleIO', () => []],
  ['local', 'local', local],
  ['storageos', 'storageos', () => []],
  ['csi', 'csi', csi],
];

/** The volume-type part of ValidatePersistentVolumeSpec; `nodeAffinity` tells whether one is set. */
export function validatePersistentVolumeSource(spec: Obj, nodeAffinity: boolean): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const [key, pathName, check] of SOURCES) {
    if (spec[key] === undefined || spec[key] === null) continue;
    const p = `spec.${pathName}`;
    // flexVolume is counted without the "more than 1" check, as upstream
    if (count > 0 && key !== 'flexVolume') {
      errs.push(
        forbiddenField(
          `spec.${key === 'cephfs' ? 'cephFS' : key}`,
          'may not specify more than 1 volume type',
        ),
      );
      continue;
    }
    count++;
    errs.push(...check(spec[key], p));
    if (key === 'local' && !nodeAffinity)
      errs.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
  }
  if (count === 0) errs.push(required('spec', 'must specify a volume type'));
  return errs;
}

/** The source fields of a PV spec (PersistentVolumeSource, immutable after creation). */
export function persistentVolumeSourceOf(spec: Obj): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key] of SOURCES) if (spec?.[key] !== undefined) out[key] = spec[key];
  return out;
}
