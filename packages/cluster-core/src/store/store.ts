/**
 * In-memory storage of one cluster: what etcd is to kube-apiserver. One monotonic
 * resourceVersion counter, objects keyed by resource and namespace/name, and a bounded log of
 * changes so watches can resume from a resourceVersion (older ones get 410 Expired).
 *
 * Stored objects are never mutated in place: every write stores a fresh object, so the log
 * and readers can share references safely.
 */
import type { KubeObject } from '../api/object';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  type: ChangeType;
  /** `group/plural` of the storage. */
  resource: string;
  object: KubeObject;
  /** The object before this change (for MODIFIED and DELETED). */
  previous?: KubeObject;
  rv: number;
}

export interface StoreSnapshot {
  resourceVersion: number;
  objects: Record<string, KubeObject[]>;
}

/** How many changes are kept for watch resumption; the watch cache keeps a window too. */
const LOG_WINDOW = 100;

export function storageKey(group: string, plural: string): string {
  return `${group}/${plural}`;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class ObjectStore {
  private readonly collections = new Map<string, Map<string, KubeObject>>();
  private rv = 1;
  private log: Change[] = [];
  /** Changes with an rv at or below this are no longer in the log. */
  private compactedThrough = 1;
  private readonly listeners = new Set<(change: Change) => void>();

  resourceVersion(): number {
    return this.rv;
  }

  oldestResumableVersion(): number {
    return this.compactedThrough;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.collections.get(resource)?.get(objectKey(namespace, name));
  }

  /** Objects in key order (namespace, then name), as etcd returns them. */
  list(resource: string, namespace?: string): KubeObject[] {
    const collection = this.collections.get(resource);
    if (!collection) return [];
    const out: KubeObject[] = [];
    for (const [key, obj] of collection) {
      if (namespace === undefined || key.startsWith(`${namespace}/`)) out.push(obj);
    }
    return out.sort((a, b) => compareKeys(a, b));
  }

  /** Every resource key that holds objects. */
  resources(): string[] {
    return [...this.collections.keys()].filter((k) => (this.collections.get(k)?.size ?? 0) > 0);
  }

  /** How many objects are stored: all of them, or those of one resource (in one namespace). */
  count(resource?: string, namespace?: string): number {
    if (resource === undefined) {
      let total = 0;
      for (const collection of this.collections.values()) total += collection.size;
      return total;
    }
    const collection = this.collections.get(resource);
    if (!collection || namespace === undefined) return collection?.size ?? 0;
    let n = 0;
    for (const key of collection.keys()) if (key.startsWith(`${namespace}/`)) n++;
    return n;
  }

  /** Stores `object` (a fresh object the caller no longer touches), stamping its resourceVersion. */
  put(resource: string, object: KubeObject): KubeObject {
    let collection = this.collections.get(resource);
    if (!collection) {
      collection = new Map();
      this.collections.set(resource, collection);
    }
    const key = objectKey(object.metadata.namespace, object.metadata.name ?? '');
    const previous = collection.get(key);
    const rv = ++this.rv;
    object.metadata.resourceVersion = String(rv);
    collection.set(key, object);
    this.record({ type: previous ? 'MODIFIED' : 'ADDED', resource, object, previous, rv });
    return object;
  }

  remove(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const collection = this.collections.get(resource);
    const key = objectKey(namespace, name);
    const previous = collection?.get(key);
    if (!collection || !previous) return undefined;
    collection.delete(key);
    const rv = ++this.rv;
    // As etcd3 watch: the DELETED event carries the revision of the deletion.
    const object = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(rv) } };
    this.record({ type: 'DELETED', resource, object, previous, rv });
    return object;
  }

  /** Changes after `rv` for `resource`, or 'expired' when the log no longer reaches back. */
  changesSince(rv: number, resource: string): Change[] | 'expired' {
    if (rv < this.compactedThrough) return 'expired';
    return this.log.filter((c) => c.rv > rv && c.resource === resource);
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): StoreSnapshot {
    const objects: Record<string, KubeObject[]> = {};
    for (const resource of this.resources()) objects[resource] = this.list(resource);
    return structuredClone({ resourceVersion: this.rv, objects });
  }

  /** Replaces everything with a snapshot; watchers see nothing (they should relist). */
  restore(snapshot: StoreSnapshot): void {
    this.collections.clear();
    for (const [resource, objects] of Object.entries(structuredClone(snapshot.objects))) {
      const collection = new Map<string, KubeObject>();
      for (const obj of objects)
        collection.set(objectKey(obj.metadata.namespace, obj.metadata.name ?? ''), obj);
      this.collections.set(resource, collection);
    }
    this.rv = Math.max(this.rv, snapshot.resourceVersion);
    this.log = [];
    this.compactedThrough = this.rv;
  }

  private record(change: Change): void {
    this.log.push(change);
    if (this.log.length > LOG_WINDOW) {
      const dropped = this.log.splice(0, this.log.length - LOG_WINDOW);
      this.compactedThrough = dropped[dropped.length - 1].rv;
    }
    for (const listener of this.listeners) listener(change);
  }
}

function compareKeys(a: KubeObject, b: KubeObject): number {
  const ka = objectKey(a.metadata.namespace, a.metadata.name ?? '');
  const kb = objectKey(b.metadata.namespace, b.metadata.name ?? '');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
