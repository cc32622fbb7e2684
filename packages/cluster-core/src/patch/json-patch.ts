/**
 * `application/json-patch+json` (RFC 6902) as the apiserver applies it: decoded and applied by
 * gopkg.in/evanphx/json-patch.v4 (apiserver handlers/patch.go applyJSPatch). Which operations
 * fail follows evanphx v4 (`replace` of a missing object key adds it, negative array indexes
 * count from the end, removing a missing key fails, ...); the document is changed with
 * fast-json-patch once an operation is known to apply.
 */
import { applyOperation, type Operation } from 'fast-json-patch';
import { badRequest, StatusError } from '../api/errors';
import { clone, isPlainObject, type KubeObject } from '../api/object';
import { genericUnprocessable } from './patch-errors';
import { jsonEqual } from './typed/compare';

const MAX_OPERATIONS = 10000;
/**
 * What `copy` operations may add up to in one patch (kube-apiserver's JSONPatchMaxCopyBytes, 3 MiB,
 * set as evanphx's AccumulatedCopySizeLimit): without it, forty copies of an array into itself
 * grow a document to 2^40 elements.
 */
const MAX_COPY_BYTES = 3 * 1024 * 1024;

/** Go's name of a JSON value's kind in "json: cannot unmarshal X into ..." errors. */
export function goJSONKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

class PatchFailure extends Error {}

