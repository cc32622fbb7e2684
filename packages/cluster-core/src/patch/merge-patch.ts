/**
 * `application/merge-patch+json` (RFC 7386) as gopkg.in/evanphx/json-patch.v4 MergePatch
 * applies it for the apiserver: objects merge key by key, null deletes a key, anything else
 * replaces; nulls inside newly added values are dropped.
 */
import { badRequest } from '../api/errors';
import { clone, isPlainObject, type JsonObject, type KubeObject } from '../api/object';

/** Applies a merge patch body; the result is whatever the patch makes of the object. */
export function mergePatch(current: KubeObject, body: string): unknown {
  let patch: unknown;
  try {
    patch = JSON.parse(body);
  } catch {
    throw badRequest('invalid JSON patch');
  }
  if (Array.isArray(patch)) return pruneNulls(patch);
  if (!isPlainObject(patch)) throw badRequest('Invalid JSON Patch');
  const doc = clone(current) as JsonObject;
  mergeDocs(doc, patch);
  return doc;
}

function mergeDocs(doc: JsonObject, patch: JsonObject): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = doc[k];
    doc[k] = cur === undefined || cur === null ? pruneNulls(v) : merge(cur, v);
  }
}

function merge(cur: unknown, patch: unknown): unknown {
  if (!isPlainObject(cur)) return pruneNulls(patch);
  if (!isPlainObject(patch)) return patch;
  mergeDocs(cur, patch);
  return cur;
}

/** pruneNulls: drops null object members at any depth; null list items stay. */
function pruneNulls(v: unknown): unknown {
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else pruneNulls(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const item of v) if (item !== null) pruneNulls(item);
  }
  return v;
}
