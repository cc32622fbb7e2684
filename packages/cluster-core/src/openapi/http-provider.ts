/**
 * Serves /openapi/v2 and /openapi/v3[/<group-version>] for the API handler (ClusterCore.openapi),
 * with kube-openapi's negotiation, ETags and caching headers, and answers its field checks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpenAPIProvider } from '../apiserver/cluster-core';
import type { ServedResource as ApiServedResource } from '../apiserver/resources';
import type { Verb } from '../registry/types';
import { unknownFields } from './field-validation';
import type { ServedResource, SubresourceOperations } from './served-definitions';
import { openapiV2Response } from './v2';
import { computeETag, openapiV3Document, openapiV3Index, openapiV3ResponseHeaders } from './v3';

/** An operation per verb, in the order the endpoint installer registers them. */
const METHODS: [Verb, SubresourceOperations['methods'][number]][] = [
  ['get', 'get'],
  ['update', 'put'],
  ['patch', 'patch'],
  ['create', 'post'],
];

/** The subresources a kind publishes beyond status and scale, with their operations. */
function publishedSubresources(r: ApiServedResource): Record<string, SubresourceOperations> {
  const out: Record<string, SubresourceOperations> = {};
  for (const s of r.def.subresources ?? []) {
    if (!s.openapi) continue;
    out[s.name] = {
      methods: METHODS.filter(([verb]) => s.verbs.includes(verb)).map(([, method]) => method),
      ...(s.kind ? { gvk: s.kind } : {}),
    };
  }
  return out;
}

/** The resource table may grow in place (CRDs): a hit needs the same entries, not just the same array. */
const converted = new WeakMap<
  readonly ApiServedResource[],
  { from: ApiServedResource[]; to: ServedResource[] }
>();

export function toOpenAPIResources(resources: readonly ApiServedResource[]): ServedResource[] {
  const hit = converted.get(resources);
  if (hit && hit.from.length === resources.length && hit.from.every((r, i) => r === resources[i]))
    return hit.to;
  const out = resources.map((r): ServedResource => {
    const subresources: string[] = [];
    if (r.def.statusSubresource) subresources.push('status');
    if (r.def.scale) subresources.push('scale');
    const published = r.version === r.def.version ? publishedSubresources(r) : {};
    subresources.push(...Object.keys(published));
    return {
      group: r.group,
      version: r.version,
      kind: r.kind,
      plural: r.plural,
      namespaced: r.namespaced,
      verbs: r.verbs,
      subresources,
      ...(Object.keys(published).length ? { subresourceOperations: published } : {}),
      ...(r.schema !== undefined ? { schema: r.schema } : {}),
    };
  });
  converted.set(resources, { from: [...resources], to: out });
  return out;
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  res.writeHead(status, headers);
  res.end(body);
}

function notFound(res: ServerResponse): void {
  // the apiserver's mux answers unknown paths under /openapi/ with Go's plain-text 404
  send(
    res,
    404,
    { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    '404 page not found\n',
  );
}

/** handler3 accepts JSON (or `*`) for group-version documents; protobuf is not offered here. */
function acceptsJSON(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((c) => {
    const [type, ...params] = c.trim().split(';');
    if (params.some((p) => p.trim() === 'q=0')) return false;
    const t = type.trim().toLowerCase();
    return t === '*/*' || t === 'application/*' || t === 'application/json';
  });
}

function notModified(req: IncomingMessage, etag: string): boolean {
  const inm = req.headers['if-none-match'];
  return (
    typeof inm === 'string' &&
    inm.split(',').some((t) => t.trim() === `"${etag}"` || t.trim() === `W/"${etag}"`)
  );
}

export function serveOpenAPI(
  apiResources: readonly ApiServedResource[],
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
): void {
  const resources = toOpenAPIResources(apiResources);
  if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res);
  if (path === '/openapi/v2') {
    const r = openapiV2Response(resources, req.headers.accept);
    const etag = r.headers.Etag?.slice(1, -1);
    if (r.status === 200 && etag && notModified(req, etag))
      return send(res, 304, { Etag: r.headers.Etag, Vary: 'Accept' }, '');
    return send(res, r.status, r.headers, req.method === 'HEAD' ? '' : r.body);
  }
  if (path === '/openapi/v3' || path === '/openapi/v3/') {
    const json = JSON.stringify(openapiV3Index(resources));
    const etag = computeETag(json);
    if (notModified(req, etag)) return send(res, 304, { Etag: `"${etag}"` }, '');
    return send(res, 200, { 'Content-Type': 'application/json', Etag: `"${etag}"` }, json);
  }
  if (path.startsWith('/openapi/v3/')) {
    const gvPath = path.slice('/openapi/v3/'.length).replace(/\/$/, '');
    const doc = openapiV3Document(resources, gvPath);
    if (!doc) return notFound(res);
    if (!acceptsJSON(req.headers.accept)) return send(res, 406, { Vary: 'Accept' }, '');
    const r = openapiV3ResponseHeaders(gvPath, doc, query.get('hash') ?? undefined);
    if (r.status === 301)
      return send(res, 301, { ...r.headers, 'Content-Type': 'text/html; charset=utf-8' }, '');
    if (notModified(req, doc.hash)) return send(res, 304, r.headers, '');
    return send(res, 200, r.headers, req.method === 'HEAD' ? '' : doc.json);
  }
  return notFound(res);
}

/** The provider ClusterCore uses for /openapi/* and fieldValidation. */
export const openapiProvider: OpenAPIProvider = {
  serve: serveOpenAPI,
  unknownFields: (resources, r, obj, raw, drop) =>
    unknownFields(toOpenAPIResources(resources), r.group, r.version, r.kind, obj, raw, drop),
};
