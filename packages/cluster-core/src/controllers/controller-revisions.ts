/**
 * ControllerRevisions of StatefulSets and DaemonSets (pkg/controller/history
 * controller_history.go, statefulset/stateful_set_utils.go getPatch/newRevision,
 * daemon/update.go getPatch/snapshot): each pod template a workload has had, stored as the
 * strategic-merge patch that restores it (`{"spec":{"template":{"$patch":"replace",...}}}`,
 * keys sorted as Go marshals a map), numbered in order; equal data means the same revision.
 */
import type { KubeObject } from '../api/object';
import type { ControllerContext } from './controller-context';
import { controllerRefOf } from './controller-ref';
import { safeEncodeString } from './pod-template-hash';

/** history.ControllerRevisionHashLabel (StatefulSet revisions). */
export const CONTROLLER_REVISION_HASH = 'controller.kubernetes.io/hash';

/** encoding/json of a map: keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${goString(k)}:${goJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'string') return goString(value);
  return JSON.stringify(value);
}

function goString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** getPatch: the revision data restoring the owner's pod template. */
export function templatePatch(owner: KubeObject): Record<string, unknown> {
  return {
    spec: { template: { ...structuredClone(owner.spec?.template ?? {}), $patch: 'replace' } },
  };
}

/** The template a revision restores (ApplyRevision's view of spec.template). */
// biome-ignore lint/suspicious/noExplicitAny: templates are free-form JSON
export function revisionTemplate(revision: KubeObject): any {
  const { $patch: _replace, ...template } = ((revision.data as Record<string, any>)?.spec
    ?.template ?? {}) as Record<string, unknown>;
  return template;
}

function fnv1(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = (Math.imul(h, 0x01000193) ^ b) >>> 0;
  return h >>> 0;
}

/** history.HashControllerRevision: FNV-32 of the data, then the collision count in decimal. */
export function hashRevision(data: unknown, collisionCount: number): string {
  return safeEncodeString(
    String(fnv1(new TextEncoder().encode(goJson(data) + String(collisionCount)))),
  );
}

/** ControllerRevisionName: `<prefix>-<hash>`, the prefix cut to 223 characters. */
export function revisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

export function sameData(a: KubeObject, data: unknown): boolean {
  return goJson(a.data) === goJson(data);
}

/** The owner's revisions, oldest first (SortControllerRevisions: by revision, then name). */
export function ownedRevisions(ctx: ControllerContext, owner: KubeObject): KubeObject[] {
  return ctx
    .list('apps', 'controllerrevisions', owner.metadata.namespace)
    .filter((r) => controllerRefOf(r)?.uid === owner.metadata.uid)
    .sort(
      (a, b) =>
        (a.revision ?? 0) - (b.revision ?? 0) ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    );
}

export function deleteRevision(ctx: ControllerContext, revision: KubeObject): void {
  try {
    ctx.delete(
      'apps',
      'controllerrevisions',
      revision.metadata.namespace,
      revision.metadata.name ?? '',
    );
  } catch {
    // Already gone.
  }
}

/** Renumbers a revision (a rollback makes an old template the newest). */
export function setRevisionNumber(
  ctx: ControllerContext,
  revision: KubeObject,
  n: number,
): KubeObject {
  if (revision.revision === n) return revision;
  return ctx.mutate('apps', 'controllerrevisions', revision, (r) => (r.revision = n));
}
