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
/** The change log also stops at this many bytes of objects (a watch further back relists, 410). */
const LOG_BYTES = 16 * 1024 * 1024;

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
  /** Encoded size of each stored object, by resource and key, and their sum (what etcd would hold). */
  private readonly sizes = new Map<string, number>();
  private bytes = 0;
  private readonly logSizes: number[] = [];
  private logBytes = 0;

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
    const prefix = namespace === undefined ? '' : `${namespace}/`;
    const keyed: [string, KubeObject][] = [];
    for (const entry of collection) if (entry[0].startsWith(prefix)) keyed.push(entry);
    // the map's keys are the sort keys: compared once each, not rebuilt at every comparison
    keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return keyed.map((entry) => entry[1]);
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

  /** The encoded size of everything stored. */
  storedBytes(): number {
    return this.bytes;
  }

  /** The encoded size of one stored object (0 when there is none). */
  sizeOf(resource: string, namespace: string | undefined, name: string): number {
    return this.sizes.get(`${resource}|${objectKey(namespace, name)}`) ?? 0;
  }

  private account(resource: string, key: string, object: KubeObject | undefined): number {
    const id = `${resource}|${key}`;
    const size = object ? encodedSize(object) : 0;
    this.bytes += size - (this.sizes.get(id) ?? 0);
    if (object) this.sizes.set(id, size);
    else this.sizes.delete(id);
    return size;
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
    const previousSize = this.sizeOf(
      resource,
      object.metadata.namespace,
      object.metadata.name ?? '',
    );
    const size = this.account(resource, key, object);
    this.record(
      { type: previous ? 'MODIFIED' : 'ADDED', resource, object, previous, rv },
      size + previousSize,
    );
    return object;
  }

  remove(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const collection = this.collections.get(resource);
    const key = objectKey(namespace, name);
    const previous = collection?.get(key);
    if (!collection || !previous) return undefined;
    collection.delete(key);
    const size = this.sizeOf(resource, namespace, name);
    this.account(resource, key, undefined);
    const rv = ++this.rv;
    // As etcd3 watch: the DELETED event carries the revision of the deletion.
    const object = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(rv) } };
    this.record({ type: 'DELETED', resource, object, previous, rv }, size);
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
    this.sizes.clear();
    this.bytes = 0;
    for (const [resource, objects] of Object.entries(structuredClone(snapshot.objects))) {
      const collection = new Map<string, KubeObject>();
      for (const obj of objects) {
        const key = objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
        collection.set(key, obj);
        this.account(resource, key, obj);
      }
      this.collections.set(resource, collection);
    }
    this.rv = Math.max(this.rv, snapshot.resourceVersion);
    this.log = [];
    this.logSizes.length = 0;
    this.logBytes = 0;
    this.compactedThrough = this.rv;
  }

  private record(change: Change, bytes: number): void {
    this.log.push(change);
    this.logSizes.push(bytes);
    this.logBytes += bytes;
    let drop = Math.max(0, this.log.length - LOG_WINDOW);
    let kept = this.logBytes;
    for (let i = 0; i < drop; i++) kept -= this.logSizes[i];
    // big objects written over and over: fewer changes are kept (the newest always is)
    while (kept > LOG_BYTES && drop < this.log.length - 1) kept -= this.logSizes[drop++];
    if (drop > 0) {
      const dropped = this.log.splice(0, drop);
      this.logSizes.splice(0, drop);
      this.logBytes = kept;
      this.compactedThrough = dropped[dropped.length - 1].rv;
    }
    for (const listener of this.listeners) listener(change);
  }
}

function encodedSize(object: KubeObject): number {
  return Buffer.byteLength(JSON.stringify(object));
}
