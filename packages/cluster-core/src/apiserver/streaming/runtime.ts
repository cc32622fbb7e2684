/**
 * What the API server's streaming subresources (exec, attach, portforward, log) need from
 * whoever runs the containers. The simulated kubelet (src/nodes/) implements `ContainerRuntime`
 * and sets `core.runtime`; until one does, `defaultRuntime` answers the way a real cluster does
 * when no kubelet can serve the pod.
 *
 * Split of responsibilities, as upstream: the API server checks the pod (exists, container name
 * valid, host assigned; pkg/registry/core/pod/strategy.go) before it calls the runtime; the
 * runtime gives the kubelet's own answers (kubelet server.go, kubelet_pods.go).
 */
import { createHash } from 'node:crypto';
import type { Duplex, Readable, Writable } from 'node:stream';
import { badRequest, StatusError } from '../../api/errors';
import type { KubeObject } from '../../api/object';

/** remotecommand.TerminalSize; the client sends it as `{"Width":80,"Height":24}`. */
export interface TerminalSize {
  width: number;
  height: number;
}

export interface ExecIO {
  /** The client's stdin (`kubectl exec -i`); it ends when the client closes its stdin. */
  stdin?: Readable;
  stdout: Writable;
  /** Absent with a TTY: a terminal has one output stream, as the kubelet does. */
  stderr?: Writable;
  tty: boolean;
  /** Terminal size changes (TTY only); the latest size is replayed to a late subscriber. */
  onResize(cb: (size: TerminalSize) => void): void;
  /** Aborted when the client goes away before the command ends. */
  signal: AbortSignal;
}

/** PodLogOptions as the kubelet receives them (containerLogs query). */
export interface LogOptions {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** RFC 3339 time, exclusive with sinceSeconds. */
  sinceTime?: string;
  /** The API server also cuts the stream after this many bytes. */
  limitBytes?: number;
  /** Aborted when the client disconnects (ends a follow). */
  signal: AbortSignal;
}

export type StreamingKind = 'exec' | 'attach' | 'portforward';

/**
 * The kubelet refusing a streaming request before it upgrades it (kubelet server.go getExec:
 * `streaming.WriteError` writes `err.Error()` as a plain-text body). The API server proxies that
 * response as is, so kubectl's SPDY client prints `unable to upgrade connection: <message>`.
 */
export class KubeletError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A command ending with an error that is not an exit code (kubelet exec.go: written as
 * `error executing command in container: <message>` in an InternalError status). Any other
 * Error thrown by `exec` is treated the same way.
 */
export class ExecFailure extends Error {}

export interface ContainerRuntime {
  /**
   * The kubelet's own checks before a streaming upgrade (e.g. kubelet GetExec:
   * KubeletError 500 `container not found ("web")`). May also throw a StatusError, which is sent
   * as the API server's own JSON Status. Optional: no check means "the container is there".
   */
  checkStreaming?(pod: KubeObject, container: string, kind: StreamingKind): void;
  /**
   * Runs `command` in `container`. Resolves with the exit code; a non-zero code is reported to the
   * client as NonZeroExitCode (kubectl exits with it). Throws StatusError or ExecFailure for
   * failures that are not exit codes (e.g. the executable does not exist).
   */
  exec(
    pod: KubeObject,
    container: string,
    command: string[],
    io: ExecIO,
  ): Promise<{ exitCode: number }>;
  /** Attaches to the container's main process until it ends; its exit code is not reported (kubelet attach.go). */
  attach(pod: KubeObject, container: string, io: ExecIO): Promise<{ exitCode: number } | void>;
  /**
   * Writes the container's log to `out` (kubelet GetContainerLogs). Throw StatusError before
   * writing anything to refuse, e.g. badRequest(`container "web" in pod "web" is waiting to start:
   * ContainerCreating`). With `follow`, keep writing until the container ends or `signal` aborts.
   */
  logs(pod: KubeObject, container: string, opts: LogOptions, out: Writable): Promise<void> | void;
  /**
   * Connects `stream` to `port` inside the pod's network namespace; resolve when the connection
   * ends, reject (with the runtime's message) when it cannot be made.
   */
  portForward?(pod: KubeObject, port: number, stream: Duplex): Promise<void> | void;
}

