/**
 * Server-side apply (`application/apply-patch+yaml`), as FieldManager.Apply runs it
 * (apimachinery managedfields/internal: versioncheck, lastappliedupdater, lastappliedmanager,
 * skipnonapplied, buildmanagerinfo, managedfieldsupdater, stripmeta, structuredmerge; and
 * structured-merge-diff merge/update.go Updater.Apply): the configuration is merged into the
 * live object, fields the manager applied before and omits now are removed unless someone else
 * owns them, and changing a field another manager owns is a conflict unless forced.
 */
import { badRequest } from '../api/errors';
import { clone, type JsonObject, type KubeObject } from '../api/object';
import {
  allowedFromLastApplied,
  type Conflict,
  conflictError,
  conflictList,
  LAST_APPLIED_ANNOTATION,
  updateLastApplied,
} from './apply-conflicts';
import { FieldSet } from './fieldpath/field-set';
import { goJSON } from './go-format';
import {
  capUpdateManagers,
  type ManagedFieldsOptions,
  recordUpdate,
  resetSet,
  stripMeta,
  updateOwnership,
  withoutManagedFields,
} from './managed-fields';
import {
  copyManaged,
  decodeManagedFields,
  encodeManagedFields,
  type Managed,
  managerIdentifier,
  rfc3339Seconds,
} from './managed-fields-codec';
import { unknownServerError } from './patch-errors';
import { type Atom, definitionAtom } from './typed/atom';
import { jsonEqual } from './typed/compare';
import { mergeValues } from './typed/merge';
import { removeItems } from './typed/remove';
import { toFieldSet } from './typed/to-field-set';
import { dropAddedNulls, withGoZeroFields } from './typed/typed-object';
import { formatValidationErrors, validateValue } from './typed/validate';

export interface ApplyOptions extends ManagedFieldsOptions {
  /** `force=true`: take ownership of conflicting fields. */
  force: boolean;
  /** The kind served at the URL; the configuration must state it (with apiVersion). */
  kind?: string;
}

/**
 * Applies `config` (already decoded, see parseApplyPatch) for `opts.manager` onto `live`
 * (undefined to create). Returns the new object with managedFields set; throws StatusError.
 */
export function serverSideApply(
  live: KubeObject | undefined,
  config: KubeObject,
  opts: ApplyOptions,
): KubeObject {
  const kind = opts.kind ?? live?.kind;
  if (config.apiVersion !== opts.apiVersion || (kind !== undefined && config.kind !== kind)) {
    throw badRequest(`invalid object type: ${gvkString(config)}`);
  }
  let managed: Managed;
  try {
    managed = decodeManagedFields(live?.metadata?.managedFields);
  } catch (err) {
    throw unknownServerError(`failed to decode managed fields: ${(err as Error).message}`);
  }
  const atom = definitionAtom(opts.schema, opts.rootDefinition);
  const liveRaw: JsonObject = live ? withoutManagedFields(live) : {};
  // the live object as upstream diffs it: a typed Go object with its zero fields
  const liveObj = withGoZeroFields(liveRaw, opts.schema, opts.rootDefinition) as JsonObject;
  let result = applyOnce(liveObj, config, managed, atom, opts, opts.force);
  if ('conflicts' in result && opts.manager === 'kubectl') {
    // lastappliedmanager.go: conflicts that only restate the last client-side apply are forced
    const allowed =
      live && allowedFromLastApplied({ ...live, ...liveObj } as KubeObject, opts.apiVersion, atom);
    if (allowed) {
      const remaining = result.conflicts.filter((c) => !allowed.has(c.path));
      result =
        remaining.length === 0
          ? applyOnce(liveObj, config, managed, atom, opts, true)
          : { conflicts: remaining };
    }
  }
  if ('conflicts' in result) throw conflictError(result.conflicts);
  const object = (
    result.object ? dropAddedNulls(result.object, liveRaw, config) : clone(liveRaw)
  ) as KubeObject;
  if (!object.metadata) object.metadata = {};
  const entries = encodeManagedFields(result.managed);
  if (entries) object.metadata.managedFields = entries;
  else delete object.metadata.managedFields;
  if (opts.manager === 'kubectl') updateLastApplied(object, config, goJSON);
  return object;
}

type ApplyResult = { object: JsonObject | undefined; managed: Managed } | { conflicts: Conflict[] };

