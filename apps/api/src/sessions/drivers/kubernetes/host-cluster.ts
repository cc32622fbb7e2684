/**
 * The host cluster the kubernetes driver puts sessions on, through @kubernetes/client-node with
 * the platform's own credentials (a kubeconfig file, or the pod's service account in-cluster),
 * and a reverse proxy that forwards a learner's requests to it with the learner's token only.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import type { KubeObject } from '@kubebelt/cluster-core';
import type { ClusterEndpoint } from '../cluster-driver';

type ClientNode = typeof import('@kubernetes/client-node', { with: {
  'resolution-mode': 'import',
}});

/** `in-cluster` reads the pod's service account; anything else is a kubeconfig file. */
export const IN_CLUSTER = 'in-cluster';

export interface HostClusterOptions {
  kubeconfig: string;
  context?: string;
}

/** An API error from the host, with the Status it answered. */
export class HostApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function asHostError(error: unknown): Error {
  const e = error as { code?: number; body?: unknown; message?: string };
  if (typeof e.code !== 'number' || e.code < 100) return error as Error;
  let message = e.message ?? '';
  try {
    const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    if (body && typeof body === 'object' && 'message' in body) message = String(body.message);
  } catch {
    // a body that is not a Status
  }
  return new HostApiError(e.code, message);
}

export class HostCluster {
  private constructor(
    private readonly k8s: ClientNode,
    private readonly kc: InstanceType<ClientNode['KubeConfig']>,
    readonly server: URL,
  ) {}

  static async connect(options: HostClusterOptions): Promise<HostCluster> {
    // client-node is an ES module: loaded on first use, as packages/labs does
    const k8s: ClientNode = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    if (options.kubeconfig === IN_CLUSTER) kc.loadFromCluster();
    else kc.loadFromFile(options.kubeconfig);
    if (options.context) kc.setCurrentContext(options.context);
    return HostCluster.of(k8s, kc);
  }

  /** A cluster from a kubeconfig's text (the docker driver's k3s containers: k3s-cluster.ts). */
  static async fromKubeconfig(text: string): Promise<HostCluster> {
    const k8s: ClientNode = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    kc.loadFromString(text);
    return HostCluster.of(k8s, kc);
  }

  private static of(k8s: ClientNode, kc: InstanceType<ClientNode['KubeConfig']>): HostCluster {
    const server = kc.getCurrentCluster()?.server;
    if (!server) throw new Error('the kubeconfig names no current cluster');
    return new HostCluster(k8s, kc, new URL(server));
  }

  private objectApi?: InstanceType<ClientNode['KubernetesObjectApi']>;

  private get objects() {
    this.objectApi ??= this.k8s.KubernetesObjectApi.makeApiClient(this.kc);
    return this.objectApi;
  }

  private get core() {
    return this.kc.makeApiClient(this.k8s.CoreV1Api);
  }

  /** The server's version (what the capability check asks). */
  async version(): Promise<string> {
    try {
      const v = await this.kc.makeApiClient(this.k8s.VersionApi).getCode();
      return v.gitVersion;
    } catch (error) {
      throw asHostError(error);
    }
  }

  /**
   * Creates an object as it is. Not through KubernetesObjectApi.create: its typed serializer
   * drops fields whose model names differ from the JSON ones (a LimitRange's `default`, a
   * NetworkPolicy rule's `from`), which would silently weaken what the driver sets up.
   */
  async create(obj: KubeObject): Promise<KubeObject> {
    const resource = await this.discover(obj.apiVersion ?? '', obj.kind ?? '');
    if (!resource)
      throw new HostApiError(404, `the host cluster serves no ${obj.apiVersion} ${obj.kind}`);
    const group = obj.apiVersion?.includes('/')
      ? `/apis/${obj.apiVersion}`
      : `/api/${obj.apiVersion}`;
    const namespace = resource.namespaced
      ? `/namespaces/${encodeURIComponent(obj.metadata?.namespace ?? 'default')}`
      : '';
    return JSON.parse(await this.call('POST', `${group}${namespace}/${resource.name}`, obj));
  }

