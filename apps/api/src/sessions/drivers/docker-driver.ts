/**
 * Sessions with a workstation container (dockerode): per session an internal bridge network,
 * a home volume and a container from the workstation image (images/workstation), limited and
 * unprivileged, labelled with the session. The lab's clusters are cluster-core in this process,
 * each served over HTTPS (its own CA, the session's token) on the network's gateway address:
 * the only address the workstation can reach, and the one its kubeconfig names. With
 * KUBEBELT_K3S_IMAGE they are k3s server containers on that network instead (docker/k3s-*.ts).
 * The terminal is a `docker exec` with a TTY.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Cluster } from '@kubebelt/cluster-core';
import { clusterSpecs, type LoadedLab } from '@kubebelt/labs';
import Docker from 'dockerode';
import { FIRST_CLUSTER_PORT, shellEnv } from '../../terminal/sandbox';
import type {
  ClusterDriver,
  CreateOptions,
  LabEnvironment,
  ShellProcess,
  Workstation,
} from './cluster-driver';
import { DockerShell } from './docker/docker-shell';
import { applySetup, connectK3sCluster, startK3sCluster } from './docker/k3s-cluster';
import { CLUSTER_LABEL } from './docker/k3s-spec';
import {
  BUILD_SCRIPT,
  containerOptions,
  type DockerDriverSettings,
  labelFilter,
  modemOptions,
  networkOptions,
  networkPeers,
  SESSION_LABEL,
  type SessionObjects,
  sessionLabels,
  sessionObjects,
  volumeOptions,
  WORKSTATION_HOME,
} from './docker/workstation-spec';
import { embeddedClusters, embeddedEnvironment } from './embedded-driver';

interface Capability {
  usable: boolean;
  reason?: string;
}

/** capability() answers from the last check, and asks the Engine again when older than this. */
const RECHECK_MS = 5_000;
const PING_TIMEOUT_MS = 3_000;

export class DockerDriver implements ClusterDriver {
  readonly name = 'docker';
  private readonly docker: Docker;
  private state: Capability = { usable: false, reason: 'the Docker Engine was not asked yet' };
  private checkedAt = 0;
  private checking?: Promise<Capability>;

  constructor(
    private readonly settings: DockerDriverSettings,
    /** Labels this platform's objects (one value per database), see PLATFORM_LABEL. */
    private readonly platform: string,
  ) {
    this.docker = new Docker(modemOptions(settings.dockerHost));
  }

  /** cluster-core's clusters, unless they are k3s servers. */
  get embeddedClusters(): boolean {
    return !this.settings.k3s;
  }

  capability(): Capability {
    if (Date.now() - this.checkedAt > RECHECK_MS) void this.check();
    return this.state;
  }

  /** Whether the Engine answers and has the workstation image; the reason when not. */
  check(): Promise<Capability> {
    this.checking ??= this.probe()
      .then((state) => {
        this.state = state;
        this.checkedAt = Date.now();
        return state;
      })
      .finally(() => {
        this.checking = undefined;
      });
    return this.checking;
  }

  private async probe(): Promise<Capability> {
    const where = this.settings.dockerHost;
    try {
      await withTimeout(this.docker.ping(), PING_TIMEOUT_MS, `no answer in ${PING_TIMEOUT_MS} ms`);
    } catch (error) {
      return {
        usable: false,
        reason: `the Docker Engine at ${where} does not answer (${errorText(error)}): start dockerd or set DOCKER_HOST`,
      };
    }
    try {
      await this.docker.getImage(this.settings.image).inspect();
    } catch (error) {
      return {
        usable: false,
        reason:
          statusOf(error) === 404
            ? `the workstation image ${this.settings.image} is missing on ${where}: build it with ${BUILD_SCRIPT}`
            : `the workstation image ${this.settings.image} cannot be read: ${errorText(error)}`,
      };
    }
    const k3s = this.settings.k3s?.image;
    if (k3s) {
      try {
        await this.docker.getImage(k3s).inspect();
      } catch (error) {
        return {
          usable: false,
          reason:
            statusOf(error) === 404
              ? `the k3s image ${k3s} (KUBEBELT_K3S_IMAGE) is missing on ${where}: load it there (docker pull or docker load)`
              : `the k3s image ${k3s} cannot be read: ${errorText(error)}`,
        };
      }
    }
    return { usable: true };
  }

