/**
 * Pod volumes as pkg/apis/core/validation/validation.go ValidateVolumes / validateVolumeSource:
 * one source per volume, DNS-label names, and each source's required fields.
 */
import {
  duplicate,
  FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import { isDNS1123Label, isDNS1123Subdomain } from '../api/validation';
import {
  VOLUME_FIELD_PATHS,
  validateObjectFieldSelector,
  validateResourceFieldSelector,
} from './pod-resource-validation';
import { quantityOf } from './quantity-fields';
import { isObj, isSet, type Obj, objs, str } from './spec-access';

const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';
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

/** Sources in the order validateVolumeSource checks them, with the path its errors use. */
const SOURCES: Array<
  [key: string, check: (s: Obj, p: string, ctx: VolumeContext) => FieldError[]]
> = [
  ['emptyDir', (s, p) => emptyDir(s, p)],
  ['hostPath', (s, p) => hostPath(s, p)],
  [
    'gitRepo',
    (s, p) => [
      ...(s.repository ? [] : [required(`${p}.repository`)]),
      ...localDescendingPath(str(s.directory), `${p}.directory`),
    ],
  ],
  [
    'gcePersistentDisk',
    (s, p) => requiredFields(s, p.replace(/gcePersistentDisk$/, 'persistentDisk'), ['pdName']),
  ],
  ['awsElasticBlockStore', (s, p) => requiredFields(s, p, ['volumeID'])],
  ['secret', (s, p) => keyedSource(s, p, 'secretName')],
  ['nfs', (s, p) => nfs(s, p)],
  ['iscsi', (s, p) => requiredFields(s, p, ['targetPortal', 'iqn'])],
  [
    'glusterfs',
    (s, p) => [
      ...(s.endpoints ? [] : [required(`${p}.endpoints`)]),
      ...requiredFields(s, p, ['path']),
    ],
  ],
  ['flocker', () => []],
  ['persistentVolumeClaim', (s, p) => requiredFields(s, p, ['claimName'])],
  ['rbd', (s, p) => requiredFields(s, p, ['monitors', 'image'])],
  ['cinder', (s, p) => requiredFields(s, p, ['volumeID'])],
  ['cephfs', (s, p) => requiredFields(s, p, ['monitors'])],
  ['quobyte', (s, p) => requiredFields(s, p, ['volume'])],
  ['downwardAPI', (s, p) => downwardAPI(s, p)],
  ['fc', () => []],
  ['flexVolume', (s, p) => requiredFields(s, p, ['driver'])],
  ['configMap', (s, p) => keyedSource(s, p, 'name')],
  ['azureFile', (s, p) => requiredFields(s, p, ['secretName', 'shareName'])],
  ['vsphereVolume', (s, p) => requiredFields(s, p, ['volumePath'])],
  ['photonPersistentDisk', (s, p) => requiredFields(s, p, ['pdID'])],
  ['portworxVolume', (s, p) => requiredFields(s, p, ['volumeID'])],
  ['azureDisk', (s, p) => requiredFields(s, p, ['diskName', 'diskURI'])],
  ['storageos', (s, p) => requiredFields(s, p, ['volumeName'])],
  ['projected', (s, p) => projected(s, p)],
  ['scaleIO', (s, p) => requiredFields(s, p, ['gateway', 'system', 'volumeName'])],
  ['csi', (s, p) => csi(s, p)],
  ['ephemeral', (s, p, ctx) => ephemeral(s, p, ctx)],
  ['image', (s, p) => (s.reference ? [] : [required(`${p}.reference`, 'must be specified')])],
];

/** Upstream's spellings in the "more than 1 volume type" errors. */
const FORBIDDEN_PATH_NAMES: Record<string, string> = {
  cephfs: 'cephFS',
  downwardAPI: 'downwarAPI',
};

interface VolumeContext {
  podName?: string;
  volumeName: string;
}

function requiredFields(s: Obj, p: string, fields: string[]): FieldError[] {
  return fields
    .filter((f) => !s[f] || (Array.isArray(s[f]) && s[f].length === 0))
    .map((f) => required(`${p}.${f}`));
}

function emptyDir(s: Obj, p: string): FieldError[] {
  const limit = quantityOf(s.sizeLimit);
  return limit && limit.sign() < 0
    ? [forbiddenField(`${p}.sizeLimit`, 'SizeLimit field must be a valid resource quantity')]
    : [];
}

function hostPath(s: Obj, p: string): FieldError[] {
  if (!s.path) return [required(`${p}.path`)];
  const errs = pathNoBacksteps(str(s.path), `${p}.path`);
  if (isSet(s.type) && !HOST_PATH_TYPES.includes(str(s.type)))
    errs.push(notSupported(`${p}.type`, s.type, HOST_PATH_TYPES));
  return errs;
}

function nfs(s: Obj, p: string): FieldError[] {
  const errs = requiredFields(s, p, ['server', 'path']);
  if (!str(s.path).startsWith('/'))
    errs.push(invalidValue(`${p}.path`, str(s.path), 'must be an absolute path'));
  return errs;
}

function fileMode(mode: unknown, path: string): FieldError[] {
  return isSet(mode) && (typeof mode !== 'number' || mode > 0o777 || mode < 0)
    ? [invalidValue(path, mode, FILE_MODE_ERROR)]
    : [];
}

/** validatePathNoBacksteps */
function pathNoBacksteps(target: string, path: string): FieldError[] {
  return target.split(/[\\/]/).includes('..')
    ? [invalidValue(path, target, "must not contain '..'")]
    : [];
}

/** validateLocalDescendingPath: relative, without '..' elements. */
export function localDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalidValue(path, target, 'must be a relative path'));
  errs.push(...pathNoBacksteps(target, path));
  return errs;
}

