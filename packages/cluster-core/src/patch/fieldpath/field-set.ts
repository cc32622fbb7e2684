/**
 * A set of field paths, as structured-merge-diff fieldpath/set.go: at each level the members
 * (paths ending here) and the children (paths going deeper), keyed by path element. Set
 * operations return new sets that may share untouched subtrees, so a set is never mutated once
 * it has been handed to another set. FieldsV1 (de)serialization follows fieldpath/serialize.go.
 */
import type { Atom } from '../typed/atom';
import { comparePathElements, type Path, type PathElement, parsePathElement } from './path-element';

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

export class FieldSet {
  readonly members = new Map<string, PathElement>();
  readonly children = new Map<string, Child>();

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: Path): void {
    if (path.length === 0) return;
    let s: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) s = s.descend(path[i] as PathElement);
    const last = path[path.length - 1] as PathElement;
    s.members.set(last.id, last);
  }

  /** The child set for `pe`, created when missing. */
  descend(pe: PathElement): FieldSet {
    let child = this.children.get(pe.id);
    if (!child) {
      child = { pe, set: new FieldSet() };
      this.children.set(pe.id, child);
    }
    return child.set;
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    let s: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && s; i++)
      s = s.children.get((path[i] as PathElement).id)?.set;
    return !!s && s.members.has((path[path.length - 1] as PathElement).id);
  }

  /** The paths under `pe`, without it. */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(pe.id)?.set ?? EMPTY;
  }

  empty(): boolean {
    if (this.members.size > 0) return false;
    for (const c of this.children.values()) if (!c.set.empty()) return false;
    return true;
  }

  union(other: FieldSet): FieldSet {
    if (other.members.size === 0 && other.children.size === 0) return this;
    if (this.members.size === 0 && this.children.size === 0) return other;
    const out = new FieldSet();
    for (const [id, pe] of this.members) out.members.set(id, pe);
    for (const [id, pe] of other.members) out.members.set(id, pe);
    for (const [id, c] of this.children) {
      const o = other.children.get(id);
      out.children.set(id, o ? { pe: c.pe, set: c.set.union(o.set) } : c);
    }
    for (const [id, c] of other.children) if (!this.children.has(id)) out.children.set(id, c);
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) if (other.members.has(id)) out.members.set(id, pe);
    for (const [id, c] of this.children) {
      const o = other.children.get(id);
      if (!o) continue;
      const res = c.set.intersection(o.set);
      if (!res.empty()) out.children.set(id, { pe: c.pe, set: res });
    }
    return out;
  }

  /** Set.Difference: removes `other`'s members level by level (a member does not remove children). */
  difference(other: FieldSet): FieldSet {
    if (other.members.size === 0 && other.children.size === 0) return this;
    const out = new FieldSet();
    for (const [id, pe] of this.members) if (!other.members.has(id)) out.members.set(id, pe);
    for (const [id, c] of this.children) {
      const o = other.children.get(id);
      if (!o) {
        out.children.set(id, c);
        continue;
      }
      const diff = c.set.difference(o.set);
      if (!diff.empty()) out.children.set(id, { pe: c.pe, set: diff });
    }
    return out;
  }

  /** Set.RecursiveDifference: a member of `other` also removes everything under it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) if (!other.members.has(id)) out.members.set(id, pe);
    for (const [id, c] of this.children) {
      if (other.members.has(id)) continue;
      const o = other.children.get(id);
      if (!o) {
        out.children.set(id, c);
        continue;
      }
      const diff = c.set.recursiveDifference(o.set);
      if (!diff.empty()) out.children.set(id, { pe: c.pe, set: diff });
    }
    return out;
  }

  /**
   * EnsureNamedFieldsAreMembers: a child that is a declared struct field also becomes a member,
   * so removing the set removes the field itself and not only its leaves.
   */
  ensureNamedFieldsAreMembers(atom: Atom | undefined): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) out.members.set(id, pe);
    const map = atom?.map;
    for (const [id, c] of this.children) {
      let childAtom: Atom | undefined;
      if (c.pe.kind === 'field' && map) {
        const declared = map.field(c.pe.name);
        if (declared) out.members.set(id, c.pe);
        childAtom = declared ?? map.element;
      } else if (c.pe.kind === 'key' && atom?.list) {
        childAtom = atom.list.element;
      }
      out.children.set(id, { pe: c.pe, set: c.set.ensureNamedFieldsAreMembers(childAtom) });
    }
    return out;
  }

  /** Every path, members before children, each level in PathElement order. */
  iterate(fn: (path: Path) => void, prefix: PathElement[] = []): void {
    for (const pe of [...this.members.values()].sort(comparePathElements)) fn([...prefix, pe]);
    for (const c of sortedChildren(this)) {
      prefix.push(c.pe);
      c.set.iterate(fn, prefix);
      prefix.pop();
    }
  }

  paths(): Path[] {
    const out: Path[] = [];
    this.iterate((p) => out.push(p));
    return out;
  }

  /** FieldsV1 JSON (fieldpath Set.ToJSON): `{"f:spec":{"f:replicas":{}}}`, `.` marks a member with children. */
  toFieldsV1(): Record<string, unknown> {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (includeSelf && (this.members.size > 0 || this.children.size > 0)) out['.'] = {};
    const entries: Array<{ pe: PathElement; child?: FieldSet }> = [];
    for (const pe of this.members.values())
      entries.push({ pe, child: this.children.get(pe.id)?.set });
    for (const c of this.children.values())
      if (!this.members.has(c.pe.id)) entries.push({ pe: c.pe, child: c.set });
    entries.sort((a, b) => comparePathElements(a.pe, b.pe));
    for (const e of entries) {
      const isMember = this.members.has(e.pe.id);
      out[e.pe.id] = e.child ? e.child.emit(isMember) : {};
    }
    return out;
  }

  /** Set.FromJSON; throws on a malformed key. */
  static fromFieldsV1(fields: unknown): FieldSet {
    const s = new FieldSet();
    if (fields && typeof fields === 'object' && !Array.isArray(fields))
      readFields(s, fields as Record<string, unknown>);
    return s;
  }
}

function sortedChildren(s: FieldSet): Child[] {
  const list = [...s.children.values()];
  if (list.length > 1) list.sort((a, b) => comparePathElements(a.pe, b.pe));
  return list;
}

/** readIterV1: an empty object (or one holding `.`) marks a member; nested keys are children. */
function readFields(into: FieldSet, fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields)) {
    if (key === '.') continue;
    const pe = parsePathElement(key);
    if (!pe) continue;
    const nested =
      value && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {};
    const keys = Object.keys(nested);
    const hasChildren = keys.some((k) => k !== '.');
    if (!hasChildren || Object.hasOwn(nested, '.')) into.members.set(pe.id, pe);
    if (hasChildren) {
      const child = into.descend(pe);
      readFields(child, nested);
      if (child.members.size === 0 && child.children.size === 0) {
        into.children.delete(pe.id);
        into.members.set(pe.id, pe);
      }
    }
  }
}

export const EMPTY: FieldSet = new FieldSet();
