/**
 * PATCH and server-side apply for the API server: the four patch types upstream serves
 * (apiserver handlers/patch.go) and metadata.managedFields bookkeeping (fieldmanager).
 *
 * Handler order, as upstream: check the Content-Type (acceptedPatchTypes → 415), validate the
 * options (validatePatchOptions → 422), then
 * - json/merge/strategic: applyPatch on the stored object, decode/default/validate the result,
 *   checkPatchedIdentity, updateManagedFields(old, result, ...), store;
 * - apply: parseApplyPatch, serverSideApply(stored or undefined, config, ...) (creates when
 *   missing), checkPatchedIdentity, default/validate, store (managedFields are already set).
 */
import { parseAllDocuments } from 'yaml';
import { badRequest, invalid, StatusError } from '../api/errors';
import { forbiddenField, invalidValue, notSupported, required, tooLong } from '../api/field-errors';
import { isPlainObject, type KubeObject } from '../api/object';
import { goJSONKind, jsonPatch } from './json-patch';
import { mergePatch } from './merge-patch';
import type { SchemaLookup, SchemaObject } from './schema';
import { acceptedPatchTypes, strategicMergePatch } from './strategic-merge-patch';

export {
  type ManagedFieldsOptions,
  managerFromUserAgent,
  resetFieldsFor,
  updateManagedFields,
} from './managed-fields';
export type { SchemaLookup, SchemaObject } from './schema';
export { type ApplyOptions, LAST_APPLIED_ANNOTATION, serverSideApply } from './server-side-apply';
export { acceptedPatchTypes } from './strategic-merge-patch';
export { dropOmittedEmpty } from './typed/typed-object';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const CUSTOM_RESOURCE_ROOT = 'custom-resource';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const customLookups = new WeakMap<object, SchemaLookup>();

/**
 * The schema server-side apply and managedFields use for a custom resource, as the CRD handler
 * builds it: the version's openAPIV3Schema with apiVersion, kind and metadata (ObjectMeta from
 * `builtin`) declared. Cached per schema object. Strategic merge patch stays unsupported.
 */
export function customResourceSchema(
  openAPIV3Schema: SchemaObject,
  builtin: SchemaLookup,
): { schema: SchemaLookup; rootDefinition: string } {
  let schema = customLookups.get(openAPIV3Schema);
  if (!schema) {
    const root: SchemaObject = {
      ...openAPIV3Schema,
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        ...(openAPIV3Schema.properties ?? {}),
        metadata: { $ref: `#/definitions/${OBJECT_META}` },
      },
    };
    schema = (name) => (name === CUSTOM_RESOURCE_ROOT ? root : builtin(name));
    customLookups.set(openAPIV3Schema, schema);
  }
  return { schema, rootDefinition: CUSTOM_RESOURCE_ROOT };
}

const CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** The patch type of a Content-Type header (parameters such as `; charset=utf-8` ignored). */
export function patchTypeFromContentType(contentType: string): PatchType | undefined {
  const semi = contentType.indexOf(';');
  const base = (semi > 0 ? contentType.slice(0, semi) : contentType).trim();
  return Object.hasOwn(CONTENT_TYPES, base) ? CONTENT_TYPES[base] : undefined;
}

/**
 * negotiation.NewUnsupportedMediaTypeError for a Content-Type this kind does not accept
 * (strategic merge patch on custom resources), or undefined when it is accepted.
 */
