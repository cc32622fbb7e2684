/**
 * Label maps and LabelSelectors inside specs, as k8s.io/apimachinery/pkg/apis/meta/v1/validation
 * (ValidateLabels, ValidateLabelSelector, ValidateLabelName).
 */
import { type FieldError, forbiddenField, invalidValue, required } from '../api/field-errors';
import { isQualifiedName, isValidLabelValue } from '../api/validation';

export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((msg) => invalidValue(path, name, msg));
}

/** ValidateLabels: every key a qualified name, every value a label value; errors at `path`. */
export function validateLabelMap(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!labels || typeof labels !== 'object') return errs;
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    errs.push(...validateLabelName(k, path));
    for (const msg of isValidLabelValue(String(v ?? ''))) errs.push(invalidValue(path, v, msg));
  }
  return errs;
}

interface SelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[];
}

export interface LabelSelectorValidationOptions {
  allowInvalidLabelValueInSelector?: boolean;
}

/** ValidateLabelSelector; a missing selector is valid. */
export function validateLabelSelector(
  selector: unknown,
  path: string,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  const errs: FieldError[] = [];
  if (!selector || typeof selector !== 'object') return errs;
  const sel = selector as {
    matchLabels?: Record<string, string>;
    matchExpressions?: SelectorRequirement[];
  };
  errs.push(...validateLabelMap(sel.matchLabels, `${path}.matchLabels`));
  (sel.matchExpressions ?? []).forEach((expr, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errs.push(
            required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
          );
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(
            forbiddenField(
              `${p}.values`,
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        }
        break;
      default:
        errs.push(
          invalidValue(`${p}.operator`, expr.operator ?? '', 'not a valid selector operator'),
        );
    }
    errs.push(...validateLabelName(expr.key ?? '', `${p}.key`));
    if (!opts.allowInvalidLabelValueInSelector) {
      values.forEach((v, j) => {
        for (const msg of isValidLabelValue(v))
          errs.push(invalidValue(`${p}.values[${j}]`, v, msg));
      });
    }
  });
  return errs;
}

/** Whether a LabelSelector matches a label set (metav1.LabelSelectorAsSelector semantics). */
export function selectorMatches(
  selector: unknown,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const sel = selector as {
    matchLabels?: Record<string, string>;
    matchExpressions?: SelectorRequirement[];
  };
  const set = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (set[k] !== v) return false;
  for (const expr of sel.matchExpressions ?? []) {
    const key = expr.key ?? '';
    const has = Object.hasOwn(set, key);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(set[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(set[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
