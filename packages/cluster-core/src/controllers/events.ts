/**
 * Events as components record them. Controllers and the kubelet use client-go's legacy
 * recorder (tools/record: `source.component`, `count`, first/last timestamps, identical
 * events aggregated by bumping `count`); the scheduler uses the events.k8s.io/v1 recorder
 * (tools/events: `eventTime`, `reportingController`, `action`, repeats as a `series`), which
 * core/v1 readers see with an empty source. Names are `<object>.<hex of unix nanos>`.
 */
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { systemContext } from '../apiserver/context';
import { rfc3339, rfc3339Micro } from '../clock';
import type { RecordedEvent } from '../simulation-state';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  component: string;
  /** The node name for kubelet events. */
  host?: string;
  /** events.k8s.io/v1 style (scheduler): reportingInstance and action, no source. */
  reportingInstance?: string;
  action?: string;
}

/** How many distinct events a cluster remembers for aggregation. */
const AGGREGATION_CACHE = 4096;

/** What identical events share (the legacy recorder's aggregation: component, host, object, ...). */
function aggregationKeyOf(
  component: string | undefined,
  host: string | undefined,
  uid: string | undefined,
  fieldPath: string | undefined,
  type: string,
  reason: string,
  message: string,
): string {
  return [component, host, uid, fieldPath, type, reason, message].join('\u0000');
}

/**
 * The aggregation cache as the stored Events imply it (after a restore): each key maps to the
 * Event last recorded for it, so a repeat bumps that Event's count as before the restore.
 */
export function rebuildEventSeries(core: ClusterCore): void {
  const r = core.resources.preferred('', 'events');
  const series = core.simulation.eventSeries;
  series.clear();
  if (!r) return;
  const last = (e: KubeObject) =>
    String(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? '');
  const events = core.store.list(r.storage).sort((a, b) => (last(a) < last(b) ? -1 : 1));
  for (const e of events.slice(-AGGREGATION_CACHE)) {
    const key = aggregationKeyOf(
      e.source?.component || e.reportingComponent || undefined,
      e.source?.host,
      e.involvedObject?.uid,
      e.involvedObject?.fieldPath,
      e.type ?? '',
      e.reason ?? '',
      e.message ?? '',
    );
    series.delete(key);
    series.set(key, { name: e.metadata.name ?? '', namespace: e.metadata.namespace ?? '' });
  }
}

export class EventRecorder {
  private sequence = 0;

  constructor(private readonly core: ClusterCore) {}

  /** The aggregation cache lives in the simulation state (a restore replaces it). */
  private get recent(): Map<string, RecordedEvent> {
    return this.core.simulation.eventSeries;
  }

  record(
    source: EventSource,
    involved: KubeObject,
    type: EventType,
    reason: string,
    message: string,
    fieldPath?: string,
  ): void {
    const r = this.core.resources.preferred('', 'events');
    if (!r) return;
    const meta = involved.metadata;
    const namespace = meta.namespace || 'default';
    const aggregationKey = aggregationKeyOf(
      source.component,
      source.host,
      meta.uid,
      fieldPath,
      type,
      reason,
      message,
    );
    const now = this.core.clock.now();
    const ctx = systemContext(source.component);
    const previous = this.recent.get(aggregationKey);
    if (previous) {
      const existing = this.core.rest.find(r, previous.namespace, previous.name);
      if (existing) {
        const next = structuredClone(existing);
        if (source.action) {
          const count = (next.series?.count ?? 1) + 1;
          next.series = { count, lastObservedTime: rfc3339Micro(now) };
        } else {
          next.count = (next.count ?? 1) + 1;
          next.lastTimestamp = rfc3339(now);
        }
        try {
          this.core.rest.update(r, previous.namespace, previous.name, next, ctx);
          this.touch(aggregationKey, previous);
          return;
        } catch {
          // Fall through to a fresh event, as the recorder does when its patch fails.
        }
      }
    }
    const nanos = BigInt(now) * 1_000_000n + BigInt(this.sequence++ % 1_000_000);
    const name = `${meta.name ?? ''}.${nanos.toString(16)}`;
    const involvedObject: Record<string, unknown> = {
      kind: involved.kind,
      namespace: meta.namespace,
      name: meta.name,
      uid: meta.uid,
      apiVersion: involved.apiVersion,
      resourceVersion: meta.resourceVersion,
    };
    if (!meta.namespace) delete involvedObject.namespace;
    if (fieldPath) involvedObject.fieldPath = fieldPath;
    const event: KubeObject = source.action
      ? {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace },
          involvedObject,
          reason,
          message,
          source: {},
          type,
          eventTime: rfc3339Micro(now),
          action: source.action,
          reportingComponent: source.component,
          reportingInstance: source.reportingInstance ?? '',
        }
      : {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace },
          involvedObject,
          reason,
          message,
          source: source.host
            ? { component: source.component, host: source.host }
            : { component: source.component },
          firstTimestamp: rfc3339(now),
          lastTimestamp: rfc3339(now),
          count: 1,
          type,
          reportingComponent: source.component,
          reportingInstance: source.host ?? '',
        };
    try {
      this.core.rest.create(r, namespace, event, ctx);
      this.touch(aggregationKey, { name, namespace });
    } catch {
      // Events are best effort (a terminating namespace refuses them), as upstream.
    }
  }

  private touch(key: string, value: RecordedEvent): void {
    this.recent.delete(key);
    this.recent.set(key, value);
    if (this.recent.size > AGGREGATION_CACHE) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}
