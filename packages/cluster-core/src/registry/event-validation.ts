/**
 * Event validation as pkg/apis/core/validation/events.go: the legacy checks every Event
 * passes, and the strict ones for writes through events.k8s.io/v1. Works on the core/v1
 * shape (involvedObject, message, reportingComponent), which is how Events are stored.
 */
import { deepEqual } from '../api/equality';
import { type FieldError, invalidValue, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isDNS1123Subdomain, isQualifiedName } from '../api/validation';

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

/** legacyValidateEvent */
export function legacyValidateEvent(ev: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const ns = ev.metadata.namespace ?? '';
  const involvedNs = ev.involvedObject?.namespace ?? '';
  if (!ev.eventTime) {
    // old-style events: the event lives in its object's namespace
    if (!involvedNs) {
      if (ns !== '' && ns !== 'default') {
        errs.push(
          invalidValue('involvedObject.namespace', involvedNs, 'does not match event.namespace'),
        );
      }
    } else if (ns !== involvedNs) {
      errs.push(
        invalidValue('involvedObject.namespace', involvedNs, 'does not match event.namespace'),
      );
    }
  } else {
    if (!involvedNs && ns !== 'default' && ns !== 'kube-system') {
      errs.push(
        invalidValue('involvedObject.namespace', involvedNs, 'does not match event.namespace'),
      );
    }
    const controller = ev.reportingComponent ?? '';
    if (!controller) errs.push(required('reportingController'));
    for (const m of isQualifiedName(controller))
      errs.push(invalidValue('reportingController', controller, m));
    const instance = ev.reportingInstance ?? '';
    if (!instance) errs.push(required('reportingInstance'));
    if (instance.length > REPORTING_INSTANCE_LIMIT) {
      errs.push(
        invalidValue(
          'reportingInstance',
          '',
          `can have at most ${REPORTING_INSTANCE_LIMIT} characters`,
        ),
      );
    }
    const action = ev.action ?? '';
    if (!action) errs.push(required('action'));
    if (action.length > ACTION_LIMIT)
      errs.push(invalidValue('action', '', `can have at most ${ACTION_LIMIT} characters`));
    const reason = ev.reason ?? '';
    if (!reason) errs.push(required('reason'));
    if (reason.length > REASON_LIMIT)
      errs.push(invalidValue('reason', '', `can have at most ${REASON_LIMIT} characters`));
    if ((ev.message ?? '').length > NOTE_LIMIT) {
      errs.push(invalidValue('message', '', `can have at most ${NOTE_LIMIT} characters`));
    }
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalidValue('namespace', ns, m));
  return errs;
}

function validateSeries(ev: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (ev.series) {
    if ((ev.series.count ?? 0) < 2)
      errs.push(invalidValue('series.count', '', 'should be at least 2'));
    if (!ev.series.lastObservedTime) errs.push(required('series.lastObservedTime'));
  }
  return errs;
}

/** The extra checks of ValidateEventCreate for events.k8s.io/v1 writes. */
export function strictValidateEventCreate(ev: KubeObject): FieldError[] {
  const errs = validateSeries(ev);
  if (!ev.eventTime) errs.push(required('eventTime'));
  if (ev.type !== 'Normal' && ev.type !== 'Warning') {
    errs.push(invalidValue('type', '', `has invalid value: ${ev.type ?? ''}`));
  }
  if (ev.firstTimestamp) errs.push(invalidValue('firstTimestamp', '', 'needs to be unset'));
  if (ev.lastTimestamp) errs.push(invalidValue('lastTimestamp', '', 'needs to be unset'));
  if (ev.count) errs.push(invalidValue('count', '', 'needs to be unset'));
  if (ev.source?.component || ev.source?.host)
    errs.push(invalidValue('source', '', 'needs to be unset'));
  return errs;
}

/** The extra checks of ValidateEventUpdate for events.k8s.io/v1 writes: almost all is immutable. */
export function strictValidateEventUpdate(ev: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!deepEqual(ev.series ?? null, old.series ?? null)) errs.push(...validateSeries(ev));
  const immutable: [string, string][] = [
    ['involvedObject', 'involvedObject'],
    ['reason', 'reason'],
    ['message', 'message'],
    ['source', 'source'],
    ['firstTimestamp', 'firstTimestamp'],
    ['lastTimestamp', 'lastTimestamp'],
    ['count', 'count'],
    ['reason', 'reason'],
    ['type', 'type'],
    ['eventTime', 'eventTime'],
    ['action', 'action'],
    ['related', 'related'],
    ['reportingComponent', 'reportingController'],
    ['reportingInstance', 'reportingInstance'],
  ];
  for (const [key, path] of immutable) {
    if (!deepEqual(ev[key] ?? null, old[key] ?? null))
      errs.push(invalidValue(path, ev[key] ?? '', 'field is immutable'));
  }
  return errs;
}
