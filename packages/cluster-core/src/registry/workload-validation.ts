/**
 * What the pod-owning workloads share in pkg/apis/apps/validation and core validation:
 * selectors that must match the template, templates that must restart Always,
 * int-or-percent rollout parameters, selector immutability on update.
 */

import { deepEqual } from '../api/equality';
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import { invalidLiteral } from './go-literal';
import { goIntOrString, goLabelSelector, goStringMap } from './go-values';
import { selectorMatches, validateLabelSelector } from './label-validation';
import { validatePodTemplateSpec } from './pod-spec-validation';
import { isObj, isSet, num, type Obj, str } from './spec-access';

export const NEGATIVE = 'must be greater than or equal to 0';
export const IMMUTABLE = 'field is immutable';

/** ValidateNonnegativeField */
export function nonNegative(value: unknown, path: string): FieldError[] {
  return num(value) < 0 ? [invalidValue(path, num(value), NEGATIVE)] : [];
}

function isEmptySelector(selector: Obj): boolean {
  const labels = isObj(selector.matchLabels) ? Object.keys(selector.matchLabels).length : 0;
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0;
  return labels + exprs === 0;
}

/** The selector checks of ValidateDeploymentSpec / ValidateReplicaSetSpec / StatefulSet. */
export function validateRequiredSelector(
  selector: unknown,
  path: string,
  emptyMessage: string,
): FieldError[] {
  if (!isObj(selector)) return [required(path)];
  const errs = validateLabelSelector(selector, path);
  if (isEmptySelector(selector))
    errs.push(invalidLiteral(path, goLabelSelector(selector), emptyMessage));
  return errs;
}

/** Whether a LabelSelector converts to a selector (LabelSelectorAsSelector succeeds). */
export function selectorConverts(selector: unknown): boolean {
  if (!isObj(selector)) return true;
  const exprs = Array.isArray(selector.matchExpressions)
    ? (selector.matchExpressions as Obj[])
    : [];
  return exprs.every((e) => ['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(str(e.operator)));
}

/**
 * `selector` does not match template `labels`. A missing selector converts to labels.Nothing(),
 * which matches nothing; an empty one to Everything(), which upstream skips.
 */
export function selectorMatchesTemplate(
  selector: unknown,
  template: unknown,
  path: string,
): FieldError[] {
  if (isObj(selector) && isEmptySelector(selector)) return [];
  const labels = isObj(template) && isObj(template.metadata) ? template.metadata.labels : undefined;
  if (isObj(selector) && selectorMatches(selector, labels)) return [];
  return [
    invalidLiteral(
      `${path}.metadata.labels`,
      goStringMap(labels),
      '`selector` does not match template `labels`',
    ),
  ];
}

/**
 * ValidatePodTemplateSpecForReplicaSet (also DaemonSet, ReplicationController): the template
 * is validated, must restart Always and may not set activeDeadlineSeconds.
 */
export function validateAlwaysRestartingTemplate(
  template: unknown,
  path: string,
  kindForDeadline: string,
): FieldError[] {
  const errs = validatePodTemplateSpec(template, path);
  const spec = isObj(template) && isObj(template.spec) ? template.spec : {};
  if (str(spec.restartPolicy) !== 'Always') {
    errs.push(notSupported(`${path}.spec.restartPolicy`, str(spec.restartPolicy), ['Always']));
  }
  if (isSet(spec.activeDeadlineSeconds)) {
    errs.push(
      forbiddenField(
        `${path}.spec.activeDeadlineSeconds`,
        `activeDeadlineSeconds in ${kindForDeadline} is not Supported`,
      ),
    );
  }
  return errs;
}

const PERCENT = /^[0-9]+%$/;

/** ValidatePositiveIntOrPercent */
/**
 * The selector and pod template checks ValidateDeploymentSpec and ValidateReplicaSetSpec share
 * (upstream's empty-selector message names deployments for both).
 */
export function validateSelectedTemplate(spec: Obj): FieldError[] {
  const errs = validateRequiredSelector(
    spec.selector,
    'spec.selector',
    'empty selector is invalid for deployment',
  );
  if (!selectorConverts(spec.selector)) {
    errs.push(invalidValue('spec.selector', spec.selector, 'invalid label selector'));
  } else {
    errs.push(...selectorMatchesTemplate(spec.selector, spec.template, 'spec.template'));
    errs.push(...validateAlwaysRestartingTemplate(spec.template, 'spec.template', 'ReplicaSet'));
  }
  return errs;
}

export function validatePositiveIntOrPercent(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') {
    return PERCENT.test(value)
      ? []
      : [
          invalidLiteral(
            path,
            goIntOrString(value),
            "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
          ),
        ];
  }
  return nonNegative(value, path);
}

/** getIntOrPercentValue: the number of an int, or of a valid percent string. */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'string') return PERCENT.test(value) ? Number.parseInt(value, 10) : 0;
  return num(value);
}

/** IsNotMoreThan100Percent */
export function notMoreThan100Percent(value: unknown, path: string): FieldError[] {
  if (typeof value !== 'string' || !PERCENT.test(value) || Number.parseInt(value, 10) <= 100)
    return [];
  return [invalidLiteral(path, goIntOrString(value), 'must not be greater than 100%')];
}

/** apps/v1 strategies: spec.selector may not change on update. */
export function selectorImmutable(obj: Obj, old: Obj): FieldError[] {
  const selector = obj.spec?.selector;
  if (deepEqual(selector ?? null, old.spec?.selector ?? null)) return [];
  return [invalidLiteral('spec.selector', goLabelSelector(selector), IMMUTABLE)];
}
