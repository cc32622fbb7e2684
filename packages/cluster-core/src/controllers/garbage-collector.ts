/**
 * Garbage collection by ownerReferences and the deletion finalizers `orphan` and
 * `foregroundDeletion` (upstream pkg/controller/garbagecollector). It only follows stored state,
 * so passes over every object after a change that can leave garbage converge: the reconciler has
 * one key standing for the whole cluster, enqueued by such changes of any resource.
 */
import type { KubeObject } from '../api/object';
import { clone } from '../api/object';
import { systemContext } from '../apiserver/context';
import type { ServedResource } from '../apiserver/resources';
import type { RestStore } from '../apiserver/rest';
import type { Change } from '../store/store';
import { ALL_RESOURCES, type Reconciler } from './reconciler';

const ctx = () => systemContext('generic-garbage-collector');

interface Entry {
  r: ServedResource;
  obj: KubeObject;
}

/** One served resource per storage: served versions and aliases of it hold the same objects. */
export function storedResources(rest: RestStore): ServedResource[] {
  const out: ServedResource[] = [];
  const seen = new Set<string>();
  for (const r of rest.resources.all()) {
    if (!r.preferred || seen.has(r.storage)) continue;
    if (r.def.sharesStorageWith && r.schema === undefined) continue;
    seen.add(r.storage);
    out.push(r);
  }
  return out;
}

function allObjects(rest: RestStore): Entry[] {
  const out: Entry[] = [];
  for (const r of storedResources(rest))
    for (const obj of rest.store.list(r.storage)) out.push({ r, obj: r.fromStorage(obj) });
  return out;
}

function tryDelete(
  rest: RestStore,
  e: Entry,
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan',
): void {
  try {
    rest.delete(
      e.r,
      e.obj.metadata.namespace,
      e.obj.metadata.name ?? '',
      { propagationPolicy },
      ctx(),
    );
  } catch {
    // Already gone or changed meanwhile: the next pass sees the new state.
  }
}

function update(rest: RestStore, e: Entry, change: (o: KubeObject) => void): void {
  const next = clone(e.obj);
  change(next);
  try {
    rest.update(e.r, next.metadata.namespace, next.metadata.name ?? '', next, ctx());
  } catch {
    // Conflicts resolve on the next pass.
  }
}

function removeFinalizer(rest: RestStore, e: Entry, finalizer: string): void {
  update(rest, e, (o) => {
    o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (!o.metadata.finalizers.length) delete o.metadata.finalizers;
  });
}

/**
 * Whether a stored change can give a pass something to do: a deletion (dependents orphaned, a
 * foreground owner or a terminating namespace waiting on it), an object being deleted (its
 * finalizers), or one that has or had owners (an owner already gone or going). Other writes (a
 * learner's thousand ConfigMaps) leave nothing to collect and cost no pass over every object.
 */
export function concernsCollection(change: Change): boolean {
  if (change.type === 'DELETED' || change.object.metadata.deletionTimestamp) return true;
  return Boolean(
    change.object.metadata.ownerReferences?.length ||
      change.previous?.metadata.ownerReferences?.length,
  );
}

/** One pass; returns whether it changed anything (the caller runs passes until it does not). */
export function collectGarbage(rest: RestStore): boolean {
  const before = rest.store.resourceVersion();
  const entries = allObjects(rest);
  const byUid = new Map(entries.map((e) => [e.obj.metadata.uid, e]));
  const dependents = new Map<string, Entry[]>();
  for (const e of entries) {
    for (const ref of e.obj.metadata.ownerReferences ?? []) {
      if (!dependents.has(ref.uid)) dependents.set(ref.uid, []);
      dependents.get(ref.uid)?.push(e);
    }
  }
  for (const e of entries) {
    const meta = e.obj.metadata;
    const finalizers = meta.finalizers ?? [];
    const deps = dependents.get(meta.uid ?? '') ?? [];
    if (meta.deletionTimestamp && finalizers.includes('orphan')) {
      for (const d of deps) {
        update(rest, d, (o) => {
          o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter(
            (ref) => ref.uid !== meta.uid,
          );
          if (!o.metadata.ownerReferences.length) delete o.metadata.ownerReferences;
        });
      }
      removeFinalizer(rest, e, 'orphan');
      continue;
    }
    if (meta.deletionTimestamp && finalizers.includes('foregroundDeletion')) {
      const live = deps.filter((d) => byUid.has(d.obj.metadata.uid));
      for (const d of live) if (!d.obj.metadata.deletionTimestamp) tryDelete(rest, d, 'Foreground');
      const blocking = live.filter((d) =>
        (d.obj.metadata.ownerReferences ?? []).some(
          (ref) => ref.uid === meta.uid && ref.blockOwnerDeletion,
        ),
      );
      if (!blocking.length) removeFinalizer(rest, e, 'foregroundDeletion');
      continue;
    }
    const owners = meta.ownerReferences ?? [];
    if (owners.length && !meta.deletionTimestamp) {
      const ownersGone = owners.every((ref) => {
        const owner = byUid.get(ref.uid);
        return !owner;
      });
      if (ownersGone) tryDelete(rest, e, 'Background');
      else {
        // Dependents of an owner deleted in the foreground go first, in the foreground.
        const foregroundOwner = owners.some((ref) => {
          const owner = byUid.get(ref.uid);
          return (
            owner?.obj.metadata.deletionTimestamp &&
            (owner.obj.metadata.finalizers ?? []).includes('foregroundDeletion')
          );
        });
        if (foregroundOwner) tryDelete(rest, e, 'Foreground');
      }
    }
  }
  return rest.store.resourceVersion() !== before;
}

/** The one key: a pass looks at every object. */
const CLUSTER = 'cluster';

export const garbageCollector: Reconciler = {
  name: 'garbage-collector-controller',
  primary: ALL_RESOURCES,
  // a pass over every object only after a change that can leave garbage or finish a deletion
  primaryKeys: (change) => (concernsCollection(change) ? [CLUSTER] : []),
  resyncKeys: () => [CLUSTER],
  reconcile(_key, ctx) {
    for (let i = 0; i < 10 && collectGarbage(ctx.core.rest); i++);
  },
};