/** Applies a JSON patch body; throws StatusError with upstream's codes. */
export function jsonPatch(current: KubeObject, body: string): unknown {
  let ops: unknown;
  try {
    ops = JSON.parse(body);
  } catch {
    throw badRequest('invalid JSON patch');
  }
  if (ops === null) ops = [];
  if (!Array.isArray(ops))
    throw badRequest(
      `json: cannot unmarshal ${goJSONKind(ops)} into Go value of type jsonpatch.Patch`,
    );
  for (const op of ops) {
    if (op !== null && !isPlainObject(op)) {
      throw badRequest(
        `json: cannot unmarshal ${goJSONKind(op)} into Go value of type jsonpatch.Operation`,
      );
    }
  }
  if (ops.length > MAX_OPERATIONS) {
    throw new StatusError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${ops.length}`,
    );
  }
  let doc: unknown = clone(current);
  const copied = { bytes: 0 };
  try {
    for (const op of ops as Array<Record<string, unknown> | null>)
      doc = applyOne(doc, op ?? {}, copied);
  } catch (err) {
    if (err instanceof PatchFailure) throw genericUnprocessable();
    throw err;
  }
  return doc;
}

interface Location {
  container: Record<string, unknown> | unknown[];
  key: string;
  /** The container's pointer with array indexes resolved (negative ones counted from the end). */
  parent: string;
}

function fail(): never {
  throw new PatchFailure();
}

function stringField(op: Record<string, unknown>, name: string): string {
  const v = op[name];
  return typeof v === 'string' ? v : fail();
}

/** findObject: the container of the last path segment; fails when a parent is missing. */
function locate(doc: unknown, path: string): Location {
  const parts = path.split('/');
  if (parts.length < 2) fail();
  let node: unknown = doc;
  let parent = '';
  for (const raw of parts.slice(1, -1)) {
    const part = decode(raw);
    if (Array.isArray(node)) {
      const idx = arrayIndex(node.length, part, false) ?? fail();
      node = node[idx];
      parent += `/${idx}`;
    } else if (isPlainObject(node)) {
      node = Object.hasOwn(node, part) ? node[part] : undefined;
      parent += `/${raw}`;
    } else {
      fail();
    }
    if (node === undefined || node === null || typeof node !== 'object') fail();
  }
  if (!Array.isArray(node) && !isPlainObject(node)) fail();
  return { container: node, key: decode(parts[parts.length - 1] ?? ''), parent };
}

function decode(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** partialArray get/set/remove: strconv.Atoi, negative indexes from the end; `forAdd` allows len. */
function arrayIndex(length: number, key: string, forAdd: boolean): number | undefined {
  if (!/^[-+]?\d+$/.test(key)) return undefined;
  let idx = Number.parseInt(key, 10);
  const size = forAdd ? length + 1 : length;
  if (idx >= size || idx < -size) return undefined;
  if (idx < 0) idx += size;
  return idx;
}

/** The pointer fast-json-patch gets: resolved indexes, the last segment as given or resolved. */
function pointer(loc: Location, last: string | number): string {
  const segment =
    typeof last === 'number' ? String(last) : last.replace(/~/g, '~0').replace(/\//g, '~1');
  return `${loc.parent}/${segment}`;
}

/** Reads the value a location names: undefined when an object key is missing; fails on a bad index. */
function read(loc: Location): unknown {
  if (Array.isArray(loc.container)) {
    const idx = arrayIndex(loc.container.length, loc.key, false);
    return idx === undefined ? fail() : loc.container[idx];
  }
  return Object.hasOwn(loc.container, loc.key) ? loc.container[loc.key] : undefined;
}

function apply(doc: unknown, op: Operation): unknown {
  return applyOperation(doc, op, false, true).newDocument;
}

/** The size Go's json.Marshal gives a value (HTML characters escaped), as evanphx's deepCopy counts it. */
function goJSONBytes(value: unknown): number {
  const text = JSON.stringify(value) ?? 'null';
  const html = text.match(/[<>&]/g)?.length ?? 0;
  const separators = text.match(/[\u2028\u2029]/g)?.length ?? 0;
  // < > & (1 byte) and U+2028/9 (3 bytes) are written as \u003c ... (6 bytes)
  return Buffer.byteLength(text) + html * 5 + separators * 3;
}

function applyOne(doc: unknown, op: Record<string, unknown>, copied: { bytes: number }): unknown {
  const value = op.value === undefined ? null : op.value;
  switch (op.op) {
    case 'add':
      return add(doc, stringField(op, 'path'), value);
    case 'remove':
      return remove(doc, stringField(op, 'path'));
    case 'replace': {
      const path = stringField(op, 'path');
      if (path === '') return Array.isArray(value) || isPlainObject(value) ? clone(value) : fail();
      const loc = locate(doc, path);
      if (Array.isArray(loc.container)) {
        const idx = arrayIndex(loc.container.length, loc.key, false) ?? fail();
        return apply(doc, { op: 'replace', path: pointer(loc, idx), value: clone(value) });
      }
      return apply(doc, { op: 'add', path: pointer(loc, loc.key), value: clone(value) });
    }
    case 'move': {
      const from = stringField(op, 'from');
      const fromLoc = locate(doc, from);
      const moved = read(fromLoc);
      const afterRemove = remove(doc, from);
      return add(afterRemove, stringField(op, 'path'), moved === undefined ? null : moved);
    }
    case 'copy': {
      const from = stringField(op, 'from');
      const value = read(locate(doc, from));
      locate(doc, stringField(op, 'path'));
      copied.bytes += goJSONBytes(value === undefined ? null : value);
      // "Unable to complete the copy, the accumulated size increase of copy is N, exceeding the
      // limit 3145728": a plain error that reaches the handler as the generic 422
      if (copied.bytes > MAX_COPY_BYTES) fail();
      return add(doc, stringField(op, 'path'), value === undefined ? null : clone(value));
    }
    case 'test': {
      const path = stringField(op, 'path');
      if (path === '') return jsonEqual(doc, op.value) ? doc : fail();
      const actual = read(locate(doc, path));
      const expected = op.value;
      if (actual === undefined || actual === null)
        return expected === undefined || expected === null ? doc : fail();
      return expected !== undefined && jsonEqual(actual, expected) ? doc : fail();
    }
    default:
      return fail();
  }
}

function add(doc: unknown, path: string, value: unknown): unknown {
  const loc = locate(doc, path);
  if (Array.isArray(loc.container)) {
    if (loc.key === '-')
      return apply(doc, { op: 'add', path: pointer(loc, '-'), value: clone(value) });
    const idx = arrayIndex(loc.container.length, loc.key, true) ?? fail();
    return apply(doc, { op: 'add', path: pointer(loc, idx), value: clone(value) });
  }
  return apply(doc, { op: 'add', path: pointer(loc, loc.key), value: clone(value) });
}

function remove(doc: unknown, path: string): unknown {
  const loc = locate(doc, path);
  if (Array.isArray(loc.container)) {
    const idx = arrayIndex(loc.container.length, loc.key, false) ?? fail();
    return apply(doc, { op: 'remove', path: pointer(loc, idx) });
  }
  if (!Object.hasOwn(loc.container, loc.key)) fail();
  return apply(doc, { op: 'remove', path: pointer(loc, loc.key) });
}
