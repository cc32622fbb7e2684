/** The OpenAPI definitions patching and managedFields read for a served resource. */
import { builtinDefinition, builtinDefinitionNameForGVK } from '../openapi/definitions';
import { customResourceSchema, type SchemaLookup, type SchemaObject } from '../patch';
import type { ServedResource } from './resources';

const lookup: SchemaLookup = (name) => builtinDefinition(name) as ReturnType<SchemaLookup>;

/** Built-in kinds patch with their upstream schema; custom resources with their CRD's. */
export function patchSchemaOf(r: ServedResource): {
  schema?: SchemaLookup;
  rootDefinition?: string;
} {
  if (r.schema !== undefined) return customResourceSchema(r.schema as SchemaObject, lookup);
  const rootDefinition = builtinDefinitionNameForGVK(r.group, r.version, r.kind);
  return rootDefinition ? { schema: lookup, rootDefinition } : {};
}
