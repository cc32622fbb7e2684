/**
 * `application/strategic-merge-patch+json`, as the apiserver applies it
 * (apiserver handlers/patch.go strategicPatchObject → apimachinery strategicpatch/patch.go
 * StrategicMergeMapPatch with MergeParallelList and IgnoreUnmatchedNulls): JSON merge patch
 * semantics plus merge-by-key lists, `$patch` directives, `$retainKeys`,
 * `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.
 */
import { badRequest, unsupportedMediaType } from '../api/errors';
import { clone, isPlainObject, type JsonObject, type KubeObject } from '../api/object';
import { goValue } from './go-format';
import type { SchemaLookup } from './schema';
import {
  mergeSlice,
  normalizeElementOrder,
  partitionMaps,
  partitionPrimitives,
  sliceElementKind,
} from './strategic-merge-lists';
import {
  ErrBadPatchFormatForPrimitiveList,
  ErrBadPatchFormatForRetainKeys,
  ErrBadPatchFormatForSetElementOrderList,
  errBadArgType,
  errBadPatchType,
  errNoMergeKey,
  MergePatchError,
  PatchSchema,
  retainKeysStrategy,
  toStatusError,
} from './strategic-patch-meta';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

/** The patch types a kind accepts (apiserver installer.go; apiextensions customresource_handler.go). */
export function acceptedPatchTypes(hasSchema: boolean): string[] {
  return hasSchema
    ? [
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/strategic-merge-patch+json',
        'application/apply-patch+yaml',
      ]
    : [
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/apply-patch+yaml',
      ];
}

