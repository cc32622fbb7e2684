/**
 * core/v1 ReplicationController: SetDefaults_ReplicationController, the strategy of
 * pkg/registry/core/replicationcontroller, ValidateReplicationControllerSpec and
 * printers.go printReplicationController.
 */
import { type FieldError, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { invalidLiteral } from './go-literal';
import { goStringMap } from './go-values';
import { templateWideCells, templateWideColumns } from './pod-printing';
import { defaultPodTemplate } from './pod-spec-defaults';
import { AGE_COLUMN, age, formatLabels, NAME_COLUMN } from './printing';
import { isObj, isSet, num, type Obj, specOf, strMap } from './spec-access';
import type { ResourceDefinition } from './types';
import { nonNegative, validateAlwaysRestartingTemplate } from './workload-validation';
import { dnsLabelNameWarning, templateWarnings } from './workload-warnings';

/** SetDefaults_ReplicationController: selector and labels from the template's labels. */
function defaultReplicationController(obj: KubeObject): void {
  const spec = specOf(obj);
  const labels =
    isObj(spec.template) && isObj(spec.template.metadata)
      ? spec.template.metadata.labels
      : undefined;
  if (isObj(labels)) {
    if (Object.keys(strMap(spec.selector)).length === 0) spec.selector = { ...labels };
    if (Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...labels };
  }
  if (!isSet(spec.replicas)) spec.replicas = 1;
  if (isObj(spec.template)) defaultPodTemplate(spec.template, { kind: 'ReplicationController' });
}

/** ValidateReplicationControllerSpec */
function validateReplicationControllerSpec(spec: Obj): FieldError[] {
  const errs = nonNegative(spec.minReadySeconds, 'spec.minReadySeconds');
  const selector = strMap(spec.selector);
  if (Object.keys(selector).length === 0) errs.push(required('spec.selector'));
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  if (!isObj(spec.template)) {
    errs.push(required('spec.template'));
    return errs;
  }
  const labels = isObj(spec.template.metadata) ? strMap(spec.template.metadata.labels) : {};
  const entries = Object.entries(selector);
  if (entries.length && !entries.every(([k, v]) => labels[k] === v)) {
    errs.push(
      invalidLiteral(
        'spec.template.metadata.labels',
        goStringMap(spec.template.metadata?.labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  errs.push(
    ...validateAlwaysRestartingTemplate(spec.template, 'spec.template', 'ReplicationController'),
  );
  return errs;
}

export const replicationControllers: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'ReplicationController',
  plural: 'replicationcontrollers',
  namespaced: true,
  quota: { legacyCount: 'replicationcontrollers' },
  shortNames: ['rc'],
  categories: ['all'],
  statusSubresource: true,
  scale: {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.replicas',
    labelSelectorPath: '.spec.selector',
  },
  generation: true,
  defaults: defaultReplicationController,
  prepareForCreate(obj) {
    obj.status = { replicas: 0 };
  },
  validate: (obj) => validateReplicationControllerSpec(specOf(obj)),
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
    {
      name: 'Desired',
      type: 'integer',
      description: 'Replicas is the number of desired replicas.',
    },
    {
      name: 'Current',
      type: 'integer',
      description: 'Replicas is the most recently observed number of replicas.',
    },
    {
      name: 'Ready',
      type: 'integer',
      description: 'The number of ready replicas for this replication controller.',
    },
    AGE_COLUMN,
    ...templateWideColumns(
      'Selector is a label query over pods that should match the Replicas count.',
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
      ...templateWideCells(spec.template, formatLabels(strMap(spec.selector))),
    ];
  },
};
