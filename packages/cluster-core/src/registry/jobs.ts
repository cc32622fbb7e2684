/**
 * batch/v1 Job: SetDefaults_Job, pkg/registry/batch/job/strategy.go (generated selector and
 * the controller-uid / job-name labels), ValidateJob / ValidateJobSpecUpdate and printers.go
 * printJob (STATUS COMPLETIONS DURATION, as kubectl shows them against 1.33).
 */
import { deepEqual } from '../api/equality';
import { type FieldError, invalidValue, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isDNS1123Label } from '../api/validation';
import { invalidLiteral } from './go-literal';
import { goLabelSelector, goStringMap } from './go-values';
import { defaultJobSpec, validateJobSpec } from './job-spec';
import { selectorMatches, validateLabelSelector } from './label-validation';
import { templateWideCells, templateWideColumns } from './pod-printing';
import { defaultPodTemplate } from './pod-spec-defaults';
import { AGE_COLUMN, age, formatLabelSelector, humanDuration, NAME_COLUMN } from './printing';
import { isObj, isSet, num, type Obj, objs, specOf, str, strMap } from './spec-access';
import type { ResourceDefinition } from './types';
import { IMMUTABLE, selectorConverts } from './workload-validation';
import { dnsLabelNameWarning, templateWarnings } from './workload-warnings';

const CONTROLLER_UID = 'controller-uid';
const JOB_NAME = 'job-name';
const BATCH_CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const BATCH_JOB_NAME = 'batch.kubernetes.io/job-name';

function templateLabels(spec: Obj): Record<string, string> {
  if (!isObj(spec.template)) spec.template = {};
  if (!isObj(spec.template.metadata)) spec.template.metadata = {};
  if (!isObj(spec.template.metadata.labels)) spec.template.metadata.labels = {};
  return spec.template.metadata.labels;
}

/** generateSelector: the four generated labels on the template, controller-uid in the selector. */
function generateSelector(job: KubeObject): void {
  const spec = specOf(job);
  const labels = templateLabels(spec);
  const name = job.metadata.name ?? '';
  const uid = job.metadata.uid ?? '';
  for (const key of [JOB_NAME, BATCH_JOB_NAME]) if (!(key in labels)) labels[key] = name;
  for (const key of [CONTROLLER_UID, BATCH_CONTROLLER_UID]) if (!(key in labels)) labels[key] = uid;
  if (!isObj(spec.selector)) spec.selector = {};
  if (!isObj(spec.selector.matchLabels)) spec.selector.matchLabels = {};
  if (!(BATCH_CONTROLLER_UID in spec.selector.matchLabels))
    spec.selector.matchLabels[BATCH_CONTROLLER_UID] = uid;
}

/** ValidateHasLabel */
function hasLabel(meta: Obj, key: string, expected: string): FieldError[] {
  const labels = strMap(meta.labels);
  const path = `spec.template.metadata.labels[${key}]`;
  if (!(key in labels)) return [required(path, `must be '${expected}'`)];
  if (labels[key] !== expected)
    return [invalidLiteral(path, goStringMap(meta.labels), `must be '${expected}'`)];
  return [];
}

/** validateGeneratedSelector (prefixed labels are required for jobs made here). */
function validateGeneratedSelector(job: KubeObject): FieldError[] {
  const spec = specOf(job);
  if (spec.manualSelector === true || !isObj(spec.selector)) return [];
  const errs: FieldError[] = [];
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  if (!uid) errs.push(required('metadata.uid'));
  const meta: Obj =
    isObj(spec.template) && isObj(spec.template.metadata) ? spec.template.metadata : {};
  errs.push(...hasLabel(meta, CONTROLLER_UID, uid), ...hasLabel(meta, JOB_NAME, name));
  errs.push(...hasLabel(meta, BATCH_CONTROLLER_UID, uid), ...hasLabel(meta, BATCH_JOB_NAME, name));
  const expected = {
    [BATCH_CONTROLLER_UID]: uid,
    [BATCH_JOB_NAME]: name,
    [CONTROLLER_UID]: uid,
    [JOB_NAME]: name,
  };
  if (selectorConverts(spec.selector) && !selectorMatches(spec.selector, expected)) {
    errs.push(
      invalidLiteral(
        'spec.selector',
        goLabelSelector(spec.selector),
        '`selector` not auto-generated',
      ),
    );
  }
  return errs;
}

