/**
 * What decoding a request into the Go types would reject: a JSON value of the wrong kind for its
 * field (a string where an int32 goes, a string where a map goes). The apiserver fails such
 * bodies in json.Unmarshal (POST/PUT) or runtime.DefaultUnstructuredConverter (PATCH); the texts
 * here are theirs, so a mistyped manifest gets the line a real cluster prints and is never stored.
 */
import { builtinDefinition, refName, type Schema } from './definitions';

export interface TypeMismatch {
  /** Go's name of the struct holding the field (`DeploymentSpec`). */
  struct: string;
  /** JSON path from the root without list indexes (`spec.replicas`), as encoding/json reports. */
  path: string;
  /** What the field is in Go (`int32`, `map[string]string`, `[]v1.Container`). */
  goType: string;
  /** What the JSON had (`string`, `number`, `bool`, `array`, `object`). */
  jsonType: string;
  /** The reflect kind of the target, for the unstructured converter's message. */
  targetKind: 'map' | 'struct' | 'slice' | 'primitive';
}

const SPECIAL_STRINGISH = new Set([
  'io.k8s.apimachinery.pkg.api.resource.Quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
]);

function resolve(schema: Schema): { schema: Schema; name?: string } {
  const ref = schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0].$ref : undefined);
  if (!ref) return { schema };
  const name = refName(ref);
  return { schema: builtinDefinition(name) ?? {}, name };
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/** `io.k8s.api.core.v1.Container` → `v1.Container`: the package alias Go prints. */
function goName(definition: string): string {
  const parts = definition.split('.');
  return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}

function goType(schema: Schema, name?: string): string {
  if (name) {
    if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') return 'resource.Quantity';
    if (name === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') return 'intstr.IntOrString';
    if (schema.type === 'string' && !schema.properties) return 'string';
    return goName(name);
  }
  switch (schema.type) {
    case 'integer':
      return schema.format === 'int64' ? 'int64' : 'int32';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${schema.items ? goTypeOf(schema.items) : 'interface {}'}`;
    case 'object':
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        return `map[string]${goTypeOf(schema.additionalProperties)}`;
      }
      return 'map[string]interface {}';
    default:
      return schema.type ?? 'interface {}';
  }
}

function goTypeOf(schema: Schema): string {
  const r = resolve(schema);
  return goType(r.schema, r.name);
}

function targetKind(schema: Schema): TypeMismatch['targetKind'] {
  if (schema.type === 'array') return 'slice';
  if (schema.type === 'object' || schema.properties) return schema.properties ? 'struct' : 'map';
  return 'primitive';
}

/** The first field whose JSON value Go could not decode, walking in key order. */
export function findTypeMismatch(definition: string, value: unknown): TypeMismatch | undefined {
  const root = builtinDefinition(definition);
  if (!root) return undefined;
  return walk(value, root, definition, definition.split('.').pop() ?? '', '');
}

function walk(
  value: unknown,
  schema: Schema,
  name: string | undefined,
  struct: string,
  path: string,
): TypeMismatch | undefined {
  // null decodes into anything as the zero value.
  if (value === null || value === undefined) return undefined;
  if (name && SPECIAL_STRINGISH.has(name)) {
    return typeof value === 'string' || typeof value === 'number' ? undefined : mismatch();
  }
  if (schema['x-kubernetes-int-or-string'] || schema.format === 'int-or-string') {
    return typeof value === 'string' || typeof value === 'number' ? undefined : mismatch();
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] && !schema.properties) return undefined;
  switch (schema.type ?? (schema.properties ? 'object' : undefined)) {
    case 'string':
      return typeof value === 'string' ? undefined : mismatch();
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : mismatch();
    case 'number':
      return typeof value === 'number' ? undefined : mismatch();
    case 'boolean':
      return typeof value === 'boolean' ? undefined : mismatch();
    case 'array': {
      if (!Array.isArray(value)) return mismatch();
      if (!schema.items) return undefined;
      const item = resolve(schema.items);
      for (const v of value) {
        const found = walk(v, item.schema, item.name, struct, path);
        if (found) return found;
      }
      return undefined;
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return mismatch();
      // encoding/json names the innermost struct holding the field, and the path of struct
      // fields only (map keys and list indexes are not part of it).
      const holder = name && schema.properties ? (name.split('.').pop() ?? struct) : struct;
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        const declared = schema.properties?.[key];
        const prop =
          declared ??
          (typeof schema.additionalProperties === 'object'
            ? schema.additionalProperties
            : undefined);
        if (!prop) continue;
        const child = resolve(prop);
        const found = walk(
          v,
          child.schema,
          child.name,
          holder,
          declared ? (path ? `${path}.${key}` : key) : path,
        );
        if (found) return found;
      }
      return undefined;
    }
    default:
      return undefined;
  }

  function mismatch(): TypeMismatch {
    return {
      struct,
      path,
      goType: goType(schema, name),
      jsonType: jsonType(value),
      targetKind: targetKind(schema),
    };
  }
}

/** The json.Unmarshal error text for a POST/PUT body. */
export function unmarshalError(m: TypeMismatch): string {
  return `json: cannot unmarshal ${m.jsonType} into Go struct field ${m.struct}.${m.path} of type ${m.goType}`;
}

/** The unstructured converter's error text for a patched object. */
export function restoreError(m: TypeMismatch): string {
  if (m.targetKind === 'primitive')
    return `cannot convert ${m.jsonType === 'bool' ? 'bool' : m.jsonType === 'number' ? 'float64' : m.jsonType} to ${m.goType}`;
  const from =
    m.jsonType === 'bool'
      ? 'bool'
      : m.jsonType === 'number'
        ? 'float64'
        : m.jsonType === 'object'
          ? 'map'
          : m.jsonType === 'array'
            ? 'slice'
            : m.jsonType;
  return `cannot restore ${m.targetKind} from ${from}`;
}

/** Go's %+v of a decoded JSON value: `map[metadata:map[labels:invalid]]`. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    return `map[${entries.map(([k, x]) => `${k}:${goValue(x)}`).join(' ')}]`;
  }
  return String(v);
}
