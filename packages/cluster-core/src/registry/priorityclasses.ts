/**
 * scheduling.k8s.io/v1 PriorityClass: pkg/apis/scheduling/validation, pkg/apis/scheduling/v1
 * defaults, printers.go printPriorityClass, and the two system classes every cluster has.
 */
import { forbidden } from '../api/errors';
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition, StrategyContext } from './types';

/** scheduling.HighestUserDefinablePriority */
const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
const PREEMPTION_POLICIES = ['Never', 'PreemptLowerPriority'];

export const SYSTEM_PRIORITY_CLASSES: KubeObject[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-node-critical' },
    value: 2_000_001_000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-cluster-critical' },
    value: 2_000_000_000,
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

/** scheduling/v1 IsKnownSystemPriorityClass: '' when `obj` is one of the system classes, else why not. */
function unknownSystemClass(obj: KubeObject): string {
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.metadata.name === obj.metadata.name);
  if (!known) return `${obj.metadata.name} is not a known system priority class`;
  if (known.value !== obj.value)
    return `value of ${known.metadata.name} PriorityClass must be ${known.value}`;
  if (Boolean(obj.globalDefault) !== false)
    return `globalDefault of ${known.metadata.name} PriorityClass must be false`;
  return '';
}

/** The Priority admission plugin's default class: among several, the lowest value wins. */
function defaultPriorityClass(ctx: StrategyContext): KubeObject | undefined {
  return ctx
    .list('scheduling.k8s.io', 'priorityclasses')
    .filter((pc) => pc.globalDefault)
    .sort((a, b) => a.value - b.value)[0];
}

export const priorityClasses: ResourceDefinition = {
  group: 'scheduling.k8s.io',
  version: 'v1',
  kind: 'PriorityClass',
  plural: 'priorityclasses',
  namespaced: false,
  shortNames: ['pc'],
  defaults(obj) {
    if (obj.preemptionPolicy === undefined) obj.preemptionPolicy = 'PreemptLowerPriority';
  },
  validate(obj, ctx) {
    const errs: FieldError[] = [];
    const name = obj.metadata.name ?? '';
    if (obj.value === undefined || obj.value === null) errs.push(required('value'));
    const unknown = name.startsWith('system-') ? unknownSystemClass(obj) : '';
    if (unknown) {
      errs.push(
        forbiddenField(
          'metadata.name',
          `priority class names with 'system-' prefix are reserved for system use only. error: ${unknown}`,
        ),
      );
    } else if (!name.startsWith('system-') && obj.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
      errs.push(
        forbiddenField(
          'value',
          `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`,
        ),
      );
    }
    if (obj.preemptionPolicy !== undefined && !PREEMPTION_POLICIES.includes(obj.preemptionPolicy)) {
      errs.push(notSupported('preemptionPolicy', obj.preemptionPolicy, PREEMPTION_POLICIES));
    }
    // plugin/pkg/admission/priority validatePriorityClass runs after validation passed: one global
    // default at a time (a create, or an update of another class, is refused).
    if (!errs.length && obj.globalDefault) {
      const current = defaultPriorityClass(ctx);
      if (current && current.metadata.uid !== obj.metadata.uid) {
        throw forbidden(
          { group: 'scheduling.k8s.io', resource: 'priorityclasses' },
          name,
          `PriorityClass ${current.metadata.name} is already marked as default. Only one default can exist`,
        );
      }
    }
    return errs;
  },
  validateUpdate(obj, old) {
    const errs: FieldError[] = [];
    if (obj.value !== old.value)
      errs.push(forbiddenField('value', 'may not be changed in an update.'));
    if (obj.preemptionPolicy !== old.preemptionPolicy) {
      errs.push(invalidValue('preemptionPolicy', obj.preemptionPolicy, 'field is immutable'));
    }
    return errs;
  },
  columns: [
    NAME_COLUMN,
    { name: 'Value', type: 'integer', description: 'The priority value pods of this class get.' },
    {
      name: 'Global-Default',
      type: 'boolean',
      description: 'Whether this is the priority of pods without a priorityClassName.',
    },
    AGE_COLUMN,
    {
      name: 'PreemptionPolicy',
      type: 'string',
      description: 'Whether pods of this class may preempt lower-priority pods.',
    },
  ],
  row: (obj, ctx) => [
    obj.metadata.name,
    obj.value,
    Boolean(obj.globalDefault),
    age(obj, ctx),
    obj.preemptionPolicy ?? '',
  ],
};
