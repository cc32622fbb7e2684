/**
 * How a list item is identified (structured-merge-diff typed/helpers.go listItemToPathElement):
 * by its key fields in an associative list of maps (a missing key falls back to the schema
 * default), by its value in a set.
 */
import { isPlainObject } from '../../api/object';
import { keyElement, type PathElement, valueElement } from '../fieldpath/path-element';
import { goQuote } from '../go-format';
import type { ListType } from './atom';

export type ItemElement =
  | { pe: PathElement; error?: undefined }
  | { pe?: undefined; error: string };

export function listItemElement(list: ListType, item: unknown): ItemElement {
  if (list.atomic) return { error: 'invalid indexing of non-associative list' };
  if (list.keys.length > 0) {
    if (item === null || item === undefined)
      return { error: 'associative list with keys may not have a null element' };
    if (!isPlainObject(item))
      return { error: 'associative list with keys may not have non-map elements' };
    const fields: Array<[string, unknown]> = [];
    for (const key of list.keys) {
      if (Object.hasOwn(item, key) && item[key] !== undefined) {
        fields.push([key, item[key]]);
        continue;
      }
      const def = list.element.map?.fieldDefault(key);
      if (def !== undefined && def !== null) fields.push([key, def]);
    }
    if (fields.length === 0) {
      return {
        error: `associative list with keys has an element that omits all key fields [${list.keys.map(goQuote).join(' ')}] (and doesn't have default values for any key fields)`,
      };
    }
    return { pe: keyElement(fields) };
  }
  if (isPlainObject(item))
    return { error: "associative list without keys has an element that's a map type" };
  if (Array.isArray(item))
    return { error: 'not supported: associative list with lists as elements' };
  if (item === null || item === undefined) {
    return { error: "associative list without keys has an element that's an explicit null" };
  }
  return { pe: valueElement(item) };
}
