/**
 * The fields two versions of an object differ in (structured-merge-diff typed/compare.go):
 * leaves (scalars, atomic lists and maps, empty containers) are added, removed or modified;
 * a granular map or associative list item that appears or disappears is added or removed too.
 */
import { isPlainObject } from '../../api/object';
import { FieldSet } from '../fieldpath/field-set';
import { fieldElement, type PathElement } from '../fieldpath/path-element';
import {
  type Atom,
  type AtomKind,
  atomKind,
  type ListType,
  type MapType,
  mapEntryAtom,
} from './atom';
import { listItemElement } from './list-items';

export interface Comparison {
  removed: FieldSet;
  modified: FieldSet;
  added: FieldSet;
}

export function compareValues(lhs: unknown, rhs: unknown, atom: Atom): Comparison {
  const c: Comparison = {
    removed: new FieldSet(),
    modified: new FieldSet(),
    added: new FieldSet(),
  };
  compareAt(lhs, rhs, atom, [], c);
  return c;
}

/** value.Equals: numbers by value, maps regardless of key order, lists in order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let count = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    count++;
    if (bo[k] === undefined || !jsonEqual(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (bo[k] !== undefined) count--;
  return count === 0;
}

function compareAt(
  lhs: unknown,
  rhs: unknown,
  atom: Atom,
  path: PathElement[],
  c: Comparison,
): void {
  const kl = atomKind(atom, lhs);
  const kr = atomKind(atom, rhs);
  let inLeaf: boolean;
  if (rhs === undefined) inLeaf = handle(kl, atom, lhs, rhs, path, c);
  else if (lhs === undefined || kl === kr) inLeaf = handle(kr, atom, lhs, rhs, path, c);
  else {
    // the value changed shape: upstream walks it as both (the first walk's leaf flag is a copy's)
    handle(kl, atom, lhs, rhs, path, c);
    inLeaf = handle(kr, atom, lhs, rhs, path, c);
  }
  if (!inLeaf) {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
  }
}

/** Returns whether the value was treated as a leaf. */
function handle(
  kind: AtomKind | undefined,
  atom: Atom,
  lhs: unknown,
  rhs: unknown,
  path: PathElement[],
  c: Comparison,
): boolean {
  switch (kind) {
    case 'scalar':
      leaf(lhs, rhs, path, c);
      return true;
    case 'list':
      return compareList(atom.list!, lhs, rhs, path, c);
    case 'map':
      return compareMap(atom.map!, lhs, rhs, path, c);
    default:
      return false;
  }
}

function leaf(lhs: unknown, rhs: unknown, path: PathElement[], c: Comparison): void {
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
  else if (!jsonEqual(lhs, rhs)) c.modified.insert(path);
}

function compareList(
  list: ListType,
  lhs: unknown,
  rhs: unknown,
  path: PathElement[],
  c: Comparison,
): boolean {
  const l = Array.isArray(lhs) ? lhs : undefined;
  const r = Array.isArray(rhs) ? rhs : undefined;
  if (list.atomic || ((!l || l.length === 0) && (!r || r.length === 0))) {
    leaf(lhs, rhs, path, c);
    return true;
  }
  const order: PathElement[] = [];
  const lValues = new Map<string, unknown[]>();
  const rValues = new Map<string, unknown[]>();
  for (const item of l ?? []) {
    const pe = listItemElement(list, item).pe;
    if (!pe) continue;
    const seen = lValues.get(pe.id);
    if (seen) seen.push(item);
    else {
      lValues.set(pe.id, [item]);
      order.push(pe);
    }
  }
  for (const item of r ?? []) {
    const pe = listItemElement(list, item).pe;
    if (!pe) continue;
    const seen = rValues.get(pe.id);
    if (seen) seen.push(item);
    else {
      rValues.set(pe.id, [item]);
      if (!lValues.has(pe.id)) order.push(pe);
    }
  }
  for (const pe of order) {
    const ls = lValues.get(pe.id) ?? [];
    const rs = rValues.get(pe.id) ?? [];
    path.push(pe);
    if (ls.length <= 1 && rs.length <= 1) {
      compareAt(ls[0], rs[0], list.element, path, c);
    } else if (ls.length >= 2 && rs.length >= 2) {
      if (!jsonEqual(ls, rs)) c.modified.insert(path);
    } else if (ls.length >= 2) {
      if (rs.length > 0) compareAt(undefined, rs[0], list.element, path, c);
      c.removed.insert(path);
    } else {
      if (ls.length > 0) compareAt(ls[0], undefined, list.element, path, c);
      c.added.insert(path);
    }
    path.pop();
  }
  return false;
}

function compareMap(
  map: MapType,
  lhs: unknown,
  rhs: unknown,
  path: PathElement[],
  c: Comparison,
): boolean {
  const l = isPlainObject(lhs) ? lhs : undefined;
  const r = isPlainObject(rhs) ? rhs : undefined;
  if (map.atomic || ((!l || isEmpty(l)) && (!r || isEmpty(r)))) {
    leaf(lhs, rhs, path, c);
    return true;
  }
  if (l) {
    for (const key in l) {
      const lv = l[key];
      const rv = r?.[key];
      if (lv === undefined && rv === undefined) continue;
      path.push(fieldElement(key));
      compareAt(lv, rv, mapEntryAtom(map, key), path, c);
      path.pop();
    }
  }
  if (r) {
    for (const key in r) {
      if (r[key] === undefined || (l && l[key] !== undefined)) continue;
      path.push(fieldElement(key));
      compareAt(undefined, r[key], mapEntryAtom(map, key), path, c);
      path.pop();
    }
  }
  return false;
}

function isEmpty(o: Record<string, unknown>): boolean {
  for (const k in o) if (o[k] !== undefined) return false;
  return true;
}
