/**
 * core/v1 Event: pkg/registry/core/event/strategy.go (create on update, legacy validation,
 * GetAttrs field selectors), printers.go printEvent.
 */
import type { KubeObject } from '../api/object';
import { legacyValidateEvent } from './event-validation';
import { NAME_COLUMN, since } from './printing';
import type { PrintContext, ResourceDefinition } from './types';

/** formatEventSource: component (or reportingController), then host (or reportingInstance). */
function eventSource(ev: KubeObject): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

/** printEvent's cells on a core/v1 Event (wide: the server always prints every column). */
export function eventRow(ev: KubeObject, ctx: PrintContext): unknown[] {
  let first = since(ev.firstTimestamp, ctx);
  if (!ev.firstTimestamp) first = since(ev.eventTime, ctx);
  let last = ev.lastTimestamp ? since(ev.lastTimestamp, ctx) : first;
  let count = ev.count ?? 0;
  if (ev.series) {
    last = since(ev.series.lastObservedTime, ctx);
    count = ev.series.count ?? 0;
  } else if (count === 0) {
    // singleton events of the new API have no count
    count = 1;
  }
  const kind = String(ev.involvedObject?.kind ?? '').toLowerCase();
  const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
  return [
    last,
    ev.type ?? '',
    ev.reason ?? '',
    target,
    ev.involvedObject?.fieldPath ?? '',
    eventSource(ev),
    String(ev.message ?? '').trim(),
    first,
    count,
    ev.metadata.name,
  ];
}

export const EVENT_COLUMNS = [
  {
    name: 'Last Seen',
    type: 'string' as const,
    description: 'The time at which the most recent occurrence of this event was recorded.',
  },
  { name: 'Type', type: 'string' as const, description: 'Type of this event (Normal, Warning).' },
  { name: 'Reason', type: 'string' as const, description: 'Why the action was taken.' },
  { name: 'Object', type: 'string' as const, description: 'The object this event is about.' },
  {
    name: 'Subobject',
    type: 'string' as const,
    priority: 1,
    description: 'The part of the object the event is about.',
  },
  {
    name: 'Source',
    type: 'string' as const,
    priority: 1,
    description: 'The component reporting this event.',
  },
  {
    name: 'Message',
    type: 'string' as const,
    description: 'A human-readable description of the status of this operation.',
  },
  {
    name: 'First Seen',
    type: 'string' as const,
    priority: 1,
    description: 'The time at which the event was first recorded.',
  },
  {
    name: 'Count',
    type: 'string' as const,
    priority: 1,
    description: 'The number of times this event has occurred.',
  },
  { ...NAME_COLUMN, priority: 1 },
];

/** ToSelectableFields of the event strategy. */
export const EVENT_FIELDS: Record<string, (obj: KubeObject) => string | undefined> = {
  'involvedObject.kind': (e) => e.involvedObject?.kind ?? '',
  'involvedObject.namespace': (e) => e.involvedObject?.namespace ?? '',
  'involvedObject.name': (e) => e.involvedObject?.name ?? '',
  'involvedObject.uid': (e) => e.involvedObject?.uid ?? '',
  'involvedObject.apiVersion': (e) => e.involvedObject?.apiVersion ?? '',
  'involvedObject.resourceVersion': (e) => e.involvedObject?.resourceVersion ?? '',
  'involvedObject.fieldPath': (e) => e.involvedObject?.fieldPath ?? '',
  reason: (e) => e.reason ?? '',
  reportingComponent: (e) => e.reportingComponent ?? '',
  source: (e) => e.source?.component || e.reportingComponent || '',
  type: (e) => e.type ?? '',
};

export const events: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  namespaced: true,
  // written constantly and never worth a quota (upstream's quota install ignores events)
  quota: { ignored: true },
  shortNames: ['ev'],
  allowCreateOnUpdate: true,
  validate: (obj) => legacyValidateEvent(obj),
  selectableFields: EVENT_FIELDS,
  columns: EVENT_COLUMNS,
  row: (obj, ctx) => eventRow(obj, ctx),
};
