/**
 * structured-merge-diff's schema atoms (sigs.k8s.io/structured-merge-diff schema/elements.go),
 * built from swagger definitions the way kube-openapi pkg/schemaconv (openapi.go, smd.go) does:
 * objects are granular maps unless `x-kubernetes-map-type: atomic`; lists are atomic unless
 * `x-kubernetes-list-type` is set/map or the patch strategy is merge (keyed by the merge key).
 * Atoms resolve lazily (schemas are recursive) and are cached per schema object.
 */
import { refName, type SchemaLookup, type SchemaObject, schemaRef, schemaType } from '../schema';

export type ScalarKind = 'numeric' | 'string' | 'boolean' | 'untyped';

export interface ListType {
  readonly atomic: boolean;
  /** Keys of an associative list of maps; empty for a set of scalars. */
  readonly keys: readonly string[];
  readonly element: Atom;
}

export interface MapType {
  readonly atomic: boolean;
  /** The type of a declared (struct) field. */
  field(name: string): Atom | undefined;
  /** The type of undeclared keys; undefined when they are not allowed. */
  readonly element: Atom | undefined;
  /** The schema default of a declared field (used for missing associative keys). */
  fieldDefault(name: string): unknown;
}

export interface Atom {
  readonly scalar?: ScalarKind;
  readonly list?: ListType;
  readonly map?: MapType;
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/**
 * `+default` markers on associative-list keys (k8s.io/api core/v1 types.go), for schemas that
 * do not carry `default`: a port applied without a protocol is the TCP port.
 */
const KEY_DEFAULTS: Record<string, Record<string, unknown>> = {
  'io.k8s.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.ServicePort': { protocol: 'TCP' },
};
const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';

class FixedMap implements MapType {
  constructor(
    readonly atomic: boolean,
    private readonly elementOf: () => Atom,
  ) {}
  field(): Atom | undefined {
    return undefined;
  }
  get element(): Atom {
    return this.elementOf();
  }
  fieldDefault(): unknown {
    return undefined;
  }
}

/** `__untyped_atomic_`: any value, owned as a whole. */
export const UNTYPED_ATOMIC: Atom = {
  scalar: 'untyped',
  list: {
    atomic: true,
    keys: [],
    get element() {
      return UNTYPED_ATOMIC;
    },
  },
  map: new FixedMap(true, () => UNTYPED_ATOMIC),
};

/** `__untyped_deduced_`: maps are granular, lists atomic (custom resources without a schema). */
export const DEDUCED: Atom = {
  scalar: 'untyped',
  list: UNTYPED_ATOMIC.list,
  map: new FixedMap(false, () => DEDUCED),
};

class SchemaMap implements MapType {
  private readonly fields = new Map<string, Atom | undefined>();
  private elementAtom: Atom | undefined | null = null;
  constructor(
    private readonly s: SchemaObject,
    private readonly lookup: SchemaLookup,
    private readonly preserveUnknown: boolean,
    readonly atomic: boolean,
    private readonly definition: string | undefined,
  ) {}

  field(name: string): Atom | undefined {
    let atom = this.fields.get(name);
    if (atom === undefined && !this.fields.has(name)) {
      const prop =
        this.s.properties && Object.hasOwn(this.s.properties, name)
          ? this.s.properties[name]
          : undefined;
      atom = prop ? refAtom(prop, this.lookup, this.preserveUnknown) : undefined;
      this.fields.set(name, atom);
    }
    return atom;
  }

  get element(): Atom | undefined {
    if (this.elementAtom === null) {
      const ap = this.s.additionalProperties;
      const hasProps = !!this.s.properties && Object.keys(this.s.properties).length > 0;
      if (ap === undefined)
        this.elementAtom = this.preserveUnknown || !hasProps ? DEDUCED : undefined;
      else if (typeof ap === 'object')
        this.elementAtom = refAtom(ap, this.lookup, this.preserveUnknown);
      else this.elementAtom = ap ? DEDUCED : undefined;
    }
    return this.elementAtom;
  }

