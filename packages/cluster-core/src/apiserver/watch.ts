/**
 * WATCH: a stream of `{"type":..., "object":...}` events for one resource, resumable from a
 * resourceVersion, filtered by selectors the way the watch cache filters (an object that stops
 * matching is reported DELETED, one that starts matching ADDED).
 */
import { expired, type Status } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { Change } from '../store/store';
import { type Selection, selects } from './list';
import type { ServedResource } from './resources';
import type { RestStore } from './rest';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject | Status;
}

export interface WatchOptions {
  namespace?: string;
  selection: Selection;
  /** '' or '0' start with the current state as ADDED events. */
  resourceVersion?: string;
  sendInitialEvents?: boolean;
  allowBookmarks: boolean;
}

export interface Watch {
  stop(): void;
}

/**
 * Starts a watch and calls `emit` for each event, synchronously in store order.
 * Throws a 410 StatusError when the resourceVersion is too old.
 */
export function startWatch(
  rest: RestStore,
  r: ServedResource,
  opts: WatchOptions,
  emit: (event: WatchEvent) => void,
): Watch {
  const inScope = (o: KubeObject) =>
    opts.namespace === undefined || o.metadata.namespace === opts.namespace;
  const visible = (o: KubeObject | undefined) =>
    o !== undefined && inScope(o) && selects(r, opts.selection, o);

  const deliver = (change: Change) => {
    if (change.resource !== r.storage) return;
    const now = r.fromStorage(change.object);
    const before = change.previous && r.fromStorage(change.previous);
    if (change.type === 'DELETED') {
      if (visible(before)) emit({ type: 'DELETED', object: now });
      return;
    }
    const was = visible(before);
    const is = visible(now);
    if (is && was) emit({ type: 'MODIFIED', object: now });
    else if (is) emit({ type: 'ADDED', object: now });
    else if (was) emit({ type: 'DELETED', object: now });
  };

  const rv = opts.resourceVersion ?? '';
  const fromScratch = rv === '' || rv === '0' || opts.sendInitialEvents;
  let backlog: Change[] = [];
  if (!fromScratch) {
    const n = Number(rv);
    if (!Number.isInteger(n) || n < 0) {
      throw expired(`too old resource version: ${rv} (${rest.store.resourceVersion()})`);
    }
    const changes = rest.store.changesSince(n, r.storage);
    if (changes === 'expired') {
      throw expired(`too old resource version: ${rv} (${rest.store.oldestResumableVersion()})`);
    }
    backlog = changes;
  }
  const unsubscribe = rest.store.subscribe(deliver);
  if (fromScratch) {
    for (const obj of rest.store.list(r.storage, opts.namespace)) {
      const served = r.fromStorage(obj);
      if (visible(served)) emit({ type: 'ADDED', object: served });
    }
    if (opts.sendInitialEvents && opts.allowBookmarks) {
      emit({
        type: 'BOOKMARK',
        object: bookmark(r, String(rest.store.resourceVersion()), {
          'k8s.io/initial-events-end': 'true',
        }),
      });
    }
  } else {
    for (const change of backlog) deliver(change);
  }
  return { stop: unsubscribe };
}

export function bookmark(
  r: ServedResource,
  resourceVersion: string,
  annotations?: Record<string, string>,
): KubeObject {
  const metadata: KubeObject['metadata'] = { resourceVersion };
  if (annotations) metadata.annotations = annotations;
  return { kind: r.kind, apiVersion: r.apiVersion, metadata };
}
