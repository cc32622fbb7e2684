/** LIST with label/field selectors and limit/continue chunking (upstream generic store List). */
import { badRequest, expired } from '../api/errors';
import type { KubeObject } from '../api/object';
import { type FieldRequirement, matchesFields, parseFieldSelector } from '../api/selectors/fields';
import { type LabelSelector, matchesLabels, parseLabelSelector } from '../api/selectors/labels';
import type { ServedResource } from './resources';
import type { RestStore } from './rest';

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface Selection {
  labels: LabelSelector;
  fields: FieldRequirement[];
}

/** Parses selectors and checks every field is one the kind supports. */
export function parseSelection(r: ServedResource, query: ListQuery): Selection {
  const labels = parseLabelSelector(query.labelSelector ?? '');
  const fields = parseFieldSelector(query.fieldSelector ?? '');
  for (const f of fields) {
    if (!fieldGetter(r, f.field)) {
      // Kinds with their own field label conversion say it their way; the rest get
      // runtime.DefaultMetaV1FieldSelectorConversion's text. (kubectl adds "Unable to find ...".)
      throw badRequest(
        r.def.selectableFields && Object.keys(r.def.selectableFields).length
          ? `field label not supported: ${f.field}`
          : `${JSON.stringify(f.field)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
      );
    }
  }
  return { labels, fields };
}

function fieldGetter(
  r: ServedResource,
  field: string,
): ((o: KubeObject) => string | undefined) | undefined {
  if (field === 'metadata.name') return (o) => o.metadata.name;
  if (field === 'metadata.namespace' && r.namespaced) return (o) => o.metadata.namespace;
  return r.def.selectableFields?.[field];
}

export function selects(r: ServedResource, sel: Selection, obj: KubeObject): boolean {
  if (!matchesLabels(sel.labels, obj.metadata.labels)) return false;
  return matchesFields(sel.fields, (f) => fieldGetter(r, f)?.(obj));
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function encodeContinue(rv: number, start: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv, start };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(value: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString()) as ContinueToken;
    if (token.v !== 'meta.k8s.io/v1' || typeof token.start !== 'string') throw new Error('bad');
    return token;
  } catch {
    throw badRequest(`continue key is not valid: illegal base64 data at input byte 0`);
  }
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export function listObjects(
  rest: RestStore,
  r: ServedResource,
  namespace: string | undefined,
  query: ListQuery,
): ListResult {
  const sel = parseSelection(r, query);
  let start = '';
  if (query.continue) {
    const token = decodeContinue(query.continue);
    if (token.rv < rest.store.oldestResumableVersion() - 1_000_000) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result.',
      );
    }
    start = token.start;
  }
  const rv = rest.store.resourceVersion();
  const source = r.def.computeOnRead
    ? rest.computed(r, namespace)
    : rest.store.list(r.storage, namespace).map((o) => r.fromStorage(o));
  const all = source.filter((o) => selects(r, sel, o)).filter((o) => !start || keyOf(o) > start);
  const limit = query.limit && query.limit > 0 ? query.limit : undefined;
  if (!limit || all.length <= limit) return { items: all, resourceVersion: String(rv) };
  const items = all.slice(0, limit);
  return {
    items,
    resourceVersion: String(rv),
    continue: encodeContinue(rv, keyOf(items[items.length - 1])),
    remainingItemCount: all.length - limit,
  };
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** The List object a plain (non-Table) list returns. */
export function listObject(r: ServedResource, result: ListResult): KubeObject {
  const metadata: Record<string, unknown> = { resourceVersion: result.resourceVersion };
  if (result.continue) metadata.continue = result.continue;
  if (result.remainingItemCount !== undefined)
    metadata.remainingItemCount = result.remainingItemCount;
  return {
    kind: `${r.kind}List`,
    apiVersion: r.apiVersion,
    metadata,
    items: result.items,
  };
}
