/**
 * The request handler of one cluster: routes Kubernetes REST paths to the generic store.
 * It is independent of the listener, so one port can serve one cluster or many by prefix.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  badRequest,
  isStatusError,
  methodNotSupported,
  nestedTooDeeply,
  StatusError,
  unauthorized,
} from '../api/errors';
import type { KubeObject } from '../api/object';
import { managerFromUserAgent } from '../patch';
import { classifyRequest } from '../registry/flowschemas';
import type { UserInfo } from '../registry/types';
import { clientCertificateUser } from './client-certs';
import type { ClusterCore } from './cluster-core';
import type { FieldValidation, RequestContext } from './context';
import { ADMIN_USER, systemContext } from './context';
import {
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from './discovery';
import { requestQueue } from './fair-queue';
import { serveHealth } from './health';
import {
  decodeBody,
  limitBody,
  mediaType,
  readBody,
  sendCollection,
  sendError,
  sendJson,
  sendText,
  warningHeaders,
} from './http';
import { TOO_MANY_REQUESTS } from './limits';
import { type ListQuery, listObject, listObjects, parseSelection } from './list';
import { parsePath, type ResourceRequest } from './request';
import type { ServedResource } from './resources';
import { includeObject, negotiate, respondObject } from './respond';
import { handleSubresource } from './subresources';
import { toTable } from './table';
import { bookmark, startWatch, type WatchEvent } from './watch';

const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);

export class ApiHandler {
  constructor(private readonly cluster: ClusterCore) {}

  /** Serves one request; `path` is the request path without any mount prefix. */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<void> {
    const limits = this.cluster.rest.limits;
    const longRunning = isLongRunning(req, path, query);
    if (!longRunning && this.cluster.inFlight >= limits.maxRequestsInFlight) {
      tooManyRequests(res);
      return;
    }
    if (!longRunning) this.cluster.inFlight++;
    try {
      limitBody(req, limits.maxRequestBodyBytes);
      const user = this.authenticate(req, path);
      if (!user) throw unauthorized();
      this.notePriorityAndFairness(res, user, req.method ?? 'GET', path, query);
      await this.route(req, res, path, query, user);
    } catch (caught) {
      const err = nestedTooDeeply(caught) ?? caught;
      // An error that is no Status is a bug: its stack goes to the log, the client gets a 500.
      if (!isStatusError(err)) this.cluster.reportError(err, `${req.method} ${path}`);
      // A response already under way cannot carry a Status: the connection is dropped, as a
      // Go handler's panic aborts it.
      if (res.headersSent && !res.writableEnded) res.destroy();
      else sendError(res, err);
    } finally {
      if (!longRunning) this.cluster.inFlight--;
    }
  }

  /**
   * The API Priority and Fairness filter's response headers: the FlowSchema and priority level
   * the request was classified into (requests are not queued by them here).
   */
  private notePriorityAndFairness(
    res: ServerResponse,
    user: UserInfo,
    method: string,
    path: string,
    query: URLSearchParams,
  ): void {
    const p = parsePath(path);
    const isResource = p.kind === 'resource' && Boolean(p.plural);
    let verb = method.toLowerCase();
    if (p.kind === 'resource' && isResource) {
      const watch = query.get('watch') === 'true' || query.get('watch') === '1' || p.watchPath;
      verb =
        {
          GET: watch ? 'watch' : p.name ? 'get' : 'list',
          POST: 'create',
          PUT: 'update',
          PATCH: 'patch',
          DELETE: p.name ? 'delete' : 'deletecollection',
        }[method] ?? verb;
    }
    const resource =
      p.kind === 'resource' && isResource
        ? {
            group: p.group,
            resource: p.subresource ? `${p.plural}/${p.subresource}` : p.plural,
            namespace: p.namespace,
          }
        : undefined;
    const found = classifyRequest(
      { user, verb, resource, path },
      this.cluster.rest.strategyContext(systemContext('kube-apiserver')),
    );
    if (!found) return;
    res.setHeader('X-Kubernetes-PF-FlowSchema-UID', found.flowSchema.metadata.uid ?? '');
    res.setHeader('X-Kubernetes-PF-PriorityLevel-UID', found.priorityLevel.metadata.uid ?? '');
  }

  private authenticate(req: IncomingMessage, path: string): UserInfo | undefined {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    // kube-apiserver's union authenticator tries the x509 client certificate before tokens
    const authenticatedUser =
      clientCertificateUser(this.cluster, req) ??
      (token ? this.cluster.authenticateToken(token) : undefined);
    if (!authenticatedUser) {
      if (
        PUBLIC_PATHS.has(path) ||
        path.startsWith('/healthz/') ||
        path.startsWith('/livez') ||
        path.startsWith('/readyz')
      ) {
        return { username: 'system:anonymous', groups: ['system:unauthenticated'] };
      }
      return undefined;
    }
    if (authenticatedUser !== ADMIN_USER) return authenticatedUser;
    const impersonated = req.headers['impersonate-user'];
    if (typeof impersonated === 'string' && impersonated) {
      const groupHeader = req.headers['impersonate-group'];
      const groups = Array.isArray(groupHeader)
        ? groupHeader
        : groupHeader
          ? groupHeader.split(',').map((g) => g.trim())
          : [];
      const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(impersonated);
      if (sa) groups.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
      if (!groups.includes('system:authenticated')) groups.push('system:authenticated');
      return { username: impersonated, groups };
    }
    return ADMIN_USER;
  }

  private async route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
    user: UserInfo,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const resources = this.cluster.resources.all();
    const health = /^\/(healthz|livez|readyz)(?:\/(.+))?$/.exec(path);
    if (health) {
      serveHealth(res, health[1], health[2], query);
      return;
    }
    if (path === '/version' || path === '/version/') {
      sendJson(res, 200, this.cluster.versionInfo);
      return;
    }
    if (path.startsWith('/openapi/')) {
      this.cluster.serveOpenAPI(req, res, path, query);
      return;
    }
    if (path === '/api' || path === '/api/' || path === '/apis' || path === '/apis/') {
      const legacy = path.startsWith('/api') && !path.startsWith('/apis');
      const n = negotiate(req.headers.accept);
      if (n.discovery) {
        sendJson(
          res,
          200,
          aggregatedDiscovery(resources, legacy, n.discovery),
          { Vary: 'Accept' },
          `application/json;g=apidiscovery.k8s.io;v=${n.discovery};as=APIGroupDiscoveryList`,
        );
      } else {
        sendJson(
          res,
          200,
          legacy ? apiVersions(this.cluster.serverAddress) : apiGroupList(resources),
          { Vary: 'Accept' },
        );
      }
      return;
    }
    const apiGroupMatch = /^\/apis\/([^/]+)\/?$/.exec(path);
    if (apiGroupMatch) {
      const doc = apiGroupDocument(resources, apiGroupMatch[1]);
      if (!doc) throw notFoundPath();
      sendJson(res, 200, doc);
      return;
    }
    const gvMatch = /^\/api\/(v1)\/?$/.exec(path) ?? /^\/apis\/([^/]+\/[^/]+)\/?$/.exec(path);
    if (gvMatch) {
      const doc = apiResourceList(resources, gvMatch[1]);
      if (!doc) throw notFoundPath();
      sendJson(res, 200, doc);
      return;
    }
    const parsed = parsePath(path);
    if (parsed.kind !== 'resource' || !parsed.plural) throw notFoundPath();
    const r = this.cluster.resources.find(parsed.group, parsed.version, parsed.plural);
    if (!r) throw notFoundPath();
    if (parsed.namespace !== undefined && !r.namespaced) throw notFoundPath();
    const ctx: RequestContext = {
      user,
      dryRun: query.getAll('dryRun').includes('All'),
      fieldManager: query.get('fieldManager') ?? managerFromUserAgent(req.headers['user-agent']),
      fieldValidation: fieldValidation(query.get('fieldValidation')),
      warnings: r.def.deprecationWarning ? [r.def.deprecationWarning] : [],
    };
    this.cluster.authorize(user, method, parsed, r, query);
    await this.dispatch(req, res, method, parsed, r, query, ctx);
  }

  private async dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    p: ResourceRequest,
    r: ServedResource,
    query: URLSearchParams,
    ctx: RequestContext,
  ): Promise<void> {
    const rest = this.cluster.rest;
    const ns = r.namespaced ? p.namespace : undefined;
    const respond = (code: number, obj: KubeObject) =>
      this.respondObject(req, res, r, code, obj, ctx);
    if (p.subresource) {
      await handleSubresource(this.cluster, req, res, method, p, r, query, ctx);
      return;
    }
    const watch = p.watchPath || query.get('watch') === 'true' || query.get('watch') === '1';
    if (p.name === undefined) {
      switch (method) {
        case 'GET':
          if (!r.verbs.includes('list')) throw methodNotSupported(r.gr, 'list');
          if (watch) return this.watch(req, res, r, ns, query);
          return this.list(req, res, r, ns, query, ctx);
        case 'POST': {
          if (!r.verbs.includes('create')) throw methodNotSupported(r.gr, 'create');
          const raw = await readBody(req);
          const body = decodeBody(raw, req.headers['content-type'], r.kind);
          this.cluster.checkTypes(r, body);
          this.cluster.checkFields(r, body, ctx, rawText(raw, req.headers['content-type']));
          const created = rest.create(r, ns, body, ctx);
          return respond(201, created);
        }
        case 'DELETE': {
          if (!r.verbs.includes('deletecollection'))
            throw methodNotSupported(r.gr, 'deletecollection');
          const options = await this.deleteOptions(req, query, ctx);
          const result = listObjects(rest, r, ns, listQuery(query));
          for (const item of result.items) {
            try {
              rest.delete(r, item.metadata.namespace, item.metadata.name ?? '', options, ctx);
            } catch (err) {
              if (!(err instanceof StatusError && err.code === 404)) throw err;
            }
          }
          return respond(200, listObject(r, result));
        }
        default:
          throw methodNotSupported(r.gr, method.toLowerCase());
      }
    }
    switch (method) {
      case 'GET':
        if (watch) {
          query.set(
            'fieldSelector',
            [query.get('fieldSelector'), `metadata.name=${p.name}`].filter(Boolean).join(','),
          );
          return this.watch(req, res, r, ns, query);
        }
        return respond(200, rest.get(r, ns, p.name));
      case 'PUT': {
        if (!r.verbs.includes('update')) throw methodNotSupported(r.gr, 'update');
        const raw = await readBody(req);
        const body = decodeBody(raw, req.headers['content-type'], r.kind);
        this.cluster.checkTypes(r, body);
        this.cluster.checkFields(r, body, ctx, rawText(raw, req.headers['content-type']));
        const { object, created } = rest.update(r, ns, p.name, body, ctx);
        return respond(created ? 201 : 200, object);
      }
      case 'PATCH': {
        if (!r.verbs.includes('patch')) throw methodNotSupported(r.gr, 'patch');
        const body = (await readBody(req)).toString('utf8');
        const { object, created } = this.cluster.patch(
          r,
          ns,
          p.name,
          req.headers['content-type'] ?? '',
          body,
          query,
          ctx,
        );
        return respond(created ? 201 : 200, object);
      }
      case 'DELETE': {
        if (!r.verbs.includes('delete')) throw methodNotSupported(r.gr, 'delete');
        const options = await this.deleteOptions(req, query, ctx);
        const result = rest.delete(r, ns, p.name, options, ctx);
        if (result.object) return respond(200, result.object);
        const gone = result.deleted as KubeObject;
        if (r.def.returnDeletedObject) return respond(200, gone);
        sendJson(
          res,
          200,
          {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            details: {
              name: gone.metadata.name,
              group: r.group || undefined,
              kind: r.plural,
              uid: gone.metadata.uid,
            },
          },
          warningHeaders(ctx.warnings),
        );
        return;
      }
      default:
        throw methodNotSupported(r.gr, method.toLowerCase());
    }
  }

  /** Writes one object, as a Table when the client asked for one. */
  respondObject(
    req: IncomingMessage,
    res: ServerResponse,
    r: ServedResource,
    code: number,
    obj: KubeObject,
    ctx: RequestContext,
  ): void {
    respondObject(this.cluster, req, res, r, code, obj, ctx.warnings);
  }

  private list(
    req: IncomingMessage,
    res: ServerResponse,
    r: ServedResource,
    ns: string | undefined,
    query: URLSearchParams,
    ctx: RequestContext,
  ): Promise<void> {
    const n = negotiate(req.headers.accept);
    const result = listObjects(this.cluster.rest, r, ns, listQuery(query));
    // a long list is written in slices that take turns with the other clusters' requests
    const later = (work: () => void) => requestQueue.resume(this.cluster, work);
    if (n.table) {
      const meta: Record<string, unknown> = { resourceVersion: result.resourceVersion };
      if (result.continue) meta.continue = result.continue;
      if (result.remainingItemCount !== undefined)
        meta.remainingItemCount = result.remainingItemCount;
      const table = toTable(r, result.items, meta, {
        apiVersion: n.table.apiVersion,
        includeObject: includeObject(query),
        now: this.cluster.clock.now(),
      });
      return sendCollection(res, 200, table, 'rows', warningHeaders(ctx.warnings), later);
    }
    return sendCollection(
      res,
      200,
      listObject(r, result) as unknown as Record<string, unknown>,
      'items',
      warningHeaders(ctx.warnings),
      later,
    );
  }

  private watch(
    req: IncomingMessage,
    res: ServerResponse,
    r: ServedResource,
    ns: string | undefined,
    query: URLSearchParams,
  ): void {
    if (this.cluster.openWatches >= this.cluster.rest.limits.maxWatches) {
      tooManyRequests(res);
      return;
    }
    const n = negotiate(req.headers.accept);
    const selection = parseSelection(r, listQuery(query));
    const allowBookmarks = query.get('allowWatchBookmarks') === 'true';
    const timeoutSeconds =
      Number(query.get('timeoutSeconds') ?? 0) || 1800 + Math.floor(Math.random() * 1800);
    const encode = (event: WatchEvent): string => {
      let object = event.object as KubeObject;
      if (
        n.table &&
        (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED')
      ) {
        object = toTable(
          r,
          [object],
          { resourceVersion: object.metadata.resourceVersion },
          {
            apiVersion: n.table.apiVersion,
            includeObject: includeObject(query),
            now: this.cluster.clock.now(),
          },
        );
      }
      return `${JSON.stringify({ type: event.type, object })}\n`;
    };
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
    const pending: string[] = [];
    let started = false;
    const emit = (event: WatchEvent) => {
      const line = encode(event);
      if (!started) pending.push(line);
      else if (!res.destroyed) res.write(line);
    };
    let watch: { stop(): void };
    try {
      watch = startWatch(
        this.cluster.rest,
        r,
        {
          namespace: ns,
          selection,
          resourceVersion: query.get('resourceVersion') ?? undefined,
          sendInitialEvents: query.get('sendInitialEvents') === 'true',
          allowBookmarks,
        },
        emit,
      );
    } catch (err) {
      const status = err instanceof StatusError ? err.toStatus() : undefined;
      res.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
      return;
    }
    started = true;
    this.cluster.openWatches++;
    if (pending.length) res.write(pending.join(''));
    const bookmarkTimer = allowBookmarks
      ? setInterval(() => {
          if (!res.destroyed) {
            res.write(
              encode({
                type: 'BOOKMARK',
                object: bookmark(r, String(this.cluster.rest.store.resourceVersion())),
              }),
            );
          }
        }, 60_000)
      : undefined;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      this.cluster.openWatches--;
      watch.stop();
      clearTimeout(timer);
      if (bookmarkTimer) clearInterval(bookmarkTimer);
      this.cluster.watches.delete(finish);
      if (!res.writableEnded) res.end();
    };
    const timer = setTimeout(finish, timeoutSeconds * 1000);
    this.cluster.watches.add(finish);
    req.on('close', finish);
    res.on('close', finish);
  }

  /** DeleteOptions from the body (as kubectl sends them) or the query; a body dryRun counts too. */
  private async deleteOptions(req: IncomingMessage, query: URLSearchParams, ctx: RequestContext) {
    const raw = await readBody(req);
    const body = raw.length
      ? (decodeBody(raw, req.headers['content-type']) as Record<string, unknown>)
      : {};
    const policy =
      (body?.propagationPolicy as string | undefined) ??
      query.get('propagationPolicy') ??
      undefined;
    if (policy && !['Foreground', 'Background', 'Orphan'].includes(policy)) {
      throw badRequest(
        `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
      );
    }
    const orphan =
      body?.orphanDependents ?? (query.get('orphanDependents') === 'true' ? true : undefined);
    const grace = body?.gracePeriodSeconds ?? query.get('gracePeriodSeconds');
    if (Array.isArray(body?.dryRun) && body.dryRun.includes('All')) ctx.dryRun = true;
    return {
      propagationPolicy: (policy ?? (orphan === true ? 'Orphan' : undefined)) as
        | 'Foreground'
        | 'Background'
        | 'Orphan'
        | undefined,
      gracePeriodSeconds: grace === null || grace === undefined ? undefined : Number(grace),
      preconditions: body?.preconditions as { uid?: string; resourceVersion?: string } | undefined,
    };
  }
}

/** The body as text when it is JSON (duplicate-field detection reads it); undefined otherwise. */
function rawText(raw: Buffer, contentType: string | undefined): string | undefined {
  return mediaType(contentType) === 'application/json' ? raw.toString('utf8') : undefined;
}

/**
 * server.BasicLongRunningRequestCheck as kube-apiserver configures it: watches and the streaming
 * subresources are exempt from the in-flight limit.
 */
function isLongRunning(req: IncomingMessage, path: string, query: URLSearchParams): boolean {
  if (req.headers.upgrade) return true;
  if (query.get('watch') === 'true' || query.get('watch') === '1') return true;
  if (/^\/apis?\/(?:[^/]+\/)?[^/]+\/watch\//.test(path)) return true;
  return /\/(?:attach|exec|proxy|log|portforward)(?:\/|$)/.test(path);
}

/** filters/maxinflight.go tooManyRequests. */
export function tooManyRequests(res: ServerResponse): void {
  if (res.headersSent) return;
  res.writeHead(429, {
    'Retry-After': '1',
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': String(Buffer.byteLength(TOO_MANY_REQUESTS)),
  });
  res.end(TOO_MANY_REQUESTS);
}

function notFoundPath(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

function listQuery(query: URLSearchParams): ListQuery {
  return {
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
    limit: query.get('limit') ? Number(query.get('limit')) : undefined,
    continue: query.get('continue') ?? undefined,
  };
}

function fieldValidation(value: string | null): FieldValidation {
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  return 'Warn';
}
