/**
 * Sessions on a real Kubernetes cluster (the host): each lab cluster of a session is a namespace
 * there (session-namespace.ts) and the learner acts as that namespace's ServiceAccount, with a
 * bound token from the TokenRequest API. The learner's kubectl reaches the host through the
 * session's endpoint (the sandbox's socket, the platform's /clusters/ gateway), which forwards
 * their requests with their token; the host's RBAC, quota, limit range and network policies do
 * the rest.
 */
import { randomUUID } from 'node:crypto';
import { clusterSpecs, type KubeClient, kubeconfigClient, type LoadedLab } from '@kubebelt/labs';
import type { ClusterDriver, CreateOptions, LabEnvironment } from './cluster-driver';
import type { KubernetesDriverConfig } from './kubernetes/driver-config';
import { HostApiError, HostCluster } from './kubernetes/host-cluster';
import { namespacedClient } from './kubernetes/namespaced-client';
import {
  EXPIRES_ANNOTATION,
  LEARNER,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  namespaceName,
  SESSION_LABEL,
  sessionNamespaceObjects,
} from './kubernetes/session-namespace';

const MINUTE = 60_000;
const SWEEP_EVERY_MS = 10 * MINUTE;
const NAMESPACE_GONE_MS = 2 * MINUTE;
const ORPHAN_GRACE_MS = 5 * MINUTE;

interface Capability {
  usable: boolean;
  reason?: string;
}

interface SavedState {
  sessionId: string;
  namespaces: Record<string, string>;
}

export class KubernetesDriver implements ClusterDriver {
  readonly name = 'kubernetes';
  private state: Capability;
  private host?: Promise<HostCluster>;
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly config: KubernetesDriverConfig) {
    this.state = config.kubeconfig
      ? { usable: false, reason: 'checking the host cluster' }
      : { usable: false, reason: 'KUBEBELT_KUBERNETES_KUBECONFIG is not set' };
    if (config.kubeconfig) void this.check();
  }

  capability(): Capability {
    return this.state;
  }

  /**
   * Asks the host for its version, then deletes what sessions of a process that died left
   * behind; until it answers the driver is not usable, and it is asked again on every start.
   */
  async check(): Promise<Capability> {
    if (!this.config.kubeconfig) return this.state;
    try {
      const host = await this.connect();
      const version = await host.version();
      await this.sweep();
      this.state = { usable: true };
      this.sweeper ??= setInterval(() => void this.sweep().catch(() => {}), SWEEP_EVERY_MS);
      this.sweeper.unref();
      return { usable: true, reason: `host cluster ${version}` };
    } catch (error) {
      this.host = undefined;
      this.state = {
        usable: false,
        reason: `the host cluster cannot be used: ${(error as Error).message}`,
      };
      return this.state;
    }
  }

  /** Deletes this installation's session namespaces whose expiry passed; returns their names. */
  async sweep(now = new Date()): Promise<string[]> {
    const host = await this.connect();
    const owned = await host.listNamespaces(`${MANAGED_BY_LABEL}=${MANAGED_BY},${SESSION_LABEL}`);
    const expired = owned.filter((ns) => {
      const at = Date.parse(ns.metadata?.annotations?.[EXPIRES_ANNOTATION] ?? '');
      return (
        ns.metadata?.name?.startsWith(this.config.namespacePrefix) &&
        !ns.metadata.deletionTimestamp &&
        (Number.isNaN(at) || at < now.getTime())
      );
    });
    for (const ns of expired) await host.deleteNamespace(ns.metadata?.name ?? '');
    return expired.map((ns) => ns.metadata?.name ?? '');
  }

  /**
   * At start-up: deletes the namespaces of sessions no longer running (`keep` holds those that
   * are), by their kubebelt.session label and this platform's namespace prefix (another
   * installation on the same host uses another prefix). A namespace younger than a few minutes
   * may belong to a session being started right now, and is left to the next round.
   */
  async removeOrphans(keep: Set<string>, now = new Date()): Promise<string[]> {
    const host = await this.connect();
    const owned = await host.listNamespaces(`${MANAGED_BY_LABEL}=${MANAGED_BY},${SESSION_LABEL}`);
    const removed = new Set<string>();
    for (const ns of owned) {
      const session = ns.metadata?.labels?.[SESSION_LABEL] ?? '';
      const created = Date.parse(ns.metadata?.creationTimestamp ?? '');
      if (
        keep.has(session) ||
        !ns.metadata?.name?.startsWith(this.config.namespacePrefix) ||
        ns.metadata.deletionTimestamp ||
        now.getTime() - created < ORPHAN_GRACE_MS
      )
        continue;
      await host.deleteNamespace(ns.metadata.name);
      removed.add(session);
    }
    return [...removed];
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  private connect(): Promise<HostCluster> {
    if (!this.config.kubeconfig) throw new Error('KUBEBELT_KUBERNETES_KUBECONFIG is not set');
    this.host ??= HostCluster.connect({
      kubeconfig: this.config.kubeconfig,
      context: this.config.context,
    });
    return this.host;
  }

  async create(lab: LoadedLab, options: CreateOptions): Promise<LabEnvironment> {
    const host = await this.connect();
    const saved = options.restore?.kubernetes as SavedState | undefined;
    const sessionId = options.sessionId ?? saved?.sessionId ?? randomUUID();
    const specs = clusterSpecs(lab.lab);
    for (const spec of specs)
      if (spec.nodeLabels || spec.nodeTaints || spec.stoppedKubelets?.length)
        throw new Error(
          `cluster ${spec.name} changes nodes, which a session on a shared host cluster cannot do: run this lab on the embedded or docker driver`,
        );
    const ttlMs = this.config.ttlMinutes * MINUTE;
    const expiresAt = () => new Date(Date.now() + ttlMs);
    const names = specs.map((s) => s.name);
    const namespaces = new Map(
      names.map((name) => [
        name,
        saved?.namespaces[name] ?? namespaceName(this.config.namespacePrefix, sessionId, name),
      ]),
    );
    const created: string[] = [];
    const sessions = new Map<string, ClusterSession>();
    try {
      for (const [name, namespace] of namespaces) {
        const existing = await host.readNamespace(namespace);
        if (saved && existing && !existing.metadata?.deletionTimestamp) {
          // after a restart the namespace is still there: the session goes on in it
          await host.annotateNamespace(namespace, {
            [EXPIRES_ANNOTATION]: expiresAt().toISOString(),
          });
        } else {
          // a reset's previous namespace may still be terminating (its pods stopping)
          if (existing) await host.deleteNamespace(namespace, { wait: NAMESPACE_GONE_MS });
          created.push(namespace);
          for (const obj of sessionNamespaceObjects(
            { sessionId, cluster: name, namespace, expiresAt: expiresAt() },
            this.config.limits,
          ))
            await host.create(obj);
          await this.applySetup(host, lab, name, names[0], namespace);
        }
        const session = new ClusterSession(host, namespace, Math.floor(ttlMs / 1000));
        await session.renew();
        sessions.set(name, session);
      }
    } catch (error) {
      for (const s of sessions.values()) s.stop();
      await Promise.all(created.map((ns) => host.deleteNamespace(ns).catch(() => {})));
      throw error;
    }
    const renewal = setInterval(
      () => {
        for (const s of sessions.values()) void s.renew().catch(() => {});
        for (const ns of namespaces.values())
          void host
            .annotateNamespace(ns, { [EXPIRES_ANNOTATION]: expiresAt().toISOString() })
            .catch(() => {});
      },
      Math.min(ttlMs / 4, 60 * MINUTE),
    );
    renewal.unref();
    const session = (name: string) => {
      const s = sessions.get(name);
      if (!s) throw new Error(`no cluster ${name} in this session`);
      return s;
    };
    const state: SavedState = { sessionId, namespaces: Object.fromEntries(namespaces) };
    const stop = () => {
      clearInterval(renewal);
      for (const s of sessions.values()) s.stop();
    };
    return {
      driver: this.name,
      names,
      client: (name) => session(name ?? names[0]).client,
      token: (name) => session(name).token,
      namespace: (name) => session(name).namespace,
      endpoint: (name) => session(name).endpoint,
      snapshot: () => ({ kubernetes: state }),
      // the learner's objects live on the host, not in a snapshot
      onChange: () => () => {},
      release: async () => stop(),
      destroy: async () => {
        stop();
        await Promise.all([...namespaces.values()].map((ns) => host.deleteNamespace(ns)));
      },
    };
  }

  /**
   * The lab's setup.yaml objects for this cluster, created with the platform's credentials (lab
   * content is the instructors'): every namespace a lab names is the session's namespace, and
   * a cluster-scoped object other than a Namespace cannot be given to one session.
   */
  private async applySetup(
    host: HostCluster,
    lab: LoadedLab,
    cluster: string,
    first: string,
    namespace: string,
  ): Promise<void> {
    for (const obj of lab.setupObjects) {
      const target = (obj.metadata?.annotations?.['kubebelt.dev/cluster'] as string) ?? first;
      if (target !== cluster || (obj.apiVersion === 'v1' && obj.kind === 'Namespace')) continue;
      const namespaced = await host.namespaced(obj.apiVersion ?? '', obj.kind ?? '');
      if (namespaced === undefined)
        throw new HostApiError(404, `the host cluster serves no ${obj.apiVersion} ${obj.kind}`);
      if (!namespaced)
        throw new HostApiError(
          422,
          `${obj.kind} ${obj.metadata?.name} is cluster-scoped: a session on the kubernetes driver only has a namespace`,
        );
      await host.create({ ...obj, metadata: { ...obj.metadata, namespace } });
    }
  }
}