function applyOnce(
  live: JsonObject,
  config: KubeObject,
  managed: Managed,
  atom: Atom,
  opts: ApplyOptions,
  force: boolean,
): ApplyResult {
  let current = managed;
  if (current.fields.size === 0) {
    // skipnonapplied.go: whatever exists before the first apply belongs to `before-first-apply`
    const beforeId = managerIdentifier({
      manager: 'before-first-apply',
      operation: 'Update',
      apiVersion: opts.apiVersion,
      subresource: opts.subresource,
    });
    const empty = withGoZeroFields(
      { apiVersion: config.apiVersion, kind: config.kind },
      opts.schema,
      opts.rootDefinition,
    );
    current = recordUpdate(empty, live, current, beforeId, opts);
    capUpdateManagers(current);
  }
  const applyId = managerIdentifier({
    manager: opts.manager,
    operation: 'Apply',
    subresource: opts.subresource,
  });

  const configMeta = config.metadata as JsonObject | undefined;
  if (configMeta && configMeta.managedFields !== undefined && configMeta.managedFields !== null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const errors = validateValue(config, atom);
  if (errors.length > 0) {
    const name = typeof configMeta?.name === 'string' ? configMeta.name : '';
    const namespace = typeof configMeta?.namespace === 'string' ? configMeta.namespace : '';
    throw unknownServerError(
      `failed to create typed patch object (${namespace}/${name}; ${gvkString(config)}): ${formatValidationErrors(errors)}`,
    );
  }

  const reset = resetSet(opts);
  const merged = (mergeValues(live, config, atom) ?? {}) as JsonObject;
  const lastSet = current.fields.get(applyId);
  let applied = toFieldSet(config, atom);
  if (reset) applied = applied.recursiveDifference(reset);
  const managers = copyManaged(current);
  managers.fields.set(applyId, { set: applied, apiVersion: opts.apiVersion, applied: true });
  const pruned = prune(merged, managers, lastSet?.set, atom);

  const { managed: after, conflicts } = updateOwnership(
    live,
    pruned,
    atom,
    managers,
    applyId,
    force,
    reset,
  );
  if (!force && conflicts.size > 0) return { conflicts: conflictList(conflicts) };

  const own = after.fields.get(applyId);
  if (own) {
    const stripped = stripMeta(own.set);
    if (stripped.empty()) after.fields.delete(applyId);
    else after.fields.set(applyId, { ...own, set: stripped });
  }
  const object = jsonEqual(live, pruned) ? undefined : pruned;
  if (object) after.times.set(applyId, rfc3339Seconds(opts.now));
  return { object, managed: after };
}

/**
 * Updater.prune: drops what the manager applied last time and no longer applies, unless another
 * manager owns it, keeping fields nobody owns (defaults) that the last apply did not set.
 */
function prune(
  merged: JsonObject,
  managers: Managed,
  lastSet: FieldSet | undefined,
  atom: Atom,
): JsonObject {
  if (!lastSet || lastSet.empty()) return merged;
  const last = lastSet.ensureNamedFieldsAreMembers(atom);
  let pruned = (removeItems(merged, last, atom) ?? {}) as JsonObject;

  let owned = new FieldSet();
  for (const vs of managers.fields.values()) owned = owned.union(vs.set);
  const mergedSet = toFieldSet(merged, atom).ensureNamedFieldsAreMembers(atom);
  const prunedSet = toFieldSet(pruned, atom).ensureNamedFieldsAreMembers(atom);
  const keep = prunedSet.union(owned.ensureNamedFieldsAreMembers(atom));
  pruned = (removeItems(merged, mergedSet.difference(keep), atom) ?? {}) as JsonObject;

  const stillThere = toFieldSet(pruned, atom).ensureNamedFieldsAreMembers(atom);
  return (removeItems(merged, mergedSet.difference(stillThere).intersection(last), atom) ??
    {}) as JsonObject;
}

/** schema.GroupVersionKind.String(): `apps/v1, Kind=Deployment`, `/v1, Kind=Pod`. */
export function gvkString(obj: { apiVersion?: unknown; kind?: unknown }): string {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const parts = apiVersion.split('/');
  let group = '';
  let version = '';
  if (parts.length === 1) version = parts[0] ?? '';
  else if (parts.length === 2) [group, version] = parts as [string, string];
  return `${group}/${version}, Kind=${kind}`;
}

export { LAST_APPLIED_ANNOTATION };
