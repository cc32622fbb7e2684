/**
 * metadata.managedFields on non-apply writes, as the apiserver's FieldManager.Update does
 * (apimachinery pkg/util/managedfields/internal: skipnonapplied, capmanagers,
 * buildmanagerinfo, managedfieldsupdater, stripmeta, structuredmerge; structured-merge-diff
 * merge/update.go): the writer takes ownership of every field it adds or changes, other
 * managers lose those fields and any field that was removed, and empty entries disappear.
 */
import type { KubeObject } from '../api/object';
import { FieldSet } from './fieldpath/field-set';
import { fieldElement, type Path } from './fieldpath/path-element';
import {
  copyManaged,
  decodeManagedFields,
  emptyManaged,
  encodeManagedFields,
  type Managed,
  managerIdentifier,
  rfc3339Seconds,
} from './managed-fields-codec';
import type { SchemaLookup } from './schema';
import { type Atom, definitionAtom } from './typed/atom';
import { type Comparison, compareValues, jsonEqual } from './typed/compare';
import { withGoZeroFields } from './typed/typed-object';

export interface ManagedFieldsOptions {
  /** The field manager (`fieldManager` query parameter, else managerFromUserAgent). */
  manager: string;
  /** The apiVersion the request was made in, e.g. `apps/v1`. */
  apiVersion: string;
  /** `status`, `scale`, ... for writes through a subresource. */
  subresource?: string;
  /** The current time; recorded in whole seconds. */
  now: string;
  schema?: SchemaLookup;
  /** The definition of the kind, e.g. `io.k8s.api.apps.v1.Deployment`. */
  rootDefinition?: string;
  /**
   * Fields the strategy resets and nobody may own through this endpoint (upstream
   * GetResetFields), e.g. [['status']] on the main resource of a kind with a status subresource.
   * Defaults to resetFieldsFor(!!statusSubresource, subresource) when left undefined.
   */
  resetFields?: string[][];
  /** Whether the kind has a status subresource; only used to default resetFields. */
  statusSubresource?: boolean;
}

const MAX_UPDATE_MANAGERS = 10;

/** managerOrUserAgent/prefixFromUserAgent (handlers/create.go): `kubectl/v1.33.0 (...)` → `kubectl`. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0] ?? '';
  let out = '';
  let bytes = 0;
  for (const ch of prefix) {
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) continue;
    const len = Buffer.byteLength(ch);
    if (bytes + len > 128) break;
    out += ch;
    bytes += len;
  }
  return out;
}

/** The fields upstream strategies reset for most kinds: status on the main resource, spec and labels on status. */
export function resetFieldsFor(
  statusSubresource: boolean,
  subresource: string | undefined,
): string[][] {
  if (!statusSubresource) return [];
  if (!subresource) return [['status']];
  if (subresource === 'status') return [['spec'], ['metadata', 'labels']];
  return [];
}

/** stripmeta.go: identity and server-owned metadata is never owned by a manager. */
const STRIPPED = FieldSet.of(
  [fieldElement('apiVersion')],
  [fieldElement('kind')],
  [fieldElement('metadata')],
  ...[
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'clusterName',
    'generation',
    'managedFields',
    'resourceVersion',
  ].map((f): Path => [fieldElement('metadata'), fieldElement(f)]),
);

export function stripMeta(set: FieldSet): FieldSet {
  return set.difference(STRIPPED);
}

export function resetSet(opts: ManagedFieldsOptions): FieldSet | undefined {
  const paths = opts.resetFields ?? resetFieldsFor(!!opts.statusSubresource, opts.subresource);
  if (paths.length === 0) return undefined;
  return FieldSet.of(...paths.map((p) => p.map(fieldElement)));
}

function filterComparison(c: Comparison, reset: FieldSet | undefined): Comparison {
  if (!reset) return c;
  return {
    removed: c.removed.recursiveDifference(reset),
    modified: c.modified.recursiveDifference(reset),
    added: c.added.recursiveDifference(reset),
  };
}

/** The object as structured-merge-diff compares it: managedFields are never part of the comparison. */
export function withoutManagedFields(
  obj: KubeObject | Record<string, unknown>,
): Record<string, unknown> {
  const meta = (obj as KubeObject).metadata;
  if (!meta || meta.managedFields === undefined) return obj;
  const { managedFields: _dropped, ...rest } = meta;
  return { ...obj, metadata: rest };
}

export interface UpdateResult {
  managed: Managed;
  comparison: Comparison;
  conflicts: Map<string, FieldSet>;
}

/**
 * Updater.update: compares live and new, takes the changed fields away from every manager but
 * `workflow` (all of them on Update, only when forced on Apply) and drops removed fields.
 */
export function updateOwnership(
  live: unknown,
  next: unknown,
  atom: Atom,
  managed: Managed,
  workflow: string,
  force: boolean,
  reset: FieldSet | undefined,
): UpdateResult {
  const comparison = filterComparison(compareValues(live, next, atom), reset);
  const changed = comparison.modified.union(comparison.added);
  const conflicts = new Map<string, FieldSet>();
  const out = copyManaged(managed);
  for (const [id, vs] of managed.fields) {
    if (id === workflow) continue;
    const conflict = vs.set.intersection(changed);
    if (!conflict.empty()) conflicts.set(id, conflict);
  }
  if (!force && conflicts.size > 0) return { managed, comparison, conflicts };
  for (const [id, vs] of managed.fields) {
    if (id === workflow) continue;
    let set = vs.set;
    const conflict = conflicts.get(id);
    if (conflict) set = set.difference(conflict);
    if (!comparison.removed.empty()) set = set.difference(comparison.removed);
    if (set.empty()) out.fields.delete(id);
    else if (set !== vs.set) out.fields.set(id, { ...vs, set });
  }
  return { managed: out, comparison, conflicts };
}