/** One lab cluster of a session: its namespace, the learner's current token and clients. */
class ClusterSession {
  token = '';
  client: KubeClient;
  private kubeClient?: KubeClient;
  private expiresAt = 0;
  /** Tokens handed out earlier in this session: a kubeconfig that carries one still works. */
  private readonly issued = new Set<string>();
  readonly endpoint;

  constructor(
    private readonly host: HostCluster,
    readonly namespace: string,
    private readonly expirationSeconds: number,
  ) {
    this.client = namespacedClient(() => {
      if (!this.kubeClient) throw new Error('the session has no token yet');
      return this.kubeClient;
    }, namespace);
    this.endpoint = host.proxy((header) => {
      const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      return bearer && this.issued.has(bearer) ? `Bearer ${this.token}` : header;
    });
  }

  /** A new token once a fifth of the old one's life is left. */
  async renew(): Promise<void> {
    const left = this.expiresAt - Date.now();
    if (this.token && left > (this.expirationSeconds * 1000) / 5) return;
    const { token, expiresAt } = await this.host.requestToken(
      this.namespace,
      LEARNER,
      this.expirationSeconds,
    );
    this.kubeClient = await kubeconfigClient({
      kubeconfig: this.host.kubeconfigFor(token, this.namespace),
    });
    this.token = token;
    this.expiresAt = expiresAt.getTime();
    this.issued.add(token);
  }

  stop(): void {
    void this.kubeClient?.close();
  }
}

export {
  type KubernetesDriverConfig,
  kubernetesDriverConfig,
  kubernetesDriverVariables,
} from './kubernetes/driver-config';
export { HostApiError };
