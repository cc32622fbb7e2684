/**
 * The JobSpec rules Jobs and CronJob job templates share: SetDefaults_Job's spec part and
 * validateJobSpec from pkg/apis/batch/validation/validation.go.
 */
import {
  type FieldError,
  invalidValue,
  notSupported,
  required,
  tooLong,
  tooMany,
} from '../api/field-errors';
import { validatePodTemplateSpec } from './pod-spec-validation';
import { isObj, isSet, num, type Obj, objs, str } from './spec-access';
import { nonNegative } from './workload-validation';

const MAX_PARALLELISM_INDEXED = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

/** SetDefaults_Job for a Job's spec (not applied to CronJob job templates). */
export function defaultJobSpec(spec: Obj): void {
  if (!isSet(spec.completions) && !isSet(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (!isSet(spec.parallelism)) spec.parallelism = 1;
  if (!isSet(spec.backoffLimit))
    spec.backoffLimit = isSet(spec.backoffLimitPerIndex) ? 2147483647 : 6;
  if (!isSet(spec.completionMode)) spec.completionMode = 'NonIndexed';
  if (!isSet(spec.suspend)) spec.suspend = false;
  if (!isSet(spec.manualSelector)) spec.manualSelector = false;
  if (!isSet(spec.podReplacementPolicy))
    spec.podReplacementPolicy = isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed';
  if (isObj(spec.podFailurePolicy)) {
    for (const rule of objs(spec.podFailurePolicy.rules)) {
      for (const pattern of objs(rule.onPodConditions))
        if (!pattern.status) pattern.status = 'True';
    }
  }
}

function validatePodFailurePolicy(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rules = objs(spec.podFailurePolicy.rules);
  if (rules.length > 20) errs.push(tooMany(`${path}.rules`, rules.length, 20));
  rules.forEach((rule, i) => {
    const p = `${path}.rules[${i}]`;
    const action = str(rule.action);
    if (!ACTIONS.includes(action)) errs.push(notSupported(`${p}.action`, action, ACTIONS));
    const hasExit = isObj(rule.onExitCodes);
    const hasConditions = Array.isArray(rule.onPodConditions) && rule.onPodConditions.length > 0;
    if (hasExit && hasConditions) {
      errs.push(
        invalidValue(p, '', 'specifying both OnExitCodes and OnPodConditions is not supported'),
      );
    } else if (!hasExit && !hasConditions) {
      errs.push(
        invalidValue(p, '', 'specifying one of OnExitCodes and OnPodConditions is required'),
      );
    }
    if (hasExit) {
      const op = str(rule.onExitCodes.operator);
      if (!['In', 'NotIn'].includes(op))
        errs.push(notSupported(`${p}.onExitCodes.operator`, op, ['In', 'NotIn']));
      const values = Array.isArray(rule.onExitCodes.values) ? rule.onExitCodes.values : [];
      if (values.length === 0) errs.push(required(`${p}.onExitCodes.values`));
    }
  });
  return errs;
}

/** validateJobSpec: counts, completion mode, policies and the pod template (not the selector). */
export function validateJobSpec(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
    'backoffLimitPerIndex',
  ]) {
    if (isSet(spec[f])) errs.push(...nonNegative(spec[f], `${path}.${f}`));
  }
  if (isSet(spec.maxFailedIndexes)) {
    errs.push(...nonNegative(spec.maxFailedIndexes, `${path}.maxFailedIndexes`));
    if (!isSet(spec.backoffLimitPerIndex))
      errs.push(required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
  }
  if (isSet(spec.managedBy)) {
    const managedBy = str(spec.managedBy);
    if (managedBy.length > 63) errs.push(tooLong(`${path}.managedBy`, '', 63));
    if (!/^[a-z0-9.-]+\/[^/]*$/.test(managedBy)) {
      errs.push(
        invalidValue(
          `${path}.managedBy`,
          managedBy,
          'must be a domain-prefixed path (such as "acme.io/foo")',
        ),
      );
    }
  }
  const mode = str(spec.completionMode);
  if (isSet(spec.completionMode)) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') {
      errs.push(notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
    }
    if (mode === 'Indexed') {
      if (!isSet(spec.completions))
        errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
      if (isSet(spec.parallelism) && num(spec.parallelism) > MAX_PARALLELISM_INDEXED) {
        errs.push(
          invalidValue(
            `${path}.parallelism`,
            num(spec.parallelism),
            `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`,
          ),
        );
      }
      if (
        isSet(spec.completions) &&
        isSet(spec.maxFailedIndexes) &&
        num(spec.maxFailedIndexes) > num(spec.completions)
      ) {
        errs.push(
          invalidValue(
            `${path}.maxFailedIndexes`,
            num(spec.maxFailedIndexes),
            'must be less than or equal to completions',
          ),
        );
      }
      if (isSet(spec.maxFailedIndexes) && num(spec.maxFailedIndexes) > MAX_FAILED_INDEXES) {
        errs.push(
          invalidValue(
            `${path}.maxFailedIndexes`,
            num(spec.maxFailedIndexes),
            `must be less than or equal to ${MAX_FAILED_INDEXES}`,
          ),
        );
      }
    }
  }
  if (mode !== 'Indexed') {
    if (isSet(spec.backoffLimitPerIndex))
      errs.push(
        invalidValue(
          `${path}.backoffLimitPerIndex`,
          num(spec.backoffLimitPerIndex),
          'requires indexed completion mode',
        ),
      );
    if (isSet(spec.maxFailedIndexes))
      errs.push(
        invalidValue(
          `${path}.maxFailedIndexes`,
          num(spec.maxFailedIndexes),
          'requires indexed completion mode',
        ),
      );
  }
  if (isObj(spec.podFailurePolicy))
    errs.push(...validatePodFailurePolicy(spec, `${path}.podFailurePolicy`));
  if (isObj(spec.successPolicy) && mode !== 'Indexed') {
    errs.push(invalidValue(`${path}.successPolicy`, '', 'requires indexed completion mode'));
  }
  if (isSet(spec.podReplacementPolicy)) {
    const policy = str(spec.podReplacementPolicy);
    if (isObj(spec.podFailurePolicy)) {
      if (policy !== 'Failed')
        errs.push(notSupported(`${path}.podReplacementPolicy`, policy, ['Failed']));
    } else if (!['Failed', 'TerminatingOrFailed'].includes(policy)) {
      errs.push(
        notSupported(`${path}.podReplacementPolicy`, policy, ['Failed', 'TerminatingOrFailed']),
      );
    }
  }
  errs.push(...validatePodTemplateSpec(spec.template, `${path}.template`));
  const restartPolicy =
    isObj(spec.template) && isObj(spec.template.spec) ? str(spec.template.spec.restartPolicy) : '';
  const rp = `${path}.template.spec.restartPolicy`;
  if (restartPolicy === 'Always' || restartPolicy === '') {
    errs.push(required(rp, 'valid values: "OnFailure", "Never"'));
  } else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errs.push(notSupported(rp, restartPolicy, ['OnFailure', 'Never']));
  } else if (isObj(spec.podFailurePolicy) && restartPolicy !== 'Never') {
    errs.push(
      invalidValue(
        rp,
        restartPolicy,
        'only "Never" is supported when podFailurePolicy is specified',
      ),
    );
  }
  return errs;
}
