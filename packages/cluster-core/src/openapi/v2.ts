/**
 * /openapi/v2 (swagger 2.0). kubectl asks for it only as protobuf (client-go discovery
 * OpenAPISchema: `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`, no JSON
 * fallback; 1.27 retries /swagger-2.0.0.pb-v1 on 403/404/406, 1.33 fails at once), and:
 *  - kubectl 1.27 `explain` loads it eagerly before even trying v3, and `diff` needs it: without
 *    it both fail;
 *  - `apply` (1.27 always, 1.33 when v3 has no strategic-merge operation for the kind) reads the
 *    patch merge keys of built-in kinds from it;
 *  - client-side validation and `explain --output plaintext-openapiv2` read its definitions.
 * So it is served as upstream does, as gnostic's openapi_v2.Document (OpenAPIv2.proto), encoded
 * here by hand; kubectl only reads `definitions` from it (paths are in the JSON form only).
 */
import { createHash } from 'node:crypto';
import type { Schema } from './definitions';
import {
  type Operation,
  PATCH_CONTENT_TYPES,
  QUERY_PARAMETER_DOCS,
  resourceOperations,
} from './operations';
import { ProtoWriter } from './protobuf';
import { type ServedResource, servedDefinitions } from './served-definitions';

/** What kubectl asks for; kube-openapi answers with the `.v1.0` spelling (`@` is no valid MIME). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
export const OPENAPI_V2_PROTOBUF_RESPONSE =
  'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

export interface OpenAPIV2 {
  json: unknown;
  protobuf?: Buffer;
  /** The exact JSON bytes to send. */
  jsonText: string;
  /** upstream's ETags (kube-openapi computeETag: upper-case hex SHA-512 of the bytes sent). */
  jsonEtag: string;
  protobufEtag: string;
}

export function openapiV2(resources: ServedResource[]): OpenAPIV2 {
  const served = servedDefinitions(resources);
  const memo = served.documents.get('v2') as OpenAPIV2 | undefined;
  if (memo) return memo;
  const ops = resources.flatMap((r) => resourceOperations(served, r));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const item = (paths[op.path] ??= { parameters: pathParameters(op) });
    item[op.method] = operationToV2(op);
  }
  const sortedPaths: Record<string, unknown> = {};
  for (const p of Object.keys(paths).sort()) sortedPaths[p] = paths[p];
  const definitions = served.definitionsV2;
  const json = {
    definitions,
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: sortedPaths,
    securityDefinitions: {
      BearerToken: {
        description: 'Bearer Token authentication',
        in: 'header',
        name: 'authorization',
        type: 'apiKey',
      },
    },
    security: [{ BearerToken: [] }],
    swagger: '2.0',
  };
  const protobuf = encodeDocument(definitions);
  const jsonText = JSON.stringify(json);
  const etag = (b: string | Buffer) => createHash('sha512').update(b).digest('hex').toUpperCase();
  const doc: OpenAPIV2 = {
    json,
    protobuf,
    jsonText,
    jsonEtag: etag(jsonText),
    protobufEtag: etag(protobuf),
  };
  served.documents.set('v2', doc);
  return doc;
}

/**
 * GET /openapi/v2 negotiated as kube-openapi's handler does: the first Accept clause naming JSON or
 * either protobuf spelling wins (`*` matches), otherwise 406.
 */