  fieldDefault(name: string): unknown {
    const declared = this.s.properties?.[name]?.default;
    if (declared !== undefined) return declared;
    return this.definition ? KEY_DEFAULTS[this.definition]?.[name] : undefined;
  }
}

/** Cache: schema object → variant (preserve-unknown, map-type override) → atom. */
const cache = new WeakMap<SchemaObject, Map<string, Atom>>();

/** The atom of a named definition; DEDUCED when the schema does not know it. */
export function definitionAtom(lookup: SchemaLookup | undefined, name: string | undefined): Atom {
  if (!lookup || !name) return DEDUCED;
  return namedAtom(lookup, name, false, undefined) ?? DEDUCED;
}

function namedAtom(
  lookup: SchemaLookup,
  name: string,
  preserveUnknown: boolean,
  mapTypeOverride: string | undefined,
): Atom | undefined {
  if (name === QUANTITY) return { scalar: 'untyped' };
  if (name === RAW_EXTENSION) return UNTYPED_ATOMIC;
  const s = lookup(name);
  if (!s) return undefined;
  return schemaAtom(s, lookup, preserveUnknown, mapTypeOverride, name);
}

/** A property, item or additionalProperties schema: a reference or an inlined type. */
function refAtom(
  s: SchemaObject,
  lookup: SchemaLookup,
  preserveUnknown: boolean,
): Atom | undefined {
  const ref = schemaRef(s);
  if (ref) return namedAtom(lookup, refName(ref), false, s['x-kubernetes-map-type']);
  return schemaAtom(s, lookup, preserveUnknown, undefined);
}

function schemaAtom(
  s: SchemaObject,
  lookup: SchemaLookup,
  inheritedPreserve: boolean,
  mapTypeOverride: string | undefined,
  definition?: string,
): Atom {
  const preserveUnknown = inheritedPreserve || s['x-kubernetes-preserve-unknown-fields'] === true;
  const variant = `${preserveUnknown ? 1 : 0}${mapTypeOverride ?? ''}`;
  let byVariant = cache.get(s);
  const cached = byVariant?.get(variant);
  if (cached) return cached;
  const atom = buildAtom(s, lookup, preserveUnknown, mapTypeOverride, definition);
  if (!byVariant) {
    byVariant = new Map();
    cache.set(s, byVariant);
  }
  byVariant.set(variant, atom);
  return atom;
}

function buildAtom(
  s: SchemaObject,
  lookup: SchemaLookup,
  preserveUnknown: boolean,
  mapTypeOverride: string | undefined,
  definition: string | undefined,
): Atom {
  const type = schemaType(s);
  const mapAtomic = (mapTypeOverride ?? s['x-kubernetes-map-type']) === 'atomic';
  const object = () => new SchemaMap(s, lookup, preserveUnknown, mapAtomic, definition);
  switch (type) {
    case '':
      return {
        scalar: 'untyped',
        list: listType(s, lookup, preserveUnknown, mapTypeOverride),
        map: object(),
      };
    case 'object':
      return { map: object() };
    case 'array':
      return { list: listType(s, lookup, preserveUnknown, mapTypeOverride) };
    case 'integer':
    case 'number':
      return { scalar: 'numeric' };
    case 'boolean':
      return { scalar: 'boolean' };
    case 'string':
      return { scalar: !s.format || s.format === 'byte' ? 'string' : 'untyped' };
    default:
      return { scalar: 'untyped' };
  }
}

function listType(
  s: SchemaObject,
  lookup: SchemaLookup,
  preserveUnknown: boolean,
  relationshipOverride: string | undefined,
): ListType {
  let atomic = true;
  let keys: string[] = [];
  const listTypeExt = s['x-kubernetes-list-type'];
  const strategy = s['x-kubernetes-patch-strategy'];
  if (listTypeExt !== undefined) {
    atomic = listTypeExt !== 'set' && listTypeExt !== 'map';
    if (listTypeExt === 'map') keys = [...(s['x-kubernetes-list-map-keys'] ?? [])];
  } else if (strategy === 'merge' || strategy === 'merge,retainKeys') {
    atomic = false;
    const key = s['x-kubernetes-patch-merge-key'];
    if (key) keys = [key];
  }
  if (relationshipOverride === 'atomic') atomic = true;
  let element: Atom | undefined;
  return {
    atomic,
    keys,
    get element(): Atom {
      if (!element)
        element = (s.items && refAtom(s.items, lookup, preserveUnknown)) || UNTYPED_ATOMIC;
      return element;
    },
  };
}

export type AtomKind = 'scalar' | 'list' | 'map';

/**
 * Which part of an atom handles a value (upstream deduceAtom + handleAtom): the part matching
 * the value's type, else map, scalar, list in that order.
 */
export function atomKind(atom: Atom, v: unknown): AtomKind | undefined {
  if (v !== undefined && v !== null) {
    if (Array.isArray(v)) {
      if (atom.list) return 'list';
    } else if (typeof v === 'object') {
      if (atom.map) return 'map';
    } else if (atom.scalar) {
      return 'scalar';
    }
  }
  if (atom.map) return 'map';
  if (atom.scalar) return 'scalar';
  if (atom.list) return 'list';
  return undefined;
}

/** The type of a map entry: the declared field's, else the element type (deduced if unknown). */
export function mapEntryAtom(m: MapType, key: string): Atom {
  return m.field(key) ?? m.element ?? DEDUCED;
}
