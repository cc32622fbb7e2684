/**
 * Removes a set of fields from a value (structured-merge-diff typed/remove.go, RemoveItems):
 * a member removes the field or list item, a child set descends into it. A container left
 * empty by the removal disappears, as it does once upstream decodes the result into a Go
 * struct with omitempty fields.
 */
import { isPlainObject } from '../../api/object';
import type { FieldSet } from '../fieldpath/field-set';
import { fieldElement } from '../fieldpath/path-element';
import { type Atom, atomKind, mapEntryAtom } from './atom';
import { listItemElement } from './list-items';

export function removeItems(value: unknown, toRemove: FieldSet, atom: Atom): unknown {
  if (toRemove.members.size === 0 && toRemove.children.size === 0) return value;
  switch (atomKind(atom, value)) {
    case 'scalar':
      return value;
    case 'list': {
      const list = atom.list!;
      if (!Array.isArray(value) || value.length === 0 || list.atomic) return undefined;
      const out: unknown[] = [];
      for (const item of value) {
        const pe = listItemElement(list, item).pe;
        if (!pe) {
          out.push(item);
          continue;
        }
        if (toRemove.members.has(pe.id)) continue;
        const sub = toRemove.withPrefix(pe);
        out.push(sub.empty() ? item : (removeItems(item, sub, list.element) ?? null));
      }
      return out.length > 0 ? out : undefined;
    }
    case 'map': {
      const map = atom.map!;
      if (!isPlainObject(value) || map.atomic) return undefined;
      const out: Record<string, unknown> = {};
      let any = false;
      for (const key of Object.keys(value)) {
        let v = value[key];
        if (v === undefined) continue;
        const pe = fieldElement(key);
        if (toRemove.members.has(pe.id)) continue;
        const sub = toRemove.withPrefix(pe);
        if (!sub.empty()) {
          v = removeItems(v, sub, mapEntryAtom(map, key));
          if (v === undefined) continue;
        }
        out[key] = v;
        any = true;
      }
      return any ? out : undefined;
    }
    default:
      return value;
  }
}
