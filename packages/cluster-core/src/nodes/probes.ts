/**
 * Simulated probe results (pkg/kubelet/prober): an HTTP or TCP probe succeeds when the
 * container's process listens on the port (the image's default server ports), an exec probe
 * succeeds when its command exits 0. Failure texts follow the prober's messages.
 */
import type { KubeObject } from '../api/object';
import { normalizePath } from './container-filesystem';
import { containerFileWrites } from './container-logs';
import { containerProgram } from './container-program';
import type { ImageInfo } from './image-catalogue';

// biome-ignore lint/suspicious/noExplicitAny: probe and container specs are free-form JSON
type Spec = Record<string, any>;

export type ProbeKind = 'readiness' | 'liveness' | 'startup';

export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  failureThreshold: number;
  successThreshold: number;
}

export function probeOf(container: Spec, kind: ProbeKind): Spec | undefined {
  return container[`${kind}Probe`];
}

export function probeTiming(probe: Spec): ProbeTiming {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds ?? 10) * 1000,
    failureThreshold: probe.failureThreshold ?? 3,
    successThreshold: probe.successThreshold ?? 1,
  };
}

function resolvePort(container: Spec, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  // biome-ignore lint/suspicious/noExplicitAny: ports are free-form JSON
  return ((container.ports ?? []) as any[]).find((p) => p.name === port)?.containerPort;
}

/** The ports the container's main process listens on. */
function listeningPorts(container: Spec, image: ImageInfo | undefined): number[] {
  // System components are started by command; they listen on their image's ports.
  const overridden =
    Boolean(container.command?.length) && !image?.repository.startsWith('registry.k8s.io/');
  if (!image || overridden) {
    // A custom command serving HTTP (python -m http.server, nc -l, httpd) listens where it says.
    const text = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
    const m = /(?:http\.server|-p|-l|--port[= ])\s*(\d{2,5})/.exec(text);
    if (m) return [Number(m[1])];
    if (/http\.server/.test(text)) return [8000];
    return [];
  }
  return image.ports;
}

/** undefined when the probe succeeds, else the failure text the prober reports. */
export function probeFailure(
  pod: KubeObject,
  container: Spec,
  probe: Spec,
  image: ImageInfo | undefined,
): string | undefined {
  const podIP = pod.status?.podIP ?? '';
  if (probe.exec) {
    const run = containerProgram({ command: probe.exec.command ?? [], env: container.env }, image);
    if (run.startError) return run.startError;
    if (run.exitCode === 0) return undefined;
    return (
      run.output.join('\n') ||
      `command ${JSON.stringify((probe.exec.command ?? []).join(' '))} exited with ${run.exitCode}`
    );
  }
  const handler = probe.httpGet ?? probe.tcpSocket ?? probe.grpc;
  if (!handler) return undefined;
  const port = resolvePort(container, handler.port);
  const host = handler.host || podIP;
  if (port === undefined) return `failed to find port ${JSON.stringify(handler.port)}`;
  if (!listeningPorts(container, image).includes(port)) {
    if (probe.httpGet) {
      const scheme = (handler.scheme ?? 'HTTP').toLowerCase();
      return `Get "${scheme}://${host}:${port}${handler.path ?? '/'}": dial tcp ${host}:${port}: connect: connection refused`;
    }
    if (probe.grpc)
      return `timeout: failed to connect service "${host}:${port}" within 1s: context deadline exceeded`;
    return `dial tcp ${host}:${port}: connect: connection refused`;
  }
  if (
    probe.httpGet &&
    image?.repository.endsWith('/nginx') &&
    !['/', '/index.html', ''].includes(handler.path ?? '/')
  ) {
    return 'HTTP probe failed with statuscode: 404';
  }
  return undefined;
}

/** The file an exec probe tests, when it is a file test (`cat F`, `ls F`, `test -f F`, `[ -f F ]`, `test -e F`). */
function probedFile(
  command: string[],
): { path: string; failure: string; busyboxFailure: string } | undefined {
  const argv =
    command.length >= 3 && /(^|\/)(ba)?sh$/.test(command[0]) && command[1] === '-c'
      ? command[2].trim().split(/\s+/)
      : command;
  const [cmd, ...rest] = argv;
  const name = (cmd ?? '').replace(/^.*\//, '');
  const path = rest.filter((w) => !w.startsWith('-') && w !== ']').pop();
  if (!path?.startsWith('/')) return undefined;
  if (name === 'cat')
    return {
      path,
      failure: `cat: ${path}: No such file or directory`,
      busyboxFailure: `cat: can't open '${path}': No such file or directory`,
    };
  if (name === 'ls')
    return {
      path,
      failure: `ls: cannot access '${path}': No such file or directory`,
      busyboxFailure: `ls: ${path}: No such file or directory`,
    };
  if (name === 'test' || name === '[') return { path, failure: '', busyboxFailure: '' };
  return undefined;
}

export interface ProbeSchedule {
  /** The first probe time at which the probe succeeds, if any before the horizon. */
  firstSuccess?: number;
  /** The first probe time after `firstSuccess` (or from the start) at which it fails, if any. */
  firstFailure?: number;
  failure: string;
}

/**
 * For an exec probe testing a file the container's own script creates and removes (the liveness
 * walkthrough's `touch /tmp/healthy; sleep 30; rm -f /tmp/healthy`): when it first succeeds and
 * when it first fails after that, on the probe's period from `firstProbe`.
 */
export function fileProbeSchedule(
  pod: KubeObject,
  container: Spec,
  probe: Spec,
  image: ImageInfo | undefined,
  startedAt: number,
  firstProbe: number,
  periodMs: number,
): ProbeSchedule | undefined {
  const file = probe.exec?.command ? probedFile(probe.exec.command) : undefined;
  if (!file) return undefined;
  const horizon = firstProbe + periodMs * 720;
  const target = normalizePath(file.path);
  const ops = containerFileWrites(pod, container, image, startedAt, horizon).filter(
    (w) => normalizePath(w.path) === target,
  );
  const busybox =
    /\/(busybox|alpine)$/.test(image?.repository ?? '') ||
    /busybox|alpine/.test(String(container.image ?? ''));
  const schedule: ProbeSchedule = { failure: busybox ? file.busyboxFailure : file.failure };
  let exists = false;
  let i = 0;
  for (let t = firstProbe; t <= horizon; t += periodMs) {
    for (; i < ops.length && ops[i].at <= t; i++) exists = ops[i].op !== 'remove';
    if (exists && schedule.firstSuccess === undefined) schedule.firstSuccess = t;
    if (
      !exists &&
      schedule.firstFailure === undefined &&
      (schedule.firstSuccess !== undefined || t === firstProbe)
    ) {
      schedule.firstFailure = t;
      if (schedule.firstSuccess !== undefined) break;
    }
    if (schedule.firstSuccess !== undefined && schedule.firstFailure !== undefined) break;
    // Nothing left to change the file: the rest of the ticks read the same.
    if (i >= ops.length && (schedule.firstSuccess !== undefined || !exists)) break;
  }
  return schedule;
}
