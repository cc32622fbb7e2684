/**
 * Field errors whose bad value upstream prints with Go's `%#v` (a struct such as
 * `rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"x"}`), which the
 * JSON-based formatting of FieldError cannot reproduce: the caller passes the Go text.
 */
import { FieldError, type FieldErrorType } from '../api/field-errors';

class LiteralValueError extends FieldError {
  constructor(
    type: FieldErrorType,
    field: string,
    private readonly goText: string,
    detail: string,
  ) {
    super(type, field, goText, detail);
  }

  override body(): string {
    const base = new FieldError(this.type, this.field, 0, '').body();
    // `Invalid value: 0` -> `Invalid value: <go text>`
    const prefix = base.endsWith(': 0') ? base.slice(0, -3) : base;
    return `${prefix}: ${this.goText}${this.detail ? `: ${this.detail}` : ''}`;
  }
}

/** field.Invalid(path, value, detail) where value prints as the given Go literal. */
export function invalidLiteral(field: string, goText: string, detail: string): FieldError {
  return new LiteralValueError('FieldValueInvalid', field, goText, detail);
}

/** field.Duplicate(path, value) where value prints as the given Go literal. */
export function duplicateLiteral(field: string, goText: string, detail = ''): FieldError {
  return new LiteralValueError('FieldValueDuplicate', field, goText, detail);
}

/** Go's %q of a string (close enough to strconv.Quote for the ASCII texts Kubernetes uses). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
