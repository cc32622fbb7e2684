/**
 * The simulated nodes' side of `kubectl logs`, `exec`, `attach` and `port-forward`
 * (apiserver/streaming/runtime.ts ContainerRuntime): logs come from container-logs.ts for the
 * container instance the kubelet would read (current or previous), exec runs the small shell of
 * container-shell.ts. Following a log only keeps a timer while a client follows.
 */
import type { Writable } from 'node:stream';
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import {
  type ContainerRuntime,
  ExecFailure,
  KubeletError,
  type LogOptions,
  validateContainerLogStatus,
} from '../apiserver/streaming/runtime';
import { containerFiles } from './container-filesystem';
import { containerLogLines, type FollowFile, type LogLine } from './container-logs';
import { runExec } from './container-shell';
import { resolveImage } from './image-catalogue';

// biome-ignore lint/suspicious/noExplicitAny: specs and statuses are free-form JSON
type Json = Record<string, any>;

function containerSpec(pod: KubeObject, name: string): Json | undefined {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
    (c: Json) => c.name === name,
  );
}

function containerStatus(pod: KubeObject, name: string): Json | undefined {
  return [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ].find((c: Json) => c.name === name);
}

/** RFC 3339 with nanoseconds, as the kubelet prefixes lines with --timestamps. */
function nanoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

function instance(
  pod: KubeObject,
  container: string,
  which: 'current' | 'previous',
  now: number,
): { start: number; end?: number; id?: string } {
  const cs = containerStatus(pod, container) ?? {};
  const state =
    which === 'previous'
      ? cs.lastState?.terminated
      : (cs.state?.running ?? cs.state?.terminated ?? cs.lastState?.terminated);
  const start = Date.parse(state?.startedAt ?? '') || now;
  const end = Date.parse(state?.finishedAt ?? '');
  return {
    start,
    end: Number.isNaN(end) ? undefined : end,
    id: state?.containerID ?? cs.containerID,
  };
}

function format(line: LogLine, timestamps: boolean): string {
  return `${timestamps ? `${nanoTime(line.at)} ` : ''}${line.text}\n`;
}

function select(lines: LogLine[], opts: LogOptions, now: number): LogLine[] {
  let out = lines;
  const since = opts.sinceTime
    ? Date.parse(opts.sinceTime)
    : opts.sinceSeconds !== undefined
      ? now - opts.sinceSeconds * 1000
      : undefined;
  if (since !== undefined && !Number.isNaN(since)) out = out.filter((l) => l.at >= since);
  if (opts.tailLines !== undefined) out = opts.tailLines === 0 ? [] : out.slice(-opts.tailLines);
  return out;
}

export function simulatedRuntime(core: ClusterCore): ContainerRuntime {
  const currentPod = (pod: KubeObject) => {
    const r = core.resources.preferred('', 'pods');
    return r ? core.rest.find(r, pod.metadata.namespace, pod.metadata.name ?? '') : undefined;
  };
  return {
    checkStreaming(pod, container, kind) {
      if (kind === 'portforward') {
        if (pod.status?.phase !== 'Running') throw new KubeletError(404, 'pod does not exist');
        return;
      }
      if (!containerStatus(pod, container)?.state?.running)
        throw new KubeletError(500, `container not found (${JSON.stringify(container)})`);
    },

    async logs(pod, container, opts, out: Writable) {
      const which = validateContainerLogStatus(pod, container, opts.previous);
      const spec = containerSpec(pod, container) ?? {};
      const image = resolveImage(spec.image ?? '')?.info;
      const now = core.clock.now();
      const inst = instance(pod, container, which, now);
      // Status times are whole seconds: a finished container wrote up to the end of its last second.
      const until = inst.end !== undefined ? inst.end + 999 : now;
      // A `tail -f` reads the files the pod's containers write (the streaming sidecar pattern).
      const follow =
        (p: KubeObject): FollowFile =>
        (path, last, at, u) =>
          containerFiles(core, p, spec, u).follow(path, last, at, u);
      const lines = containerLogLines(pod, spec, image, inst.start, until, follow(pod));
      for (const l of select(lines, opts, now)) out.write(format(l, opts.timestamps));
      if (!opts.follow || which === 'previous' || inst.end !== undefined) return;
      // Follow: write each later line when its time comes; stop when the container ends.
      let written = until;
      await new Promise<void>((resolve) => {
        let cancel = () => {};
        const stop = () => {
          cancel();
          resolve();
        };
        opts.signal.addEventListener('abort', stop, { once: true });
        const tick = () => {
          const fresh = currentPod(pod);
          const cs = fresh && containerStatus(fresh, container);
          const t = core.clock.now();
          const next = containerLogLines(
            fresh ?? pod,
            spec,
            image,
            inst.start,
            t,
            follow(fresh ?? pod),
          ).filter((l) => l.at > written);
          for (const l of next) out.write(format(l, opts.timestamps));
          written = t;
          if (!cs?.state?.running || cs.containerID !== inst.id) return stop();
          const upcoming = containerLogLines(
            fresh ?? pod,
            spec,
            image,
            inst.start,
            t + 60_000,
            follow(fresh ?? pod),
          ).find((l) => l.at > t);
          cancel = core.clock.schedule(upcoming ? upcoming.at - t : 5_000, tick);
        };
        tick();
      });
    },

    exec(pod, container, command, io) {
      const spec = containerSpec(pod, container) ?? {};
      return runExec(core, pod, spec, command, io);
    },

    async attach(pod, container, io) {
      if (!containerStatus(pod, container)?.state?.running)
        throw new ExecFailure(`container ${container} is not running`);
      await new Promise<void>((resolve) =>
        io.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    },
  };
}
