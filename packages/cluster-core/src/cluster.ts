/**
 * One embedded Kubernetes cluster: storage, API handler, controllers, and (on demand) its own
 * HTTPS listener. Many clusters share one process and nothing but code.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { isStatusError } from './api/errors';
import type { KubeObject } from './api/object';
import {
  consoleReporter,
  type ErrorReporter,
  guardConnection,
  guardedClock,
  guardRequest,
} from './apiserver/boundary';
import { ClusterCore } from './apiserver/cluster-core';
import { systemContext } from './apiserver/context';
import { requestQueue } from './apiserver/fair-queue';
import { ApiHandler, tooManyRequests } from './apiserver/handler';
import { requestUrl } from './apiserver/http';
import { InProcessApi } from './apiserver/in-process-api';
import { kubeconfigYaml } from './apiserver/kubeconfig';
import { type ClusterLimits, DEFAULT_LIMITS } from './apiserver/limits';
import { objectCountQuotaAdmission } from './apiserver/quota-admission';
import { ResourceTable } from './apiserver/resources';
import { RestStore } from './apiserver/rest';
import { handleUpgrade } from './apiserver/streaming';
import { createTlsMaterial, type TlsMaterial } from './apiserver/tls';
import { RBAC_GROUP, rbacAuthorizer } from './auth/rbac';
import { type Clock, OffsetClock, realClock, rfc3339Micro } from './clock';
import { type ControllerOptions, type RunningControllers, startControllers } from './controllers';
import { rebuildEventSeries } from './controllers/events';
import { openapiProvider } from './openapi/http-provider';
import { builtinResources } from './registry';
import { registerAggregatedApis } from './registry/apiservices';
import {
  BOOTSTRAP_CLUSTER_ROLE_BINDINGS,
  BOOTSTRAP_CLUSTER_ROLES,
} from './registry/bootstrap-rbac';
import { COMPONENT_STATUSES } from './registry/componentstatuses';
import {
  BOOTSTRAP_FLOW_SCHEMAS,
  BOOTSTRAP_PRIORITY_LEVELS,
} from './registry/flowcontrol-bootstrap';
import { SYSTEM_PRIORITY_CLASSES } from './registry/priorityclasses';
import { defaultServiceCIDR } from './registry/servicecidrs';
import { SimulationState } from './simulation-state';
import { type ClusterSnapshot, decodeSnapshot, encodeSnapshot } from './snapshot';
import { ObjectStore, type StoreSnapshot } from './store/store';

export interface ClusterOptions {
  /** Cluster name in the kubeconfig. */
  name?: string;
  clock?: Clock;
  /** Bearer token the kubeconfig carries; random by default. */
  token?: string;
  /** Simulated nodes: `controlplane` plus `nodes - 1` workers (default 3). */
  nodes?: number;
  /** Kubelet timings and other knobs of the simulated nodes and controllers. */
  simulation?: Omit<ControllerOptions, 'nodes'>;
  /**
   * Where this cluster's unexpected errors (a bug in a handler, a stream, a timer) are reported;
   * they never end the process. Default: console.error, prefixed with the cluster name.
   */
  onError?: ErrorReporter;
  /** What this cluster may use (object count, sizes, requests in flight); see README "Limits". */
  limits?: Partial<ClusterLimits>;
}

export interface ServeOptions {
  port?: number;
  host?: string;
  /** Plain HTTP, for tests that want it explicitly. */
  insecureHttp?: boolean;
  /**
   * Whether to take a connection from this address (e.g. only one container's network); a
   * refused one is closed before TLS. Every address when left out.
   */
  accept?: (remoteAddress: string) => boolean;
}

/** The control plane node's InternalIP, where the simulated kube-apiserver "listens". */
export const CONTROL_PLANE_IP = '172.30.1.2';