/** ValidateLocalNonReservedPath */
function localNonReservedPath(target: string, path: string): FieldError[] {
  const errs = localDescendingPath(target, path);
  if (target.startsWith('..') && !target.startsWith('../'))
    errs.push(invalidValue(path, target, "must not start with '..'"));
  return errs;
}

function keyToPath(kp: Obj, p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!kp.key) errs.push(required(`${p}.key`));
  if (!kp.path) errs.push(required(`${p}.path`));
  errs.push(...localNonReservedPath(str(kp.path), `${p}.path`));
  errs.push(...fileMode(kp.mode, `${p}.mode`));
  return errs;
}

/** validateSecretVolumeSource / validateConfigMapVolumeSource */
function keyedSource(s: Obj, p: string, nameField: string): FieldError[] {
  const errs = s[nameField] ? [] : [required(`${p}.${nameField}`)];
  errs.push(...fileMode(s.defaultMode, `${p}.defaultMode`));
  objs(s.items).forEach((kp, i) => errs.push(...keyToPath(kp, `${p}.items[${i}]`)));
  return errs;
}

function downwardAPIFile(file: Obj, p: string): FieldError[] {
  const errs = file.path ? [] : [required(`${p}.path`)];
  errs.push(...localNonReservedPath(str(file.path), `${p}.path`));
  if (isObj(file.fieldRef)) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, VOLUME_FIELD_PATHS, `${p}.fieldRef`));
    if (isObj(file.resourceFieldRef)) {
      errs.push(
        invalidValue(
          p,
          'resource',
          'fieldRef and resourceFieldRef can not be specified simultaneously',
        ),
      );
    }
  } else if (isObj(file.resourceFieldRef)) {
    errs.push(
      ...validateResourceFieldSelector(file.resourceFieldRef, `${p}.resourceFieldRef`, true),
    );
  } else {
    errs.push(required(p, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...fileMode(file.mode, `${p}.mode`));
  return errs;
}

function downwardAPI(s: Obj, p: string): FieldError[] {
  const errs = fileMode(s.defaultMode, `${p}.defaultMode`);
  // upstream validates each item at the volume's path, not at items[i]
  for (const file of objs(s.items)) errs.push(...downwardAPIFile(file, p));
  return errs;
}

function projected(s: Obj, p: string): FieldError[] {
  const errs = fileMode(s.defaultMode, `${p}.defaultMode`);
  const paths = new Set<string>();
  const claim = (itemPath: string, badValue: unknown) => {
    if (!itemPath) return;
    if (paths.has(itemPath)) errs.push(invalidValue(p, badValue, 'conflicting duplicate paths'));
    paths.add(itemPath);
  };
  objs(s.sources).forEach((source, i) => {
    const sp = `${p}.sources[${i}]`;
    let count = 0;
    for (const key of ['secret', 'configMap']) {
      if (!isObj(source[key])) continue;
      count++;
      if (!source[key].name) errs.push(required(`${sp}.${key}.name`));
      objs(source[key].items).forEach((kp, j) => {
        errs.push(...keyToPath(kp, `${sp}.${key}.items[${j}]`));
        claim(str(kp.path), str(source[key].name));
      });
    }
    if (isObj(source.downwardAPI)) {
      count++;
      for (const file of objs(source.downwardAPI.items)) {
        errs.push(...downwardAPIFile(file, `${sp}.downwardAPI`));
        claim(str(file.path), str(file.path));
      }
    }
    if (isObj(source.serviceAccountToken)) {
      count++;
      const token = source.serviceAccountToken;
      const expiration = typeof token.expirationSeconds === 'number' ? token.expirationSeconds : 0;
      const tp = `${sp}.serviceAccountToken.expirationSeconds`;
      if (expiration < 600)
        errs.push(invalidValue(tp, expiration, 'may not specify a duration less than 10 minutes'));
      if (expiration > 2 ** 32)
        errs.push(
          invalidValue(tp, expiration, 'may not specify a duration larger than 2^32 seconds'),
        );
      if (!token.path) errs.push(required(`${p}.path`));
      else errs.push(...localNonReservedPath(str(token.path), `${p}.path`));
    }
    if (isObj(source.clusterTrustBundle)) {
      count++;
      if (!source.clusterTrustBundle.path) errs.push(required(`${sp}.clusterTrustBundle.path`));
    }
    if (count > 1)
      errs.push(forbiddenField(sp, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

function csi(s: Obj, p: string): FieldError[] {
  const driver = str(s.driver);
  const errs: FieldError[] = [];
  if (!driver) errs.push(required(`${p}.driver`));
  if (driver.length > 63)
    errs.push(
      new FieldError('FieldValueTooLong', `${p}.driver`, '', 'may not be more than 63 bytes'),
    );
  errs.push(
    ...isDNS1123Subdomain(driver.toLowerCase()).map((msg) =>
      invalidValue(`${p}.driver`, driver, msg),
    ),
  );
  if (isObj(s.nodePublishSecretRef) && !s.nodePublishSecretRef.name)
    errs.push(required(`${p}.nodePublishSecretRef.name`));
  return errs;
}

function ephemeral(s: Obj, p: string, ctx: VolumeContext): FieldError[] {
  if (!isObj(s.volumeClaimTemplate)) return [required(`${p}.volumeClaimTemplate`)];
  const errs: FieldError[] = [];
  const spec = isObj(s.volumeClaimTemplate.spec) ? s.volumeClaimTemplate.spec : {};
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) {
    errs.push(
      required(`${p}.volumeClaimTemplate.spec.accessModes`, 'at least 1 access mode is required'),
    );
  }
  if (
    !isObj(spec.resources) ||
    !isObj(spec.resources.requests) ||
    !isSet(spec.resources.requests.storage)
  ) {
    errs.push(required(`${p}.volumeClaimTemplate.spec.resources[storage]`));
  }
  if (ctx.podName && ctx.volumeName) {
    const pvcName = `${ctx.podName}-${ctx.volumeName}`;
    for (const msg of isDNS1123Subdomain(pvcName)) {
      errs.push(
        invalidValue(
          `${p.replace(/\.ephemeral$/, '')}.name`,
          ctx.volumeName,
          `PVC name "${pvcName}": ${msg}`,
        ),
      );
    }
  }
  return errs;
}

export interface ValidatedVolumes {
  /** Volume name -> source, for the volumes that passed validation (as upstream's map). */
  sources: Map<string, Obj>;
  errors: FieldError[];
}

/** ValidateVolumes */
export function validateVolumes(
  volumes: unknown,
  path: string,
  podName?: string,
): ValidatedVolumes {
  const errors: FieldError[] = [];
  const sources = new Map<string, Obj>();
  const created = new Set<string>();
  if (podName)
    for (const v of objs(volumes)) if (isSet(v.ephemeral)) created.add(`${podName}-${str(v.name)}`);
  objs(volumes).forEach((vol, i) => {
    const idx = `${path}[${i}]`;
    const name = str(vol.name);
    const el: FieldError[] = [];
    let count = 0;
    for (const [key, check] of SOURCES) {
      if (!isSet(vol[key])) continue;
      if (count > 0) {
        el.push(
          forbiddenField(
            `${idx}.${FORBIDDEN_PATH_NAMES[key] ?? key}`,
            'may not specify more than 1 volume type',
          ),
        );
        continue;
      }
      count++;
      el.push(
        ...check(isObj(vol[key]) ? vol[key] : {}, `${idx}.${key}`, { podName, volumeName: name }),
      );
    }
    if (count === 0) el.push(required(idx, 'must specify a volume type'));
    if (!name) el.push(required(`${idx}.name`));
    else el.push(...isDNS1123Label(name).map((msg) => invalidValue(`${idx}.name`, name, msg)));
    if (sources.has(name)) el.push(duplicate(`${idx}.name`, name));
    if (el.length === 0) sources.set(name, vol);
    else errors.push(...el);
    if (isObj(vol.persistentVolumeClaim) && created.has(str(vol.persistentVolumeClaim.claimName))) {
      errors.push(
        invalidValue(
          `${idx}.persistentVolumeClaim.claimName`,
          str(vol.persistentVolumeClaim.claimName),
          'must not reference a PVC that gets created for an ephemeral volume',
        ),
      );
    }
  });
  return { sources, errors };
}
