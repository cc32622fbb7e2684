/**
 * Custom resources against their CRD's structural schema (apiextensions-apiserver):
 * pruning of unknown fields, defaulting, and validation with kube-openapi's messages.
 */
import { FieldError, invalidValue, notSupported, required, tooMany } from '../api/field-errors';
import { isPlainObject } from '../api/object';

export interface JSONSchemaProps {
  type?: string;
  properties?: Record<string, JSONSchemaProps>;
  items?: JSONSchemaProps;
  additionalProperties?: JSONSchemaProps | boolean;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** Removes fields the schema does not declare; returns their paths (`spec.foo`). */
export function prune(
  value: unknown,
  schema: JSONSchemaProps | undefined,
  path = '',
  root = true,
): string[] {
  if (!schema || schema['x-kubernetes-preserve-unknown-fields']) return [];
  const pruned: string[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => pruned.push(...prune(item, schema.items, `${path}[${i}]`, false)));
    return pruned;
  }
  if (!isPlainObject(value)) return pruned;
  for (const key of Object.keys(value)) {
    if (root && ROOT_FIELDS.has(key)) continue;
    const child = path ? `${path}.${key}` : key;
    const prop = schema.properties?.[key];
    if (prop) pruned.push(...prune(value[key], prop, child, false));
    else if (isPlainObject(schema.additionalProperties)) {
      pruned.push(...prune(value[key], schema.additionalProperties, child, false));
    } else if (schema.additionalProperties !== true) {
      delete value[key];
      pruned.push(child);
    }
  }
  return pruned;
}

/** Fills `default`s of absent properties, as structural defaulting does. */
export function applyDefaults(value: unknown, schema: JSONSchemaProps | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    for (const item of value) applyDefaults(item, schema.items);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (value[key] === undefined && prop.default !== undefined)
      value[key] = structuredClone(prop.default);
    applyDefaults(value[key], prop);
  }
  if (isPlainObject(schema.additionalProperties)) {
    for (const v of Object.values(value)) applyDefaults(v, schema.additionalProperties);
  }
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, schema: JSONSchemaProps): boolean {
  if (schema['x-kubernetes-int-or-string']) return typeof v === 'string' || Number.isInteger(v);
  const t = typeOf(v);
  switch (schema.type) {
    case undefined:
      return true;
    case 'number':
      return t === 'number' || t === 'integer';
    default:
      return t === schema.type;
  }
}

/** Validates against the schema; paths are as upstream prints them (`spec.replicas`). */
export function validateSchema(
  value: unknown,
  schema: JSONSchemaProps | undefined,
  path = '',
): FieldError[] {
  if (!schema) return [];
  const errs: FieldError[] = [];
  const name = path || '<root>';
  if (value === null) {
    if (!schema.nullable && schema.type) {
      errs.push(
        invalidValue(name, 'null', `${name} in body must be of type ${schema.type}: "null"`),
      );
    }
    return errs;
  }
  if (!typeMatches(value, schema)) {
    errs.push(
      invalidValue(
        name,
        typeOf(value),
        `${name} in body must be of type ${schema.type}: "${typeOf(value)}"`,
      ),
    );
    return errs;
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errs.push(
      notSupported(
        name,
        value,
        schema.enum.map((e) => String(e)),
      ),
    );
  }
  if (typeof value === 'number') {
    if (
      schema.minimum !== undefined &&
      (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)
    ) {
      errs.push(
        invalidValue(
          name,
          value,
          `${name} in body should be greater than ${schema.exclusiveMinimum ? '' : 'or equal to '}${schema.minimum}`,
        ),
      );
    }
    if (
      schema.maximum !== undefined &&
      (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)
    ) {
      errs.push(
        invalidValue(
          name,
          value,
          `${name} in body should be less than ${schema.exclusiveMaximum ? '' : 'or equal to '}${schema.maximum}`,
        ),
      );
    }
  }
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      errs.push(
        new FieldError(
          'FieldValueTooLong',
          name,
          value,
          `may not be more than ${schema.maxLength} bytes`,
        ),
      );
    }
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      errs.push(
        invalidValue(
          name,
          value,
          `${name} in body should be at least ${schema.minLength} chars long`,
        ),
      );
    }
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) {
      errs.push(invalidValue(name, value, `${name} in body should match '${schema.pattern}'`));
    }
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      errs.push(tooMany(name, value.length, schema.maxItems));
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      errs.push(
        invalidValue(
          name,
          value.length,
          `${name} in body should have at least ${schema.minItems} items`,
        ),
      );
    }
    value.forEach((item, i) => errs.push(...validateSchema(item, schema.items, `${path}[${i}]`)));
  }
  if (isPlainObject(value)) {
    for (const key of schema.required ?? []) {
      if (value[key] === undefined) errs.push(required(path ? `${path}.${key}` : key));
    }
    for (const [key, v] of Object.entries(value)) {
      if (!path && ROOT_FIELDS.has(key)) continue;
      const child = path ? `${path}.${key}` : key;
      const prop =
        schema.properties?.[key] ??
        (isPlainObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
      errs.push(...validateSchema(v, prop, child));
    }
  }
  return errs;
}