export const DEFAULT_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export class Cluster {
  readonly name: string;
  readonly clock: Clock;
  readonly core: ClusterCore;
  readonly handler: ApiHandler;
  /** The API for code in this process (no HTTP): reads, creates, logs, in-cluster connections. */
  readonly api: InProcessApi;
  /** The given clock shifted by what restores set (the cluster's time never runs backwards). */
  private readonly offsetClock: OffsetClock;
  private server?: Server;
  private tls?: TlsMaterial;
  private tlsHost?: string;
  private url?: string;
  private closed = false;
  private readonly controllers: RunningControllers;

  constructor(options: ClusterOptions = {}) {
    this.name = options.name ?? 'kubebelt';
    const report = options.onError ?? consoleReporter(this.name);
    this.offsetClock = new OffsetClock(guardedClock(options.clock ?? realClock, report));
    this.clock = this.offsetClock;
    const store = new ObjectStore();
    const resources = new ResourceTable(builtinResources);
    registerAggregatedApis(resources);
    const rest = new RestStore(store, resources, this.clock);
    rest.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.core = new ClusterCore(
      store,
      resources,
      rest,
      this.clock,
      options.token ?? randomBytes(24).toString('hex'),
    );
    this.core.reportError = report;
    this.core.openapi = openapiProvider;
    this.handler = new ApiHandler(this.core);
    this.api = new InProcessApi(this.core);
    rest.authenticate = (token) => this.core.authenticateToken(token);
    rest.authorize = (user, attrs) =>
      this.core.authorizer?.authorize(user, { version: '*', ...attrs }) ?? { allowed: true };
    rest.admission.push(objectCountQuotaAdmission);
    const view = rest.strategyContext(systemContext('rbac'));
    this.core.authorizer = rbacAuthorizer({
      get: (...a) => view.get(...a),
      list: (...a) => view.list(...a),
    });
    this.bootstrap();
    this.controllers = startControllers(this, { ...options.simulation, nodes: options.nodes ?? 3 });
    // kube-root-ca.crt holds a stand-in until the CA exists; then every namespace gets the real one
    this.core.ca.onCreated(() => {
      if (!this.closed) this.controllers.resync();
    });
  }

  /** Objects a fresh kubeadm cluster has before anyone touches it. */
  private bootstrap(): void {
    for (const name of DEFAULT_NAMESPACES) {
      this.ensure('', 'namespaces', undefined, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });
    }
    for (const namespace of DEFAULT_NAMESPACES) {
      this.ensure('', 'serviceaccounts', namespace, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace },
      });
    }
    for (const role of BOOTSTRAP_CLUSTER_ROLES)
      this.ensure(RBAC_GROUP, 'clusterroles', undefined, role);
    for (const binding of BOOTSTRAP_CLUSTER_ROLE_BINDINGS)
      this.ensure(RBAC_GROUP, 'clusterrolebindings', undefined, binding);
    for (const pc of SYSTEM_PRIORITY_CLASSES)
      this.ensure('scheduling.k8s.io', 'priorityclasses', undefined, pc);
    for (const cs of COMPONENT_STATUSES) this.ensure('', 'componentstatuses', undefined, cs);
    // The default StorageClass kind installs (local-path-provisioner), applied with kubectl apply.
    this.ensure('storage.k8s.io', 'storageclasses', undefined, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: 'standard',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration':
            '{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"},"name":"standard"},"provisioner":"rancher.io/local-path","reclaimPolicy":"Delete","volumeBindingMode":"WaitForFirstConsumer"}\n',
          'storageclass.kubernetes.io/is-default-class': 'true',
        },
      },
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    // API Priority and Fairness: the mandatory and suggested configuration kube-apiserver creates.
    for (const pl of BOOTSTRAP_PRIORITY_LEVELS)
      this.ensure('flowcontrol.apiserver.k8s.io', 'prioritylevelconfigurations', undefined, pl);
    for (const fs of BOOTSTRAP_FLOW_SCHEMAS)
      this.ensure('flowcontrol.apiserver.k8s.io', 'flowschemas', undefined, fs);
    // kube-apiserver's default ServiceCIDR, from its --service-cluster-ip-range.
    this.ensure('networking.k8s.io', 'servicecidrs', undefined, defaultServiceCIDR());
    // The apiserver's own Service, as kube-apiserver reconciles it (first IP of the service CIDR).
    this.ensure('', 'services', 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.1',
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
        sessionAffinity: 'None',
      },
    });
    // The apiserver's own endpoints, which kube-apiserver keeps (its Service has no selector).
    this.ensure('', 'endpoints', 'default', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
      subsets: [
        {
          addresses: [{ ip: CONTROL_PLANE_IP }],
          ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
        },
      ],
    });
    this.ensure('discovery.k8s.io', 'endpointslices', 'default', {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: [CONTROL_PLANE_IP], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    });
    // The leader-election leases of the control plane's controller manager and scheduler.
    const now = rfc3339Micro(this.clock.now());
    for (const component of ['kube-controller-manager', 'kube-scheduler']) {
      this.ensure('coordination.k8s.io', 'leases', 'kube-system', {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: component, namespace: 'kube-system' },
        spec: {
          holderIdentity: `controlplane_${randomUUID()}`,
          leaseDurationSeconds: 15,
          acquireTime: now,
          renewTime: now,
          leaseTransitions: 0,
        },
      });
    }
    // CoreDNS's Service as kubeadm installs it (`kubectl cluster-info` lists it).
    this.ensure('', 'services', 'kube-system', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: {
          'k8s-app': 'kube-dns',
          'kubernetes.io/cluster-service': 'true',
          'kubernetes.io/name': 'CoreDNS',
        },
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      },
      spec: {
        clusterIP: '10.96.0.10',
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
        selector: { 'k8s-app': 'kube-dns' },
      },
    });
  }

  /** Creates an object through the normal write path unless it exists (or its kind is not served). */
  ensure(
    group: string,
    plural: string,
    namespace: string | undefined,
    obj: KubeObject,
  ): KubeObject | undefined {
    const r = this.core.resources.preferred(group, plural);
    if (!r) return undefined;
    const existing = this.core.rest.find(r, namespace, obj.metadata.name ?? '');
    if (existing) return existing;
    return this.core.rest.create(r, namespace, obj, systemContext('kube-apiserver'));
  }

  /** Node's request listener for this cluster alone (no path prefix). */
  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    // Requests past the in-flight limit are refused at once, not queued (filters/maxinflight.go).
    if (
      requestQueue.waiting(this.core) + this.core.inFlight >=
      this.core.rest.limits.maxRequestsInFlight
    ) {
      tooManyRequests(res);
      return;
    }
    requestQueue.enqueue(this.core, () =>
      guardRequest(this.core.reportError, `${req.method} ${req.url}`, res, () => {
        const url = requestUrl(req);
        return this.handler.handle(req, res, url.pathname, url.searchParams);
      }),
    );
  };

  /** Node's 'upgrade' listener for this cluster alone: exec, attach and port-forward connections. */
  readonly upgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    guardConnection(this.core.reportError, `${req.method} ${req.url}`, socket, () => {
      const url = requestUrl(req);
      return handleUpgrade(this.core, req, socket, head, url.pathname, url.searchParams);
    });
  };

  /** Starts this cluster's own listener (HTTPS with its own CA unless insecureHttp). */
  async serve(options: ServeOptions = {}): Promise<string> {
    if (this.url) return this.url;
    const host = options.host ?? '127.0.0.1';
    if (options.insecureHttp) {
      this.server = createHttpServer(this.listener);
    } else {
      this.tlsHost = host;
      this.tls = await createTlsMaterial(servingHosts(host), await this.core.ca.get());
      // Client certificates are asked for, never required: handler.ts authenticates them (x509 authenticator).
      // No `ca` for OpenSSL: given one, a certificate from another cluster's CA (same issuer name,
      // CN=kubernetes) fails OpenSSL's signature check and leaves an error that later closes the
      // connection instead of the 401 the authenticator gives.
      const clientCerts = { requestCert: true, rejectUnauthorized: false };
      this.server = createHttpsServer(
        { cert: this.tls.cert, key: this.tls.key, ...clientCerts },
        this.listener,
      );
    }
    const server = this.server;
    const accept = options.accept;
    if (accept)
      server.on('connection', (socket: Socket) => {
        if (!accept(socket.remoteAddress ?? '')) socket.destroy();
      });
    server.on('upgrade', this.upgradeListener);
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    this.core.serverAddress = `${host}:${port}`;
    this.url = `${options.insecureHttp ? 'http' : 'https'}://${host}:${port}`;
    return this.url;
  }

  kubeconfig(options: { namespace?: string } = {}): string {
    return kubeconfigYaml({
      clusterName: this.name,
      ...this.connection(),
      namespace: options.namespace,
    });
  }

  /** Where and how a client reaches this serving cluster: URL, admin token, CA (PEM, HTTPS only). */
  connection(): { server: string; token: string; caCert?: string } {
    if (!this.url) throw new Error('the cluster is not serving yet: call serve() first');
    return { server: this.url, token: this.core.token, caCert: this.tls?.caCert };
  }

  /**
   * Simulates a node whose kubelet stops (kubectl cannot do this): its pods are left as they are,
   * and after the node monitor grace period (50 s by default, `gracePeriodMs` for labs that want
   * it sooner) the node is NotReady: Ready Unknown (NodeStatusUnknown), the unreachable NoExecute
   * and NoSchedule taints, and its pods evicted when their tolerationSeconds (300 s) run out.
   */
  stopKubelet(nodeName: string, options: { gracePeriodMs?: number } = {}): void {
    this.controllers.stopKubelet(nodeName, options.gracePeriodMs);
  }

  /** Starts a kubelet stopped with stopKubelet: the node is Ready again and its taints go. */
  startKubelet(nodeName: string): void {
    this.controllers.startKubelet(nodeName);
  }

  /**
   * Everything a learner can observe, as plain JSON (snapshot.ts): the objects, the cluster's
   * time, its credentials and the simulation state (container runtimes, files, logs, stopped
   * kubelets, controller memory).
   */
  snapshot(): ClusterSnapshot {
    const store = this.core.store;
    // Stored objects are never changed in place: serialising them at once needs no copy.
    const objects: Record<string, KubeObject[]> = {};
    for (const resource of store.resources()) objects[resource] = store.list(resource);
    const ca = this.core.ca.export();
    return encodeSnapshot(
      {
        resourceVersion: store.resourceVersion(),
        clock: { at: this.clock.now(), offsetMs: this.offsetClock.offsetMs },
      },
      {
        objects,
        credentials: {
          token: this.core.token,
          serviceAccountKey: this.core.tokens.exportKey(),
          ...(ca ? { ca } : {}),
        },
        simulation: this.core.simulation.toData(objects[this.podStorage()] ?? []),
      },
    );
  }

  /**
   * Replaces the cluster with a snapshot: objects, simulation state, time and credentials (a
   * version 1 snapshot, objects only, keeps the current credentials and starts a fresh state).
   * Watches and streams are closed (clients relist); controllers pick up from the restored state.
   */
  restore(snapshot: StoreSnapshot | ClusterSnapshot): void {
    const saved = decodeSnapshot(snapshot);
    this.core.closeWatches();
    if (saved.clock) this.offsetClock.resume(saved.clock.at, saved.clock.offsetMs);
    this.core.store.restore(saved);
    const pods = this.core.resources.preferred('', 'pods');
    const previous = this.core.simulation;
    previous.stopProcesses();
    this.core.simulation = saved.simulation
      ? SimulationState.fromData(saved.simulation, (key) => {
          const i = key.indexOf('/');
          return pods && this.core.store.get(pods.storage, key.slice(0, i), key.slice(i + 1));
        })
      : new SimulationState();
    // Objects-only snapshots: the system pods keep counting as handed over running.
    if (!saved.simulation) this.core.simulation.warmUntil = previous.warmUntil;
    rebuildEventSeries(this.core);
    if (saved.credentials) {
      this.core.token = saved.credentials.token;
      this.core.tokens.importKey(saved.credentials.serviceAccountKey);
      const ca = saved.credentials.ca;
      if (ca)
        this.core.ca.restore(ca).then(
          () => this.renewServingCertificate(),
          (err) => this.core.reportError(err, 'restoring the cluster CA'),
        );
    }
    this.controllers.resync();
  }

  private podStorage(): string {
    return this.core.resources.preferred('', 'pods')?.storage ?? '/pods';
  }

  /** A serving cluster whose CA a restore replaced serves a certificate of the new CA. */
  private async renewServingCertificate(): Promise<void> {
    const server = this.server;
    if (!this.tls || !server || this.tlsHost === undefined || !('setSecureContext' in server))
      return;
    const ca = await this.core.ca.get();
    if (this.tls.caCert === ca.certPem) return;
    this.tls = await createTlsMaterial(servingHosts(this.tlsHost), ca);
    if (this.server === server)
      (server as ReturnType<typeof createHttpsServer>).setSecureContext({
        cert: this.tls.cert,
        key: this.tls.key,
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.controllers.stop();
    this.core.simulation.stopProcesses();
    this.core.closeWatches();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.url = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/** The names and addresses the serving certificate is valid for. */
function servingHosts(host: string): { dns: string[]; ips: string[] } {
  return {
    dns: [
      'localhost',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
    ],
    ips: [
      '127.0.0.1',
      '10.96.0.1',
      ...(host !== '127.0.0.1' && /^[\d.]+$/.test(host) ? [host] : []),
    ],
  };
}

export function createCluster(options: ClusterOptions = {}): Cluster {
  return new Cluster(options);
}

export { isStatusError };