  async create(lab: LoadedLab, options: CreateOptions): Promise<LabEnvironment> {
    const { sessionId, home } = options;
    if (!sessionId || !home) throw new Error('the docker driver needs the session id and its home');
    const objects = sessionObjects(sessionId);
    const labels = sessionLabels(this.platform, sessionId);
    // the learner runs as the home folder's owner: nobody when the platform runs as root
    const uid = process.getuid?.() ?? 65534;
    const user = uid === 0 ? '65534:65534' : `${uid}:${process.getgid?.() ?? uid}`;
    const env = shellEnv(WORKSTATION_HOME);
    let clusters: SessionClusters | undefined;
    let container: Docker.Container;
    try {
      // k3s servers a stopped platform left running for the session are taken over as they are
      const left = options.restore?.k3s ? await this.runningK3s(sessionId, lab) : undefined;
      if (left) {
        await this.removeWorkstation(objects);
        clusters = await this.k3sClusters(lab, options, objects, labels, left);
      } else {
        // what an earlier life of this session left (a restart, a reset) goes first
        await this.removeSession(sessionId);
        const network = await this.docker.createNetwork(networkOptions(objects, labels));
        const addresses = addressesOf(await network.inspect());
        clusters = this.settings.k3s
          ? await this.k3sClusters(lab, options, objects, labels)
          : await servedEmbeddedClusters(lab, options, addresses);
      }
      mkdirSync(home, { recursive: true });
      await this.docker.createVolume(volumeOptions(objects, labels, home));
      container = await this.docker.createContainer(
        containerOptions({
          image: this.settings.image,
          objects,
          labels,
          limits: this.settings.limits,
          user,
          env,
        }),
      );
    } catch (error) {
      await clusters?.environment.destroy();
      await this.removeSession(sessionId).catch(() => {});
      throw error;
    }
    const { environment, servers } = clusters;
    let started: Promise<void> | undefined;
    // the container starts with the first shell, after the platform has written the home
    const ready = () => {
      started ??= container.start().then(
        () => undefined,
        (error) => {
          started = undefined;
          if (statusOf(error) !== 304) throw error;
        },
      );
      return started;
    };
    const workstation: Workstation = {
      cluster: (name) => {
        const found = servers.get(name);
        if (!found) throw new Error(`no cluster ${name} in this session`);
        return found;
      },
      openShell: (cols, rows): ShellProcess =>
        new DockerShell(container, { user, env }, cols, rows, ready),
    };
    const release = environment.release;
    return {
      ...environment,
      workstation,
      destroy: async () => {
        await environment.destroy();
        await this.removeSession(sessionId);
      },
      // the k3s servers (and their network) stay for the process that brings the session back
      release: release
        ? async () => {
            await release();
            await this.removeWorkstation(objects);
          }
        : undefined,
    };
  }

  /** The session's k3s containers by cluster, when every one of the lab's is running. */
  private async runningK3s(
    sessionId: string,
    lab: LoadedLab,
  ): Promise<Map<string, Docker.Container> | undefined> {
    if (!this.settings.k3s) return undefined;
    const filters = JSON.stringify({
      label: [...labelFilter(this.platform, sessionId).label, CLUSTER_LABEL],
    });
    const found = new Map<string, Docker.Container>();
    for (const c of await this.docker.listContainers({ all: true, filters }))
      if (c.State === 'running') found.set(c.Labels[CLUSTER_LABEL], this.docker.getContainer(c.Id));
    const names = clusterSpecs(lab.lab).map((s) => s.name);
    return names.every((name) => found.has(name)) ? found : undefined;
  }

  /** The workstation container and its home volume (not the network, nor k3s containers on it). */
  private async removeWorkstation(objects: SessionObjects): Promise<void> {
    await this.docker.getContainer(objects.container).remove({ force: true }).catch(ignoreMissing);
    await this.docker.getVolume(objects.volume).remove().catch(ignoreMissing);
  }

  /**
   * One k3s server container per lab cluster, started side by side, then the lab's setup.yaml;
   * or the running ones a stopped platform left (`left`), as they are. Their objects live in
   * the containers: a snapshot only says that they are k3s's, and a reset starts them afresh.
   */
  private async k3sClusters(
    lab: LoadedLab,
    options: CreateOptions,
    objects: SessionObjects,
    labels: Record<string, string>,
    left?: Map<string, Docker.Container>,
  ): Promise<SessionClusters> {
    const k3s = this.settings.k3s as NonNullable<DockerDriverSettings['k3s']>;
    const specs = clusterSpecs(lab.lab);
    for (const spec of specs)
      if (spec.nodeLabels || spec.nodeTaints || spec.stoppedKubelets?.length)
        throw new Error(
          `cluster ${spec.name} changes nodes, which a k3s server (one node) cannot do: run this lab without KUBEBELT_K3S_IMAGE`,
        );
    const started = await Promise.all(
      specs.map((spec) => {
        const token = options.tokens?.[spec.name] ?? randomBytes(24).toString('base64url');
        const running = left?.get(spec.name);
        if (running) return connectK3sCluster(running, { cluster: spec.name, objects, token });
        return startK3sCluster(this.docker, {
          image: k3s.image,
          runtime: k3s.runtime,
          objects,
          labels,
          cluster: spec.name,
          limits: k3s.limits,
          token,
        });
      }),
    );
    const byName = new Map(started.map((c) => [c.name, c]));
    const cluster = (name: string) => {
      const c = byName.get(name);
      if (!c) throw new Error(`no cluster ${name} in this session`);
      return c;
    };
    const names = specs.map((s) => s.name);
    const closeClients = async () => {
      await Promise.all(started.map((c) => c.client.close()));
    };
    try {
      if (!left)
        for (const name of names)
          await applySetup(cluster(name).client, lab.setupObjects, name, names[0]);
    } catch (error) {
      await closeClients();
      throw error;
    }
    return {
      servers: new Map(started.map((c) => [c.name, { server: c.server, caCert: c.caCert }])),
      environment: {
        driver: this.name,
        names,
        client: (name) => cluster(name ?? names[0]).client,
        token: (name) => cluster(name).token,
        endpoint: (name) => cluster(name).endpoint,
        snapshot: () => ({ k3s: names }),
        // the learner's objects live in the k3s containers, not in a snapshot
        onChange: () => () => {},
        // the containers themselves go with the session's other objects (removeSession)
        destroy: closeClients,
        release: closeClients,
      },
    };
  }

