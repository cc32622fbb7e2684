/**
 * Patch metadata for strategic merge patch, read from the schema the way the apiserver reads
 * Go struct tags (apimachinery strategicpatch/meta.go PatchMetaFromStruct and
 * third_party/forked/golang/json LookupPatchMetadataForStruct), plus the mergepatch errors
 * (apimachinery pkg/util/mergepatch/errors.go) and how the handler maps them to HTTP codes.
 */
import { badRequest, StatusError } from '../api/errors';
import { goPercentS, goTypeName, goValue } from './go-format';
import { genericUnprocessable, unknownServerError } from './patch-errors';
import {
  refName,
  resolveSchema,
  type SchemaLookup,
  type SchemaObject,
  schemaRef,
  schemaType,
} from './schema';

/** An error strategic merge patch raised; `status` says how handlers/patch.go reports it. */
export class MergePatchError extends Error {
  constructor(
    message: string,
    readonly status: 'badRequest' | 'unprocessable' | 'unknown' = 'unknown',
  ) {
    super(message);
  }
}

export const ErrBadJSONDoc = () => new MergePatchError('invalid JSON document', 'badRequest');
export const ErrNoListOfLists = () =>
  new MergePatchError('lists of lists are not supported', 'unprocessable');
export const ErrBadPatchFormatForPrimitiveList = () =>
  new MergePatchError('invalid patch format of primitive list', 'badRequest');
export const ErrBadPatchFormatForRetainKeys = () =>
  new MergePatchError('invalid patch format of retainKeys', 'badRequest');
export const ErrBadPatchFormatForSetElementOrderList = () =>
  new MergePatchError('invalid patch format of setElementOrder list', 'badRequest');

export function errNoMergeKey(m: unknown, key: string): MergePatchError {
  return new MergePatchError(`map: ${goValue(m)} does not contain declared merge key: ${key}`);
}

/** ErrBadArgType: `expected a map[string]interface {}, but received a string`. */
export function errBadArgType(expected: 'map' | 'slice', actual: unknown): MergePatchError {
  const want = expected === 'map' ? 'map[string]interface {}' : '[]interface {}';
  const got = actual === null || actual === undefined ? '%!s(<nil>)' : goTypeName(actual);
  return new MergePatchError(`expected a ${want}, but received a ${got}`);
}

export function errBadPatchType(t: unknown, m: unknown): MergePatchError {
  return new MergePatchError(`unknown patch type: ${goPercentS(t)} in map: ${goValue(m)}`);
}

/** interpretStrategicMergePatchError: sentinel errors are 400 or 422, anything else a 500. */
export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  if (err instanceof MergePatchError) {
    if (err.status === 'badRequest') return badRequest(err.message);
    if (err.status === 'unprocessable') return genericUnprocessable();
    return unknownServerError(err.message);
  }
  return unknownServerError(err instanceof Error ? err.message : String(err));
}

export interface PatchMeta {
  strategies: string[];
  mergeKey: string;
}

/**
 * The Go type a patch is walking: a struct (a definition with properties), a map, or
 * something the schema does not describe (merged leniently).
 */
export class PatchSchema {
  private constructor(
    private readonly schema: SchemaObject | undefined,
    private readonly lookup: SchemaLookup,
    private readonly typeName: string,
  ) {}

  static root(lookup: SchemaLookup, definition: string): PatchSchema {
    return new PatchSchema(lookup(definition), lookup, shortName(definition));
  }

  private static of(s: SchemaObject | undefined, lookup: SchemaLookup): PatchSchema {
    const ref = s && schemaRef(s);
    return new PatchSchema(resolveSchema(s, lookup), lookup, ref ? shortName(refName(ref)) : '');
  }

  private kind(): 'struct' | 'map' | 'slice' | 'unknown' {
    const s = this.schema;
    if (!s) return 'unknown';
    const type = schemaType(s);
    if (type === 'array') return 'slice';
    if (s.properties && Object.keys(s.properties).length > 0) return 'struct';
    if (
      type === 'object' &&
      s.additionalProperties !== undefined &&
      s.additionalProperties !== false
    )
      return 'map';
    return 'unknown';
  }

  /** reflect.Kind().String() of the type, used in "cannot merge lists without merge key for %s". */
  name(): string {
    const kind = this.kind();
    return kind === 'unknown' ? 'interface' : kind;
  }

  /** LookupPatchMetadataForStruct. */
  lookupStruct(key: string): [PatchSchema, PatchMeta] {
    const kind = this.kind();
    if (kind === 'unknown') return [this, { strategies: [''], mergeKey: '' }];
    if (kind !== 'struct') {
      throw new MergePatchError(
        `merging an object in json but data type is not struct, instead is: ${kind}`,
      );
    }
    const props = this.schema?.properties ?? {};
    const prop = Object.hasOwn(props, key) ? props[key] : undefined;
    if (!prop) {
      throw new MergePatchError(
        `unable to find api field in struct ${this.typeName} for the json field ${JSON.stringify(key)}`,
      );
    }
    const strategy =
      typeof prop['x-kubernetes-patch-strategy'] === 'string'
        ? prop['x-kubernetes-patch-strategy']
        : '';
    const mergeKey =
      typeof prop['x-kubernetes-patch-merge-key'] === 'string'
        ? prop['x-kubernetes-patch-merge-key']
        : '';
    return [PatchSchema.of(prop, this.lookup), { strategies: strategy.split(','), mergeKey }];
  }

  /** LookupPatchMetadataForSlice: the element type of a list field. */
  lookupSlice(key: string): [PatchSchema, PatchMeta] {
    const [field, meta] = this.lookupStruct(key);
    // a pointer to a struct is looked up as a list of that struct, as reflect does for Ptr
    if (field.kind() === 'unknown' || field.kind() === 'struct') return [field, meta];
    if (field.kind() !== 'slice') {
      throw new MergePatchError(`expected slice or array type, but got: ${this.name()}`);
    }
    return [PatchSchema.of(field.schema?.items, this.lookup), meta];
  }
}

function shortName(definition: string): string {
  const dot = definition.lastIndexOf('.');
  return dot >= 0 ? definition.slice(dot + 1) : definition;
}

/** extractRetainKeysPatchStrategy: [retainKeys?, the other strategy]. */
export function retainKeysStrategy(strategies: string[]): [boolean, string] {
  switch (strategies.length) {
    case 0:
      return [false, ''];
    case 1:
      return strategies[0] === 'retainKeys' ? [true, ''] : [false, strategies[0] ?? ''];
    case 2:
      if (strategies[0] === 'retainKeys') return [true, strategies[1] ?? ''];
      if (strategies[1] === 'retainKeys') return [true, strategies[0] ?? ''];
      break;
  }
  throw new MergePatchError(`unexpected patch strategy: [${strategies.join(' ')}]`);
}
