/**
 * Field errors as k8s.io/apimachinery/pkg/util/validation/field builds them:
 * `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
 */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotFound'
  | 'FieldValueTypeInvalid'
  | 'InternalError';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueNotFound: 'Not found',
  FieldValueTypeInvalid: 'Invalid value',
  InternalError: 'Internal error',
};

/** Types whose message never shows the bad value, as field.Error.ErrorBody. */
const VALUELESS = new Set<FieldErrorType>([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'InternalError',
]);

const OMIT = Symbol('omitValue');

export class FieldError {
  constructor(
    readonly type: FieldErrorType,
    readonly field: string,
    readonly badValue: unknown,
    readonly detail = '',
  ) {}

  body(): string {
    let text = TYPE_TEXT[this.type];
    if (!VALUELESS.has(this.type) && this.badValue !== OMIT) {
      text += `: ${formatValue(this.badValue)}`;
    }
    if (this.detail) text += `: ${this.detail}`;
    return text;
  }

  message(): string {
    return `${this.field}: ${this.body()}`;
  }
}

/** Go's %v / %q / %#v rendering of a bad value, as far as JSON values go. */
function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]string{${value.map((v) => JSON.stringify(v)).join(', ')}}`;
  return JSON.stringify(value);
}

export const required = (field: string, detail = '') =>
  new FieldError('FieldValueRequired', field, '', detail);
export const invalidValue = (field: string, value: unknown, detail = '') =>
  new FieldError('FieldValueInvalid', field, value, detail);
export const notSupported = (field: string, value: unknown, supported: string[]) =>
  new FieldError(
    'FieldValueNotSupported',
    field,
    value,
    supported.length
      ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`
      : '',
  );
export const duplicate = (field: string, value: unknown) =>
  new FieldError('FieldValueDuplicate', field, value);
export const forbiddenField = (field: string, detail: string) =>
  new FieldError('FieldValueForbidden', field, '', detail);
export const tooLong = (field: string, value: unknown, max: number) =>
  new FieldError('FieldValueTooLong', field, value, `may not be more than ${max} bytes`);
export const tooMany = (field: string, actual: number, max: number) =>
  new FieldError('FieldValueTooMany', field, actual, `must have at most ${max} items`);
export const notFoundField = (field: string, value: unknown) =>
  new FieldError('FieldValueNotFound', field, value);
/** An error whose message omits the value, as field.Invalid(path, field.OmitValueType{}, detail). */
export const invalidOmitValue = (field: string, detail: string) =>
  new FieldError('FieldValueInvalid', field, OMIT, detail);

/** Helper to build dotted/indexed paths: `path('spec').child('containers').index(0).key('x')`. */
export class FieldPath {
  private constructor(private readonly text: string) {}
  static root(name: string): FieldPath {
    return new FieldPath(name);
  }
  child(name: string): FieldPath {
    return new FieldPath(this.text ? `${this.text}.${name}` : name);
  }
  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }
  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }
  toString(): string {
    return this.text;
  }
}
