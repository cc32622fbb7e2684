/** HTTP plumbing of the API server: bodies, media types, responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import {
  badRequest,
  type GroupResource,
  internalError,
  isStatusError,
  methodNotSupported,
  requestEntityTooLarge,
  type StatusError,
} from '../api/errors';
import { goJsonDepthError, goJsonSyntaxError, summarizeData } from '../api/go-json-syntax';
import type { KubeObject } from '../api/object';
import { decodeProtobufObject, PROTOBUF_MEDIA_TYPE } from '../protobuf';

/** kube-apiserver's default MaxRequestBodyBytes (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** The body limit of the cluster a request is for (its ClusterLimits.maxRequestBodyBytes). */
const bodyLimits = new WeakMap<IncomingMessage, number>();

export function limitBody(req: IncomingMessage, bytes: number): void {
  bodyLimits.set(req, bytes);
}

export function readBody(
  req: IncomingMessage,
  limit = bodyLimits.get(req) ?? MAX_BODY_BYTES,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(requestEntityTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(requestEntityTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => !failed && resolve(Buffer.concat(chunks)));
    // A client that goes away mid-body is no server error: nobody is left to read the answer.
    req.on('error', () => !failed && reject(badRequest('the client closed the request body')));
    req.on('aborted', () => !failed && reject(badRequest('the client closed the request body')));
  });
}

/**
 * The request target as a URL. A path is taken as a path even when it starts with `//` (which
 * `new URL(path, base)` would read as a host); anything unparsable is the root, which answers 404.
 */
export function requestUrl(req: IncomingMessage): URL {
  const target = req.url ?? '/';
  try {
    return target.startsWith('/')
      ? new URL(`http://localhost${target}`)
      : new URL(target, 'http://localhost');
  } catch {
    return new URL('http://localhost/');
  }
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** The decoded body of a subresource that only takes POST (pods/eviction, serviceaccounts/token). */
export async function postedBody(request: {
  method: string;
  req: IncomingMessage;
  resource: { gr: GroupResource };
}): Promise<KubeObject> {
  if (request.method !== 'POST')
    throw methodNotSupported(request.resource.gr, request.method.toLowerCase());
  return decodeBody(await readBody(request.req), request.req.headers['content-type']) as KubeObject;
}

/** Decodes a JSON or YAML request body into a value; malformed input is a 400. */
export function decodeBody(body: Buffer, contentType: string | undefined, kind?: string): unknown {
  const text = body.toString('utf8');
  const type = mediaType(contentType);
  // kubectl's typed clients send protobuf since client-go 1.32 (and never retry as JSON)
  if (type === PROTOBUF_MEDIA_TYPE) return decodeProtobufObject(body);
  if (type.endsWith('yaml')) {
    try {
      return jsonValue(parseYaml(text));
    } catch (err) {
      throw badRequest(`error converting YAML to JSON: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const tooDeep = goJsonDepthError(text);
  try {
    if (tooDeep) throw new SyntaxError(tooDeep);
    return JSON.parse(text);
  } catch (err) {
    // handlers' transformDecodeError, with Go's scanner wording of the syntax error.
    const syntax = tooDeep ?? goJsonSyntaxError(text) ?? (err as Error).message;
    const detail = `couldn't get version/kind; json parse error: ${syntax}`;
    if (!kind) throw badRequest(detail);
    throw badRequest(
      `the object provided is unrecognized (must be of type ${kind}): ${detail} (${summarizeData(body)})`,
    );
  }
}

/**
 * A parsed YAML value as sigs.k8s.io/yaml hands it on: JSON. `!!binary` is go-yaml's string of
 * the bytes (JSON-encoded as UTF-8, bad bytes replaced), not a byte array.
 */
function jsonValue(value: unknown): unknown {
  if (value === undefined) return value;
  return JSON.parse(
    JSON.stringify(value, (_key, v) =>
      // isView, not instanceof: the parser's Uint8Array may come from another realm (jest's vm)
      ArrayBuffer.isView(v)
        ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8')
        : v,
    ),
  );
}

export interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(accept: string | undefined): MediaRange[] {
  if (!accept) return [{ type: '*/*', params: {} }];
  return accept.split(',').map((part) => {
    const [type, ...rest] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of rest) {
      const [k, v] = p.split('=');
      if (k) params[k.trim()] = (v ?? '').trim();
    }
    return { type: type.toLowerCase(), params };
  });
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
  contentType = 'application/json',
): void {
  if (res.headersSent || res.destroyed) return;
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': String(payload.length),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(payload);
}

/** About this many bytes of a collection are encoded and written per turn (see sendCollection). */
const COLLECTION_SLICE_BYTES = 64 * 1024;

/**
 * Sends `body`, whose last member `arrayKey` is a collection (a List's items, a Table's rows), in
 * slices of about 64 KiB, and gives the turn to other work between them through `later` (the fair
 * queue, where a neighbour's request is served between two slices of a flood's huge list).
 * kube-apiserver streams collections too since 1.33 (StreamingCollectionEncodingToJSON). The
 * bytes are JSON.stringify(body)'s; a collection that fits one slice goes out as sendJson's does.
 * Settles once the response is written or the client went away.
 */
export function sendCollection(
  res: ServerResponse,
  code: number,
  body: Record<string, unknown>,
  arrayKey: string,
  headers: Record<string, string | string[]>,
  later: (work: () => void) => void,
): Promise<void> {
  const items = body[arrayKey];
  if (!Array.isArray(items) || Object.keys(body).at(-1) !== arrayKey) {
    sendJson(res, code, body, headers);
    return Promise.resolve();
  }
  if (res.headersSent || res.destroyed) return Promise.resolve();
  let next = 0;
  const slice = (): string => {
    let out = '';
    for (; next < items.length && out.length < COLLECTION_SLICE_BYTES; next++)
      out += (next === 0 ? '' : ',') + (JSON.stringify(items[next]) ?? 'null');
    return out;
  };
  // `{"kind":...,"items":[` as JSON.stringify writes it
  const first = JSON.stringify({ ...body, [arrayKey]: [] }).slice(0, -2) + slice();
  const responseHeaders = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
  };
  if (next === items.length) {
    const payload = Buffer.from(`${first}]}`);
    res.writeHead(code, {
      ...responseHeaders,
      'Content-Length': String(payload.length),
      ...headers,
    });
    res.end(payload);
    return Promise.resolve();
  }
  res.writeHead(code, { ...responseHeaders, ...headers });
  return new Promise((resolve) => {
    const write = (part: string) => {
      if (res.destroyed) return resolve();
      if (next === items.length) {
        res.end(`${part}]}`);
        return resolve();
      }
      const resume = () => later(() => write(slice()));
      if (res.write(part)) resume();
      else {
        // a slow reader: the rest waits until the socket drained (or closed)
        const drained = () => {
          res.off('close', drained);
          res.off('drain', drained);
          resume();
        };
        res.once('drain', drained);
        res.once('close', drained);
      }
    };
    write(first);
  });
}

export function sendText(
  res: ServerResponse,
  code: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export function toStatusError(err: unknown): StatusError {
  return isStatusError(err) ? err : internalError(err);
}

export function sendError(
  res: ServerResponse,
  err: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const status = toStatusError(err);
  sendJson(res, status.code, status.toStatus(), headers);
}

/** `Warning` headers as RFC 7234 with code 299, as the apiserver's warning recorder writes them. */
export function warningHeaders(warnings: string[]): Record<string, string[]> {
  if (!warnings.length) return {};
  return { Warning: [...new Set(warnings)].map((w) => `299 - ${JSON.stringify(w)}`) };
}
