/**
 * The cluster's API for code in the same process (the lab grader, the platform's set-up):
 * what a client would get over HTTP, without HTTP, TLS or JSON encoding. Reads and writes go
 * through the same REST store, strategies, admission and runtime as the HTTP handler.
 */
import { Writable } from 'node:stream';
import type { KubeObject } from '../api/object';
import { httpGet } from '../nodes/cluster-network';
import type { ClusterCore } from './cluster-core';
import { ADMIN_USER, type RequestContext } from './context';
import { listObjects } from './list';
import type { ServedResource } from './resources';

/** A served resource as discovery describes it. */
export interface ResourceInfo {
  group: string;
  version: string;
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** What wget inside `from` gets for http://host:port/ (the cluster's network model). */
export type ConnectionResult =
  | { ok: true; status: number }
  | { ok: false; error: 'refused' | 'timeout' | 'unresolved' | 'no-pod' };

export class InProcessApi {
  constructor(private readonly core: ClusterCore) {}

  /** The preferred served resource of a kind (or the one at `apiVersion`). */
  resource(kind: string, apiVersion?: string): ResourceInfo | undefined {
    const all = this.core.resources.all();
    const r = apiVersion
      ? this.core.resources.byKind(apiVersion, kind)
      : (all.find((x) => x.kind === kind && x.preferred) ??
        all.find((x) => x.kind.toLowerCase() === kind.toLowerCase() && x.preferred));
    return r && info(r);
  }

  get(resource: ResourceInfo, namespace: string | undefined, name: string): KubeObject | undefined {
    const r = this.served(resource);
    return this.core.rest.find(r, r.namespaced ? namespace : undefined, name);
  }

  /** Lists like GET with labelSelector/fieldSelector; throws the API's StatusError on a bad selector. */
  list(resource: ResourceInfo, options: ListOptions = {}): KubeObject[] {
    const r = this.served(resource);
    return listObjects(this.core.rest, r, r.namespaced ? options.namespace : undefined, {
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    }).items;
  }

  /** Creates an object as the cluster admin would with kubectl (defaults, validation, admission). */
  create(obj: KubeObject, fieldManager = 'kubectl-create'): KubeObject {
    const resource = this.resource(obj.kind ?? '', obj.apiVersion);
    if (!resource) throw new Error(`no resource serves ${obj.apiVersion} ${obj.kind}`);
    const r = this.served(resource);
    const namespace = r.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined;
    return this.core.rest.create(r, namespace, structuredClone(obj), adminContext(fieldManager));
  }

  /** Replaces an object (PUT), as the cluster admin; `obj.metadata.resourceVersion` guards conflicts. */
  update(obj: KubeObject, fieldManager = 'kubectl-edit'): KubeObject {
    const resource = this.resource(obj.kind ?? '', obj.apiVersion);
    if (!resource) throw new Error(`no resource serves ${obj.apiVersion} ${obj.kind}`);
    const r = this.served(resource);
    const namespace = r.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined;
    return this.core.rest.update(
      r,
      namespace,
      obj.metadata.name ?? '',
      structuredClone(obj),
      adminContext(fieldManager),
    ).object;
  }

  /** A container's log as `kubectl logs` prints it; throws the kubelet's StatusError when it has none. */
  async logs(
    namespace: string,
    pod: string,
    container?: string,
    options: { previous?: boolean; tailLines?: number } = {},
  ): Promise<string> {
    const podObj = this.get(this.resource('Pod') as ResourceInfo, namespace, pod);
    if (!podObj) throw new Error(`pods "${pod}" not found`);
    const runtime = this.core.runtime;
    if (!runtime) return '';
    const name = container ?? podObj.spec?.containers?.[0]?.name;
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk, _enc, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
    await runtime.logs(
      podObj,
      name,
      {
        follow: false,
        previous: options.previous ?? false,
        timestamps: false,
        tailLines: options.tailLines,
        signal: new AbortController().signal,
      },
      out,
    );
    return Buffer.concat(chunks).toString('utf8');
  }

  /** An HTTP request from pod `namespace/pod` to host:port, through the cluster's network model. */
  connect(namespace: string, pod: string, host: string, port: number): ConnectionResult {
    const from = this.get(this.resource('Pod') as ResourceInfo, namespace, pod);
    if (from?.status?.phase !== 'Running') return { ok: false, error: 'no-pod' };
    const result = httpGet(this.core, from, host, port, '/');
    return 'error' in result
      ? { ok: false, error: result.error }
      : { ok: true, status: result.status };
  }

  /**
   * Called after stored changes (the grader's live mode debounces it): every change, or only
   * changes to these resources (a Lease renewal need not wake a grader that reads Deployments).
   */
  onChange(listener: () => void, resources?: ResourceInfo[]): () => void {
    if (!resources?.length) return this.core.store.subscribe(() => listener());
    const keys = new Set(resources.map((r) => this.served(r).storage));
    return this.core.store.subscribe((change) => {
      if (keys.has(change.resource)) listener();
    });
  }

  private served(resource: ResourceInfo): ServedResource {
    const r = this.core.resources.find(resource.group, resource.version, resource.plural);
    if (!r) throw new Error(`${resource.plural}.${resource.group} is not served`);
    return r;
  }
}

function info(r: ServedResource): ResourceInfo {
  return {
    group: r.group,
    version: r.version,
    apiVersion: r.apiVersion,
    kind: r.kind,
    plural: r.plural,
    namespaced: r.namespaced,
  };
}

function adminContext(fieldManager: string): RequestContext {
  return {
    user: ADMIN_USER,
    dryRun: false,
    fieldManager,
    fieldValidation: 'Strict',
    warnings: [],
  };
}
