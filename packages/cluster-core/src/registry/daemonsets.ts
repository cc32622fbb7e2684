/**
 * apps/v1 DaemonSet: SetDefaults_DaemonSet, pkg/registry/apps/daemonset/strategy.go (with the
 * `deprecated.daemonset.template.generation` annotation the v1 conversion keeps),
 * ValidateDaemonSetSpec and printers.go printDaemonSet.
 */
import { deepEqual } from '../api/equality';
import { type FieldError, invalidValue, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { invalidLiteral } from './go-literal';
import { goIntOrString, goLabelSelector, notSupportedLiteral } from './go-values';
import { validateLabelSelector } from './label-validation';
import { templateWideCells, templateWideColumns } from './pod-printing';
import { defaultPodTemplate } from './pod-spec-defaults';
import { AGE_COLUMN, age, formatLabelSelector, formatLabels, NAME_COLUMN } from './printing';
import { isObj, isSet, num, type Obj, specOf, str, strMap } from './spec-access';
import type { ResourceDefinition } from './types';
import {
  intOrPercentValue,
  nonNegative,
  notMoreThan100Percent,
  selectorConverts,
  selectorImmutable,
  selectorMatchesTemplate,
  validateAlwaysRestartingTemplate,
  validatePositiveIntOrPercent,
} from './workload-validation';
import { dnsLabelNameWarning, templateWarnings } from './workload-warnings';

const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

/** SetDefaults_DaemonSet */
function defaultDaemonSet(obj: KubeObject): void {
  const spec = specOf(obj);
  if (!isObj(spec.updateStrategy)) spec.updateStrategy = {};
  const strategy = spec.updateStrategy;
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    if (!isObj(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    if (!isSet(strategy.rollingUpdate.maxUnavailable)) strategy.rollingUpdate.maxUnavailable = 1;
    if (!isSet(strategy.rollingUpdate.maxSurge)) strategy.rollingUpdate.maxSurge = 0;
  }
  if (!isSet(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  if (!isObj(spec.template)) spec.template = {};
  defaultPodTemplate(spec.template, { kind: 'DaemonSet' });
}

function templateGeneration(obj: KubeObject): number {
  const value = Number.parseInt(obj.metadata.annotations?.[TEMPLATE_GENERATION] ?? '', 10);
  return Number.isFinite(value) ? value : 0;
}

function setTemplateGeneration(obj: KubeObject, value: number): void {
  obj.metadata.annotations = {
    ...(obj.metadata.annotations ?? {}),
    [TEMPLATE_GENERATION]: String(value),
  };
}

const goUpdateStrategy = (s: Obj) =>
  `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(str(s.type))}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(${isObj(s.rollingUpdate) ? '0xc000000000' : 'nil'})}`;

/** ValidateDaemonSetUpdateStrategy */
function validateUpdateStrategy(strategy: unknown, path: string): FieldError[] {
  const s: Obj = isObj(strategy) ? strategy : {};
  switch (s.type) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate': {
      if (!isObj(s.rollingUpdate)) return [required(`${path}.rollingUpdate`)];
      const ru = s.rollingUpdate;
      const p = `${path}.rollingUpdate`;
      const errs = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`),
        ...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...notMoreThan100Percent(ru.maxSurge, `${p}.maxSurge`),
      ];
      const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
      const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
      if (hasUnavailable && hasSurge) {
        errs.push(
          invalidLiteral(
            `${p}.maxSurge`,
            goIntOrString(ru.maxSurge),
            'may not be set when maxUnavailable is non-zero',
          ),
        );
      } else if (!hasUnavailable && !hasSurge) {
        errs.push(required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
      }
      return errs;
    }
    default:
      return [notSupportedLiteral(path, goUpdateStrategy(s), ['RollingUpdate', 'OnDelete'])];
  }
}

/** ValidateDaemonSetSpec */
function validateDaemonSetSpec(spec: Obj): FieldError[] {
  const errs = validateLabelSelector(spec.selector, 'spec.selector');
  if (selectorConverts(spec.selector))
    errs.push(...selectorMatchesTemplate(spec.selector, spec.template, 'spec.template'));
  if (isObj(spec.selector)) {
    const count =
      Object.keys(strMap(spec.selector.matchLabels)).length +
      (Array.isArray(spec.selector.matchExpressions) ? spec.selector.matchExpressions.length : 0);
    if (count === 0)
      errs.push(
        invalidLiteral(
          'spec.selector',
          goLabelSelector(spec.selector),
          'empty selector is invalid for daemonset',
        ),
      );
  }
  errs.push(...validateAlwaysRestartingTemplate(spec.template, 'spec.template', 'DaemonSet'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateUpdateStrategy(spec.updateStrategy, 'spec.updateStrategy'));
  if (isSet(spec.revisionHistoryLimit))
    errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

export const daemonSets: ResourceDefinition = {
  group: 'apps',
  version: 'v1',
  kind: 'DaemonSet',
  plural: 'daemonsets',
  namespaced: true,
  shortNames: ['ds'],
  categories: ['all'],
  statusSubresource: true,
  statusWritesAnnotations: true,
  generation: true,
  defaults: defaultDaemonSet,
  prepareForCreate(obj) {
    obj.status = {
      currentNumberScheduled: 0,
      desiredNumberScheduled: 0,
      numberMisscheduled: 0,
      numberReady: 0,
    };
    if (templateGeneration(obj) < 1) setTemplateGeneration(obj, 1);
  },
  prepareForUpdate(obj, old) {
    // spec.templateGeneration (kept in the annotation) moves with every template change
    const previous = templateGeneration(old);
    setTemplateGeneration(
      obj,
      deepEqual(specOf(obj).template, specOf(old).template) ? previous : previous + 1,
    );
  },
  validate: (obj) => {
    const errs = validateDaemonSetSpec(specOf(obj));
    if (templateGeneration(obj) < 0)
      errs.push(
        invalidValue(
          'spec.templateGeneration',
          templateGeneration(obj),
          'must be greater than or equal to 0',
        ),
      );
    return errs;
  },
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
    {
      name: 'Desired',
      type: 'integer',
      description: 'The total number of nodes that should be running the daemon pod.',
    },
    {
      name: 'Current',
      type: 'integer',
      description:
        'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
    },
    {
      name: 'Ready',
      type: 'integer',
      description:
        'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      description: 'The total number of nodes that are running updated daemon pod',
    },
    {
      name: 'Available',
      type: 'integer',
      description:
        'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.',
    },
    {
      name: 'Node Selector',
      type: 'string',
      description: 'NodeSelector is a selector which must be true for the pod to fit on a node.',
    },
    AGE_COLUMN,
    ...templateWideColumns('A label query over pods that are managed by the daemon set.'),
  ],
  row: (obj, ctx) => {
    const spec = specOf(obj);
    const status: Obj = isObj(obj.status) ? obj.status : {};
    return [
      obj.metadata.name,
      num(status.desiredNumberScheduled),
      num(status.currentNumberScheduled),
      num(status.numberReady),
      num(status.updatedNumberScheduled),
      num(status.numberAvailable),
      formatLabels(strMap(spec.template?.spec?.nodeSelector)),
      age(obj, ctx),
      ...templateWideCells(spec.template, formatLabelSelector(spec.selector)),
    ];
  },
};
