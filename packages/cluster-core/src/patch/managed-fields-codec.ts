/**
 * metadata.managedFields <-> per-manager field sets, as apimachinery
 * pkg/util/managedfields/internal/managedfields.go: a manager is identified by its name,
 * operation, subresource and (for Update only) apiVersion; entries are sorted by operation,
 * time, manager, apiVersion, subresource.
 */
import type { ManagedFieldsEntry } from '../api/object';
import { FieldSet } from './fieldpath/field-set';
import { goQuote, goValue } from './go-format';

export interface VersionedSet {
  set: FieldSet;
  apiVersion: string;
  applied: boolean;
}

/** Field sets and times keyed by manager identifier. */
export interface Managed {
  fields: Map<string, VersionedSet>;
  times: Map<string, string | undefined>;
}

export interface ManagerIdentity {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion?: string;
  subresource?: string;
}

export function emptyManaged(): Managed {
  return { fields: new Map(), times: new Map() };
}

export function copyManaged(m: Managed): Managed {
  return { fields: new Map(m.fields), times: new Map(m.times) };
}

/** BuildManagerIdentifier: the entry without time and fields (and without apiVersion for Apply). */
export function managerIdentifier(id: ManagerIdentity): string {
  const out: Record<string, string> = {};
  if (id.manager) out.manager = id.manager;
  out.operation = id.operation;
  if (id.operation !== 'Apply' && id.apiVersion) out.apiVersion = id.apiVersion;
  if (id.subresource) out.subresource = id.subresource;
  return JSON.stringify(out);
}

function parseIdentifier(id: string): ManagerIdentity {
  return JSON.parse(id) as ManagerIdentity;
}

/** DecodeManagedFields; throws an Error with upstream's text on an invalid entry. */
export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined): Managed {
  const managed = emptyManaged();
  (entries ?? []).forEach((e, i) => {
    if (e.operation !== 'Apply' && e.operation !== 'Update')
      throw new Error('operation must be `Apply` or `Update`');
    if (!e.apiVersion) throw new Error('apiVersion must not be empty');
    const fieldsType = (e as { fieldsType?: string }).fieldsType ?? '';
    if (fieldsType === '') throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== 'FieldsV1')
      throw new Error(`invalid fieldsType ${goQuote(fieldsType)} in managed fields entry ${i}`);
    const id = managerIdentifier({
      manager: e.manager ?? '',
      operation: e.operation,
      apiVersion: e.apiVersion,
      subresource: e.subresource,
    });
    let set: FieldSet;
    try {
      set = decodeFields(e.fieldsV1);
    } catch (err) {
      throw new Error(
        `error decoding versioned set from ${goValue(e)}: error decoding set: ${(err as Error).message}`,
      );
    }
    managed.fields.set(id, { set, apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    managed.times.set(id, e.time);
  });
  return managed;
}

/**
 * Every write decodes the stored object's managedFields and encodes the new ones; most sets
 * are unchanged. Sets are never mutated once built and the store keeps the objects it is
 * given, so FieldsV1 objects and their sets are remembered by identity both ways.
 */
const setOfFields = new WeakMap<object, FieldSet>();
const fieldsOfSet = new WeakMap<FieldSet, Record<string, unknown>>();

function decodeFields(fields: Record<string, unknown> | undefined): FieldSet {
  if (!fields) return FieldSet.fromFieldsV1({});
  let set = setOfFields.get(fields);
  if (!set) {
    set = FieldSet.fromFieldsV1(fields);
    setOfFields.set(fields, set);
    fieldsOfSet.set(set, fields);
  }
  return set;
}

function encodeFields(set: FieldSet): Record<string, unknown> {
  let fields = fieldsOfSet.get(set);
  if (!fields) {
    fields = set.toFieldsV1();
    fieldsOfSet.set(set, fields);
    setOfFields.set(fields, set);
  }
  return fields;
}

/** encodeManagedFields: undefined when no manager owns anything. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, vs] of managed.fields) {
    const ident = parseIdentifier(id);
    const entry: ManagedFieldsEntry = {};
    if (ident.manager) entry.manager = ident.manager;
    entry.operation = vs.applied ? 'Apply' : ident.operation;
    entry.apiVersion = vs.apiVersion;
    const time = managed.times.get(id);
    if (time) entry.time = time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = encodeFields(vs.set);
    if (ident.subresource) entry.subresource = ident.subresource;
    entries.push(entry);
  }
  return entries.sort(compareEntries);
}

function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  const str = (a = '', b = '') => (a < b ? -1 : a > b ? 1 : 0);
  return (
    str(p.operation, q.operation) ||
    Math.sign(unixSeconds(p.time) - unixSeconds(q.time)) ||
    str(p.manager, q.manager) ||
    str(p.apiVersion, q.apiVersion) ||
    str(p.subresource, q.subresource)
  );
}

function unixSeconds(time: string | undefined): number {
  if (!time) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** metav1.Time as it serializes: RFC 3339 in UTC, whole seconds. */
export function rfc3339Seconds(now: string | number | Date): string {
  const d = now instanceof Date ? now : new Date(now);
  if (Number.isNaN(d.getTime())) return String(now);
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** printManager (conflict.go): `"name"`, plus `with subresource "x"` and `using <apiVersion>` for Update. */
export function printManager(id: string): string {
  let ident: ManagerIdentity;
  try {
    ident = parseIdentifier(id);
  } catch {
    return goQuote(id);
  }
  let s = goQuote(ident.manager ?? '');
  if (ident.subresource) s += ` with subresource ${goQuote(ident.subresource)}`;
  if (ident.operation === 'Update') s += ` using ${ident.apiVersion ?? ''}`;
  return s;
}
