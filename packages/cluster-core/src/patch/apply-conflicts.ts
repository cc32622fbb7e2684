/**
 * Apply conflicts: the 409 upstream returns (managedfields/internal/conflict.go) and the
 * conflicts `kubectl` may override because they only restate its last client-side apply
 * (lastappliedmanager.go).
 */
import { StatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { FieldSet } from './fieldpath/field-set';
import { type Path, pathString } from './fieldpath/path-element';
import { printManager } from './managed-fields-codec';
import type { Atom } from './typed/atom';
import { compareValues } from './typed/compare';
import { toFieldSet } from './typed/to-field-set';
import { validateValue } from './typed/validate';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

export interface Conflict {
  managerId: string;
  path: Path;
}

/** ConflictsFromManagers, ordered by manager and then by path. */
export function conflictList(byManager: Map<string, FieldSet>): Conflict[] {
  const out: Conflict[] = [];
  for (const id of [...byManager.keys()].sort()) {
    byManager.get(id)?.iterate((path) => out.push({ managerId: id, path }));
  }
  return out;
}

/** NewConflictError: 409 Conflict with one FieldManagerConflict cause per conflicting field. */
export function conflictError(conflicts: Conflict[]): StatusError {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.managerId)}`,
    field: pathString(c.path),
  }));
  return new StatusError(409, 'Conflict', conflictMessage(conflicts), { causes });
}

function conflictMessage(conflicts: Conflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0] as Conflict;
    return `Apply failed with 1 conflict: conflict with ${printManager(c.managerId)}: ${pathString(c.path)}`;
  }
  const byManager = new Map<string, Path[]>();
  for (const c of conflicts) {
    const paths = byManager.get(c.managerId) ?? [];
    paths.push(c.path);
    byManager.set(c.managerId, paths);
  }
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${printManager(id)}:`);
    for (const p of byManager.get(id) ?? []) lines.push(`- ${pathString(p)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/**
 * allowedConflictsFromLastApplied: the fields of the last-applied-configuration annotation whose
 * live value still matches it. Undefined when there is no usable annotation.
 */
export function allowedFromLastApplied(
  live: KubeObject | undefined,
  apiVersion: string,
  atom: Atom,
): FieldSet | undefined {
  const text = live?.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!text) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (
    !lastApplied ||
    typeof lastApplied !== 'object' ||
    (lastApplied as KubeObject).apiVersion !== apiVersion
  )
    return undefined;
  if (validateValue(lastApplied, atom).length > 0) return undefined;
  const set = toFieldSet(lastApplied, atom);
  const cmp = compareValues(lastApplied, live, atom);
  return set.difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

/** ValidateAnnotationsSize: annotations may total at most 256 KiB. */
function annotationsTooLarge(annotations: Record<string, string>): boolean {
  let total = 0;
  for (const [k, v] of Object.entries(annotations))
    total += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  return total > 256 * 1024;
}

/**
 * lastappliedupdater.go: a `kubectl` server-side apply onto an object that carries the
 * client-side annotation rewrites it with the applied configuration, so switching back to
 * client-side apply keeps working.
 */
export function updateLastApplied(
  result: KubeObject,
  config: KubeObject,
  encode: (v: unknown) => string,
): void {
  const annotations = result.metadata?.annotations;
  if (!annotations?.[LAST_APPLIED_ANNOTATION]) return;
  const copy = structuredClone(config);
  if (copy.metadata?.annotations) delete copy.metadata.annotations[LAST_APPLIED_ANNOTATION];
  annotations[LAST_APPLIED_ANNOTATION] = `${encode(copy)}\n`;
  if (annotationsTooLarge(annotations)) delete annotations[LAST_APPLIED_ANNOTATION];
}
