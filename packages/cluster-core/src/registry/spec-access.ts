/**
 * Typed access to the free-form JSON of workload specs: validation and defaulting read fields
 * that may be missing or of the wrong JSON type, and treat them as Go's zero values do.
 */

import type { KubeObject } from '../api/object';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
export type Obj = Record<string, any>;

export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object's spec, made an empty object first when missing or not an object. */
export function specOf(obj: KubeObject): Obj {
  if (!isObj(obj.spec)) obj.spec = {};
  return obj.spec as Obj;
}

/** The objects of a JSON array (a missing list is empty, as a nil Go slice). */
export const objs = (v: unknown): Obj[] =>
  Array.isArray(v) ? v.map((x) => (isObj(x) ? x : {})) : [];

/** A string field, '' when absent (Go's zero value). */
export const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);

/** A number field, 0 when absent. */
export const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** Whether a pointer-like field is set (present and not null). */
export const isSet = (v: unknown): boolean => v !== undefined && v !== null;

/** A map[string]string field as a plain record (absent = empty). */
export const strMap = (v: unknown): Record<string, string> =>
  isObj(v) ? (v as Record<string, string>) : {};
