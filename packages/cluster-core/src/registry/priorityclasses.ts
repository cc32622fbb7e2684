/**
 * scheduling.k8s.io/v1 PriorityClass: pkg/apis/scheduling/validation, pkg/apis/scheduling/v1
 * defaults, printers.go printPriorityClass, and the two system classes every cluster has.
 */
import { type FieldError, forbiddenField, invalidValue, notSupported, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { AGE_COLUMN, NAME_COLUMN, age } from './printing';
import type { ResourceDefinition } from './types';

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
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

const isSystemClass = (obj: KubeObject) =>
  SYSTEM_PRIORITY_CLASSES.some((c) => c.metadata.name === obj.metadata.name && c.value === obj.value);

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
    if (name.startsWith('system-') && !isSystemClass(obj)) {
      errs.push(forbiddenField('metadata.name', "priority class names with 'system-' prefix are reserved for system use only"));
    } else if (!name.startsWith('system-') && obj.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
      errs.push(forbiddenField('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
    }
    if (obj.preemptionPolicy !== undefined && !PREEMPTION_POLICIES.includes(obj.preemptionPolicy)) {
      errs.push(notSupported('preemptionPolicy', obj.preemptionPolicy, PREEMPTION_POLICIES));
    }
    if (obj.globalDefault) {
      // The priority admission plugin allows one global default.
      const other = ctx
        .list('scheduling.k8s.io', 'priorityclasses')
        .find((pc) => pc.globalDefault && pc.metadata.name !== name);
      if (other) errs.push(invalidValue('globalDefault', true, `globalDefault is already set by PriorityClass ${other.metadata.name}`));
    }
    return errs;
  },
  validateUpdate(obj, old) {
    const errs: FieldError[] = [];
    if (obj.value !== old.value) errs.push(forbiddenField('value', 'may not be changed in an update.'));
    if (obj.preemptionPolicy !== old.preemptionPolicy) {
      errs.push(invalidValue('preemptionPolicy', obj.preemptionPolicy, 'field is immutable'));
    }
    return errs;
  },
  columns: [
    NAME_COLUMN,
    { name: 'Value', type: 'integer', description: 'The priority value pods of this class get.' },
    { name: 'Global-Default', type: 'boolean', description: 'Whether this is the priority of pods without a priorityClassName.' },
    AGE_COLUMN,
    { name: 'PreemptionPolicy', type: 'string', description: 'Whether pods of this class may preempt lower-priority pods.' },
  ],
  row: (obj, ctx) => [obj.metadata.name, obj.value, Boolean(obj.globalDefault), age(obj, ctx), obj.preemptionPolicy ?? ''],
};
