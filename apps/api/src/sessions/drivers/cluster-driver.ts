/**
 * Where a session's clusters run. The embedded driver runs them in this process; docker and
 * kubernetes drivers plug in behind the same interface. Sessions, the terminal and the grader
 * only use what is here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { KubeClient, LoadedLab } from '@kubebelt/labs';

export interface ClusterEndpoint {
  /** Serves one API request whose url is relative to the cluster (e.g. /api/v1/pods). */
  request(req: IncomingMessage, res: ServerResponse): void;
  /** Serves an upgrade (exec, attach, port-forward) whose url is relative to the cluster. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface LabEnvironment {
  readonly driver: string;
  /** Cluster names in the lab's order; the first is the default context. */
  readonly names: string[];
  client(name?: string): KubeClient;
  /** The bearer token a kubeconfig for this cluster carries. */
  token(name: string): string;
  /** The namespace a kubeconfig's context names, where the cluster is one namespace of a host. */
  namespace?(name: string): string;
  endpoint(name: string): ClusterEndpoint;
  /** Everything needed to bring the clusters back after a restart (JSON). */
  snapshot(): Record<string, unknown>;
  /** Called after changes to the clusters' objects. */
  onChange(listener: () => void): () => void;
  destroy(): Promise<void>;
  /** The learner's own machine, when the driver gives one (docker): the terminal runs there. */
  workstation?: Workstation;
  /**
   * This process lets go of the environment without deleting it (shutting down), where it
   * outlives the process (a host cluster's namespace): a later create() with the snapshot adopts it.
   */
  release?(): Promise<void>;
}

/** A machine the learner's shell runs on, with kubectl reaching the session's clusters. */
export interface Workstation {
  /** Where kubectl on the workstation reaches a cluster (its home's kubeconfig points there). */
  cluster(name: string): { server: string; caCert?: string };
  /** An interactive bash with a terminal of this size. */
  openShell(cols: number, rows: number): ShellProcess;
}

/** What the terminal needs of a shell: node-pty's IPty is one. */
export interface ShellProcess {
  onData(listener: (data: string) => void): unknown;
  onExit(listener: (event: { exitCode: number }) => void): unknown;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  kill(signal?: string): void;
}

export interface CreateOptions {
  tokens?: Record<string, string>;
  /** A snapshot() taken earlier: restore it instead of applying the lab's set-up. */
  restore?: Record<string, unknown>;
  /** The session the environment is for (drivers label what they create with it). */
  sessionId?: string;
  /** The session's home directory on this machine, which a workstation mounts as its home. */
  home?: string;
}

export interface ClusterDriver {
  readonly name: string;
  /** Its clusters are cluster-core's, as a fresh one's discovery is known ahead (see discovery-cache.ts). */
  readonly embeddedClusters?: boolean;
  /** Whether the driver can run here, and why not. */
  capability(): { usable: boolean; reason?: string };
  /** Asks again (the Engine, the host cluster) before a session starts, when the driver can. */
  check?(): Promise<{ usable: boolean; reason?: string }>;
  create(lab: LoadedLab, options: CreateOptions): Promise<LabEnvironment>;
  /**
   * What the driver left outside this process (containers, networks, volumes) for sessions not
   * in `keep`, removed at start-up; returns those sessions.
   */
  removeOrphans?(keep: Set<string>): Promise<string[]>;
}
