/**
 * Turns a protobuf message into the JSON object Go's encoding/json would write for the same
 * Go value, so a protobuf request body reads exactly like the JSON body an older kubectl sends:
 *
 * - Go's generated code writes every non-pointer field, zero or not; a field whose json tag has
 *   omitempty loses its zero value again ("" / 0 / false / empty list or map);
 * - a pointer field is on the wire only when set, and then kept even when zero (`replicas: 0`);
 * - a struct is never omitted (`resources: {}`), and the zero metav1.Time is `null`;
 * - without omitempty, an absent list, map, []byte or pointer is `null`, as Go writes nil;
 * - nothing absent is ever defaulted.
 */

import type { JsonObject } from '../api/object';
import type {
  FieldDescriptor,
  MessageDescriptor,
  MessageRegistry,
  ScalarType,
  ValueType,
} from './descriptors';
import { decodeSpecial } from './special-types';
import { ProtoDecodeError, WireReader, WireType } from './wire';

/**
 * Messages whose Go type marshals as one of its fields (apiextensions v1 marshal.go): a schema
 * or a list of schemas, a schema or a bool, a schema or a list of strings.
 */
export const JSON_FORMS: Record<string, (fields: JsonObject) => unknown> = {
  'apiextensions.v1.JSONSchemaPropsOrArray': (f) =>
    (f.jSONSchemas as unknown[] | undefined)?.length ? f.jSONSchemas : (f.schema ?? null),
  'apiextensions.v1.JSONSchemaPropsOrBool': (f) => f.schema ?? f.allows === true,
  'apiextensions.v1.JSONSchemaPropsOrStringArray': (f) =>
    (f.property as unknown[] | undefined)?.length ? f.property : (f.schema ?? null),
};

/** What one field collected while reading: scalars and lists are final, messages merge. */
type Collected = { value: unknown } | { payloads: Buffer[] };

export function decodeMessage(
  registry: MessageRegistry,
  name: string,
  payload: Buffer,
): JsonObject {
  const desc = registry.message(name);
  const collected = new Map<number, Collected>();
  const r = new WireReader(payload);
  while (!r.done) {
    const tag = r.tag(desc.shortName);
    const field = desc.byNumber.get(tag.field);
    if (!field) {
      r.skip(tag.wireType);
      continue;
    }
    readField(registry, r, field, tag.wireType, collected);
  }
  return build(registry, desc, collected);
}

function readField(
  registry: MessageRegistry,
  r: WireReader,
  field: FieldDescriptor,
  wireType: WireType,
  collected: Map<number, Collected>,
): void {
  const prior = collected.get(field.number);
  if (field.mapKey) {
    expectWireType(field, wireType, WireType.LengthDelimited);
    const map = (prior && 'value' in prior ? prior.value : {}) as JsonObject;
    const [key, value] = readMapEntry(registry, r.lengthDelimited(), field);
    map[key] = value;
    collected.set(field.number, { value: map });
    return;
  }
  if (field.repeated) {
    const list = (prior && 'value' in prior ? prior.value : []) as unknown[];
    const scalar = field.value.kind === 'scalar' ? field.value.scalar : undefined;
    if (scalar && isNumeric(scalar) && wireType === WireType.LengthDelimited) {
      // packed encoding of a repeated number
      const packed = new WireReader(r.lengthDelimited());
      while (!packed.done) list.push(readScalar(packed, scalar));
    } else {
      list.push(readValue(registry, r, field, field.value, wireType));
    }
    collected.set(field.number, { value: list });
    return;
  }
  if (field.value.kind === 'scalar') {
    collected.set(field.number, { value: readValue(registry, r, field, field.value, wireType) });
    return;
  }
  // A message field seen twice merges, as proto's Unmarshal into the same struct does.
  expectWireType(field, wireType, WireType.LengthDelimited);
  const payloads = prior && 'payloads' in prior ? prior.payloads : [];
  payloads.push(r.lengthDelimited());
  collected.set(field.number, { payloads });
}

function readValue(
  registry: MessageRegistry,
  r: WireReader,
  field: FieldDescriptor,
  type: ValueType,
  wireType: WireType,
): unknown {
  if (type.kind === 'scalar') {
    expectWireType(field, wireType, scalarWireType(type.scalar));
    return readScalar(r, type.scalar);
  }
  expectWireType(field, wireType, WireType.LengthDelimited);
  return decodeValue(registry, type, r.lengthDelimited());
}

/** A message-typed value from its payload. */
function decodeValue(registry: MessageRegistry, type: ValueType, payload: Buffer): unknown {
  switch (type.kind) {
    case 'special':
      return decodeSpecial(type.special, payload);
    case 'message': {
      const fields = decodeMessage(registry, type.message, payload);
      const form = JSON_FORMS[type.message];
      return form ? form(fields) : fields;
    }
    case 'stringList':
      return decodeStringList(payload);
    case 'scalar':
      throw new ProtoDecodeError(`scalar ${type.scalar} read as a message`);
  }
}