  /** A JSON request with the platform's credentials; an API error is a HostApiError. */
  private async call(method: string, path: string, body?: unknown): Promise<string> {
    const url = new URL(this.server.pathname.replace(/\/$/, '') + path, this.server);
    const opts: RequestOptions = {
      method,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port,
      path: url.pathname + url.search,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
    };
    await this.kc.applyToHTTPSOptions(opts);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) < 300) return resolve(text);
          reject(asHostError({ code: res.statusCode ?? 500, body: text, message: text }));
        });
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      if (body !== undefined) req.write(JSON.stringify(body));
      req.end();
    });
  }

  private discover(apiVersion: string, kind: string) {
    // KubernetesObjectApi's discovery (cached per client) is protected in its typings
    const discovery = this.objects as unknown as {
      resource(
        apiVersion: string,
        kind: string,
      ): Promise<{ name: string; namespaced: boolean } | undefined>;
    };
    return discovery.resource(apiVersion, kind).catch((error) => {
      throw asHostError(error);
    });
  }

  /** Whether a kind is namespaced on the host; undefined when the host does not serve it. */
  async namespaced(apiVersion: string, kind: string): Promise<boolean | undefined> {
    return (await this.discover(apiVersion, kind))?.namespaced;
  }

  async readNamespace(name: string): Promise<KubeObject | undefined> {
    try {
      return (await this.core.readNamespace({ name })) as unknown as KubeObject;
    } catch (error) {
      const e = asHostError(error);
      if (e instanceof HostApiError && e.code === 404) return undefined;
      throw e;
    }
  }

  async listNamespaces(labelSelector: string): Promise<KubeObject[]> {
    try {
      return (await this.core.listNamespace({ labelSelector })).items as unknown as KubeObject[];
    } catch (error) {
      throw asHostError(error);
    }
  }

  async annotateNamespace(name: string, annotations: Record<string, string>): Promise<void> {
    try {
      await this.objects.patch(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations } },
        undefined,
        undefined,
        undefined,
        undefined,
        this.k8s.PatchStrategy.MergePatch,
      );
    } catch (error) {
      throw asHostError(error);
    }
  }

  /**
   * Deletes a namespace; one already gone is not an error. With `wait`, returns once the
   * namespace no longer exists (its finalizers done), or fails after that many milliseconds.
   */
  async deleteNamespace(name: string, options: { wait?: number } = {}): Promise<void> {
    try {
      await this.core.deleteNamespace({ name });
    } catch (error) {
      const e = asHostError(error);
      if (!(e instanceof HostApiError && e.code === 404)) throw e;
    }
    if (!options.wait) return;
    const until = Date.now() + options.wait;
    while (await this.readNamespace(name)) {
      if (Date.now() > until) throw new HostApiError(504, `namespace ${name} is still terminating`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** A bound token for a ServiceAccount (the TokenRequest API, as `kubectl create token`). */
  async requestToken(
    namespace: string,
    serviceAccount: string,
    expirationSeconds: number,
  ): Promise<{ token: string; expiresAt: Date }> {
    try {
      const tr = await this.core.createNamespacedServiceAccountToken({
        name: serviceAccount,
        namespace,
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: { expirationSeconds },
        } as never,
      });
      return {
        token: tr.status?.token ?? '',
        expiresAt: new Date(
          tr.status?.expirationTimestamp ?? Date.now() + expirationSeconds * 1000,
        ),
      };
    } catch (error) {
      throw asHostError(error);
    }
  }

  /** A kubeconfig for `token` in `namespace`, straight to the host (the grader's client). */
  kubeconfigFor(token: string, namespace: string): string {
    const c = this.kc.getCurrentCluster();
    const cluster: Record<string, unknown> = { server: this.server.toString().replace(/\/$/, '') };
    if (c?.caData) cluster['certificate-authority-data'] = c.caData;
    else if (c?.caFile) cluster['certificate-authority'] = c.caFile;
    if (c?.skipTLSVerify) cluster['insecure-skip-tls-verify'] = true;
    if (c?.tlsServerName) cluster['tls-server-name'] = c.tlsServerName;
    return JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'host', cluster }],
      users: [{ name: 'learner', user: { token } }],
      contexts: [{ name: 'session', context: { cluster: 'host', user: 'learner', namespace } }],
      'current-context': 'session',
    });
  }

  /** TLS options that trust the host's CA, without the platform's own client certificate. */
  private tls(): RequestOptions {
    const c = this.kc.getCurrentCluster();
    const out: RequestOptions = {};
    if (c?.caData) out.ca = Buffer.from(c.caData, 'base64');
    else if (c?.caFile) out.ca = readFileSync(c.caFile);
    if (c?.skipTLSVerify) out.rejectUnauthorized = false;
    if (c?.tlsServerName) out.servername = c.tlsServerName;
    return out;
  }

  /**
   * Forwards requests relative to the session's cluster to the host, authenticated as the
   * learner: the Authorization header the gateway or socket put there (the session's token, or
   * what the learner's kubectl sent), never the platform's credentials.
   */
  proxy(authorization: (header: string | undefined) => string | undefined): ClusterEndpoint {
    const send = this.server.protocol === 'https:' ? httpsRequest : httpRequest;
    const base = this.server.pathname.replace(/\/$/, '');
    const target = (req: IncomingMessage): RequestOptions => {
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = v;
      headers.host = this.server.host;
      const auth = authorization(req.headers.authorization);
      if (auth) headers.authorization = auth;
      else delete headers.authorization;
      return {
        ...this.tls(),
        method: req.method,
        hostname: this.server.hostname.replace(/^\[|\]$/g, ''),
        port: this.server.port,
        path: `${base}${req.url ?? '/'}`,
        headers,
      };
    };
    return {
      request(req: IncomingMessage, res: ServerResponse) {
        const upstream = send(target(req), (answer) => {
          const headers = { ...answer.headers };
          delete headers.connection;
          delete headers['keep-alive'];
          res.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(res);
        });
        upstream.on('error', (error) => {
          if (res.headersSent) return res.destroy();
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify(status(502, `the host cluster: ${error.message}`)));
        });
        // a watch the learner stops ends the host's watch too
        res.on('close', () => {
          if (!res.writableFinished) upstream.destroy();
        });
        req.pipe(upstream);
      },
      upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
        const upstream = send(target(req));
        upstream.on('upgrade', (answer, hostSocket, hostHead) => {
          socket.write(`HTTP/1.1 101 Switching Protocols\r\n${rawHeaders(answer)}\r\n`);
          if (hostHead.length) socket.write(hostHead);
          if (head.length) hostSocket.write(head);
          hostSocket.on('error', () => socket.destroy());
          socket.on('error', () => hostSocket.destroy());
          hostSocket.pipe(socket).pipe(hostSocket);
        });
        // refused (403, 404): the host's answer as it is
        upstream.on('response', (answer) => {
          socket.write(
            `HTTP/1.1 ${answer.statusCode} ${answer.statusMessage ?? ''}\r\n${rawHeaders(answer)}\r\n`,
          );
          answer.pipe(socket);
        });
        upstream.on('error', () => socket.destroy());
        upstream.end();
      },
    };
  }
}

function rawHeaders(message: IncomingMessage): string {
  let out = '';
  for (let i = 0; i < message.rawHeaders.length; i += 2)
    out += `${message.rawHeaders[i]}: ${message.rawHeaders[i + 1]}\r\n`;
  return out;
}

function status(code: number, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: code === 502 ? 'ServiceUnavailable' : 'InternalError',
    code,
  };
}
