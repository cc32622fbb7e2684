/**
 * The fields a value sets (structured-merge-diff typed/tofieldset.go): every scalar leaf, every
 * atomic list or map as a whole, every associative list item (keyed) and every map entry that
 * is not a declared struct field; empty maps and nulls count as set.
 */
import { isPlainObject } from '../../api/object';
import { FieldSet } from '../fieldpath/field-set';
import { fieldElement, type PathElement } from '../fieldpath/path-element';
import { type Atom, atomKind, DEDUCED } from './atom';
import { listItemElement } from './list-items';

export function toFieldSet(value: unknown, atom: Atom): FieldSet {
  const set = new FieldSet();
  walk(value, atom, [], set);
  return set;
}

function walk(v: unknown, atom: Atom, path: PathElement[], set: FieldSet): void {
  switch (atomKind(atom, v)) {
    case 'scalar':
      set.insert(path);
      return;
    case 'list': {
      const list = atom.list!;
      if (list.atomic) {
        set.insert(path);
        return;
      }
      if (!Array.isArray(v)) return;
      const pes = v.map((item) => listItemElement(list, item).pe);
      const seen = new Map<string, number>();
      for (const pe of pes) if (pe) seen.set(pe.id, (seen.get(pe.id) ?? 0) + 1);
      const duplicatesDone = new Set<string>();
      for (let i = 0; i < v.length; i++) {
        const pe = pes[i];
        if (!pe) continue;
        path.push(pe);
        if ((seen.get(pe.id) ?? 0) > 1) {
          // a duplicated key is owned as a whole, never descended into
          if (!duplicatesDone.has(pe.id)) set.insert(path);
          duplicatesDone.add(pe.id);
        } else {
          walk(v[i], list.element, path, set);
          set.insert(path);
        }
        path.pop();
      }
      return;
    }
    case 'map': {
      const map = atom.map!;
      if (map.atomic) {
        set.insert(path);
        return;
      }
      if (!isPlainObject(v)) return;
      for (const key of Object.keys(v)) {
        const child = v[key];
        if (child === undefined) continue;
        const declared = map.field(key);
        path.push(fieldElement(key));
        walk(child, declared ?? map.element ?? DEDUCED, path, set);
        if (
          child === null ||
          !declared ||
          (isPlainObject(child) && Object.keys(child).length === 0)
        )
          set.insert(path);
        path.pop();
      }
      return;
    }
    default:
      return;
  }
}