interface ContainerStateLike {
  waiting?: { reason?: string };
  running?: Record<string, unknown>;
  terminated?: { containerID?: string };
}

interface ContainerStatusLike {
  name: string;
  containerID?: string;
  state?: ContainerStateLike;
  lastState?: ContainerStateLike;
}

function containerStatus(pod: KubeObject, container: string): ContainerStatusLike | undefined {
  const status = pod.status ?? {};
  for (const list of [
    status.containerStatuses,
    status.initContainerStatuses,
    status.ephemeralContainerStatuses,
  ]) {
    const found = (Array.isArray(list) ? (list as ContainerStatusLike[]) : []).find(
      (c) => c.name === container,
    );
    if (found) return found;
  }
  return undefined;
}

/**
 * Which logs a container has, or the kubelet's refusal, as kubelet_pods.go
 * validateContainerLogStatus words it. Exported for runtimes that keep logs themselves.
 */
export function validateContainerLogStatus(
  pod: KubeObject,
  container: string,
  previous: boolean,
): 'current' | 'previous' {
  const podName = pod.metadata.name ?? '';
  const cs = containerStatus(pod, container);
  const who = `container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)}`;
  if (!cs) throw badRequest(`${who} is not available`);
  const state = cs.state ?? {};
  const last = cs.lastState ?? {};
  if (previous) {
    if (!last.terminated?.containerID) {
      throw badRequest(
        `previous terminated container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} not found`,
      );
    }
    return 'previous';
  }
  if (state.running) return 'current';
  if (state.terminated) {
    if (state.terminated.containerID) return 'current';
    if (last.terminated?.containerID) return 'previous';
    throw badRequest(`${who} is terminated`);
  }
  if (last.terminated) {
    if (!last.terminated.containerID) throw badRequest(`${who} is terminated`);
    return 'previous';
  }
  if (state.waiting) {
    const reason = state.waiting.reason ?? '';
    if (reason === 'ErrImagePull')
      throw badRequest(`${who} is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff')
      throw badRequest(`${who} is waiting to start: trying and failing to pull image`);
    throw badRequest(`${who} is waiting to start: ${reason}`);
  }
  throw badRequest(`${who} is waiting to start - no logs yet`);
}

function isRunning(pod: KubeObject, container: string): boolean {
  return Boolean(containerStatus(pod, container)?.state?.running);
}

/** A Status with reason "" (StatusReasonUnknown), as the apiserver wraps errors that are not API errors. */
function unknownStatus(code: number, message: string): StatusError {
  return new StatusError(code, '' as StatusError['reason'], message);
}

/**
 * The containerd sandbox id the kubelet names in port-forward errors; a stable stand-in derived
 * from the pod's uid.
 */
export function sandboxId(pod: KubeObject): string {
  return createHash('sha256')
    .update(pod.metadata.uid ?? pod.metadata.name ?? '')
    .digest('hex');
}

/**
 * Used while no kubelet has registered a runtime: containers the status does not show running
 * are "not found" to the kubelet; a running one has no kubelet to reach, which kube-apiserver
 * reports as a failed dial to the node's kubelet port.
 */
export const defaultRuntime: ContainerRuntime = {
  checkStreaming(pod, container, kind) {
    if (kind === 'portforward') {
      if (pod.status?.phase !== 'Running') throw new KubeletError(404, 'pod does not exist');
    } else if (!isRunning(pod, container)) {
      throw new KubeletError(500, `container not found (${JSON.stringify(container)})`);
    }
    const host = (pod.status?.hostIP as string | undefined) ?? pod.spec?.nodeName ?? '';
    throw unknownStatus(
      500,
      `error dialing backend: dial tcp ${host}:10250: connect: connection refused`,
    );
  },
  async exec() {
    throw new ExecFailure('no container runtime');
  },
  async attach() {
    throw new ExecFailure('no container runtime');
  },
  logs(pod, container, opts) {
    validateContainerLogStatus(pod, container, opts.previous);
  },
};
