/**
 * Everything one cluster's API server holds: storage, the served resources, the REST store,
 * and what controllers and the simulated nodes attach to.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, forbidden, invalid, notFound } from '../api/errors';
import { invalidValue } from '../api/field-errors';
import { clone, type KubeObject } from '../api/object';
import type { AuthorizationAttributes } from '../auth/rbac';
import type { Clock } from '../clock';
import { rfc3339 } from '../clock';
import { findTypeMismatch, goValue, restoreError, unmarshalError } from '../openapi/type-check';
import {
  applyPatch,
  checkPatchContentType,
  checkPatchedIdentity,
  dropOmittedEmpty,
  parseApplyPatch,
  patchTypeFromContentType,
  serverSideApply,
  validatePatchOptions,
} from '../patch';
import type { UserInfo } from '../registry/types';
import { SimulationState } from '../simulation-state';
import type { ObjectStore } from '../store/store';
import type { ErrorReporter } from './boundary';
import { ADMIN_USER, type RequestContext } from './context';
import { sendJson } from './http';
import { patchSchemaOf } from './patch-schema';
import type { ResourceRequest } from './request';
import type { ResourceTable, ServedResource } from './resources';
import type { RestStore } from './rest';
import { ServiceAccountTokens } from './service-account-tokens';
import type { ContainerRuntime } from './streaming/runtime';
import { type JSONSchemaProps, prune } from './structural-schema';
import { ClusterCertificateAuthority } from './tls';

export interface SubresourceRequest {
  cluster: ClusterCore;
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  resource: ServedResource;
  namespace: string | undefined;
  name: string;
  query: URLSearchParams;
  ctx: RequestContext;
  /** The path after `/proxy` for the proxy subresource. */
  proxyPath?: string;
}

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export const VERSION_INFO: VersionInfo = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.0',
  gitCommit: '60a317eadfcb839692a68eab88b2096f4d708f4f',
  gitTreeState: 'clean',
  buildDate: '2025-04-23T13:00:59Z',
  goVersion: 'go1.24.2',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export interface OpenAPIProvider {
  serve(
    resources: ServedResource[],
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): void;
  /**
   * `raw` is the request body as sent, so duplicate fields can be found; with `drop`, the
   * unknown fields of a built-in kind are deleted from `obj` (the Go types have no place for them).
   */
  unknownFields(
    resources: ServedResource[],
    r: ServedResource,
    obj: unknown,
    raw?: string,
    drop?: boolean,
  ): string[];
}

export interface Authorizer {
  authorize(user: UserInfo, attrs: AuthorizationAttributes): { allowed: boolean; reason?: string };
  forbiddenMessage(user: UserInfo, attrs: AuthorizationAttributes): string;
}

export class ClusterCore {
  /** Open watch streams, closed with the cluster. */
  readonly watches = new Set<() => void>();
  versionInfo: VersionInfo = VERSION_INFO;
  serverAddress = '127.0.0.1:6443';
  openapi?: OpenAPIProvider;
  readonly tokens = new ServiceAccountTokens();
  /** What the simulated nodes and controllers remember (snapshot() saves it, restore() replaces it). */
  simulation = new SimulationState();
  /** The cluster CA, generated on first use: serving cert, client certificates, CSR signing. */
  readonly ca = new ClusterCertificateAuthority(() => this.clock.now());

  /** The CA certificate (PEM) once the CA exists: what kube-root-ca.crt publishes. */
  get caCert(): string | undefined {
    return this.ca.current?.certPem;
  }
  authorizer?: Authorizer;
  /** The node side of exec, attach, portforward and log; the simulated kubelet sets it. */
  runtime?: ContainerRuntime;
  /** Requests being served now, long-running ones aside (ClusterLimits.maxRequestsInFlight). */
  inFlight = 0;
  /** Watches open now (ClusterLimits.maxWatches). */
  openWatches = 0;
  /** Where errors no Status explains go: logged once, the process goes on (boundary.ts). */
  reportError: ErrorReporter = (err, where) => console.error(`${where}:`, err);

  constructor(
    readonly store: ObjectStore,
    readonly resources: ResourceTable,
    readonly rest: RestStore,
    readonly clock: Clock,
    /** The admin bearer token the kubeconfig carries (a restore brings back the snapshot's). */
    public token: string,
  ) {}

  /** Bearer token authentication: the kubeconfig's admin token or a service account token. */
  authenticateToken(token: string): UserInfo | undefined {
    if (token === this.token) return ADMIN_USER;
    return this.tokens.verify(token, this.clock.now(), (ns, name) =>
      this.store.get('/serviceaccounts', ns, name),
    );
  }

  serveOpenAPI(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): void {
    if (!this.openapi) throw notFound({ group: '', resource: '' }, path);
    this.openapi.serve(this.resources.all(), req, res, path, query);
  }

  /** A body whose JSON types the Go types could not decode is a 400, as json.Unmarshal fails it. */
  checkTypes(r: ServedResource, body: unknown): void {
    const { rootDefinition } = r.schema === undefined ? patchSchemaOf(r) : {};
    const mismatch = rootDefinition && findTypeMismatch(rootDefinition, body);
    if (mismatch) {
      throw badRequest(
        `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${unmarshalError(mismatch)}`,
      );
    }
  }

  /** fieldValidation=Strict|Warn on a decoded body. */
  checkFields(r: ServedResource, body: unknown, ctx: RequestContext, raw?: string): void {
    const unknown = this.unknownFields(r, body, ctx, raw);
    if (unknown.length && ctx.fieldValidation === 'Strict') {
      throw badRequest(
        `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${unknown.join(', ')}`,
      );
    }
    ctx.warnings.push(...unknown);
  }