/** A named []string (ExtraValue) travels as {repeated string items = 1}; nil marshals as null. */
function decodeStringList(payload: Buffer): string[] | null {
  const r = new WireReader(payload);
  const items: string[] = [];
  while (!r.done) {
    const { field, wireType } = r.tag('ExtraValue');
    if (field !== 1) {
      r.skip(wireType);
      continue;
    }
    if (wireType !== WireType.LengthDelimited)
      throw new ProtoDecodeError(`proto: wrong wireType = ${wireType} for field Items`);
    items.push(r.lengthDelimited().toString('utf8'));
  }
  return items.length ? items : null;
}

/** A map entry {key=1, value=2}; a missing value is the zero value of its type (nil []byte is null). */
function readMapEntry(
  registry: MessageRegistry,
  payload: Buffer,
  field: FieldDescriptor,
): [string, unknown] {
  const keyType = field.mapKey as ScalarType;
  const r = new WireReader(payload);
  let key: unknown;
  let value: unknown;
  let valuePayloads: Buffer[] | undefined;
  while (!r.done) {
    const { field: n, wireType } = r.tag(field.goName);
    if (n === 1) {
      if (wireType !== scalarWireType(keyType))
        throw new ProtoDecodeError(`proto: illegal wireType ${wireType}`);
      key = readScalar(r, keyType);
    } else if (n === 2) {
      if (field.value.kind === 'scalar') {
        if (wireType !== scalarWireType(field.value.scalar))
          throw new ProtoDecodeError(`proto: illegal wireType ${wireType}`);
        value = readScalar(r, field.value.scalar);
      } else {
        if (wireType !== WireType.LengthDelimited)
          throw new ProtoDecodeError(`proto: illegal wireType ${wireType}`);
        (valuePayloads ??= []).push(r.lengthDelimited());
      }
    } else {
      r.skip(wireType);
    }
  }
  if (valuePayloads) value = decodeValue(registry, field.value, Buffer.concat(valuePayloads));
  if (value === undefined) value = zeroMapValue(registry, field.value);
  return [String(key ?? zeroScalar(keyType)), value];
}

function zeroMapValue(registry: MessageRegistry, type: ValueType): unknown {
  if (type.kind === 'scalar') return type.scalar === 'bytes' ? null : zeroScalar(type.scalar);
  return decodeValue(registry, type, Buffer.alloc(0));
}

function zeroScalar(type: ScalarType): unknown {
  if (type === 'string' || type === 'bytes') return '';
  return type === 'bool' ? false : 0;
}

function readScalar(r: WireReader, type: ScalarType): unknown {
  switch (type) {
    case 'string':
      return r.lengthDelimited().toString('utf8');
    case 'bytes':
      return r.lengthDelimited().toString('base64');
    case 'int32':
      return r.int32();
    case 'int64':
      return r.int64();
    case 'bool':
      return r.bool();
    case 'double':
      return r.fixed64().readDoubleLE(0);
    case 'float':
      return r.fixed32().readFloatLE(0);
  }
}

function isNumeric(type: ScalarType): boolean {
  return type !== 'string' && type !== 'bytes';
}

function scalarWireType(type: ScalarType): WireType {
  switch (type) {
    case 'string':
    case 'bytes':
      return WireType.LengthDelimited;
    case 'double':
      return WireType.Fixed64;
    case 'float':
      return WireType.Fixed32;
    default:
      return WireType.Varint;
  }
}

function expectWireType(field: FieldDescriptor, actual: WireType, expected: WireType): void {
  if (actual !== expected)
    throw new ProtoDecodeError(`proto: wrong wireType = ${actual} for field ${field.goName}`);
}

function build(
  registry: MessageRegistry,
  desc: MessageDescriptor,
  collected: Map<number, Collected>,
): JsonObject {
  const out: JsonObject = {};
  for (const field of desc.fields) {
    const got = collected.get(field.number);
    if (field.jsonName === undefined) {
      // an embedded struct: its fields are the parent's
      if (got && 'payloads' in got)
        Object.assign(out, decodeValue(registry, field.value, Buffer.concat(got.payloads)));
      continue;
    }
    if (!got) {
      if (!field.omitEmpty && nilable(field)) out[field.jsonName] = null;
      continue;
    }
    const value =
      'value' in got ? got.value : decodeValue(registry, field.value, Buffer.concat(got.payloads));
    if (field.omitEmpty && !field.pointer && isEmpty(field, value)) continue;
    out[field.jsonName] = value;
  }
  return out;
}

/** Fields whose Go zero value is nil: lists, maps, []byte and pointers. */
function nilable(field: FieldDescriptor): boolean {
  return (
    field.repeated ||
    field.mapKey !== undefined ||
    field.pointer ||
    (field.value.kind === 'scalar' && field.value.scalar === 'bytes')
  );
}

/** encoding/json's omitempty test; structs are never empty. */
function isEmpty(field: FieldDescriptor, value: unknown): boolean {
  if (field.repeated) return (value as unknown[]).length === 0;
  if (field.mapKey) return Object.keys(value as JsonObject).length === 0;
  if (field.value.kind !== 'scalar') return false;
  return value === '' || value === 0 || value === false;
}