/** ValidateJob */
function validateJob(job: KubeObject): FieldError[] {
  const spec = specOf(job);
  const errs = validateGeneratedSelector(job);
  errs.push(...validateJobSpec(spec, 'spec'));
  if (!isObj(spec.selector)) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  if (selectorConverts(spec.selector)) {
    const labels =
      isObj(spec.template) && isObj(spec.template.metadata)
        ? spec.template.metadata.labels
        : undefined;
    if (!isObj(spec.selector) || !selectorMatches(spec.selector, labels)) {
      errs.push(
        invalidLiteral(
          'spec.template.metadata.labels',
          goStringMap(labels),
          '`selector` does not match template `labels`',
        ),
      );
    }
  }
  if (spec.completionMode === 'Indexed' && num(spec.completions) > 0) {
    const hostname = `${job.metadata.name ?? ''}-${num(spec.completions) - 1}`;
    if (isDNS1123Label(hostname).length) {
      errs.push(
        invalidValue(
          'metadata.name',
          job.metadata.name ?? '',
          `will not able to create pod with invalid DNS label: ${hostname}`,
        ),
      );
    }
  }
  return errs;
}

/** %#v of a core.PodTemplateSpec, abbreviated to what identifies it. */
function goPodTemplateSpec(template: unknown): string {
  const t: Obj = isObj(template) ? template : {};
  const meta: Obj = isObj(t.metadata) ? t.metadata : {};
  const containers = objs(t.spec?.containers)
    .map(
      (c) =>
        `core.Container{Name:${JSON.stringify(str(c.name))}, Image:${JSON.stringify(str(c.image))}, ...}`,
    )
    .join(', ');
  return `core.PodTemplateSpec{ObjectMeta:v1.ObjectMeta{Name:${JSON.stringify(str(meta.name))}, Labels:${goStringMap(meta.labels)}, Annotations:${goStringMap(meta.annotations)}, ...}, Spec:core.PodSpec{Containers:[]core.Container{${containers}}, RestartPolicy:${JSON.stringify(str(t.spec?.restartPolicy))}, ...}}`;
}

/** ValidateJobSpecUpdate: what may not change once a Job exists. */
function validateJobUpdate(job: KubeObject, old: KubeObject): FieldError[] {
  const spec = specOf(job);
  const oldSpec = specOf(old);
  const errs: FieldError[] = [];
  if (
    spec.completionMode !== 'Indexed' &&
    !deepEqual(spec.completions ?? null, oldSpec.completions ?? null)
  ) {
    errs.push(invalidValue('spec.completions', spec.completions ?? null, IMMUTABLE));
  }
  if (
    spec.completionMode === 'Indexed' &&
    !deepEqual(spec.completions ?? null, oldSpec.completions ?? null) &&
    isSet(spec.completions)
  ) {
    if (num(spec.completions) !== num(spec.parallelism)) {
      errs.push(
        invalidValue(
          'spec.completions',
          num(spec.completions),
          'can only be modified in tandem with spec.parallelism',
        ),
      );
    }
  }
  if (!deepEqual(spec.selector ?? null, oldSpec.selector ?? null)) {
    errs.push(invalidLiteral('spec.selector', goLabelSelector(spec.selector), IMMUTABLE));
  }
  // scheduling directives stay mutable while a suspended job has never started
  let oldTemplate: Obj = structuredClone(oldSpec.template ?? {});
  if (oldSpec.suspend === true && !isSet(old.status?.startTime)) {
    const t: Obj = structuredClone(spec.template ?? {});
    oldTemplate = {
      ...oldTemplate,
      metadata: {
        ...(oldTemplate.metadata ?? {}),
        labels: t.metadata?.labels,
        annotations: t.metadata?.annotations,
      },
      spec: {
        ...(oldTemplate.spec ?? {}),
        nodeSelector: t.spec?.nodeSelector,
        tolerations: t.spec?.tolerations,
        schedulingGates: t.spec?.schedulingGates,
        affinity: t.spec?.affinity,
      },
    };
  }
  const clean = (o: unknown) => JSON.parse(JSON.stringify(o ?? {}));
  if (!deepEqual(clean(spec.template), clean(oldTemplate))) {
    errs.push(invalidLiteral('spec.template', goPodTemplateSpec(spec.template), IMMUTABLE));
  }
  for (const f of [
    'completionMode',
    'podFailurePolicy',
    'backoffLimitPerIndex',
    'managedBy',
    'successPolicy',
  ]) {
    if (!deepEqual(spec[f] ?? null, oldSpec[f] ?? null))
      errs.push(invalidValue(`spec.${f}`, spec[f] ?? null, IMMUTABLE));
  }
  return errs;
}

