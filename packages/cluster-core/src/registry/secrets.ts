/**
 * core/v1 Secret: stringData merged into data by the v1 conversion (Convert_v1_Secret_To_core_Secret),
 * SetDefaults_Secret (type Opaque), ValidateSecret / ValidateSecretUpdate (per-type required
 * keys, 1 MiB, immutability), printers.go printSecret, GetAttrs `type`.
 */
import { deepEqual } from '../api/equality';
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  required,
  tooLong,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isConfigMapKey } from '../api/validation';
import { MAX_DATA_BYTES } from './configmaps';
import { unmarshalMapError } from './go-json';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition } from './types';

export const SECRET_TYPES = {
  opaque: 'Opaque',
  serviceAccountToken: 'kubernetes.io/service-account-token',
  dockercfg: 'kubernetes.io/dockercfg',
  dockerConfigJson: 'kubernetes.io/dockerconfigjson',
  basicAuth: 'kubernetes.io/basic-auth',
  sshAuth: 'kubernetes.io/ssh-auth',
  tls: 'kubernetes.io/tls',
} as const;

const SERVICE_ACCOUNT_NAME_KEY = 'kubernetes.io/service-account.name';
const IMMUTABLE = 'field is immutable when `immutable` is set';

function decode(value: unknown): Buffer {
  return Buffer.from(String(value ?? ''), 'base64');
}

/** The conversion from v1: every stringData entry overwrites data (base64), stringData goes. */
export function mergeStringData(obj: KubeObject): void {
  const stringData = obj.stringData as Record<string, string> | undefined;
  if (stringData && Object.keys(stringData).length > 0) {
    const data = (obj.data ??= {}) as Record<string, string>;
    for (const [k, v] of Object.entries(stringData))
      data[k] = Buffer.from(String(v)).toString('base64');
  }
  delete obj.stringData;
}

export function validateSecret(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const data = (obj.data ?? {}) as Record<string, unknown>;
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const msg of isConfigMapKey(key)) errs.push(invalidValue(`data[${key}]`, key, msg));
    total += decode(value).length;
  }
  if (total > MAX_DATA_BYTES) errs.push(tooLong('data', '', MAX_DATA_BYTES));

  const has = (k: string) => Object.hasOwn(data, k);
  switch (obj.type ?? '') {
    case SECRET_TYPES.serviceAccountToken:
      // only the service account name is required; uid and token come from the controller
      if (!obj.metadata.annotations?.[SERVICE_ACCOUNT_NAME_KEY]) {
        errs.push(required(`metadata.annotations[${SERVICE_ACCOUNT_NAME_KEY}]`));
      }
      break;
    case SECRET_TYPES.dockercfg:
    case SECRET_TYPES.dockerConfigJson: {
      const key = obj.type === SECRET_TYPES.dockercfg ? '.dockercfg' : '.dockerconfigjson';
      if (!has(key)) {
        errs.push(required(`data[${key}]`));
        break;
      }
      const problem = unmarshalMapError(decode(data[key]).toString());
      if (problem) errs.push(invalidValue(`data[${key}]`, '<secret contents redacted>', problem));
      break;
    }
    case SECRET_TYPES.basicAuth:
      // either may be empty, but one of the keys must be there
      if (!has('username') && !has('password')) {
        errs.push(required('data[username]'), required('data[password]'));
      }
      break;
    case SECRET_TYPES.sshAuth:
      if (decode(data['ssh-privatekey']).length === 0) errs.push(required('data[ssh-privatekey]'));
      break;
    case SECRET_TYPES.tls:
      if (!has('tls.crt')) errs.push(required('data[tls.crt]'));
      if (!has('tls.key')) errs.push(required('data[tls.key]'));
      break;
    default:
      break;
  }
  return errs;
}

export function validateSecretUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if ((obj.type ?? '') !== (old.type ?? ''))
    errs.push(invalidValue('type', obj.type ?? '', 'field is immutable'));
  if (old.immutable === true) {
    if (obj.immutable !== true) errs.push(forbiddenField('immutable', IMMUTABLE));
    if (!deepEqual(obj.data ?? {}, old.data ?? {})) errs.push(forbiddenField('data', IMMUTABLE));
  }
  return errs;
}

export const secrets: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  namespaced: true,
  quota: { legacyCount: 'secrets' },
  defaults(obj) {
    mergeStringData(obj);
    if (!obj.type) obj.type = SECRET_TYPES.opaque;
  },
  validate: (obj) => validateSecret(obj),
  validateUpdate: (obj, old) => validateSecretUpdate(obj, old),
  selectableFields: {
    type: (obj) => obj.type ?? '',
  },
  columns: [
    NAME_COLUMN,
    {
      name: 'Type',
      type: 'string',
      description: 'Used to facilitate programmatic handling of secret data.',
    },
    { name: 'Data', type: 'string', description: 'Number of data entries.' },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [
    obj.metadata.name,
    obj.type ?? '',
    Object.keys(obj.data ?? {}).length,
    age(obj, ctx),
  ],
};
