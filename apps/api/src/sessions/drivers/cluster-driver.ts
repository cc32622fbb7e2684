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
  /**
   * This process lets go of the environment without deleting it (shutting down), where it
   * outlives the process (a host cluster's namespace): a later create() with the snapshot adopts it.
   */
  release?(): Promise<void>;
}

export interface CreateOptions {
  tokens?: Record<string, string>;
  /** A snapshot() taken earlier: restore it instead of applying the lab's set-up. */
  restore?: Record<string, unknown>;
  /** The session the environment is for (drivers label what they create with it). */
  sessionId?: string;
}

export interface ClusterDriver {
  readonly name: string;
  /** Whether the driver can run here, and why not. */
  capability(): { usable: boolean; reason?: string };
  create(lab: LoadedLab, options: CreateOptions): Promise<LabEnvironment>;
}
