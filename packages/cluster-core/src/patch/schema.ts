/**
 * The schema patching reads: swagger-2.0 style definitions keyed like
 * `io.k8s.api.core.v1.PodSpec`, with the x-kubernetes-* extensions that upstream's
 * strategic merge patch (patchStrategy/patchMergeKey struct tags) and structured-merge-diff
 * (kube-openapi pkg/schemaconv) read.
 */
export interface SchemaObject {
  type?: string | string[];
  format?: string;
  properties?: Record<string, SchemaObject>;
  additionalProperties?: SchemaObject | boolean;
  items?: SchemaObject;
  $ref?: string;
  allOf?: SchemaObject[];
  default?: unknown;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  [extension: string]: unknown;
}

/** Finds a definition by name (`io.k8s.api.apps.v1.Deployment`). Return the same object each call. */
export type SchemaLookup = (definitionName: string) => SchemaObject | undefined;

/** The definition name a `$ref` points at, for both `#/definitions/` and `#/components/schemas/`. */
export function refName(ref: string): string {
  const slash = ref.lastIndexOf('/');
  return slash >= 0 ? ref.slice(slash + 1) : ref;
}

/** The `$ref` of a schema, looking through a single-element `allOf` as kube-openapi does. */
export function schemaRef(s: SchemaObject): string | undefined {
  if (s.$ref) return s.$ref;
  if (s.allOf?.length === 1 && s.allOf[0]?.$ref) return s.allOf[0].$ref;
  return undefined;
}

/** Follows `$ref`s to the schema that holds the type; undefined when a reference dangles. */
export function resolveSchema(
  s: SchemaObject | undefined,
  lookup: SchemaLookup,
): SchemaObject | undefined {
  let current = s;
  for (let hops = 0; current && hops < 16; hops++) {
    const ref = schemaRef(current);
    if (!ref) return current;
    current = lookup(refName(ref));
  }
  return current;
}

export function schemaType(s: SchemaObject): string {
  return (Array.isArray(s.type) ? s.type[0] : s.type) ?? '';
}
