/**
 * The definitions one set of served resources publishes: the built-in ones (shared, generated at
 * build time) plus one per CRD-defined kind and its list, built as apiextensions-apiserver's
 * pkg/controller/openapi/builder does. Cached by resource set, since most clusters serve the same.
 */
import { createHash } from 'node:crypto';
import { crdSchemaForOpenAPIV2 } from './crd-openapi-v2';
import {
  builtinDefinitionNameForGVK,
  builtinDefinitions,
  customResourceDefinitionName,
  DEFINITION_REF_PREFIX,
  type Schema,
} from './definitions';

export interface ServedResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  verbs: string[];
  subresources: string[];
  /**
   * The operations of subresources other than status and scale, by name: their methods and, when
   * their body is another kind than the resource's (pods/eviction), its GroupVersionKind.
   */
  subresourceOperations?: Record<string, SubresourceOperations>;
  /** A CRD's openAPIV3Schema for this version; absent for built-in kinds. */
  schema?: unknown;
  /** A CRD's list kind, when not `${kind}List`. */
  listKind?: string;
}

export interface SubresourceOperations {
  methods: ('get' | 'put' | 'patch' | 'post')[];
  gvk?: { group: string; version: string; kind: string };
}

export interface ServedDefinitions {
  key: string;
  resources: ServedResource[];
  /** Built-in definitions plus the CRD-defined ones (swagger-2.0 refs), as v3 publishes them. */
  definitions: Readonly<Record<string, Schema>>;
  /** The same with the CRD-defined kinds as /openapi/v2 publishes them (crd-openapi-v2.ts). */
  definitionsV2: Readonly<Record<string, Schema>>;
  /** The definition name of a served kind (or of its list, with `${kind}List`). */
  definitionName(group: string, version: string, kind: string): string | undefined;
  /** Memo for documents built from this set (v3 per group-version, v2). */
  documents: Map<string, unknown>;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';
const CACHE_LIMIT = 64;
const cache = new Map<string, ServedDefinitions>();

/** Identifies a resource set: equal sets share their built documents. */
export function resourceSetKey(resources: ServedResource[]): string {
  const canonical = resources
    .map((r) =>
      JSON.stringify([
        r.group,
        r.version,
        r.kind,
        r.plural,
        r.namespaced,
        [...r.verbs].sort(),
        [...r.subresources].sort(),
        r.subresourceOperations ?? null,
        r.listKind ?? '',
        r.schema ?? null,
      ]),
    )
    .sort()
    .join('\n');
  return createHash('sha256').update(canonical).digest('hex');
}

/** Keys of resource arrays already seen: callers hand the same (memoized) array on every write. */
const keys = new WeakMap<ServedResource[], string>();

export function servedDefinitions(resources: ServedResource[]): ServedDefinitions {
  let key = keys.get(resources);
  if (key === undefined) {
    key = resourceSetKey(resources);
    keys.set(resources, key);
  }
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const builtins = builtinDefinitions();
  const custom = new Map<string, string>();
  let definitions: Record<string, Schema> = builtins as Record<string, Schema>;
  let definitionsV2: Record<string, Schema> = definitions;
  // Only CRD-defined kinds get a synthesized schema; a built-in kind without a generated
  // definition stays unknown (no validation) rather than rejecting every field.
  const crds = resources.filter((r) => r.schema !== undefined);
  if (crds.length) {
    definitions = { ...builtins };
    definitionsV2 = { ...builtins };
    for (const r of crds) {
      if (builtinDefinitionNameForGVK(r.group, r.version, r.kind)) continue;
      const name = customResourceDefinitionName(r.group, r.version, r.kind);
      const listKind = r.listKind ?? `${r.kind}List`;
      const listName = customResourceDefinitionName(r.group, r.version, listKind);
      definitions[name] = customResourceSchema(r);
      definitions[listName] = customResourceListSchema(r, name, listKind);
      definitionsV2[name] = customResourceSchemaV2(r);
      definitionsV2[listName] = definitions[listName];
      custom.set(`${r.group}/${r.version}/${r.kind}`, name);
      custom.set(`${r.group}/${r.version}/${listKind}`, listName);
    }
  }
  const entry: ServedDefinitions = {
    key,
    resources,
    definitions,
    definitionsV2,
    definitionName: (group, version, kind) =>
      custom.get(`${group}/${version}/${kind}`) ??
      builtinDefinitionNameForGVK(group, version, kind),
    documents: new Map(),
  };
  cache.set(key, entry);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return entry;
}

/** apiVersion and kind as upstream's TypeMeta declares them (taken from a built-in kind). */
function typeMetaProperty(name: 'apiVersion' | 'kind'): Schema {
  const pod = builtinDefinitions()['io.k8s.api.core.v1.Pod'];
  return { ...(pod?.properties?.[name] ?? { type: 'string' }) };
}

function metadataDescription(): string | undefined {
  return builtinDefinitions()['io.k8s.api.core.v1.Pod']?.properties?.metadata?.description;
}

/** builder.buildKubeNative: the CRD schema plus apiVersion, kind and a metadata reference. */
function customResourceSchema(r: ServedResource): Schema {
  const gvk = [{ group: r.group, kind: r.kind, version: r.version }];
  const schema = r.schema && typeof r.schema === 'object' ? (r.schema as Schema) : undefined;
  if (!schema) return { type: 'object', 'x-kubernetes-group-version-kind': gvk };
  const properties: Record<string, Schema> = { ...(schema.properties ?? {}) };
  properties.metadata = {
    $ref: DEFINITION_REF_PREFIX + OBJECT_META,
    description: metadataDescription(),
  };
  properties.apiVersion = typeMetaProperty('apiVersion');
  properties.kind = typeMetaProperty('kind');
  return {
    ...schema,
    type: schema.type ?? 'object',
    properties,
    'x-kubernetes-group-version-kind': gvk,
  };
}

/** builder.buildKubeNative with Options{V2: true}. */
function customResourceSchemaV2(r: ServedResource): Schema {
  const gvk = [{ group: r.group, kind: r.kind, version: r.version }];
  const original = r.schema && typeof r.schema === 'object' ? (r.schema as Schema) : undefined;
  const schema = original && crdSchemaForOpenAPIV2(original);
  if (!schema) return { type: 'object', 'x-kubernetes-group-version-kind': gvk };
  return customResourceSchema({ ...r, schema });
}

/** builder.buildListSchema. */
function customResourceListSchema(r: ServedResource, itemName: string, listKind: string): Schema {
  return {
    description: `${listKind} is a list of ${r.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: typeMetaProperty('apiVersion'),
      items: {
        description: `List of ${r.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        type: 'array',
        items: { $ref: DEFINITION_REF_PREFIX + itemName },
      },
      kind: typeMetaProperty('kind'),
      metadata: {
        $ref: DEFINITION_REF_PREFIX + LIST_META,
        description:
          builtinDefinitions()['io.k8s.api.core.v1.PodList']?.properties?.metadata?.description,
      },
    },
    'x-kubernetes-group-version-kind': [{ group: r.group, kind: listKind, version: r.version }],
  };
}

/** Every definition reachable from `roots` through `$ref`s (roots included). */
export function reachableDefinitions(
  definitions: Readonly<Record<string, Schema>>,
  roots: Iterable<string>,
): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  const visit = (s: unknown): void => {
    if (!s || typeof s !== 'object') return;
    if (Array.isArray(s)) {
      for (const x of s) visit(x);
      return;
    }
    for (const [k, v] of Object.entries(s)) {
      if (k === '$ref' && typeof v === 'string') stack.push(v.slice(v.lastIndexOf('/') + 1));
      else if (k !== 'enum' && k !== 'default' && k !== 'example') visit(v);
    }
  };
  while (stack.length) {
    const name = stack.pop() as string;
    if (seen.has(name) || !definitions[name]) continue;
    seen.add(name);
    visit(definitions[name]);
  }
  return [...seen].sort();
}
