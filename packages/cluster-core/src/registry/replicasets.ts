/**
 * apps/v1 ReplicaSet: SetDefaults_ReplicaSet, pkg/registry/apps/replicaset/strategy.go,
 * ValidateReplicaSetSpec (pkg/apis/apps/validation) and printers.go printReplicaSet.
 */
import type { FieldError } from '../api/field-errors';
import { templateWideCells, templateWideColumns } from './pod-printing';
import { defaultPodTemplate } from './pod-spec-defaults';
import { AGE_COLUMN, age, formatLabelSelector, NAME_COLUMN } from './printing';
import { isObj, isSet, num, type Obj, specOf } from './spec-access';
import type { ResourceDefinition } from './types';
import { nonNegative, selectorImmutable, validateSelectedTemplate } from './workload-validation';
import { dnsLabelNameWarning, templateWarnings } from './workload-warnings';

/** ValidateReplicaSetSpec */
function validateReplicaSetSpec(spec: Obj): FieldError[] {
  const errs = nonNegative(spec.replicas, 'spec.replicas');
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateSelectedTemplate(spec));
  return errs;
}

export const replicaSets: ResourceDefinition = {
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  plural: 'replicasets',
  namespaced: true,
  shortNames: ['rs'],
  categories: ['all'],
  statusSubresource: true,
  statusWritesAnnotations: true,
  scale: {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.replicas',
    labelSelectorPath: '.spec.selector',
  },
  generation: true,
  defaults(obj) {
    const spec = specOf(obj);
    if (!isSet(spec.replicas)) spec.replicas = 1;
    if (!isObj(spec.template)) spec.template = {};
    defaultPodTemplate(spec.template, { kind: 'ReplicaSet' });
  },
  prepareForCreate(obj) {
    obj.status = { replicas: 0 };
  },
  validate: (obj) => validateReplicaSetSpec(specOf(obj)),
  validateUpdate: (obj, old) => selectorImmutable(obj, old),
  warnings(obj, old) {
    if (old && old.metadata.generation === obj.metadata.generation) return [];
    return [
      ...(old ? [] : dnsLabelNameWarning(obj)),
      ...templateWarnings('spec.template', specOf(obj).template),
    ];
  },
  selectableFields: {
    'status.replicas': (o) => String(num(o.status?.replicas)),
  },
  columns: [
    NAME_COLUMN,
    { name: 'Desired', type: 'integer', description: 'Replicas is the number of desired pods.' },
    {
      name: 'Current',
      type: 'integer',
      description: 'Replicas is the most recently observed number of replicas.',
    },
    {
      name: 'Ready',
      type: 'integer',
      description: 'The number of ready replicas for this replica set.',
    },
    AGE_COLUMN,
    ...templateWideColumns(
      'Selector is a label query over pods that should match the replica count.',
    ),
  ],
  row: (obj, ctx) => {
    const spec = specOf(obj);
    const status: Obj = isObj(obj.status) ? obj.status : {};
    return [
      obj.metadata.name,
      num(spec.replicas),
      num(status.replicas),
      num(status.readyReplicas),
      age(obj, ctx),
      ...templateWideCells(spec.template, formatLabelSelector(spec.selector)),
    ];
  },
};
