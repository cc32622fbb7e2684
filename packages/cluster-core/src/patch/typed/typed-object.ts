/**
 * An object as the apiserver holds it in Go before diffing it (FromStructured): the zero-valued
 * fields of its structs present (see go-zero-fields.ts). Used for managedFields comparisons so
 * that ownership markers match upstream's.
 */
import { isPlainObject } from '../../api/object';
import { refName, resolveSchema, type SchemaLookup, type SchemaObject, schemaRef } from '../schema';
import { GO_OMITEMPTY } from './go-omitempty-fields';
import { GO_ZERO_FIELDS } from './go-zero-fields';

/** A copy of `value` with the Go zero fields of each known struct filled in. */
export function withGoZeroFields(
  value: unknown,
  lookup: SchemaLookup | undefined,
  definition: string | undefined,
): unknown {
  if (!lookup || !definition) return value;
  return fill(value, lookup, definition, lookup(definition));
}

/** Returns `value` itself when nothing under it lacks a zero field (the common case for most subtrees). */
function fill(
  value: unknown,
  lookup: SchemaLookup,
  definition: string | undefined,
  schema: SchemaObject | undefined,
): unknown {
  if (Array.isArray(value)) {
    const items = schema?.items;
    const ref = items && schemaRef(items);
    if (!ref) return value;
    const name = refName(ref);
    const itemSchema = lookup(name);
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = fill(value[i], lookup, name, itemSchema);
      if (v !== value[i]) {
        out ??= [...value];
        out[i] = v;
      }
    }
    return out ?? value;
  }
  if (!isPlainObject(value) || !schema) return value;
  let out: Record<string, unknown> | undefined;
  const zero = definition ? GO_ZERO_FIELDS[definition] : undefined;
  if (zero) {
    for (const k in zero) {
      if (value[k] !== undefined) continue;
      const z = zero[k];
      out ??= { ...value };
      out[k] = z !== null && typeof z === 'object' ? {} : z;
    }
  }
  const props = schema.properties;
  const additional =
    typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  const source = out ?? value;
  for (const k in source) {
    const v = source[k];
    if (v === null || typeof v !== 'object') continue;
    const prop = props && Object.hasOwn(props, k) ? props[k] : additional;
    if (!prop) continue;
    const ref = schemaRef(prop);
    const filled = ref
      ? fill(v, lookup, refName(ref), lookup(refName(ref)))
      : fill(v, lookup, undefined, resolveSchema(prop, lookup));
    if (filled !== v) {
      out ??= { ...value };
      out[k] = filled;
    }
  }
  return out ?? value;
}

/**
 * Drops nulls the zero fields brought into a merged object: a null survives only where the
 * live object or the configuration had it.
 */
export function dropAddedNulls(value: unknown, ...sources: unknown[]): unknown {
  if (Array.isArray(value)) return value.map((v) => dropAddedNulls(v));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const from = sources.map((s) => (isPlainObject(s) ? s[k] : undefined));
    if (v === null && !from.some((s) => s === null)) continue;
    out[k] = dropAddedNulls(v, ...from);
  }
  return out;
}

const omitCache = new Map<string, Map<string, 'z' | 'e' | 'p'>>();

function omitRules(definition: string): Map<string, 'z' | 'e' | 'p'> | undefined {
  let rules = omitCache.get(definition);
  if (!rules) {
    const entry = GO_OMITEMPTY[definition];
    if (!entry) return undefined;
    rules = new Map();
    for (const code of ['z', 'e', 'p'] as const)
      for (const f of entry[code]?.split(' ') ?? []) rules.set(f, code);
    omitCache.set(definition, rules);
  }
  return rules;
}

function isEmptyFor(code: 'z' | 'e' | 'p', v: unknown): boolean {
  if (v === null) return true;
  if (code === 'z') return v === '' || v === 0 || v === false;
  if (code === 'e')
    return (
      (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0)
    );
  return false;
}

/**
 * The object as the apiserver would return it after decoding it into its Go struct: `omitempty`
 * fields holding an empty value are dropped (in place), at every level the schema describes.
 */
export function dropOmittedEmpty(
  value: unknown,
  lookup: SchemaLookup | undefined,
  definition: string | undefined,
): void {
  if (!lookup || !definition) return;
  drop(value, lookup, definition, lookup(definition));
}

function drop(
  value: unknown,
  lookup: SchemaLookup,
  definition: string | undefined,
  schema: SchemaObject | undefined,
): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    const ref = schema.items && schemaRef(schema.items);
    if (!ref) return;
    const name = refName(ref);
    const itemSchema = lookup(name);
    for (const v of value) drop(v, lookup, name, itemSchema);
    return;
  }
  if (!isPlainObject(value)) return;
  const rules = definition ? omitRules(definition) : undefined;
  const props = schema.properties;
  const additional =
    typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const k of Object.keys(value)) {
    const v = value[k];
    const code = rules?.get(k);
    if (code && isEmptyFor(code, v)) {
      delete value[k];
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const prop = props && Object.hasOwn(props, k) ? props[k] : additional;
    if (!prop) continue;
    const ref = schemaRef(prop);
    if (ref) drop(v, lookup, refName(ref), lookup(refName(ref)));
    else drop(v, lookup, undefined, resolveSchema(prop, lookup));
  }
}
