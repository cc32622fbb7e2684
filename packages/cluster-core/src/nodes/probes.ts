/**
 * Simulated probe results (pkg/kubelet/prober): an HTTP or TCP probe succeeds when the
 * container's process listens on the port (the image's default server ports). Exec probes run
 * their command in the container (exec-probes.ts); without a prober they follow the modelled
 * program's exit code. Failure texts follow the prober's messages.
 */
import type { KubeObject } from '../api/object';
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
