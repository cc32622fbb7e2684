/** ajv (draft 2020-12) over the content schemas, compiled once. */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { CONTENT_SCHEMAS, type ContentKind } from './content';

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** A content schema as a standalone JSON Schema document (what the editor loads). */
export function jsonSchema(kind: ContentKind): Record<string, unknown> {
  return {
    $schema: SCHEMA_DIALECT,
    $id: `https://kubebelt.dev/schemas/v1/${kind.toLowerCase()}.schema.json`,
    ...JSON.parse(JSON.stringify(CONTENT_SCHEMAS[kind])),
  };
}

let compiled: Map<ContentKind, ValidateFunction> | undefined;

function validators(): Map<ContentKind, ValidateFunction> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, discriminator: true, strict: false });
  compiled = new Map();
  for (const kind of Object.keys(CONTENT_SCHEMAS) as ContentKind[]) {
    compiled.set(kind, ajv.compile(jsonSchema(kind)));
  }
  return compiled;
}

export interface SchemaError {
  /** JSON Pointer of the offending value, e.g. /tasks/0/checks/1/op */
  pointer: string;
  message: string;
  /** The schema keyword that failed (required, additionalProperties, enum, ...). */
  rule: string;
}

export function validateContent(kind: ContentKind, value: unknown): SchemaError[] {
  const validate = validators().get(kind);
  if (!validate) throw new Error(`no schema for ${kind}`);
  if (validate(value)) return [];
  return simplify(validate.errors ?? []);
}

/** ajv's errors, one per place, worded for an author. */
function simplify(errors: ErrorObject[]): SchemaError[] {
  const out: SchemaError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let pointer = e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      const property = String((e.params as { additionalProperty: string }).additionalProperty);
      pointer = `${pointer}/${property}`;
      message = `unknown property "${property}"`;
    } else if (e.keyword === 'required') {
      message = `missing required property "${(e.params as { missingProperty: string }).missingProperty}"`;
    } else if (e.keyword === 'const') {
      message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'discriminator') {
      message = `"type" must be one of the check types (${checkTypes().join(', ')})`;
    }
    // A union of literals fails each branch (const) and then anyOf: keep one line for the place.
    if (e.keyword === 'anyOf') continue;
    const key = `${pointer}\u0000${e.keyword === 'const' ? 'const' : message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, message, rule: e.keyword });
  }
  return mergeConsts(out);
}

/** Failed `const` branches of one union become one "must be one of" line. */
function mergeConsts(errors: SchemaError[]): SchemaError[] {
  const byPointer = new Map<string, SchemaError[]>();
  for (const e of errors) {
    if (e.rule !== 'const') continue;
    byPointer.set(e.pointer, [...(byPointer.get(e.pointer) ?? []), e]);
  }
  return errors.flatMap((e) => {
    if (e.rule !== 'const') return [e];
    const group = byPointer.get(e.pointer) ?? [];
    if (group.length < 2) return [e];
    if (group[0] !== e) return [];
    const allowed = group.map((g) => g.message.replace(/^must be /, '')).join(', ');
    return [{ pointer: e.pointer, message: `must be one of ${allowed}`, rule: 'enum' }];
  });
}

function checkTypes(): string[] {
  const lab = CONTENT_SCHEMAS.Lab as unknown as {
    properties: {
      tasks: { items: { properties: { checks: { items: { oneOf: { title: string }[] } } } } };
    };
  };
  return lab.properties.tasks.items.properties.checks.items.oneOf.map((s) => s.title);
}
