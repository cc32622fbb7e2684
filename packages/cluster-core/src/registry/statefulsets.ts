/**
 * apps/v1 StatefulSet: SetDefaults_StatefulSet, pkg/registry/apps/statefulset/strategy.go,
 * ValidateStatefulSetSpec / ValidateStatefulSetUpdate and printers.go printStatefulSet.
 * As upstream, the pod template's spec is not validated (only its labels and annotations).
 */
import { deepEqual } from '../api/equality';
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { invalidLiteral } from './go-literal';
import { validateLabelMap } from './label-validation';
import { CONTAINERS_COLUMN, containerCells, IMAGES_COLUMN } from './pod-printing';
import { defaultPersistentVolumeClaimTemplate, defaultPodTemplate } from './pod-spec-defaults';
import { validateAnnotations, validatePodSpecificAnnotations } from './pod-spec-validation';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import { isObj, isSet, num, type Obj, objs, specOf, str } from './spec-access';
import type { ResourceDefinition } from './types';
import {
  nonNegative,
  selectorConverts,
  selectorMatchesTemplate,
  validateRequiredSelector,
} from './workload-validation';
import { templateWarnings } from './workload-warnings';

/** SetDefaults_StatefulSet, plus the PersistentVolumeClaim defaults of each claim template. */
function defaultStatefulSet(obj: KubeObject): void {
  const spec = specOf(obj);
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  if (!isObj(spec.updateStrategy)) spec.updateStrategy = {};
  if (!spec.updateStrategy.type) {
    spec.updateStrategy.type = 'RollingUpdate';
    if (!isObj(spec.updateStrategy.rollingUpdate)) spec.updateStrategy.rollingUpdate = {};
  }
  const ru = spec.updateStrategy.rollingUpdate;
  if (spec.updateStrategy.type === 'RollingUpdate' && isObj(ru) && !isSet(ru.partition))
    ru.partition = 0;
  if (!isObj(spec.persistentVolumeClaimRetentionPolicy))
    spec.persistentVolumeClaimRetentionPolicy = {};
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  if (!retention.whenDeleted) retention.whenDeleted = 'Retain';
  if (!retention.whenScaled) retention.whenScaled = 'Retain';
  if (!isSet(spec.replicas)) spec.replicas = 1;
  if (!isSet(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  if (!isObj(spec.template)) spec.template = {};
  defaultPodTemplate(spec.template, { kind: 'StatefulSet' });
  for (const claim of objs(spec.volumeClaimTemplates)) {
    claim.apiVersion = claim.apiVersion || 'v1';
    claim.kind = claim.kind || 'PersistentVolumeClaim';
    defaultPersistentVolumeClaimTemplate(claim, { kind: 'StatefulSet' });
    if (!isObj(claim.status)) claim.status = {};
    if (!claim.status.phase) claim.status.phase = 'Pending';
  }
}

const goUpdateStrategy = (s: Obj) =>
  `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(str(s.type))}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(${isObj(s.rollingUpdate) ? '0xc000000000' : 'nil'})}`;

/** ValidateStatefulSetSpec */
function validateStatefulSetSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const policy = str(spec.podManagementPolicy);
  if (!policy) errs.push(required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(
      invalidValue('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"),
    );
  }
  const strategy: Obj = isObj(spec.updateStrategy) ? spec.updateStrategy : {};
  switch (strategy.type) {
    case undefined:
    case '':
      errs.push(required('spec.updateStrategy'));
      break;
    case 'OnDelete':
      if (isSet(strategy.rollingUpdate)) {
        errs.push(
          invalidLiteral(
            'spec.updateStrategy.rollingUpdate',
            '&apps.RollingUpdateStatefulSetStrategy{...}',
            "only allowed for updateStrategy 'RollingUpdate'",
          ),
        );
      }
      break;
    case 'RollingUpdate':
      if (isObj(strategy.rollingUpdate))
        errs.push(
          ...nonNegative(
            strategy.rollingUpdate.partition,
            'spec.updateStrategy.rollingUpdate.partition',
          ),
        );
      break;
    default:
      errs.push(
        invalidLiteral(
          'spec.updateStrategy',
          goUpdateStrategy(strategy),
          "must be 'RollingUpdate' or 'OnDelete'",
        ),
      );
  }
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  if (isObj(retention)) {
    for (const f of ['whenDeleted', 'whenScaled']) {
      if (!['Retain', 'Delete'].includes(str(retention[f]))) {
        errs.push(
          notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, str(retention[f]), [
            'Retain',
            'Delete',
          ]),
        );
      }
    }
  }
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (isObj(spec.ordinals)) errs.push(...nonNegative(spec.ordinals.start, 'spec.ordinals.start'));
  errs.push(
    ...validateRequiredSelector(
      spec.selector,
      'spec.selector',
      'empty selector is invalid for statefulset',
    ),
  );
  if (!selectorConverts(spec.selector)) {
    errs.push(invalidValue('spec.selector', spec.selector, ''));
  } else {
    const template: Obj = isObj(spec.template) ? spec.template : {};
    const meta: Obj = isObj(template.metadata) ? template.metadata : {};
    errs.push(...selectorMatchesTemplate(spec.selector, template, 'spec.template'));
    errs.push(...validateLabelMap(meta.labels, 'spec.template.labels'));
    errs.push(...validateAnnotations(meta.annotations, 'spec.template.annotations'));
    errs.push(
      ...validatePodSpecificAnnotations(
        meta.annotations,
        isObj(template.spec) ? template.spec : {},
        'spec.template.annotations',
      ),
    );
  }
  const podSpec: Obj = isObj(spec.template) && isObj(spec.template.spec) ? spec.template.spec : {};
  if (str(podSpec.restartPolicy) !== 'Always') {
    errs.push(
      notSupported('spec.template.spec.restartPolicy', str(podSpec.restartPolicy), ['Always']),
    );
  }
  if (isSet(podSpec.activeDeadlineSeconds)) {
    errs.push(
      forbiddenField(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in StatefulSet is not Supported',
      ),
    );
  }
  return errs;
}

const MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/** ValidateStatefulSetUpdate: only some spec fields may change. */
function validateStatefulSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const strip = (spec: Obj) =>
    Object.fromEntries(Object.entries(spec).filter(([k]) => !MUTABLE.includes(k)));
  if (deepEqual(strip(specOf(obj)), strip(specOf(old)))) return [];
  return [
    forbiddenField(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

export const statefulSets: ResourceDefinition = {
  group: 'apps',
  version: 'v1',
  kind: 'StatefulSet',
  plural: 'statefulsets',
  namespaced: true,
  nameRule: 'label',
  shortNames: ['sts'],
  categories: ['all'],
  statusSubresource: true,
  statusWritesAnnotations: true,
  scale: {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.replicas',
    labelSelectorPath: '.spec.selector',
  },
  generation: true,
  defaults: defaultStatefulSet,
  prepareForCreate(obj) {
    obj.status = { replicas: 0, availableReplicas: 0 };
  },
  validate: (obj) => validateStatefulSetSpec(specOf(obj)),
  validateUpdate: (obj, old) => validateStatefulSetUpdate(obj, old),
  warnings(obj, old) {
    if (old && old.metadata.generation === obj.metadata.generation) return [];
    return templateWarnings('spec.template', specOf(obj).template);
  },
  columns: [
    NAME_COLUMN,
    { name: 'Ready', type: 'string', description: 'Number of the pod with ready state' },
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
  ],
  row: (obj, ctx) => {
    const spec = specOf(obj);
    const status: Obj = isObj(obj.status) ? obj.status : {};
    const [names, images] = containerCells(spec.template?.spec?.containers);
    return [
      obj.metadata.name,
      `${num(status.readyReplicas)}/${num(spec.replicas)}`,
      age(obj, ctx),
      names,
      images,
    ];
  },
};
