/**
 * /openapi/v3: the index of group-versions and one OpenAPI 3.0 document per group-version, as
 * kube-openapi's handler3 serves them. kubectl explain (1.27+) renders these documents, kubectl
 * apply (1.33) reads their patch extensions, and cli-runtime's QueryParamVerifierV3 looks for the
 * `fieldValidation` parameter on PATCH operations to decide the server validates fields itself.
 */
import { createHash } from 'node:crypto';
import type { Schema } from './definitions';
import {
  groupVersionPath,
  type Operation,
  PATCH_CONTENT_TYPES,
  QUERY_PARAMETER_DOCS,
  resourceOperations,
} from './operations';
import { reachableDefinitions, type ServedResource, servedDefinitions } from './served-definitions';

const COMPONENT_REF_PREFIX = '#/components/schemas/';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** Definitions every group-version document carries, for its discovery and delete operations. */
const META_ROOTS = [
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList',
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
  'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent',
];

export interface OpenAPIV3Document {
  body: unknown;
  /** The document's hash (handler3 computeETag: upper-case hex SHA-512 of `json`). */
  hash: string;
  /** The exact bytes to send; `hash` is computed over them. */
  json: string;
}

/** GET /openapi/v3: `{"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=..."}}}`. */
export function openapiV3Index(resources: ServedResource[]): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const gvs = [...new Set(resources.map((r) => groupVersionPath(r.group, r.version)))].sort();
  for (const gv of gvs) {
    const doc = openapiV3Document(resources, gv);
    if (doc) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${doc.hash}` };
  }
  return { paths };
}

/** GET /openapi/v3/<gvPath>: undefined when no served resource is in that group-version. */
export function openapiV3Document(
  resources: ServedResource[],
  gvPath: string,
): OpenAPIV3Document | undefined {
  const served = servedDefinitions(resources);
  const memoKey = `v3:${gvPath}`;
  const memo = served.documents.get(memoKey) as OpenAPIV3Document | null | undefined;
  if (memo !== undefined) return memo ?? undefined;
  const inGroupVersion = resources.filter((r) => groupVersionPath(r.group, r.version) === gvPath);
  if (!inGroupVersion.length) {
    served.documents.set(memoKey, null);
    return undefined;
  }
  const ops = inGroupVersion.flatMap((r) => resourceOperations(served, r));
  const roots = new Set(META_ROOTS);
  for (const op of ops) {
    roots.add(op.response);
    if (op.body) roots.add(op.body);
  }
  const schemas: Record<string, unknown> = {};
  for (const name of reachableDefinitions(served.definitions, roots)) {
    schemas[name] = definitionToV3(name, served.definitions[name]);
  }
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const item = (paths[op.path] ??= { parameters: pathParameters(op) });
    item[op.method] = operationToV3(op);
  }
  const sortedPaths: Record<string, unknown> = {};
  for (const p of Object.keys(paths).sort()) sortedPaths[p] = paths[p];
  const body = {
    components: {
      schemas,
      securitySchemes: {
        BearerToken: {
          description: 'Bearer Token authentication',
          in: 'header',
          name: 'authorization',
          type: 'apiKey',
        },
      },
    },
    info: { title: 'Kubernetes', version: 'unversioned' },
    openapi: '3.0.0',
    paths: sortedPaths,
  };
  const json = JSON.stringify(body);
  const doc: OpenAPIV3Document = { body, json, hash: computeETag(json) };
  served.documents.set(memoKey, doc);
  return doc;
}

export function computeETag(data: string | Buffer): string {
  return createHash('sha512').update(data).digest('hex').toUpperCase();
}

/**
 * The response headers handler3 sends for a group-version document: with a matching `?hash=`
 * the document is immutable; with another hash the client is redirected to the current one.
 */
export function openapiV3ResponseHeaders(
  gvPath: string,
  doc: OpenAPIV3Document,
  requestedHash: string | undefined,
  now: Date = new Date(),
): { status: 200 | 301; headers: Record<string, string> } {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Etag: `"${doc.hash}"`,
    Vary: 'Accept',
  };
  if (requestedHash) {
    if (requestedHash !== doc.hash) {
      return {
        status: 301,
        headers: { Location: `/openapi/v3/${gvPath}?hash=${doc.hash}`, Vary: 'Accept' },
      };
    }
    const expires = new Date(now);
    expires.setUTCFullYear(expires.getUTCFullYear() + 1);
    headers['Cache-Control'] = 'public, immutable';
    headers.Expires = expires.toUTCString().replace(/GMT$/, 'UTC');
  }
  return { status: 200, headers };
}

/** A swagger-2.0 definition as kube-openapi converts it to OpenAPI 3 (refs with siblings become allOf). */
export function definitionToV3(name: string, def: Schema): Schema {
  if (name === INT_OR_STRING) {
    return {
      description: def.description,
      format: 'int-or-string',
      oneOf: [{ type: 'integer' }, { type: 'string' }],
    };
  }
  if (name === QUANTITY)
    return { description: def.description, oneOf: [{ type: 'string' }, { type: 'number' }] };
  return schemaToV3(def, true);
}

function schemaToV3(s: Schema, top = false): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref') continue;
    if (k === 'properties' && v && typeof v === 'object') {
      const props: Record<string, Schema> = {};
      for (const [p, ps] of Object.entries(v as Record<string, Schema>)) props[p] = schemaToV3(ps);
      out.properties = props;
    } else if (
      (k === 'items' || k === 'additionalProperties' || k === 'not') &&
      v &&
      typeof v === 'object'
    ) {
      out[k] = schemaToV3(v as Schema);
    } else if ((k === 'allOf' || k === 'oneOf' || k === 'anyOf') && Array.isArray(v)) {
      out[k] = (v as Schema[]).map((x) => schemaToV3(x));
    } else out[k] = v;
  }
  if (typeof s.$ref === 'string') {
    const ref = { $ref: COMPONENT_REF_PREFIX + s.$ref.slice(s.$ref.lastIndexOf('/') + 1) };
    // a $ref with siblings (a described field) is wrapped in allOf, as kube-openapi's builder3 does
    if (top || Object.keys(out).length === 0) return { ...ref, ...out };
    return { allOf: [ref], ...out };
  }
  return out;
}

function pathParameters(op: Operation): unknown[] {
  const params: unknown[] = [];
  if (op.named)
    params.push({
      description: `name of the ${op.gvk.kind}`,
      in: 'path',
      name: 'name',
      required: true,
      schema: { type: 'string', uniqueItems: true },
    });
  if (op.namespaced)
    params.push({
      description: 'object name and auth scope, such as for teams and projects',
      in: 'path',
      name: 'namespace',
      required: true,
      schema: { type: 'string', uniqueItems: true },
    });
  params.push(queryParameter('pretty'));
  return params;
}

function queryParameter(name: string): unknown {
  const doc = QUERY_PARAMETER_DOCS[name];
  return {
    description: doc.description,
    in: 'query',
    name,
    schema: { type: doc.type, uniqueItems: true },
  };
}

function content(types: string[], def: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of types) out[t] = { schema: { $ref: COMPONENT_REF_PREFIX + def } };
  return out;
}

const RESPONSE_TYPES = [
  'application/json',
  'application/vnd.kubernetes.protobuf',
  'application/yaml',
];

function operationToV3(op: Operation): unknown {
  const out: Record<string, unknown> = { description: op.description, operationId: op.operationId };
  if (op.query.length) out.parameters = op.query.map(queryParameter);
  if (op.body) {
    const types =
      op.method === 'patch'
        ? PATCH_CONTENT_TYPES.filter((t) => !(op.noStrategicMerge && t.includes('strategic')))
        : ['*/*'];
    out.requestBody = {
      content: content(types, op.body),
      ...(op.method === 'delete' ? {} : { required: true }),
    };
  }
  const responses: Record<string, unknown> = {
    '200': { content: content(RESPONSE_TYPES, op.response), description: 'OK' },
  };
  if (op.method === 'post' || op.method === 'put' || op.method === 'patch') {
    responses['201'] = { content: content(RESPONSE_TYPES, op.response), description: 'Created' };
  }
  if (op.method === 'post' || op.method === 'delete')
    responses['202'] = { content: content(RESPONSE_TYPES, op.response), description: 'Accepted' };
  responses['401'] = { description: 'Unauthorized' };
  out.responses = responses;
  out.tags = [
    op.path.split('/')[2] === 'v1' && op.path.startsWith('/api/') ? 'core_v1' : tagOf(op.path),
  ];
  out['x-kubernetes-action'] = op.action;
  out['x-kubernetes-group-version-kind'] = {
    group: op.gvk.group,
    kind: op.gvk.kind,
    version: op.gvk.version,
  };
  return out;
}

/** installer.go's tag: the group's first label plus version, e.g. apps_v1, networking_v1. */
function tagOf(path: string): string {
  const [, , group, version] = path.split('/');
  return `${group.replace(/\.k8s\.io$/, '').replace(/\./g, '_')}_${version}`;
}
