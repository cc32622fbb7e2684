/**
 * Merging an apply configuration into the live object (structured-merge-diff typed/merge.go,
 * rule "keep RHS"): leaves take the configuration's value, granular maps merge key by key and
 * associative lists merge item by item, keeping the live order around the items the
 * configuration lists in its own order. Inputs must not be mutated afterwards: the result
 * shares unchanged subtrees with them.
 */
import { isPlainObject } from '../../api/object';
import type { PathElement } from '../fieldpath/path-element';
import {
  type Atom,
  type AtomKind,
  atomKind,
  type ListType,
  type MapType,
  mapEntryAtom,
} from './atom';
import { listItemElement } from './list-items';

export function mergeValues(lhs: unknown, rhs: unknown, atom: Atom): unknown {
  return mergeAt(lhs, rhs, atom);
}

function mergeAt(lhs: unknown, rhs: unknown, atom: Atom): unknown {
  // when the shapes differ upstream walks both, but only the configuration's walk produces output
  const kind: AtomKind | undefined = rhs === undefined ? atomKind(atom, lhs) : atomKind(atom, rhs);
  switch (kind) {
    case 'scalar':
      return rhs !== undefined ? rhs : lhs;
    case 'list':
      return mergeList(atom.list!, lhs, rhs);
    case 'map':
      return mergeMap(atom.map!, lhs, rhs);
    default:
      return undefined;
  }
}

function mergeMap(map: MapType, lhs: unknown, rhs: unknown): unknown {
  const l = isPlainObject(lhs) ? lhs : undefined;
  const r = isPlainObject(rhs) ? rhs : undefined;
  if (map.atomic || ((!l || Object.keys(l).length === 0) && (!r || Object.keys(r).length === 0))) {
    return rhs !== undefined ? rhs : lhs;
  }
  if (!l && !r) return undefined;
  const out: Record<string, unknown> = {};
  let any = false;
  if (l) {
    for (const key of Object.keys(l)) {
      const v = mergeEntry(map, key, l[key], r?.[key]);
      if (v !== undefined) {
        out[key] = v;
        any = true;
      }
    }
  }
  if (r) {
    for (const key of Object.keys(r)) {
      if (l && l[key] !== undefined) continue;
      const v = mergeEntry(map, key, undefined, r[key]);
      if (v !== undefined) {
        out[key] = v;
        any = true;
      }
    }
  }
  return any ? out : undefined;
}

function mergeEntry(map: MapType, key: string, lv: unknown, rv: unknown): unknown {
  if (lv === undefined && rv === undefined) return undefined;
  return mergeAt(lv, rv, mapEntryAtom(map, key));
}

/** Marks a live key that occurs more than once (upstream stores a null value for it). */
const DUPLICATE = null;

interface Indexed {
  pes: PathElement[];
  items: unknown[];
  observed: Map<string, unknown>;
}

function index(list: ListType, items: unknown[] | undefined, allowDuplicates: boolean): Indexed {
  const out: Indexed = { pes: [], items: [], observed: new Map() };
  for (const item of items ?? []) {
    const pe = listItemElement(list, item).pe;
    if (!pe) continue;
    if (out.observed.has(pe.id)) {
      if (!allowDuplicates) continue;
      out.observed.set(pe.id, DUPLICATE);
    } else {
      out.observed.set(pe.id, item);
    }
    out.pes.push(pe);
    out.items.push(item);
  }
  return out;
}

function mergeList(list: ListType, lhs: unknown, rhs: unknown): unknown {
  const l = Array.isArray(lhs) ? lhs : undefined;
  const r = Array.isArray(rhs) ? rhs : undefined;
  if (list.atomic || ((!l || l.length === 0) && (!r || r.length === 0))) {
    return rhs !== undefined ? rhs : lhs;
  }
  if (!l && !r) return undefined;
  const R = index(list, r, false);
  const L = index(list, l, true);
  const out: unknown[] = [];
  const push = (lChild: unknown, rChild: unknown) => {
    if (lChild === undefined && rChild === undefined) return;
    const merged = mergeAt(lChild, rChild, list.element);
    if (merged !== undefined) out.push(merged);
  };
  const sharedOrder = R.pes.filter((pe) => L.observed.has(pe.id));
  let shared = 0;
  let nextShared: PathElement | undefined = sharedOrder[shared++];
  const mergedRHS = new Set<string>();
  const lLen = L.pes.length;
  const rLen = R.pes.length;
  for (let lI = 0, rI = 0; lI < lLen || rI < rLen; ) {
    if (lI < lLen && rI < rLen) {
      const pe = L.pes[lI] as PathElement;
      if (pe.id === (R.pes[rI] as PathElement).id) {
        mergedRHS.add(pe.id);
        push(L.observed.get(pe.id), R.observed.get(pe.id));
        lI++;
        rI++;
        nextShared = sharedOrder[shared++];
        continue;
      }
      if (R.observed.has(pe.id) && nextShared && nextShared.id !== pe.id) {
        lI++;
        continue;
      }
    }
    if (lI < lLen) {
      const pe = L.pes[lI] as PathElement;
      if (!R.observed.has(pe.id)) {
        push(L.items[lI], undefined);
        lI++;
        continue;
      }
      if (mergedRHS.has(pe.id)) lI++;
    }
    if (rI < rLen) {
      const pe = R.pes[rI] as PathElement;
      mergedRHS.add(pe.id);
      push(L.observed.get(pe.id), R.observed.get(pe.id));
      rI++;
      if (nextShared && nextShared.id === pe.id) nextShared = sharedOrder[shared++];
    }
  }
  return out.length > 0 ? out : undefined;
}
