/**
 * ControllerRevisions of DaemonSets and StatefulSets (pkg/controller/history,
 * daemon/update.go constructHistory, statefulset/stateful_set_utils.go newRevision): each pod
 * template a workload has had, stored as the strategic-merge patch that restores it, numbered
 * in order; a template that comes back (rollback) moves its revision to the top.
 */
import type { KubeObject } from '../api/object';
import type { ControllerContext } from './controller-context';
import { controllerRefOf, newControllerRef } from './controller-ref';
import { safeEncodeString } from './pod-template-hash';

export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** The patch a revision stores: the whole template, replacing what is there. */
export function templatePatch(owner: KubeObject): Record<string, unknown> {
  return { spec: { template: { ...structuredClone(owner.spec?.template ?? {}), $patch: 'replace' } } };
}

function fnv32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = (Math.imul(h, 0x01000193) ^ b) >>> 0;
  return h >>> 0;
}

/** history.HashControllerRevision over the revision's data (FNV-32 of its JSON, plus the collision count). */
export function revisionHash(data: unknown, collisionCount?: number): string {
  const json = JSON.stringify(data);
  const extra = collisionCount ? String(collisionCount) : '';
  return safeEncodeString(String(fnv32(new TextEncoder().encode(json + extra))));
}

export function ownedRevisions(ctx: ControllerContext, owner: KubeObject): KubeObject[] {
  return ctx
    .list('apps', 'controllerrevisions', owner.metadata.namespace)
    .filter((r) => controllerRefOf(r)?.uid === owner.metadata.uid)
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
}

function sameData(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The revision of the owner's current template: found (and renumbered to the top when it is
 * an older one) or created. `name` and `labels` come from the workload kind.
 */
export function ensureRevision(
  ctx: ControllerContext,
  owner: KubeObject,
  name: string,
  labels: Record<string, string>,
  annotations?: Record<string, string>,
): KubeObject {
  const revisions = ownedRevisions(ctx, owner);
  const data = templatePatch(owner);
  const top = revisions.reduce((max, r) => Math.max(max, r.revision ?? 0), 0);
  const existing = revisions.find((r) => sameData(r.data, data));
  if (existing) {
    if ((existing.revision ?? 0) < top) return ctx.mutate('apps', 'controllerrevisions', existing, (r) => (r.revision = top + 1));
    return existing;
  }
  const revision: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name, namespace: owner.metadata.namespace, labels, ownerReferences: [newControllerRef(owner)] },
    data,
    revision: top + 1,
  };
  if (annotations && Object.keys(annotations).length) revision.metadata.annotations = { ...annotations };
  const clash = ctx.get('apps', 'controllerrevisions', owner.metadata.namespace, name);
  if (clash) {
    // Same name, other template: a hash collision; the owner bumps collisionCount and retries.
    throw Object.assign(new Error(`controllerrevision ${name} already exists`), { collision: true });
  }
  return ctx.create('apps', 'controllerrevisions', revision);
}

/** Deletes the oldest revisions no pod uses beyond `limit` (cleanupHistory / truncateHistory). */
export function truncateHistory(ctx: ControllerContext, owner: KubeObject, inUse: Set<string>, limit: number): void {
  const old = ownedRevisions(ctx, owner).filter((r) => !inUse.has(r.metadata.name ?? ''));
  for (const r of old.slice(0, Math.max(0, old.length - limit))) {
    try {
      ctx.delete('apps', 'controllerrevisions', r.metadata.namespace, r.metadata.name ?? '');
    } catch {
      // already gone
    }
  }
}
