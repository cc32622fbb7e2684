/**
 * What the docker driver asks the Docker Engine for, as plain data: the per-session network,
 * home volume, workstation container and shell exec. Kept apart from the driver so that the
 * requests (limits, read-only root, labels, no host network) are tested without a Docker daemon.
 */
import type Docker from 'dockerode';
import { z } from 'zod';

/** Every object the driver creates carries the session it belongs to... */
export const SESSION_LABEL = 'kubebelt.session';
/** ...and the platform (one database) that created it: two platforms can share one Engine. */
export const PLATFORM_LABEL = 'kubebelt.platform';
/** The learner's home in the workstation (as in the bubblewrap sandbox). */
export const WORKSTATION_HOME = '/home/learner';
export const DEFAULT_IMAGE = 'kubebelt/workstation:latest';
/** The script that builds DEFAULT_IMAGE from this machine's files (no registry needed). */
export const BUILD_SCRIPT = 'images/build-workstation.sh';

/** What a container the driver creates may use: the workstation, and k3s servers. */
export interface ContainerLimits {
  /** CPUs (fractions allowed). */
  cpus: number;
  memoryMiB: number;
  /** Processes and threads in the container. */
  pids: number;
}

const MIB = 1024 * 1024;

/** The limits as the Engine's HostConfig has them, with no swap beyond the memory limit. */
export function limitsHostConfig(limits: ContainerLimits): Docker.HostConfig {
  const memory = limits.memoryMiB * MIB;
  return {
    NanoCpus: Math.round(limits.cpus * 1e9),
    Memory: memory,
    MemorySwap: memory,
    PidsLimit: limits.pids,
  };
}

export interface DockerDriverSettings {
  /** The Engine's address: unix:///path/docker.sock (or tcp://host:port). */
  dockerHost: string;
  image: string;
  limits: ContainerLimits;
  /** k3s servers instead of the embedded clusters (KUBEBELT_K3S_IMAGE): k3s-spec.ts. */
  k3s?: { image: string; runtime?: string; limits: ContainerLimits };
}

/** Processes in a k3s container: its containerd, kubelet and the learner's pods. */
const K3S_PIDS = 4096;

const decimal = (min: number, max: number) =>
  z
    .string()
    .refine(
      (v) => /^\d+(\.\d+)?$/.test(v) && Number(v) >= min && Number(v) <= max,
      `must be a number between ${min} and ${max}`,
    )
    .transform(Number);

const variables = z.object({
  DOCKER_HOST: z
    .string()
    .regex(/^(unix|tcp):\/\/.+/, 'must be unix:///path/to/docker.sock or tcp://host:port')
    .default('unix:///var/run/docker.sock'),
  KUBEBELT_WORKSTATION_IMAGE: z.string().min(1).default(DEFAULT_IMAGE),
  KUBEBELT_WORKSTATION_CPUS: decimal(0.1, 64).default(1),
  KUBEBELT_WORKSTATION_MEMORY_MIB: decimal(64, 65536).default(512),
  KUBEBELT_WORKSTATION_PIDS: decimal(16, 65536).default(256),
  KUBEBELT_K3S_IMAGE: z.string().min(1).optional(),
  KUBEBELT_K3S_RUNTIME: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'must be the name of an OCI runtime of the Engine')
    .optional(),
  KUBEBELT_K3S_CPUS: decimal(0.5, 64).default(1),
  KUBEBELT_K3S_MEMORY_MIB: decimal(512, 65536).default(1024),
});