  /** The unknown fields fieldValidation reports (none with Ignore). */
  private unknownFields(
    r: ServedResource,
    body: unknown,
    ctx: RequestContext,
    raw?: string,
  ): string[] {
    if (r.schema === undefined) {
      // Decoding into the Go type drops unknown fields whatever fieldValidation says, so a deep
      // unknown subtree never reaches managedFields or storage.
      const unknown = this.openapi?.unknownFields(this.resources.all(), r, body, raw, true) ?? [];
      return ctx.fieldValidation === 'Ignore' ? [] : unknown;
    }
    if (ctx.fieldValidation === 'Ignore') return [];
    return prune(clone(body), r.schema as JSONSchemaProps).map((path) => `unknown field "${path}"`);
  }

  authorize(
    user: UserInfo,
    method: string,
    p: ResourceRequest,
    r: ServedResource,
    query: URLSearchParams,
  ): void {
    if (user.groups.includes('system:masters') || !this.authorizer) return;
    const watch = query.get('watch') === 'true' || query.get('watch') === '1' || p.watchPath;
    const verb =
      method === 'GET'
        ? watch
          ? 'watch'
          : p.name
            ? 'get'
            : 'list'
        : method === 'POST'
          ? 'create'
          : method === 'PUT'
            ? 'update'
            : method === 'PATCH'
              ? 'patch'
              : method === 'DELETE'
                ? p.name
                  ? 'delete'
                  : 'deletecollection'
                : method.toLowerCase();
    const attrs: AuthorizationAttributes = {
      verb,
      group: r.group,
      version: r.version,
      resource: r.plural,
      subresource: p.subresource ?? '',
      namespace: p.namespace ?? '',
      name: p.name ?? '',
    };
    if (!this.authorizer.authorize(user, attrs).allowed) {
      throw forbidden(r.gr, p.name ?? '', this.authorizer.forbiddenMessage(user, attrs));
    }
  }

  /** PATCH of every type, as upstream handlers/patch.go: json, merge, strategic, apply. */
  patch(
    r: ServedResource,
    namespace: string | undefined,
    name: string,
    contentType: string,
    body: string,
    query: URLSearchParams,
    ctx: RequestContext,
    subresource?: string,
  ): { object: KubeObject; created: boolean } {
    const type = patchTypeFromContentType(contentType);
    const unsupported = checkPatchContentType(contentType, r.schema === undefined);
    if (!type || unsupported)
      throw unsupported ?? badRequest(`unsupported patch type ${contentType}`);
    const optionsError = validatePatchOptions(
      {
        fieldManager:
          query.get('fieldManager') ?? (type === 'apply' ? undefined : ctx.fieldManager),
        force: query.has('force') ? query.get('force') === 'true' : undefined,
        dryRun: query.getAll('dryRun'),
        fieldValidation: query.get('fieldValidation') ?? '',
      },
      type,
    );
    if (optionsError) throw optionsError;
    const { schema, rootDefinition } = patchSchemaOf(r);
    if (type === 'apply') {
      // Unknown fields in an apply configuration fail when the typed patch is built (a 500
      // upstream), not in strict decoding.
      const config = parseApplyPatch(body);
      const live = this.rest.find(r, namespace, name);
      const applied = serverSideApply(live, config, {
        manager: ctx.fieldManager,
        apiVersion: r.apiVersion,
        kind: r.kind,
        subresource,
        now: rfc3339(this.clock.now()),
        schema,
        rootDefinition,
        force: query.get('force') === 'true',
        statusSubresource: Boolean(r.def.statusSubresource),
      });
      checkPatchedIdentity(applied, name, namespace);
      dropOmittedEmpty(applied, schema, rootDefinition);
      const appliedCtx = { ...ctx, managedFieldsApplied: true };
      if (!live) {
        if (subresource) throw notFound(r.gr, name);
        return { object: this.rest.create(r, namespace, applied, appliedCtx), created: true };
      }
      return this.rest.update(r, namespace, name, applied, appliedCtx, subresource);
    }
    const current = this.rest.get(r, namespace, name);
    const patched = applyPatch(type, current, body, schema, rootDefinition);
    // handlers/patch.go: a strategic patch is decoded with the unstructured converter and its
    // errors name the patch map; json and merge patches decode the patched object's JSON.
    const invalidPatch = (detail: string) =>
      invalid('', '', '', [
        invalidValue(
          'patch',
          type === 'strategic' ? goValue(safeJson(body)) : JSON.stringify(patched),
          detail,
        ),
      ]);
    const mismatch =
      r.schema === undefined && rootDefinition
        ? findTypeMismatch(rootDefinition, patched)
        : undefined;
    if (mismatch)
      throw invalidPatch(type === 'strategic' ? restoreError(mismatch) : unmarshalError(mismatch));
    checkPatchedIdentity(patched, name, namespace);
    const unknown = this.unknownFields(r, patched, ctx);
    if (unknown.length && ctx.fieldValidation === 'Strict')
      throw invalidPatch(`strict decoding error: ${unknown.join(', ')}`);
    ctx.warnings.push(...unknown);
    // Decoding into the Go types drops omitempty fields a patch left empty (`labels: {}`).
    dropOmittedEmpty(patched, schema, rootDefinition);
    return this.rest.update(r, namespace, name, patched, ctx, subresource);
  }

  closeWatches(): void {
    for (const finish of [...this.watches]) finish();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export { sendJson };
