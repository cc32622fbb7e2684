/**
 * Go `%#v` renderings of the bad values workload validation reports (field.Error.ErrorBody
 * falls back to `%#v` for maps, structs and IntOrString): `map[string]string{"app":"web"}`,
 * `v1.LabelSelector{MatchLabels:..., MatchExpressions:...}`, `intstr.IntOrString{...}`.
 */
import { FieldError } from '../api/field-errors';
import type { JsonObject } from '../api/object';
import { goQuote } from './go-literal';

const str = (v: unknown) => goQuote(typeof v === 'string' ? v : '');

/** fmt's %#v of map[string]string: keys sorted, `"k":"v"` pairs. */
export function goStringMap(map: unknown): string {
  if (map === undefined || map === null) return 'map[string]string(nil)';
  const entries = Object.entries(map as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return `map[string]string{${entries.map(([k, v]) => `${goQuote(k)}:${str(v)}`).join(', ')}}`;
}

/** %#v of []string. */
export function goStringSlice(values: unknown): string {
  if (!Array.isArray(values)) return '[]string(nil)';
  return `[]string{${values.map(str).join(', ')}}`;
}

/** %#v of a (dereferenced) metav1.LabelSelector, as the internal types print it. */
export function goLabelSelector(selector: unknown): string {
  const sel = (selector ?? {}) as JsonObject;
  const exprs = sel.matchExpressions as JsonObject[] | undefined;
  const exprText = Array.isArray(exprs)
    ? `[]v1.LabelSelectorRequirement{${exprs
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${str(e.key)}, Operator:${str(e.operator)}, Values:${goStringSlice(e.values)}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprText}}`;
}

/** %#v of an intstr.IntOrString JSON value (a number or a string). */
export function goIntOrString(value: unknown): string {
  if (typeof value === 'string')
    return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(value)}}`;
  const n = typeof value === 'number' ? value : 0;
  return `intstr.IntOrString{Type:0, IntVal:${n}, StrVal:""}`;
}

/** %v of an int-or-string for messages that print the plain value (`25%`, `1`). */
export function intOrStringText(value: unknown): string {
  return typeof value === 'string' ? value : String(value ?? 0);
}

class NotSupportedLiteral extends FieldError {
  constructor(
    field: string,
    private readonly goText: string,
    supported: string[],
  ) {
    super(
      'FieldValueNotSupported',
      field,
      goText,
      `supported values: ${supported.map((s) => goQuote(s)).join(', ')}`,
    );
  }

  override body(): string {
    return `Unsupported value: ${this.goText}: ${this.detail}`;
  }
}

/** field.NotSupported(path, value, supported) where value prints as a Go literal (a struct). */
export function notSupportedLiteral(
  field: string,
  goText: string,
  supported: string[],
): FieldError {
  return new NotSupportedLiteral(field, goText, supported);
}