/** The driver's settings from the environment; a bad value is named in the error. */
export function dockerDriverSettings(env: NodeJS.ProcessEnv = process.env): DockerDriverSettings {
  const given = Object.fromEntries(
    Object.keys(variables.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = variables.safeParse(given);
  if (!parsed.success)
    throw new Error(
      `Invalid docker driver configuration: ${parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join('; ')}`,
    );
  const v = parsed.data;
  return {
    dockerHost: v.DOCKER_HOST,
    image: v.KUBEBELT_WORKSTATION_IMAGE,
    limits: {
      cpus: v.KUBEBELT_WORKSTATION_CPUS,
      memoryMiB: Math.floor(v.KUBEBELT_WORKSTATION_MEMORY_MIB),
      pids: Math.floor(v.KUBEBELT_WORKSTATION_PIDS),
    },
    k3s: v.KUBEBELT_K3S_IMAGE
      ? {
          image: v.KUBEBELT_K3S_IMAGE,
          runtime: v.KUBEBELT_K3S_RUNTIME,
          limits: {
            cpus: v.KUBEBELT_K3S_CPUS,
            memoryMiB: Math.floor(v.KUBEBELT_K3S_MEMORY_MIB),
            pids: K3S_PIDS,
          },
        }
      : undefined,
  };
}

/** dockerode's connection options for DOCKER_HOST. */
export function modemOptions(dockerHost: string): Docker.DockerOptions {
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return { protocol: 'http', host: url.hostname, port: Number(url.port || 2375) };
}

export interface SessionObjects {
  container: string;
  network: string;
  volume: string;
}

/** Names of a session's objects (readable in `docker ps`; the labels are what the driver trusts). */
export function sessionObjects(sessionId: string): SessionObjects {
  return {
    container: `kubebelt-${sessionId}`,
    network: `kubebelt-${sessionId}`,
    volume: `kubebelt-${sessionId}-home`,
  };
}

export function sessionLabels(platform: string, sessionId: string): Record<string, string> {
  return { [PLATFORM_LABEL]: platform, [SESSION_LABEL]: sessionId };
}

/** The label filter that finds a platform's objects, or one session's. */
export function labelFilter(platform: string, sessionId?: string): { label: string[] } {
  return {
    label: [
      `${PLATFORM_LABEL}=${platform}`,
      sessionId ? `${SESSION_LABEL}=${sessionId}` : SESSION_LABEL,
    ],
  };
}

/**
 * The session's own bridge network, internal: the workstation reaches nothing but this host's
 * address on it (the gateway, where the session's clusters listen), no other network, no internet.
 */
export function networkOptions(
  objects: SessionObjects,
  labels: Record<string, string>,
): Docker.NetworkCreateOptions {
  return {
    Name: objects.network,
    Driver: 'bridge',
    Internal: true,
    CheckDuplicate: true,
    Labels: labels,
  };
}

/**
 * The home: a local volume bound to the session's home folder on this machine, so that what the
 * platform writes there (.bashrc, the kubeconfig, setup.sh's files) is what the learner sees, and
 * it outlives the container as the embedded terminal's home does.
 */
export function volumeOptions(
  objects: SessionObjects,
  labels: Record<string, string>,
  homeOnHost: string,
): Docker.VolumeCreateOptions {
  return {
    Name: objects.volume,
    Driver: 'local',
    DriverOpts: { type: 'none', o: 'bind', device: homeOnHost },
    Labels: labels,
  };
}

/**
 * Whom the session's clusters take connections from: the addresses of its network (the
 * workstation), not the gateway's own (the host itself) nor anything outside it.
 */
export function networkPeers(subnet: string, gateway: string): (address: string) => boolean {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(subnet);
  if (!m) throw new Error(`not an IPv4 subnet: ${subnet}`);
  const bits = Number(m[2]);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  const base = (ipv4(m[1]) ?? 0) & mask;
  return (address) => {
    const plain = address.replace(/^::ffff:/, '');
    const ip = ipv4(plain);
    return ip !== undefined && (ip & mask) >>> 0 === base >>> 0 && plain !== gateway;
  };
}

function ipv4(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
    return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export interface WorkstationOptions {
  image: string;
  objects: SessionObjects;
  labels: Record<string, string>;
  limits: ContainerLimits;
  /** uid:gid the learner runs as (the owner of the home folder). */
  user: string;
  env: Record<string, string>;
}

/**
 * The workstation container: no privileges, no capabilities, a read-only root with a small
 * writable /tmp, the home volume, CPU, memory and pids limits, on the session's network only.
 * Its main process waits; the learner's shells are `docker exec`s (see shellExecOptions).
 */
export function containerOptions(o: WorkstationOptions): Docker.ContainerCreateOptions {
  return {
    name: o.objects.container,
    Image: o.image,
    Hostname: 'workstation',
    User: o.user,
    WorkingDir: WORKSTATION_HOME,
    Env: envList(o.env),
    Labels: o.labels,
    NetworkingConfig: { EndpointsConfig: { [o.objects.network]: {} } },
    HostConfig: {
      NetworkMode: o.objects.network,
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      // tini as PID 1 reaps the exec'd shells' orphans (they count against the pids limit)
      Init: true,
      Mounts: [{ Type: 'volume', Source: o.objects.volume, Target: WORKSTATION_HOME }],
      Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=64m' },
      ...limitsHostConfig(o.limits),
      IpcMode: 'private',
      RestartPolicy: { Name: 'no' },
    },
  };
}

/**
 * An interactive bash with a TTY, as the learner (the terminal's shell). It writes its pid to
 * `pidFile` first: the Engine has no way to signal an exec, so the shell is killed by another
 * exec that reads it (see killExecOptions).
 */
export function shellExecOptions(o: {
  user: string;
  env: Record<string, string>;
  pidFile: string;
}): Docker.ExecCreateOptions {
  return {
    Cmd: ['/bin/bash', '-c', 'echo $$ > "$0" && exec /bin/bash -i', o.pidFile],
    User: o.user,
    WorkingDir: WORKSTATION_HOME,
    Env: envList(o.env),
    Tty: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
  };
}

/** Signals the shell whose pid is in `pidFile` (as the learner: it can reach nothing else). */
export function killExecOptions(o: {
  user: string;
  pidFile: string;
  signal: string;
}): Docker.ExecCreateOptions {
  return {
    Cmd: [
      '/bin/sh',
      '-c',
      // a shell that has just started may not have written its pid yet
      'for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$1" ] && break; sleep 0.1; done; kill -s "$0" "$(cat "$1")"',
      o.signal.replace(/^SIG/, ''),
      o.pidFile,
    ],
    User: o.user,
    AttachStdout: false,
    AttachStderr: false,
  };
}

function envList(env: Record<string, string>): string[] {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}
