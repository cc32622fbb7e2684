/**
 * apps/v1 Deployment: SetDefaults_Deployment (pkg/apis/apps/v1/defaults.go), the strategy of
 * pkg/registry/apps/deployment/strategy.go, ValidateDeploymentSpec
 * (pkg/apis/apps/validation) and printers.go printDeployment.
 */
import { type FieldError, forbiddenField, invalidValue, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { invalidLiteral } from './go-literal';
import { goIntOrString, notSupportedLiteral } from './go-values';
import { templateWideCells, templateWideColumns } from './pod-printing';
import { defaultPodTemplate } from './pod-spec-defaults';
import { AGE_COLUMN, age, formatLabelSelector, NAME_COLUMN } from './printing';
import { isObj, isSet, num, type Obj, specOf, str } from './spec-access';
import type { ResourceDefinition } from './types';
import {
  intOrPercentValue,
  nonNegative,
  notMoreThan100Percent,
  selectorImmutable,
  validatePositiveIntOrPercent,
  validateSelectedTemplate,
} from './workload-validation';
import { dnsLabelNameWarning, templateWarnings } from './workload-warnings';

/** SetDefaults_Deployment */
function defaultDeployment(obj: KubeObject): void {
  const spec = specOf(obj);
  if (!isSet(spec.replicas)) spec.replicas = 1;
  if (!isObj(spec.strategy)) spec.strategy = {};
  const strategy = spec.strategy;
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    if (!isObj(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    if (!isSet(strategy.rollingUpdate.maxUnavailable))
      strategy.rollingUpdate.maxUnavailable = '25%';
    if (!isSet(strategy.rollingUpdate.maxSurge)) strategy.rollingUpdate.maxSurge = '25%';
  }
  if (!isSet(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  if (!isSet(spec.progressDeadlineSeconds)) spec.progressDeadlineSeconds = 600;
  if (!isObj(spec.template)) spec.template = {};
  defaultPodTemplate(spec.template, { kind: 'Deployment' });
}

/** ValidateDeploymentStrategy */
function validateStrategy(strategy: unknown, path: string): FieldError[] {
  const s: Obj = isObj(strategy) ? strategy : {};
  switch (s.type) {
    case 'Recreate':
      return isSet(s.rollingUpdate)
        ? [
            forbiddenField(
              `${path}.rollingUpdate`,
              "may not be specified when strategy `type` is 'Recreate'",
            ),
          ]
        : [];
    case 'RollingUpdate': {
      if (!isObj(s.rollingUpdate))
        return [required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
      const ru = s.rollingUpdate;
      const p = `${path}.rollingUpdate`;
      const errs = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`),
      ];
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(
          invalidLiteral(
            `${p}.maxUnavailable`,
            goIntOrString(ru.maxUnavailable),
            'may not be 0 when `maxSurge` is 0',
          ),
        );
      }
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
      return errs;
    }
    default: {
      const ru = isObj(s.rollingUpdate)
        ? '(*apps.RollingUpdateDeployment)(0xc000000000)'
        : '(*apps.RollingUpdateDeployment)(nil)';
      const text = `apps.DeploymentStrategy{Type:${JSON.stringify(str(s.type))}, RollingUpdate:${ru}}`;
      return [notSupportedLiteral(path, text, ['Recreate', 'RollingUpdate'])];
    }
  }
}

/** ValidateDeploymentSpec */
export function validateDeploymentSpec(spec: Obj): FieldError[] {
  const errs = nonNegative(spec.replicas, 'spec.replicas');
  errs.push(...validateSelectedTemplate(spec));
  errs.push(...validateStrategy(spec.strategy, 'spec.strategy'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (isSet(spec.revisionHistoryLimit))
    errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (isSet(spec.progressDeadlineSeconds)) {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (num(spec.progressDeadlineSeconds) <= num(spec.minReadySeconds)) {
      errs.push(
        invalidValue(
          'spec.progressDeadlineSeconds',
          num(spec.progressDeadlineSeconds),
          'must be greater than minReadySeconds',
        ),
      );
    }
  }
  return errs;
}

/** LabelSelectorAsSelector(...).String(): '' for a missing or empty selector. */
function selectorString(selector: unknown): string {
  if (!isObj(selector)) return '';
  const text = formatLabelSelector(selector);
  return text === '<none>' ? '' : text;
}

export const deployments: ResourceDefinition = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  statusSubresource: true,
  statusWritesAnnotations: true,
  scale: {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.replicas',
    labelSelectorPath: '.spec.selector',
  },
  generation: true,
  generationTracksAnnotations: true,
  defaults: defaultDeployment,
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate: (obj) => validateDeploymentSpec(specOf(obj)),
  validateUpdate: (obj, old) => selectorImmutable(obj, old),
  warnings(obj, old) {
    if (old && old.metadata.generation === obj.metadata.generation) return [];
    return [
      ...(old ? [] : dnsLabelNameWarning(obj)),
      ...templateWarnings('spec.template', specOf(obj).template),
    ];
  },
  columns: [
    NAME_COLUMN,
    { name: 'Ready', type: 'string', description: 'Number of the pod with ready state' },
    {
      name: 'Up-to-date',
      type: 'string',
      description:
        'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    },
    {
      name: 'Available',
      type: 'string',
      description:
        'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    },
    AGE_COLUMN,
    ...templateWideColumns(
      'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
    ),
  ],
  row: (obj, ctx) => {
    const spec = specOf(obj);
    const status: Obj = isObj(obj.status) ? obj.status : {};
    return [
      obj.metadata.name,
      `${num(status.readyReplicas)}/${num(spec.replicas)}`,
      num(status.updatedReplicas),
      num(status.availableReplicas),
      age(obj, ctx),
      ...templateWideCells(spec.template, selectorString(spec.selector)),
    ];
  },
};
