/**
 * events.k8s.io/v1 Event: the same objects as core/v1 Events (one storage upstream), renamed
 * by pkg/apis/events/v1/conversion.go: regarding <-> involvedObject, note <-> message,
 * deprecatedSource/FirstTimestamp/LastTimestamp/Count <-> source/firstTimestamp/lastTimestamp/count,
 * reportingController <-> reportingComponent. Writes through this API get the strict checks.
 */
import { clone, type KubeObject } from '../api/object';
import {
  legacyValidateEvent,
  strictValidateEventCreate,
  strictValidateEventUpdate,
} from './event-validation';
import { EVENT_COLUMNS, eventRow } from './events';
import type { ResourceDefinition } from './types';

/** [events.k8s.io/v1 name, core/v1 name] */
const RENAMED: [string, string][] = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
  ['reportingController', 'reportingComponent'],
];

function rename(obj: KubeObject, from: 0 | 1, apiVersion: string): KubeObject {
  const out = clone(obj);
  out.apiVersion = apiVersion;
  out.kind = 'Event';
  const to = from === 0 ? 1 : 0;
  for (const pair of RENAMED) {
    const value = out[pair[from]];
    delete out[pair[from]];
    if (value !== undefined) out[pair[to]] = value;
    else delete out[pair[to]];
  }
  return out;
}

export function eventToCore(obj: KubeObject): KubeObject {
  return rename(obj, 0, 'v1');
}

export function eventFromCore(obj: KubeObject): KubeObject {
  return rename(obj, 1, 'events.k8s.io/v1');
}

/** Rows and field selectors may see either shape. */
const asCore = (obj: KubeObject) =>
  obj.apiVersion === 'events.k8s.io/v1' ? eventToCore(obj) : obj;

export const eventsK8sIo: ResourceDefinition = {
  group: 'events.k8s.io',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  namespaced: true,
  shortNames: ['ev'],
  allowCreateOnUpdate: true,
  sharesStorageWith: {
    group: '',
    plural: 'events',
    toStorage: eventToCore,
    fromStorage: eventFromCore,
  },
  // the store validates the stored (core/v1) shape
  validate: (obj) => [...legacyValidateEvent(obj), ...strictValidateEventCreate(obj)],
  validateUpdate: (obj, old) => strictValidateEventUpdate(obj, old),
  selectableFields: {
    'regarding.kind': (e) => asCore(e).involvedObject?.kind ?? '',
    'regarding.namespace': (e) => asCore(e).involvedObject?.namespace ?? '',
    'regarding.name': (e) => asCore(e).involvedObject?.name ?? '',
    'regarding.uid': (e) => asCore(e).involvedObject?.uid ?? '',
    'regarding.apiVersion': (e) => asCore(e).involvedObject?.apiVersion ?? '',
    'regarding.resourceVersion': (e) => asCore(e).involvedObject?.resourceVersion ?? '',
    'regarding.fieldPath': (e) => asCore(e).involvedObject?.fieldPath ?? '',
    reason: (e) => e.reason ?? '',
    reportingController: (e) => asCore(e).reportingComponent ?? '',
    source: (e) => asCore(e).source?.component || asCore(e).reportingComponent || '',
    type: (e) => e.type ?? '',
  },
  columns: EVENT_COLUMNS,
  row: (obj, ctx) => eventRow(asCore(obj), ctx),
};
