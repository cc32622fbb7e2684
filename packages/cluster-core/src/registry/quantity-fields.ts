/**
 * resource.Quantity fields inside kinds: decoding (canonical form, parse errors as the
 * apiserver's decode error), SetDefaults_ResourceList rounding, and the quantity checks of
 * pkg/apis/core/validation (ValidateResourceQuantityValue and friends).
 */
import { badRequest } from '../api/errors';
import { type FieldError, invalidValue } from '../api/field-errors';
import { Quantity, QuantityParseError } from '../api/quantity';

export const IS_NEGATIVE = 'must be greater than or equal to 0';
export const IS_NOT_POSITIVE = 'must be greater than zero';

/** The BadRequest a body with an unparsable quantity gets when it is decoded. */
export function decodeError(kind: string, version: string, message: string) {
  return badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${message}`);
}

/** Parses a quantity field value or throws the decode BadRequest. */
export function parseQuantityField(value: unknown, kind: string, version = 'v1'): Quantity {
  try {
    return Quantity.fromJSON(value);
  } catch (err) {
    if (err instanceof QuantityParseError) throw decodeError(kind, version, err.message);
    throw err;
  }
}

/** Rewrites one quantity field of `holder` in canonical form (as the server writes it back). */
export function canonicalizeQuantity(
  holder: Record<string, unknown> | undefined,
  key: string,
  kind: string,
): void {
  if (!holder || holder[key] === undefined || holder[key] === null) return;
  holder[key] = parseQuantityField(holder[key], kind).toString();
}

/**
 * A ResourceList (map of name to quantity) in canonical form; `roundToMilli` applies
 * SetDefaults_ResourceList, which rounds every value up to milli units.
 */
export function canonicalizeResourceList(list: unknown, kind: string, roundToMilli = true): void {
  if (!list || typeof list !== 'object') return;
  const map = list as Record<string, unknown>;
  for (const [name, value] of Object.entries(map)) {
    if (value === undefined || value === null) continue;
    let q = parseQuantityField(value, kind);
    if (roundToMilli) q = q.roundUp(-3);
    map[name] = q.toString();
  }
}

/** Parses without throwing (values were canonicalized at decode time already). */
export function quantityOf(value: unknown): Quantity | undefined {
  if (value === undefined || value === null) return undefined;
  try {
    return Quantity.fromJSON(value);
  } catch {
    return undefined;
  }
}

/** Quantity.String() of a field value, or '' (a zero Quantity prints "0"). */
export function quantityString(value: unknown): string {
  return quantityOf(value)?.toString() ?? '0';
}

const INTEGER_RESOURCES = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

/** helper.IsNativeResource: no domain, or a kubernetes.io domain. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** helper.IsIntegerResourceName: standard integer resources, object counts and extended resources. */
export function isIntegerResourceName(name: string): boolean {
  return INTEGER_RESOURCES.has(name) || name.startsWith('count/') || isExtendedResourceName(name);
}

/** helper.IsExtendedResourceName: a domain-prefixed, non-kubernetes.io, non-requests. name. */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return true;
}

/** ValidateNonnegativeQuantity */
export function validateNonnegativeQuantity(q: Quantity, path: string): FieldError[] {
  return q.sign() < 0 ? [invalidValue(path, q.toString(), IS_NEGATIVE)] : [];
}

/** ValidatePositiveQuantityValue */
export function validatePositiveQuantity(q: Quantity, path: string): FieldError[] {
  return q.sign() <= 0 ? [invalidValue(path, q.toString(), IS_NOT_POSITIVE)] : [];
}

/** ValidateResourceQuantityValue: not negative, and whole for integer resources. */
export function validateResourceQuantityValue(
  resource: string,
  q: Quantity,
  path: string,
): FieldError[] {
  const errs = validateNonnegativeQuantity(q, path);
  if (isIntegerResourceName(resource) && q.milliValue() % 1000 !== 0) {
    errs.push(invalidValue(path, q.toString(), 'must be an integer'));
  }
  return errs;
}
