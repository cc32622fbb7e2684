/**
 * How a CRD's schema is published in /openapi/v2, which kubectl's client-side validation reads
 * (for Lists, and whenever it validates locally): apiextensions-apiserver
 * pkg/controller/openapi/builder buildKubeNative with Options{V2: true} and
 * pkg/controller/openapi/v2 ToStructuralOpenAPIV2, then handler.PruneDefaults. v3 keeps the
 * schema as it is.
 */
import type { Schema } from './definitions';

/**
 * The v2 form of a CRD version's openAPIV3Schema, before metadata/apiVersion/kind are added;
 * undefined when the root preserves unknown fields: upstream then publishes a bare
 * `type: object`, since kubectl would reject every field outside declared properties.
 */
export function crdSchemaForOpenAPIV2(schema: Schema): Schema | undefined {
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return undefined;
  return toStructuralOpenAPIV2(schema);
}

/** ToStructuralOpenAPIV2 (parent first, as the structural Visitor) and PruneDefaults. */
function toStructuralOpenAPIV2(input: Schema): Schema {
  const s: Schema = { ...input };
  delete s.allOf;
  delete s.oneOf;
  delete s.anyOf;
  delete (s as Record<string, unknown>).not;
  delete (s as Record<string, unknown>).default;
  // kube-openapi#143: untyped values break if items or properties are set in kubectl
  if (s.nullable) {
    delete s.type;
    delete s.nullable;
    delete s.items;
    delete s.properties;
  }
  // unknown fields break if items or properties are set in kubectl
  if (s['x-kubernetes-preserve-unknown-fields'] === true) {
    delete s.items;
    delete s.properties;
  }
  // kubectl cannot cope with an array without item schema
  if (s.items === undefined && s.type === 'array') delete s.type;
  if (s.properties && s.required) {
    const props = s.properties;
    const required = s.required.filter((name) => !props[name]?.nullable);
    if (required.length) s.required = required;
    else delete s.required;
  }
  const additional = s.additionalProperties;
  if (additional && typeof additional === 'object' && (additional as Schema).nullable)
    delete s.required;

  if (s.items && typeof s.items === 'object' && !Array.isArray(s.items))
    s.items = toStructuralOpenAPIV2(s.items as Schema);
  if (additional && typeof additional === 'object')
    s.additionalProperties = toStructuralOpenAPIV2(additional as Schema);
  if (s.properties) {
    const properties: Record<string, Schema> = {};
    for (const [name, child] of Object.entries(s.properties))
      properties[name] = toStructuralOpenAPIV2(child);
    s.properties = properties;
  }
  return s;
}