function conditionTrue(status: Obj, type: string): boolean {
  const cond = objs(status.conditions).find((c) => c.type === type);
  return cond?.status === 'True';
}

/** printJob's STATUS: Complete, Failed, Terminating, Suspended, FailureTarget or Running. */
function jobStatus(job: KubeObject, status: Obj): string {
  if (conditionTrue(status, 'Complete')) return 'Complete';
  if (conditionTrue(status, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (conditionTrue(status, 'Suspended')) return 'Suspended';
  if (conditionTrue(status, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export const jobs: ResourceDefinition = {
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  plural: 'jobs',
  namespaced: true,
  categories: ['all'],
  statusSubresource: true,
  generation: true,
  defaults(obj) {
    const spec = specOf(obj);
    defaultJobSpec(spec);
    if (!isObj(spec.template)) spec.template = {};
    const labels = isObj(spec.template.metadata) ? spec.template.metadata.labels : undefined;
    if (isObj(labels) && Object.keys(obj.metadata.labels ?? {}).length === 0)
      obj.metadata.labels = { ...labels };
    defaultPodTemplate(spec.template, { kind: 'Job' });
  },
  prepareForCreate(obj) {
    const spec = specOf(obj);
    const before = structuredClone(spec.template?.metadata?.labels ?? null);
    if (spec.manualSelector !== true) generateSelector(obj);
    // SetDefaults_Job shares the template's label map with the Job; reading the Job back
    // (defaulted again) therefore shows the generated labels too
    const labels = obj.metadata.labels ?? {};
    if (Object.keys(labels).length === 0 || (before && deepEqual(labels, before))) {
      const generated = spec.template?.metadata?.labels;
      if (isObj(generated) && Object.keys(generated).length) obj.metadata.labels = { ...generated };
    }
    obj.status = {};
  },
  validate: (obj) => validateJob(obj),
  validateUpdate: (obj, old) => validateJobUpdate(obj, old),
  warnings(obj, old) {
    if (old && old.metadata.generation === obj.metadata.generation) return [];
    return [
      ...(old ? [] : dnsLabelNameWarning(obj)),
      ...templateWarnings('spec.template', specOf(obj).template),
    ];
  },
  selectableFields: {
    'status.successful': (o) => String(num(o.status?.succeeded)),
  },
  columns: [
    NAME_COLUMN,
    { name: 'Status', type: 'string', description: 'Status of the job.' },
    {
      name: 'Completions',
      type: 'string',
      description: 'The number of pods which reached phase Succeeded.',
    },
    { name: 'Duration', type: 'string', description: 'Time required to complete the job.' },
    AGE_COLUMN,
    ...templateWideColumns('A label query over pods that should match the pod count.'),
  ],
  row: (obj, ctx) => {
    const spec = specOf(obj);
    const status: Obj = isObj(obj.status) ? obj.status : {};
    const succeeded = num(status.succeeded);
    let completions: string;
    if (isSet(spec.completions)) completions = `${succeeded}/${num(spec.completions)}`;
    else if (num(spec.parallelism) > 1) completions = `${succeeded}/1 of ${num(spec.parallelism)}`;
    else completions = `${succeeded}/1`;
    let duration = '';
    if (status.startTime) {
      const end = status.completionTime ? Date.parse(status.completionTime) : ctx.now;
      duration = humanDuration(end - Date.parse(status.startTime));
    }
    return [
      obj.metadata.name,
      jobStatus(obj, status),
      completions,
      duration,
      age(obj, ctx),
      ...templateWideCells(spec.template, formatLabelSelector(spec.selector)),
    ];
  },
};