export function openapiV2Response(
  resources: ServedResource[],
  accept: string | undefined,
): { status: 200 | 406; headers: Record<string, string>; body: string | Buffer } {
  const clauses = (accept || '*/*')
    .split(',')
    .map((c, i) => {
      const [type, ...params] = c.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((c) => c.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { type } of clauses) {
    const [main, sub] = type.split('/');
    if (main !== 'application' && main !== '*') continue;
    const wantsJSON = sub === 'json' || sub === '*';
    const wantsProto =
      sub === 'com.github.proto-openapi.spec.v2@v1.0+protobuf' ||
      sub === 'com.github.proto-openapi.spec.v2.v1.0+protobuf';
    if (!wantsJSON && !wantsProto) continue;
    const doc = openapiV2(resources);
    if (wantsJSON) {
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json', Etag: `"${doc.jsonEtag}"`, Vary: 'Accept' },
        body: doc.jsonText,
      };
    }
    return {
      status: 200,
      headers: {
        'Content-Type': OPENAPI_V2_PROTOBUF_RESPONSE,
        Etag: `"${doc.protobufEtag}"`,
        Vary: 'Accept',
      },
      body: doc.protobuf as Buffer,
    };
  }
  return { status: 406, headers: { Vary: 'Accept' }, body: '' };
}

/** gnostic openapi_v2.Document: swagger = 1, info = 2, paths = 8, definitions = 9. */
export function encodeDocument(definitions: Readonly<Record<string, Schema>>): Buffer {
  const w = new ProtoWriter();
  w.string(1, '2.0');
  w.message(2, (info) => info.string(1, 'Kubernetes').string(2, 'unversioned'));
  w.message(8, () => {});
  w.message(9, (defs) => {
    for (const name of Object.keys(definitions).sort()) {
      // Definitions.additional_properties = 1: NamedSchema { name = 1, value = 2 }
      defs.message(1, (named) =>
        named.string(1, name).message(2, (s) => encodeSchema(s, definitions[name])),
      );
    }
  });
  return w.finish();
}

/** An Any carrying its value as YAML text (JSON is YAML), as gnostic stores vendor extensions. */
function encodeAny(w: ProtoWriter, field: number, value: unknown): void {
  w.message(field, (any) => any.string(2, JSON.stringify(value)));
}

/** gnostic openapi_v2.Schema, field numbers from OpenAPIv2.proto. */
function encodeSchema(w: ProtoWriter, s: Schema): void {
  if (typeof s.$ref === 'string')
    w.string(
      1,
      s.$ref.startsWith('#/')
        ? `#/definitions/${s.$ref.slice(s.$ref.lastIndexOf('/') + 1)}`
        : s.$ref,
    );
  w.string(2, s.format as string | undefined);
  w.string(3, s.title as string | undefined);
  w.string(4, s.description);
  w.double(6, s.multipleOf as number | undefined);
  w.double(7, s.maximum as number | undefined);
  w.bool(8, s.exclusiveMaximum as boolean | undefined);
  w.double(9, s.minimum as number | undefined);
  w.bool(10, s.exclusiveMinimum as boolean | undefined);
  w.int64(11, s.maxLength as number | undefined);
  w.int64(12, s.minLength as number | undefined);
  w.string(13, s.pattern as string | undefined);
  w.int64(14, s.maxItems as number | undefined);
  w.int64(15, s.minItems as number | undefined);
  w.bool(16, s.uniqueItems as boolean | undefined);
  w.int64(17, s.maxProperties as number | undefined);
  w.int64(18, s.minProperties as number | undefined);
  for (const r of s.required ?? []) w.string(19, r);
  for (const e of s.enum ?? []) encodeAny(w, 20, e);
  const ap = s.additionalProperties;
  if (ap !== undefined) {
    // AdditionalPropertiesItem: oneof { Schema schema = 1; bool boolean = 2 }
    w.message(21, (item) => {
      if (typeof ap === 'boolean') item.bool(2, ap);
      else item.message(1, (x) => encodeSchema(x, ap));
    });
  }
  const type = s.type;
  if (typeof type === 'string') w.message(22, (t) => t.string(1, type));
  if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) {
    const items = s.items;
    w.message(23, (it) => it.message(1, (x) => encodeSchema(x, items)));
  }
  for (const a of s.allOf ?? []) w.message(24, (x) => encodeSchema(x, a));
  if (s.properties) {
    const props = s.properties;
    w.message(25, (p) => {
      for (const [name, ps] of Object.entries(props)) {
        p.message(1, (named) => named.string(1, name).message(2, (x) => encodeSchema(x, ps)));
      }
    });
  }
  for (const [k, v] of Object.entries(s)) {
    if (!k.startsWith('x-') || v === undefined) continue;
    // NamedAny { name = 1, value = 2 }
    w.message(31, (named) => {
      named.string(1, k);
      encodeAny(named, 2, v);
    });
  }
}

function pathParameters(op: Operation): unknown[] {
  const params: unknown[] = [];
  if (op.named)
    params.push({
      description: `name of the ${op.gvk.kind}`,
      in: 'path',
      name: 'name',
      required: true,
      type: 'string',
      uniqueItems: true,
    });
  if (op.namespaced)
    params.push({
      description: 'object name and auth scope, such as for teams and projects',
      in: 'path',
      name: 'namespace',
      required: true,
      type: 'string',
      uniqueItems: true,
    });
  params.push(queryParameter('pretty'));
  return params;
}

function queryParameter(name: string): unknown {
  const doc = QUERY_PARAMETER_DOCS[name];
  return { description: doc.description, in: 'query', name, type: doc.type, uniqueItems: true };
}

function operationToV2(op: Operation): unknown {
  const ref = (def: string) => ({ $ref: `#/definitions/${def}` });
  const parameters: unknown[] = [];
  if (op.body)
    parameters.push({
      in: 'body',
      name: 'body',
      required: op.method !== 'delete',
      schema: ref(op.body),
    });
  for (const q of op.query) parameters.push(queryParameter(q));
  const responses: Record<string, unknown> = {
    '200': { description: 'OK', schema: ref(op.response) },
  };
  if (op.method === 'post' || op.method === 'put' || op.method === 'patch')
    responses['201'] = { description: 'Created', schema: ref(op.response) };
  if (op.method === 'post' || op.method === 'delete')
    responses['202'] = { description: 'Accepted', schema: ref(op.response) };
  responses['401'] = { description: 'Unauthorized' };
  return {
    consumes:
      op.method === 'patch'
        ? PATCH_CONTENT_TYPES.filter((t) => !(op.noStrategicMerge && t.includes('strategic')))
        : ['*/*'],
    description: op.description,
    operationId: op.operationId,
    ...(parameters.length ? { parameters } : {}),
    produces: ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
    responses,
    schemes: ['https'],
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': {
      group: op.gvk.group,
      kind: op.gvk.kind,
      version: op.gvk.version,
    },
  };
}
