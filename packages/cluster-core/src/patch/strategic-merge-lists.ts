/**
 * List handling of strategic merge patch (apimachinery strategicpatch/patch.go mergeSlice and
 * the ordering helpers): lists of maps merge by their merge key, lists of scalars as sets, and
 * the result keeps patch items in patch order interleaved with server-only items in live order.
 */
import { isPlainObject, type JsonObject } from '../api/object';
import { goTypeName, goValue } from './go-format';
import {
  ErrNoListOfLists,
  errBadArgType,
  errBadPatchType,
  errNoMergeKey,
  MergePatchError,
  type PatchSchema,
} from './strategic-patch-meta';

/** The reflect.Kind that matters here: maps are merged by key, everything else by value. */
export type ElementKind = 'map' | 'scalar';

/** The merge of two maps (mergeMap), supplied by the caller to avoid a module cycle. */
export type MapMerger = (
  original: JsonObject,
  patch: JsonObject,
  schema: PatchSchema,
) => JsonObject;

/** sliceElementType: all items must share one type, and not be lists. */
export function sliceElementKind(...slices: unknown[][]): ElementKind {
  let prev: string | undefined;
  for (const s of slices) {
    for (const v of s) {
      const t = goTypeName(v);
      if (prev === undefined) {
        prev = t;
        if (Array.isArray(v)) throw ErrNoListOfLists();
      } else if (prev !== t) {
        throw new MergePatchError(`list element types are not identical: ${goValue(slices)}`);
      }
    }
  }
  if (prev === undefined) throw new MergePatchError('no elements in any of the given slices');
  return prev === 'map[string]interface {}' ? 'map' : 'scalar';
}

/** findMapInSliceBasedOnKeyValue. */
export function findByKey(
  list: unknown[],
  key: string,
  value: unknown,
): [JsonObject, number] | undefined {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isPlainObject(v)) throw new MergePatchError(`value for key ${i} is not a map`);
    if (Object.hasOwn(v, key) && v[key] === value) return [v, i];
  }
  return undefined;
}

/** mergeSlice: merges `patch` into `original` for a list whose strategy is merge (or a deletion list). */
export function mergeSlice(
  original: unknown[],
  patch: unknown[],
  schema: PatchSchema,
  mergeKey: string,
  isDeleteList: boolean,
  mergeMap: MapMerger,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: unknown[];
  let orderSource: unknown[] | undefined = patch;
  let serverOrder = original;
  if (kind !== 'map') {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey)
      throw new MergePatchError(`cannot merge lists without merge key for ${schema.name()}`);
    const special = withSpecialElements(original, patch, mergeKey);
    serverOrder = [...special.original];
    orderSource = special.patch;
    merged = withoutSpecialElements(
      special.original,
      special.patch ?? [],
      mergeKey,
      schema,
      mergeMap,
    );
    if (!special.replaced) mirrorInto(original, merged);
  }
  const [patchItems, serverOnly] = mergeKey
    ? partitionMaps(merged, orderSource ?? [], mergeKey)
    : partitionPrimitives(merged, orderSource ?? []);
  return normalizeElementOrder(
    patchItems,
    serverOnly,
    orderSource ?? [],
    serverOrder,
    mergeKey,
    kind,
  );
}

/**
 * mergeSliceWithSpecialElements: applies `$patch: delete` items and `$patch: replace`. Go
 * deletes in place (append(s[:i], s[i+1:]...)), shifting the rest of `original` left and
 * leaving its last slot as it was; callers that keep using `original` see that, so it is
 * mirrored into the caller's array.
 */
function withSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
): { original: unknown[]; patch: unknown[] | undefined; replaced: boolean } {
  const plain: unknown[] = [];
  let replace = false;
  const current = [...original];
  for (const v of patch) {
    const m = v as JsonObject;
    if (!Object.hasOwn(m, '$patch')) {
      plain.push(v);
      continue;
    }
    switch (m.$patch) {
      case 'delete': {
        if (!Object.hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
        for (
          let found = findByKey(current, mergeKey, m[mergeKey]);
          found;
          found = findByKey(current, mergeKey, m[mergeKey])
        ) {
          current.splice(found[1], 1);
          for (let k = found[1]; k < current.length; k++) original[k] = current[k];
        }
        break;
      }
      case 'replace':
        replace = true;
        break;
      case 'merge':
        throw new MergePatchError('merging lists cannot yet be specified in the patch');
      default:
        throw errBadPatchType(m.$patch, m);
    }
  }
  return replace
    ? { original: plain, patch: undefined, replaced: true }
    : { original: current, patch: plain, replaced: false };
}

/** Index writes and appends into freed slots land in the caller's array too (see above). */
function mirrorInto(backing: unknown[], slice: unknown[]): void {
  const n = Math.min(backing.length, slice.length);
  for (let i = 0; i < n; i++) backing[i] = slice[i];
}

/** mergeSliceWithoutSpecialElements: items with a known key merge into it, others append. */
function withoutSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  schema: PatchSchema,
  mergeMap: MapMerger,
): unknown[] {
  for (const v of patch) {
    const m = v as JsonObject;
    if (!Object.hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
    const found = findByKey(original, mergeKey, m[mergeKey]);
    if (found) original[found[1]] = mergeMap(found[0], m, schema);
    else original.push(v);
  }
  return original;
}

function deleteFromSlice(current: unknown[], toDelete: unknown[]): unknown[] {
  const drop = new Set(toDelete);
  return current.filter((v) => !drop.has(v));
}

/** deduplicateScalars, including the order its in-place algorithm leaves. */
export function deduplicateScalars(input: unknown[]): unknown[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

export function partitionPrimitives(original: unknown[], by: unknown[]): [unknown[], unknown[]] {
  const inPatch = new Set(by);
  const patch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of original) (inPatch.has(v) ? patch : serverOnly).push(v);
  return [patch, serverOnly];
}

export function partitionMaps(
  original: unknown[],
  by: unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const patch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of original) {
    if (!isPlainObject(v)) throw errBadArgType('map', v);
    if (!Object.hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    (findByKey(by, mergeKey, v[mergeKey]) ? patch : serverOnly).push(v);
  }
  return [patch, serverOnly];
}

/** index(): position of an item in `list`, by merge key for maps. */
function indexOf(list: unknown[], item: unknown, mergeKey: string, kind: ElementKind): number {
  const key = (v: unknown) => (kind === 'map' ? (isPlainObject(v) ? v[mergeKey] : undefined) : v);
  const wanted = key(item);
  for (let i = 0; i < list.length; i++) if (key(list[i]) === wanted) return i;
  return -1;
}

/** normalizeElementOrder: patch items in patch order merged into server-only items in live order. */
export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

function normalizeSliceOrder(
  toSort: unknown[],
  order: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  let items = toSort;
  const toDelete: unknown[] = [];
  if (kind === 'map') {
    for (const list of [toSort, order]) {
      for (const item of list) {
        if (!isPlainObject(item)) throw errBadArgType('map', item);
        if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      }
    }
    items = [];
    for (const v of toSort) ((v as JsonObject).$patch === 'delete' ? toDelete : items).push(v);
  }
  const positions = new Map<unknown, number>();
  const position = (v: unknown) => {
    let at = positions.get(v);
    if (at === undefined) {
      at = indexOf(order, v, mergeKey, kind);
      positions.set(v, at);
    }
    return at;
  };
  const less = (a: unknown, b: unknown) => {
    const ia = position(a);
    if (ia >= 0) {
      const ib = position(b);
      if (ib >= 0) return ia < ib;
    }
    return true;
  };
  // sort.SliceStable with upstream's less; items missing from `order` keep their place
  const sorted = [...items].sort((a, b) => (less(a, b) ? (less(b, a) ? 0 : -1) : 1));
  return toDelete.length > 0 ? [...sorted, ...toDelete] : sorted;
}

/** mergeSortedSlice: inserts `left` (server-only) items into `right` (patch) by live position. */
function mergeSortedSlice(
  left: unknown[],
  right: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexOf(serverOrder, left[i], mergeKey, kind);
      const ri = indexOf(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
