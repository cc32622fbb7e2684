/**
 * Message descriptors: what each protobuf field number of a Kubernetes type means in JSON.
 *
 * The tables (messages-*.ts) are data written for this project from upstream's
 * `k8s.io/api/<group>/<version>/generated.proto` (field numbers and wire types) and `types.go`
 * (json tags), release 1.33. One message is a record `jsonName: '<number> <type>'` in Go struct
 * order, so decoded objects keep the key order encoding/json writes. A type reads like Go:
 *
 *   string int32 int64 bool bytes double float    scalars (`bytes` becomes base64 in JSON)
 *   Time MicroTime Duration IntOrString Quantity RawExtension FieldsV1
 *                                                  apimachinery types with their own JSON form
 *   Name, pkg.v1.Name                              another message (same package unless qualified)
 *   *T                                             a Go pointer: kept when present, even if zero
 *   []T, map[K]V                                   repeated field, map (a map entry is {key=1, value=2})
 *   map[string][]string                            the value is a named []string (authorization's
 *                                                  ExtraValue), on the wire {repeated string items = 1}
 *   trailing `!`                                   the json tag has no omitempty: zero values are
 *                                                  written, and an absent list/map/pointer is null
 *
 * The key `'...'` is an embedded struct (`json:",inline"`): its fields join the parent's.
 */

export type ScalarType = 'string' | 'int32' | 'int64' | 'bool' | 'bytes' | 'double' | 'float';
export type SpecialType =
  | 'Time'
  | 'MicroTime'
  | 'Duration'
  | 'IntOrString'
  | 'Quantity'
  | 'RawExtension'
  | 'FieldsV1';

export type ValueType =
  | { kind: 'scalar'; scalar: ScalarType }
  | { kind: 'special'; special: SpecialType }
  | { kind: 'message'; message: string }
  | { kind: 'stringList' };

export interface FieldDescriptor {
  number: number;
  /** The JSON key; undefined for an embedded struct whose fields are inlined. */
  jsonName?: string;
  /** The Go field name, as the generated code's error texts print it. */
  goName: string;
  value: ValueType;
  repeated: boolean;
  /** Set for map fields: the key type. */
  mapKey?: ScalarType;
  pointer: boolean;
  omitEmpty: boolean;
}

export interface MessageDescriptor {
  /** Fully qualified: `core.v1.Pod`. */
  name: string;
  /** The Go type name, as error texts print it. */
  shortName: string;
  fields: FieldDescriptor[];
  byNumber: Map<number, FieldDescriptor>;
}

/** One file's worth of messages of one package. */
export interface MessageTable {
  /** The proto package, shortened: `core.v1`, `apps.v1`, `meta.v1`. */
  package: string;
  /** The group version whose kinds this table's messages are (none for shared types). */
  apiVersion?: string;
  messages: Record<string, Record<string, string>>;
}

const SCALARS = new Set<string>(['string', 'int32', 'int64', 'bool', 'bytes', 'double', 'float']);
const SPECIALS = new Set<string>([
  'Time',
  'MicroTime',
  'Duration',
  'IntOrString',
  'Quantity',
  'RawExtension',
  'FieldsV1',
]);

/** Thrown when the tables themselves are inconsistent (a programming error, caught by tests). */
export class DescriptorError extends Error {}

export class MessageRegistry {
  private readonly sources = new Map<string, { pkg: string; fields: Record<string, string> }>();
  private readonly compiled = new Map<string, MessageDescriptor>();
  private readonly packages = new Map<string, string>();

  constructor(tables: MessageTable[]) {
    for (const table of tables) {
      for (const [name, fields] of Object.entries(table.messages)) {
        const full = `${table.package}.${name}`;
        if (this.sources.has(full)) throw new DescriptorError(`message ${full} is defined twice`);
        this.sources.set(full, { pkg: table.package, fields });
      }
      if (table.apiVersion) this.packages.set(table.apiVersion, table.package);
    }
  }

  /**
   * The message a kind's Go type has, named after the kind in its group version's package, e.g.
   * ('apps/v1', 'Deployment') → `apps.v1.Deployment`; undefined when no table defines it.
   */
  messageOf(apiVersion: string, kind: string): string | undefined {
    const pkg = this.packages.get(apiVersion);
    return pkg && this.sources.has(`${pkg}.${kind}`) ? `${pkg}.${kind}` : undefined;
  }

  has(name: string): boolean {
    return this.sources.has(name);
  }

  /** Every message name the tables define. */
  names(): string[] {
    return [...this.sources.keys()];
  }

  message(name: string): MessageDescriptor {
    const cached = this.compiled.get(name);
    if (cached) return cached;
    const source = this.sources.get(name);
    if (!source) throw new DescriptorError(`no descriptor for message ${name}`);
    const fields = Object.entries(source.fields).map(([key, spec]) =>
      parseField(source.pkg, name, key, spec),
    );
    const byNumber = new Map<number, FieldDescriptor>();
    for (const f of fields) {
      if (byNumber.has(f.number))
        throw new DescriptorError(`${name}: field number ${f.number} is used twice`);
      byNumber.set(f.number, f);
    }
    const descriptor = { name, shortName: name.slice(name.lastIndexOf('.') + 1), fields, byNumber };
    this.compiled.set(name, descriptor);
    return descriptor;
  }
}

function parseField(pkg: string, message: string, key: string, spec: string): FieldDescriptor {
  const m = /^(\d+) (\*?)(\[\])?(?:map\[(\w+)\])?(\S+?)(!?)$/.exec(spec);
  if (!m) throw new DescriptorError(`${message}.${key}: cannot parse '${spec}'`);
  const [, num, star, list, mapKey, base, bang] = m;
  if (mapKey !== undefined && !SCALARS.has(mapKey))
    throw new DescriptorError(`${message}.${key}: bad map key ${mapKey}`);
  const inline = key === '...';
  const jsonName = inline ? undefined : key;
  return {
    number: Number(num),
    jsonName,
    goName: goFieldName(jsonName ?? base),
    value: parseValueType(pkg, message, base),
    repeated: list !== undefined,
    mapKey: mapKey as ScalarType | undefined,
    pointer: star === '*',
    omitEmpty: bang !== '!',
  };
}

function parseValueType(pkg: string, message: string, base: string): ValueType {
  if (base === '[]string') return { kind: 'stringList' };
  if (SCALARS.has(base)) return { kind: 'scalar', scalar: base as ScalarType };
  if (SPECIALS.has(base)) return { kind: 'special', special: base as SpecialType };
  if (!/^[A-Za-z][\w.]*$/.test(base)) throw new DescriptorError(`${message}: bad type ${base}`);
  return { kind: 'message', message: base.includes('.') ? base : `${pkg}.${base}` };
}

/** `containerPort` → `ContainerPort`: close to the Go field names the error texts quote. */
function goFieldName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