/** Applies a strategic merge patch body to `current`; throws StatusError as the handler reports it. */
export function strategicMergePatch(
  current: KubeObject,
  body: string,
  schema: SchemaLookup | undefined,
  rootDefinition: string | undefined,
): KubeObject {
  if (!schema || !rootDefinition || !schema(rootDefinition))
    throw unsupportedMediaType(acceptedPatchTypes(false));
  let patch: unknown;
  try {
    patch = JSON.parse(body);
  } catch {
    throw badRequest('invalid JSON patch');
  }
  if (patch === null) return clone(current);
  if (!isPlainObject(patch)) {
    const kind = Array.isArray(patch)
      ? 'array'
      : typeof patch === 'boolean'
        ? 'bool'
        : typeof patch;
    throw badRequest(
      `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
    );
  }
  try {
    return mergeMap(
      clone(current) as JsonObject,
      patch,
      PatchSchema.root(schema, rootDefinition),
    ) as KubeObject;
  } catch (err) {
    throw toStatusError(err);
  }
}

/** mergeMap: merges `patch` into `original` (both mutated). */
export function mergeMap(
  original: JsonObject | undefined,
  patch: JsonObject,
  schema: PatchSchema,
): JsonObject {
  if (Object.hasOwn(patch, DIRECTIVE)) return directiveInMergeMap(patch[DIRECTIVE], patch);
  const target = original ?? {};
  applyRetainKeys(target, patch);
  mergeSetElementOrder(target, patch, schema);
  for (const k of Object.keys(patch)) {
    const patchV = patch[k];
    let key = k;
    let isDeleteList = false;
    if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      key = extractKey(k, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete target[key];
      continue;
    }
    if (!Object.hasOwn(target, key) || typeTag(target[key]) !== typeTag(patchV)) {
      if (!isDeleteList) {
        discardNulls(patchV);
        setOrDelete(target, key, patchV);
      }
      continue;
    }
    const originalV = target[key];
    if (isPlainObject(originalV)) {
      const [sub, meta] = schema.lookupStruct(key);
      const [, strategy] = retainKeysStrategy(meta.strategies);
      target[key] =
        strategy === 'replace' ? patchV : mergeMap(originalV, patchV as JsonObject, sub);
    } else if (Array.isArray(originalV)) {
      const [sub, meta] = schema.lookupSlice(key);
      const [, strategy] = retainKeysStrategy(meta.strategies);
      target[key] = mergeSliceHandler(
        originalV,
        patchV as unknown[],
        sub,
        strategy,
        meta.mergeKey,
        isDeleteList,
      );
    } else {
      setOrDelete(target, key, patchV);
    }
  }
  return target;
}

function mergeSliceHandler(
  original: unknown[],
  patch: unknown[],
  schema: PatchSchema,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
): unknown[] {
  if (strategy === 'merge' || isDeleteList)
    return mergeSlice(original, patch, schema, mergeKey, isDeleteList, mergeMap);
  return patch;
}

/** reflect.TypeOf, as far as mergeMap tells values apart. */
function typeTag(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  return typeof v;
}

/** The patch value without directives; a value that is itself a directive removes the key. */
function setOrDelete(target: JsonObject, key: string, patchV: unknown): void {
  const [v, keep] = removeDirectives(patchV);
  if (keep) target[key] = v;
  else delete target[key];
}

/** handleDirectiveInMergeMap: `$patch: replace` keeps the patch as is, `$patch: delete` empties the map. */
function directiveInMergeMap(directive: unknown, patch: JsonObject): JsonObject {
  if (directive === 'replace') {
    delete patch[DIRECTIVE];
    return patch;
  }
  if (directive === 'delete') return {};
  throw errBadPatchType(directive, patch);
}

/** removeDirectives: drops maps carrying `$patch` (and list items that are such maps). */
function removeDirectives(obj: unknown): [unknown, boolean] {
  if (isPlainObject(obj)) {
    if (Object.hasOwn(obj, DIRECTIVE)) return [undefined, false];
    for (const k of Object.keys(obj)) {
      const [v, keep] = removeDirectives(obj[k]);
      if (keep) obj[k] = v;
      else delete obj[k];
    }
    return [obj, true];
  }
  if (Array.isArray(obj)) {
    const out: unknown[] = [];
    for (const v of obj) {
      const [nv, keep] = removeDirectives(v);
      if (keep) out.push(nv);
    }
    return [out, true];
  }
  return [obj, true];
}

/** discardNullValuesFromPatch: nulls only delete keys of the live object; new values drop them. */
function discardNulls(v: unknown): void {
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNulls(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const item of v) discardNulls(item);
  }
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST) throw ErrBadPatchFormatForPrimitiveList();
    throw ErrBadPatchFormatForSetElementOrderList();
  }
  return s.slice(slash + 1);
}

/** applyRetainKeysDirective: keys missing from `$retainKeys` are cleared from the live map. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain)) throw ErrBadPatchFormatForRetainKeys();
  const keep = new Set(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER))
      continue;
    if (!keep.has(k)) throw ErrBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * mergePatchIntoOriginal: merges each list that has a `$setElementOrder/<list>` directive and
 * orders it by that directive (then patch order, then live order).
 */
function mergeSetElementOrder(original: JsonObject, patch: JsonObject, schema: PatchSchema): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw errBadArgType('slice', order);
    const listKey = extractKey(key, SET_ELEMENT_ORDER);
    const foundOriginal = Object.hasOwn(original, listKey);
    const foundPatch = Object.hasOwn(patch, listKey);
    const originalList = original[listKey];
    const patchList = patch[listKey];
    if (foundOriginal && !Array.isArray(originalList)) throw errBadArgType('slice', originalList);
    if (foundPatch && !Array.isArray(patchList)) throw errBadArgType('slice', patchList);
    const originalValue = (foundOriginal ? originalList : []) as unknown[];
    const patchValue = (foundPatch ? patchList : []) as unknown[];
    const [sub, meta] = schema.lookupSlice(listKey);
    const [, strategy] = retainKeysStrategy(meta.strategies);
    validatePatchWithSetOrderList(patchValue, order, meta.mergeKey);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalValue;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchValue)[0] as unknown[];
    else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(originalValue, patchValue, sub, strategy, meta.mergeKey, false);
    } else continue;
    const [patchItems, serverOnly] = meta.mergeKey
      ? partitionMaps(merged, order, meta.mergeKey)
      : partitionPrimitives(merged, order);
    const kind = sliceElementKind(originalValue, patchValue);
    original[listKey] = normalizeElementOrder(
      patchItems,
      serverOnly,
      order,
      originalValue,
      meta.mergeKey,
      kind,
    );
    delete patch[listKey];
  }
}

/** validatePatchWithSetOrderList: the patch list must follow the `$setElementOrder` order. */
function validatePatchWithSetOrderList(
  patchList: unknown[],
  order: unknown[],
  mergeKey: string,
): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey) {
    items = [];
    for (const v of patchList) {
      if (!isPlainObject(v)) throw errBadArgType('map', v);
      if (v[DIRECTIVE] !== 'delete') items.push(v);
    }
  }
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isPlainObject(item) && Object.hasOwn(item, DIRECTIVE)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw new MergePatchError(
      `The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goValue(order)}\n`,
    );
  }
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isPlainObject(left)) throw errBadArgType('map', left);
  if (!isPlainObject(right)) throw errBadArgType('map', right);
  if (!Object.hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}
