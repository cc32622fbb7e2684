/**
 * OpenAPI of the in-process API server: /openapi/v2, /openapi/v3 (kubectl explain, apply's patch
 * metadata, the fieldValidation support check) and strict field validation of request bodies.
 * Built from the definitions generated at build time; shared by every cluster of the process.
 */

export {
  builtinDefinition,
  builtinDefinitionNameForGVK,
  builtinDefinitions,
  customResourceDefinitionName,
  type GroupVersionKind,
  type Schema,
} from './definitions';
export { unknownFields } from './field-validation';
export type { ServedResource } from './served-definitions';
export { OPENAPI_V2_PROTOBUF, type OpenAPIV2, openapiV2, openapiV2Response } from './v2';
export {
  type OpenAPIV3Document,
  openapiV3Document,
  openapiV3Index,
  openapiV3ResponseHeaders,
} from './v3';