  /** Removes the session's container, network and volume (found by their labels). */
  async removeSession(sessionId: string): Promise<void> {
    await this.removeLabelled(labelFilter(this.platform, sessionId), () => true);
  }

  /**
   * At start-up: removes this platform's containers, networks and volumes whose session is not
   * in `keep` (sessions that ended while the platform was down, or a crash's leftovers).
   * Returns the sessions whose objects were removed.
   */
  async removeOrphans(keep: Set<string>): Promise<string[]> {
    const removed = new Set<string>();
    await this.removeLabelled(labelFilter(this.platform), (labels) => {
      const session = labels?.[SESSION_LABEL];
      if (!session || keep.has(session)) return false;
      removed.add(session);
      return true;
    });
    return [...removed];
  }

  private async removeLabelled(
    filter: { label: string[] },
    select: (labels: Record<string, string> | undefined) => boolean,
  ): Promise<void> {
    const filters = JSON.stringify(filter);
    const containers = await this.docker.listContainers({ all: true, filters });
    for (const c of containers.filter((c) => select(c.Labels)))
      await this.docker.getContainer(c.Id).remove({ force: true }).catch(ignoreMissing);
    const networks = await this.docker.listNetworks({ filters });
    for (const n of networks.filter((n) => select(n.Labels)))
      await this.docker.getNetwork(n.Id).remove().catch(ignoreMissing);
    const { Volumes: volumes } = await this.docker.listVolumes({ filters });
    for (const v of (volumes ?? []).filter((v) => select(v.Labels)))
      await this.docker.getVolume(v.Name).remove().catch(ignoreMissing);
  }
}

/** A session's clusters and where its workstation reaches them. */
interface SessionClusters {
  environment: Omit<LabEnvironment, 'workstation'>;
  servers: Map<string, { server: string; caCert?: string }>;
}

/**
 * The lab's clusters in this process, each served over HTTPS on the network's gateway address,
 * taking connections from the session's network only.
 */
async function servedEmbeddedClusters(
  lab: LoadedLab,
  options: CreateOptions,
  { gateway, subnet }: { gateway: string; subnet: string },
): Promise<SessionClusters> {
  const clusters = embeddedClusters(lab, options);
  const servers = new Map<string, { server: string; caCert?: string }>();
  // the workstation's network only: not the host itself, not another session's container
  const accept = networkPeers(subnet, gateway);
  try {
    for (const [i, name] of clusters.names.entries()) {
      const cluster = clusters.clusters.get(name) as Cluster;
      // the usual port when free (something of the host's may hold it on every address)
      await cluster
        .serve({ host: gateway, port: FIRST_CLUSTER_PORT + i, accept })
        .catch(() => cluster.serve({ host: gateway, port: 0, accept }));
      const { server, caCert } = cluster.connection();
      servers.set(name, { server, caCert });
    }
  } catch (error) {
    await clusters.close();
    throw error;
  }
  return { environment: embeddedEnvironment('docker', clusters), servers };
}

/** The network's subnet and the host's address on it (where the session's clusters listen). */
function addressesOf(network: Docker.NetworkInspectInfo): { gateway: string; subnet: string } {
  const config = network.IPAM?.Config?.find((c) =>
    /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(c.Subnet ?? ''),
  );
  if (!config?.Subnet) throw new Error(`network ${network.Name} has no IPv4 subnet`);
  // an Engine that leaves Gateway out gives the subnet's first address to the bridge
  const first = config.Subnet.replace(/\.\d+\/\d+$/, '.1');
  return { gateway: config.Gateway || first, subnet: config.Subnet };
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

function errorText(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ?? e.message ?? String(error);
}

function ignoreMissing(error: unknown): void {
  if (statusOf(error) !== 404) throw error;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_r, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
