/**
 * Path elements as structured-merge-diff fieldpath/element.go and serialize-pe.go define them:
 * a struct field (`f:name`), an associative-list key (`k:{"name":"x"}`), a set value
 * (`v:"a"`) or a list index (`i:0`). `id` is the FieldsV1 serialization, which is canonical
 * (key fields sorted by name, values as encoding/json writes them), so it identifies the element.
 */
import { isPlainObject } from '../../api/object';
import { compareGoStrings, goJSON, goQuote } from '../go-format';

export type PathElement =
  | { readonly kind: 'field'; readonly id: string; readonly name: string }
  | {
      readonly kind: 'key';
      readonly id: string;
      readonly fields: ReadonlyArray<readonly [string, unknown]>;
    }
  | { readonly kind: 'value'; readonly id: string; readonly value: unknown }
  | { readonly kind: 'index'; readonly id: string; readonly index: number };

export type Path = readonly PathElement[];

const fieldCache = new Map<string, PathElement>();

export function fieldElement(name: string): PathElement {
  let pe = fieldCache.get(name);
  if (!pe) {
    pe = { kind: 'field', id: `f:${name}`, name };
    if (fieldCache.size < 50_000) fieldCache.set(name, pe);
  }
  return pe;
}

/** An associative-list key; fields are sorted by name as value.FieldList.Sort does. */
export function keyElement(fields: Array<[string, unknown]>): PathElement {
  fields.sort((a, b) => compareGoStrings(a[0], b[0]));
  const id = `k:{${fields.map(([n, v]) => `${goJSON(n)}:${goJSON(v)}`).join(',')}}`;
  return { kind: 'key', id, fields };
}

export function valueElement(value: unknown): PathElement {
  return { kind: 'value', id: `v:${goJSON(value)}`, value };
}

export function indexElement(index: number): PathElement {
  return { kind: 'index', id: `i:${index}`, index };
}

const KIND_ORDER = { field: 0, key: 1, value: 2, index: 3 } as const;

/** PathElement.Compare: fields < keys < values < indexes, then by content. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  switch (a.kind) {
    case 'field':
      return compareGoStrings(a.name, (b as typeof a).name);
    case 'key':
      return compareFieldLists(a.fields, (b as typeof a).fields);
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'index':
      return Math.sign(a.index - (b as typeof a).index);
  }
}

function compareFieldLists(
  a: ReadonlyArray<readonly [string, unknown]>,
  b: ReadonlyArray<readonly [string, unknown]>,
): number {
  for (let i = 0; ; i++) {
    if (i >= a.length && i >= b.length) return 0;
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const [an, av] = a[i] as readonly [string, unknown];
    const [bn, bv] = b[i] as readonly [string, unknown];
    const c = compareGoStrings(an, bn) || compareValues(av, bv);
    if (c !== 0) return c;
  }
}

function valueRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (isPlainObject(v)) return 4;
  return 5;
}

/** value.Compare: numbers < strings < booleans < lists < maps < null. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return Math.sign((a as number) - (b as number));
    case 1:
      return compareGoStrings(a as string, b as string);
    case 2:
      return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const la = a as unknown[];
      const lb = b as unknown[];
      for (let i = 0; i < la.length && i < lb.length; i++) {
        const c = compareValues(la[i], lb[i]);
        if (c !== 0) return c;
      }
      return Math.sign(la.length - lb.length);
    }
    case 4: {
      const ma = a as Record<string, unknown>;
      const mb = b as Record<string, unknown>;
      const ka = Object.keys(ma).sort(compareGoStrings);
      const kb = Object.keys(mb).sort(compareGoStrings);
      for (let i = 0; i < ka.length && i < kb.length; i++) {
        const c =
          compareGoStrings(ka[i] as string, kb[i] as string) ||
          compareValues(ma[ka[i] as string], mb[kb[i] as string]);
        if (c !== 0) return c;
      }
      return Math.sign(ka.length - kb.length);
    }
    default:
      return 0;
  }
}

/** value.ToString, as conflict messages print key values. */
export function valueToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueToString).join(',')}]`;
  if (isPlainObject(v)) {
    return Object.keys(v)
      .map((k) => `${k}=${valueToString(v[k])}`)
      .join('');
  }
  return '{{undefined}}';
}

/** PathElement.String: `.name`, `[name="x",port=80]`, `[="a"]`, `[0]`. */
export function pathElementString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([n, v]) => `${n}=${valueToString(v)}`).join(',')}]`;
    case 'value':
      return `[=${valueToString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

export function pathString(path: Path): string {
  return path.map(pathElementString).join('');
}

/**
 * DeserializePathElement: parses a FieldsV1 key. Returns undefined for unknown element types
 * (skipped, as upstream does) and throws on malformed keys.
 */
export function parsePathElement(s: string): PathElement | undefined {
  if (s.length < 2) throw new Error('key must be 2 characters long:');
  if (s[1] !== ':') throw new Error(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case 'f':
      return fieldElement(body);
    case 'v':
      return valueElement(JSON.parse(body));
    case 'k': {
      const parsed: unknown = JSON.parse(body);
      if (!isPlainObject(parsed)) throw new Error(`expected an object in ${s}`);
      return keyElement(Object.entries(parsed));
    }
    case 'i': {
      if (!/^[-+]?\d+$/.test(body))
        throw new Error(`strconv.Atoi: parsing ${goQuote(body)}: invalid syntax`);
      return indexElement(Number.parseInt(body, 10));
    }
    default:
      return undefined;
  }
}
