/** PATCH request bodies applied to the current object; semantics live in ../patch. */
import { applyPatch as applyJsonPatch, type Operation } from 'fast-json-patch';
import { badRequest, StatusError, unsupportedMediaType } from '../api/errors';
import { clone, isPlainObject, type KubeObject } from '../api/object';

export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function patchObject(current: KubeObject, contentType: string, body: string): KubeObject {
  switch (contentType) {
    case 'application/merge-patch+json':
    case 'application/strategic-merge-patch+json': {
      let patch: unknown;
      try {
        patch = JSON.parse(body);
      } catch (err) {
        throw badRequest(`error decoding patch: ${(err as Error).message}`);
      }
      return mergePatch(current, patch) as KubeObject;
    }
    case 'application/json-patch+json': {
      let ops: Operation[];
      try {
        ops = JSON.parse(body);
      } catch (err) {
        throw badRequest(`error decoding patch: ${(err as Error).message}`);
      }
      try {
        return applyJsonPatch(clone(current), ops, true, false).newDocument;
      } catch (err) {
        throw new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request`, {
          causes: [{ message: (err as Error).message }],
        });
      }
    }
    default:
      throw unsupportedMediaType(PATCH_TYPES);
  }
}