export function checkPatchContentType(
  contentType: string,
  hasSchema: boolean,
): StatusError | undefined {
  const semi = contentType.indexOf(';');
  const base = semi > 0 ? contentType.slice(0, semi) : contentType;
  const accepted = acceptedPatchTypes(hasSchema);
  if (accepted.includes(base)) return undefined;
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

/**
 * Applies a json, merge or strategic merge patch to `current` (left untouched). The result is
 * what the patch makes of it; decoding it into the kind (type errors) is the caller's.
 */
export function applyPatch(
  type: Exclude<PatchType, 'apply'>,
  current: KubeObject,
  body: string,
  schema: SchemaLookup | undefined,
  rootDefinition: string | undefined,
): KubeObject {
  const result =
    type === 'json'
      ? jsonPatch(current, body)
      : type === 'merge'
        ? mergePatch(current, body)
        : strategicMergePatch(current, body, schema, rootDefinition);
  if (!isPlainObject(result)) {
    // runtime.DecodeInto of a patched document that is no longer an object
    throw invalid('', '', '', [
      invalidValue(
        'patch',
        JSON.stringify(result),
        `json: cannot unmarshal ${goJSONKind(result)} into Go value of type map[string]interface {}`,
      ),
    ]);
  }
  return result as KubeObject;
}

/** The apply body (YAML or JSON) as upstream decodes it; 400 on malformed input. */
export function parseApplyPatch(body: string): KubeObject {
  let value: unknown;
  try {
    const docs = parseAllDocuments(body, {
      version: '1.1',
      uniqueKeys: false,
      prettyErrors: false,
    });
    const first = Array.isArray(docs) ? docs[0] : docs;
    if (first && first.errors.length > 0) throw first.errors[0];
    // aliases expanding into aliases ("billion laughs") are refused, as go-yaml refuses them
    value = first ? first.toJS({ maxAliasCount: 100 }) : null;
  } catch (err) {
    const text =
      err instanceof Error && /Excessive alias count/.test(err.message)
        ? 'document contains excessive aliasing'
        : err instanceof Error
          ? err.message.split('\n')[0]
          : String(err);
    throw badRequest(`error encoding patch: error converting YAML to JSON: yaml: ${text}`);
  }
  if (value === null || value === undefined) return {} as KubeObject;
  if (!isPlainObject(value)) {
    throw badRequest(
      `error decoding patch: json: cannot unmarshal ${goJSONKind(value)} into Go value of type map[string]interface {}`,
    );
  }
  return value as KubeObject;
}

export interface PatchOptions {
  fieldManager?: string;
  force?: boolean;
  dryRun?: string[];
  fieldValidation?: string;
}

/** ValidatePatchOptions (apimachinery meta/v1/validation): 422 on PatchOptions.meta.k8s.io. */
export function validatePatchOptions(
  options: PatchOptions,
  type: PatchType,
): StatusError | undefined {
  const errs = [];
  const manager = options.fieldManager ?? '';
  if (type === 'apply') {
    if (!manager) errs.push(required('fieldManager', 'is required for apply patch'));
  } else if (options.force !== undefined) {
    errs.push(forbiddenField('force', 'may not be specified for non-apply patch'));
  }
  if (Buffer.byteLength(manager) > 128) errs.push(tooLong('fieldManager', '', 128));
  let position = 0;
  for (const ch of manager) {
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) {
      const code = ch.codePointAt(0) ?? 0;
      errs.push(
        invalidValue(
          'fieldManager',
          manager,
          `invalid character U+${code.toString(16).toUpperCase().padStart(4, '0')} (at position ${position})`,
        ),
      );
    }
    position += Buffer.byteLength(ch);
  }
  const dryRun = options.dryRun ?? [];
  if (dryRun.some((d) => d !== 'All')) errs.push(notSupported('dryRun', dryRun, ['All']));
  const fv = options.fieldValidation ?? '';
  if (!['', 'Ignore', 'Warn', 'Strict'].includes(fv))
    errs.push(notSupported('fieldValidation', fv, ['', 'Ignore', 'Strict', 'Warn']));
  return errs.length > 0 ? invalid('meta.k8s.io', 'PatchOptions', '', errs) : undefined;
}

/**
 * EnsureObjectNamespaceMatchesRequestNamespace + checkName (handlers/rest.go) on a patched or
 * applied object: fills an empty namespace, rejects a different name or namespace.
 */
export function checkPatchedIdentity(
  obj: KubeObject,
  name: string,
  namespace: string | undefined,
): void {
  if (!obj.metadata) obj.metadata = {};
  const requestNamespace = namespace ?? '';
  const objNamespace = obj.metadata.namespace ?? '';
  if (objNamespace !== requestNamespace) {
    if (objNamespace === '') obj.metadata.namespace = requestNamespace;
    else if (requestNamespace === '') delete obj.metadata.namespace;
    else
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
  }
  const objName = obj.metadata.name ?? '';
  if (objName !== name) {
    throw badRequest(
      `the name of the object (${objName}) does not match the name on the URL (${name})`,
    );
  }
}
