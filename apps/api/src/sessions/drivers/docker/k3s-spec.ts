/**
 * What the docker driver asks the Engine for when a session's clusters are k3s servers
 * (KUBEBELT_K3S_IMAGE) instead of cluster-core in this process: per lab cluster one container
 * of that image on the session's network, started the way k3s's own docker-compose.yml starts
 * it (privileged, tmpfs on /run and /var/run, `server`), plus the learner's token for its
 * kube-apiserver. Plain data, tested without an Engine (k3s-spec.test.ts).
 */
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { type ContainerLimits, limitsHostConfig, type SessionObjects } from './workstation-spec';

/** Where k3s writes its admin kubeconfig (--write-kubeconfig's default); its server is https://127.0.0.1:6443. */
export const K3S_KUBECONFIG = '/etc/rancher/k3s/k3s.yaml';
/** k3s's --https-listen-port default: the kube-apiserver behind k3s's own listener. */
export const K3S_PORT = 6443;
/**
 * The learner's bearer token, read by k3s's kube-apiserver (--token-auth-file): the session's
 * token, as the platform's gateway and the learner's kubeconfig carry it for every driver.
 */
export const K3S_TOKEN_FILE = '/etc/kubebelt/tokens.csv';
/** The lab cluster a k3s container serves (beside the session and platform labels). */
export const CLUSTER_LABEL = 'kubebelt.cluster';

export interface K3sOptions {
  image: string;
  /**
   * An OCI runtime that runs k3s in an unprivileged container (Sysbox's sysbox-runc); the
   * Engine's default runtime and a privileged container when left out.
   */
  runtime?: string;
  objects: SessionObjects;
  labels: Record<string, string>;
  /** The lab's name of this cluster: the container's hostname and alias on the network. */
  cluster: string;
  limits: ContainerLimits;
}

/** `kubebelt-<session>-k3s-<cluster>`, readable in `docker ps` (the labels are what counts). */
export function k3sContainerName(objects: SessionObjects, cluster: string): string {
  return `${objects.container}-k3s-${cluster}`;
}

/**
 * `k3s server` with what a lab cluster on a session network does not need left out: Traefik and
 * ServiceLB (an ingress controller and a load balancer that publish host ports), and the
 * learner's token accepted by the kube-apiserver. The node is named after the lab's cluster;
 * the serving certificate also names it (--tls-san) beside the node IP k3s adds itself.
 * Flags: k3s `server --help` (pkg/cli/cmds/server.go).
 */
export function k3sArgs(cluster: string): string[] {
  return [
    'server',
    '--disable=traefik',
    '--disable=servicelb',
    `--node-name=${cluster}`,
    `--tls-san=${cluster}`,
    `--https-listen-port=${K3S_PORT}`,
    `--write-kubeconfig=${K3S_KUBECONFIG}`,
    '--write-kubeconfig-mode=0600',
    `--kube-apiserver-arg=token-auth-file=${K3S_TOKEN_FILE}`,
  ];
}

/**
 * The k3s server container. Privileged, as k3s's docker-compose.yml and every k3s-in-Docker
 * setup (k3d, testcontainers) run it: k3s runs containerd, the kubelet, flannel and kube-proxy,
 * which need cgroups, iptables, mounts and devices. The trade-off: a privileged container is
 * not a sandbox. The learner, who is cluster-admin there, can start a privileged pod and from it
 * reach the Engine's host. Only the workstation (unprivileged, read-only) is the learner's
 * shell, but their kubectl is enough: run k3s sessions for learners you trust, on an Engine in
 * a VM of its own, or with a runtime made for system containers (KUBEBELT_K3S_RUNTIME, e.g.
 * Sysbox's sysbox-runc), which runs k3s without privileges (docs/deployment.md). /run and
 * /var/run are tmpfs (k3s keeps sockets and state there that must not outlive the container),
 * its data lives in the container's layer and goes with it.
 */
export function k3sContainerOptions(o: K3sOptions): Docker.ContainerCreateOptions {
  return {
    name: k3sContainerName(o.objects, o.cluster),
    Image: o.image,
    Hostname: o.cluster,
    Cmd: k3sArgs(o.cluster),
    Labels: { ...o.labels, [CLUSTER_LABEL]: o.cluster },
    NetworkingConfig: {
      EndpointsConfig: { [o.objects.network]: { Aliases: [o.cluster] } },
    },
    HostConfig: {
      NetworkMode: o.objects.network,
      ...(o.runtime ? { Runtime: o.runtime, Privileged: false } : { Privileged: true }),
      Tmpfs: { '/run': '', '/var/run': '' },
      ...limitsHostConfig(o.limits),
      RestartPolicy: { Name: 'no' },
    },
  };
}

/**
 * The static token file (kube-apiserver --token-auth-file: token,user,uid,"groups") with the
 * learner as system:masters, that is cluster-admin of their own cluster as on the embedded
 * driver; as a tar archive for putArchive into the created container before it starts.
 */
export function tokenFileArchive(token: string): Promise<Buffer> {
  if (!/^[A-Za-z0-9._~+/=-]+$/.test(token))
    throw new Error('a bearer token has no such characters');
  const archive = pack();
  const path = K3S_TOKEN_FILE.replace(/^\//, '');
  archive.entry({
    name: `${path.slice(0, path.lastIndexOf('/'))}/`,
    type: 'directory',
    mode: 0o700,
  });
  archive.entry(
    { name: path, mode: 0o600 },
    `${token},kubebelt-learner,kubebelt-learner,"system:masters"\n`,
  );
  archive.finalize();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    archive.on('data', (c) => chunks.push(c as Buffer));
    archive.on('end', () => resolve(Buffer.concat(chunks)));
    archive.on('error', reject);
  });
}

/** The container's address on the session's network, once it has started. */
export function addressOn(info: Docker.ContainerInspectInfo, network: string): string | undefined {
  return info.NetworkSettings?.Networks?.[network]?.IPAddress || undefined;
}
