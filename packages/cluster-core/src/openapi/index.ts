/**
 * OpenAPI of the in-process API server: /openapi/v2, /openapi/v3 (kubectl explain, apply's patch
 * metadata, the fieldValidation support check) and strict field validation of request bodies.
 * Built from the definitions generated at build time; shared by every cluster of the process.
 */
export type { ServedResource } from './served-definitions';
export { openapiV3Index, openapiV3Document, openapiV3ResponseHeaders, type OpenAPIV3Document } from './v3';
export { openapiV2, openapiV2Response, OPENAPI_V2_PROTOBUF, type OpenAPIV2 } from './v2';
export { unknownFields } from './field-validation';
export {
  builtinDefinition,
  builtinDefinitionNameForGVK,
  builtinDefinitions,
  customResourceDefinitionName,
  type GroupVersionKind,
  type Schema,
} from './definitions';
