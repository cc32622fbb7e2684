import { badRequest } from '../api/errors';
/** Parsing a request path into what it addresses (upstream endpoints/request.RequestInfoFactory). */
export interface ResourceRequest {
  kind: 'resource';
  group: string;
  version: string;
  namespace?: string;
  plural: string;
  name?: string;
  subresource?: string;
  /** The legacy /watch/ path prefix. */
  watchPath: boolean;
  /** For the proxy subresource: the path to forward (`/` when none). */
  proxyPath?: string;
}

export interface OtherRequest {
  kind: 'other';
  path: string;
}

export function parsePath(path: string): ResourceRequest | OtherRequest {
  const parts = path.split('/').filter(Boolean).map(unescapePathSegment);
  let rest: string[];
  let group: string;
  let version: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return { kind: 'other', path };
  }
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  const req: ResourceRequest = { kind: 'resource', group, version, plural: '', watchPath };
  // namespaces/<ns>/<resource>/... unless it is the namespace object's own subresource.
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))
  ) {
    req.namespace = rest[1];
    rest = rest.slice(2);
  }
  [req.plural, req.name, req.subresource] = rest;
  // services/<name>/proxy/<path...> and pods/<name>/proxy/<path...> carry a path of their own.
  if (rest.length > 3 && rest[2] === 'proxy') {
    req.proxyPath = `/${rest.slice(3).join('/')}${path.endsWith('/') ? '/' : ''}`;
  } else if (rest.length > 3) return { kind: 'other', path };
  return req;
}

/** url.PathUnescape: a malformed escape is the client's error, as Go's URL parser says it. */
function unescapePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    const bad = /%(?![0-9a-fA-F]{2}).{0,2}/.exec(segment)?.[0] ?? segment;
    throw badRequest(`invalid URL escape ${JSON.stringify(bad)}`);
  }
}