/**
 * One Update by `manager` (an identifier from managerIdentifier), through managedfieldsupdater,
 * stripmeta and structuredmerge: the changed fields join the manager's previous set.
 */
export function recordUpdate(
  live: unknown,
  next: unknown,
  managed: Managed,
  managerId: string,
  opts: ManagedFieldsOptions,
): Managed {
  const atom = definitionAtom(opts.schema, opts.rootDefinition);
  const reset = resetSet(opts);
  const { managed: out, comparison } = updateOwnership(
    live,
    next,
    atom,
    managed,
    'current-operation',
    true,
    reset,
  );
  let own = comparison.modified.union(comparison.added);
  if (reset) own = own.recursiveDifference(reset);
  own = stripMeta(own);
  if (own.empty()) return out;
  const previous = out.fields.get(managerId);
  out.fields.set(managerId, {
    set: previous ? own.union(previous.set) : own,
    apiVersion: opts.apiVersion,
    applied: false,
  });
  out.times.set(managerId, rfc3339Seconds(opts.now));
  return out;
}

/** capmanagers.go: past ten Update managers, the oldest are merged into `ancient-changes`. */
export function capUpdateManagers(managed: Managed): void {
  const updaters = [...managed.fields].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  const seconds = (id: string) => {
    const t = managed.times.get(id);
    return t ? Math.floor(Date.parse(t) / 1000) || 0 : 0;
  };
  updaters.sort((a, b) => seconds(a) - seconds(b) || (a < b ? -1 : a > b ? 1 : 0));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > MAX_UPDATE_MANAGERS; i++) {
    const id = updaters[i] as string;
    const vs = managed.fields.get(id);
    if (!vs) continue;
    const bucket = managerIdentifier({
      manager: 'ancient-changes',
      operation: 'Update',
      apiVersion: vs.apiVersion,
    });
    const first = firstByVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstByVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      const firstSet = managed.fields.get(first);
      managed.fields.delete(first);
      if (firstSet) managed.fields.set(bucket, firstSet);
    }
    const bucketSet = managed.fields.get(bucket);
    managed.fields.set(bucket, {
      set: bucketSet ? vs.set.union(bucketSet.set) : vs.set,
      apiVersion: vs.apiVersion,
      applied: vs.applied,
    });
    managed.fields.delete(id);
    length--;
    managed.times.set(bucket, managed.times.get(id));
  }
}

/** isResetManagedFields: `[]` or `[{}]` in the request clears the history. */
function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return (
    entries.length === 1 &&
    entries[0] !== null &&
    typeof entries[0] === 'object' &&
    Object.keys(entries[0]).length === 0
  );
}

/** decodeLiveOrNew: the request's managedFields win when valid and non-empty (never on subresources). */
function decodeLiveOrNew(
  old: KubeObject | undefined,
  updated: KubeObject,
  isSubresource: boolean,
): Managed {
  const fromLive = () => {
    try {
      return decodeManagedFields(old?.metadata?.managedFields);
    } catch {
      return emptyManaged();
    }
  };
  if (isSubresource) return fromLive();
  const requested = updated.metadata?.managedFields;
  if (isReset(requested)) return emptyManaged();
  // the usual case (a patched copy of the live object): the live object's, already decoded
  if (requested && old?.metadata?.managedFields && jsonEqual(requested, old.metadata.managedFields))
    return fromLive();
  try {
    const managed = decodeManagedFields(requested);
    if (managed.fields.size > 0) return managed;
  } catch {
    // invalid managedFields in the request fall back to the live object's
  }
  return fromLive();
}

/**
 * FieldManager.UpdateNoErrors for create (`old` undefined), update and patch: sets
 * `updated.metadata.managedFields`. Call it on the object as it will be stored (after defaults).
 */
export function updateManagedFields(
  old: KubeObject | undefined,
  updated: KubeObject,
  opts: ManagedFieldsOptions,
): void {
  const managed = decodeLiveOrNew(old, updated, !!opts.subresource);
  if (updated.metadata) delete updated.metadata.managedFields;
  // skipnonapplied.go: objects that exist without managedFields stay untracked until applied
  if (managed.fields.size === 0 && old?.metadata?.uid) return;
  const typed = (o: unknown) => withGoZeroFields(o, opts.schema, opts.rootDefinition);
  const live = typed(
    old ? withoutManagedFields(old) : { apiVersion: updated.apiVersion, kind: updated.kind },
  );
  const managerId = managerIdentifier({
    manager: opts.manager || 'unknown',
    operation: 'Update',
    apiVersion: opts.apiVersion,
    subresource: opts.subresource,
  });
  const out = recordUpdate(live, typed(updated), managed, managerId, opts);
  capUpdateManagers(out);
  const entries = encodeManagedFields(out);
  if (entries) {
    updated.metadata ??= {};
    updated.metadata.managedFields = entries;
  }
}
