/**
 * Checks an apply configuration against the schema as structured-merge-diff typed/validate.go
 * does when it builds the typed patch object: scalar types, undeclared fields, associative list
 * keys and duplicates. Messages carry the Go renderings upstream prints.
 */
import { isPlainObject } from '../../api/object';
import { fieldElement, indexElement, pathElementString } from '../fieldpath/path-element';
import { goValue } from '../go-format';
import { type Atom, atomKind, type ScalarKind } from './atom';
import { listItemElement } from './list-items';

export interface ValidationError {
  path: string;
  message: string;
}

/** ValidationErrors.Error(): one error as `path: message`, several as an indented list. */
export function formatValidationErrors(errs: ValidationError[]): string {
  const one = (e: ValidationError) => (e.path ? `${e.path}: ${e.message}` : e.message);
  if (errs.length === 1) return one(errs[0] as ValidationError);
  return ['errors:', ...errs.map((e) => `  ${one(e)}`)].join('\n');
}

export function validateValue(value: unknown, atom: Atom): ValidationError[] {
  const errs: ValidationError[] = [];
  validate(value, atom, '', errs);
  return errs;
}

function validate(v: unknown, atom: Atom, path: string, errs: ValidationError[]): void {
  switch (atomKind(atom, v)) {
    case 'scalar': {
      const message = scalarError(atom.scalar!, v);
      if (message) errs.push({ path, message });
      return;
    }
    case 'list': {
      if (v === null || v === undefined) return;
      if (!Array.isArray(v)) {
        errs.push({ path, message: `expected list, got ${valuePointer(v)}` });
        return;
      }
      const list = atom.list!;
      const seen = new Set<string>();
      for (let i = 0; i < v.length; i++) {
        let pe = indexElement(i);
        if (!list.atomic) {
          const item = listItemElement(list, v[i]);
          if (!item.pe) {
            errs.push({ path, message: `element ${i}: ${item.error}` });
            return;
          }
          pe = item.pe;
          if (seen.has(pe.id))
            errs.push({ path, message: `duplicate entries for key ${pathElementString(pe)}` });
          seen.add(pe.id);
        }
        validate(v[i], list.element, path + pathElementString(pe), errs);
      }
      return;
    }
    case 'map': {
      if (v === null || v === undefined) return;
      if (!isPlainObject(v)) {
        errs.push({ path, message: `expected map, got ${valuePointer(v)}` });
        return;
      }
      const map = atom.map!;
      for (const key of Object.keys(v)) {
        if (v[key] === undefined) continue;
        const childPath = path + pathElementString(fieldElement(key));
        const child = map.field(key) ?? map.element;
        if (!child) {
          errs.push({ path: childPath, message: 'field not declared in schema' });
          return;
        }
        validate(v[key], child, childPath, errs);
      }
      return;
    }
    default:
      errs.push({ path, message: 'schema error: invalid atom: inlined' });
  }
}

function scalarError(kind: ScalarKind, v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  switch (kind) {
    case 'numeric':
      return typeof v === 'number'
        ? undefined
        : `expected numeric (int or float), got ${goDynamicType(v)}`;
    case 'string':
      return typeof v === 'string'
        ? undefined
        : `expected string, got &value.valueUnstructured{Value:${goSharpV(v)}}`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `expected boolean, got ${valuePointer(v)}`;
    default:
      return typeof v === 'object' ? `expected any scalar, got ${valuePointer(v)}` : undefined;
  }
}

/** %v of a value.Value (a pointer to a struct holding the decoded value). */
function valuePointer(v: unknown): string {
  return `&{${goValue(v)}}`;
}

/** %T of a value decoded from YAML/JSON (numbers are float64). */
function goDynamicType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** %#v of a decoded JSON value. */
function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  return `map[string]interface {}{${keys.map((k) => `${JSON.stringify(k)}:${goSharpV(o[k])}`).join(', ')}}`;
}
