/**
 * The simulated nodes' side of `kubectl logs`, `exec`, `attach` and `port-forward`
 * (apiserver/streaming/runtime.ts ContainerRuntime): logs are what a shell main process printed
 * (main-process.ts) or what container-logs.ts models, for the container instance the kubelet
 * would read (current or previous); exec runs in the container's shell (container-exec.ts).
 * Following a log only keeps a timer while a client follows.
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
import { accessLogLines } from './access-log';
import { attachShell, runExec } from './container-exec';
import { containerFiles } from './container-filesystem';
import { containerLogLines, type FollowFile, type LogLine } from './container-logs';
import { resolveImage } from './image-catalogue';
import { shellProgram } from './main-process';

// biome-ignore lint/suspicious/noExplicitAny: specs and statuses are free-form JSON
type Json = Record<string, any>;

function containerSpec(pod: KubeObject, name: string): Json | undefined {
  return [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ].find((c: Json) => c.name === name);
}

function containerStatus(pod: KubeObject, name: string): Json | undefined {
  return [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
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

/** What the runtime reports back to the kubelet. */
export interface RuntimeHooks {
  /** A main process ended through its attached stdin (an interactive shell's `exit`). */
  processExited?(
    pod: KubeObject,
    container: string,
    containerID: string | undefined,
    code: number,
  ): void;
}

/** An interactive shell as the main process (`kubectl run -it ... -- sh`): it reads the attached stdin. */
function interactiveShell(spec: Json, image: ReturnType<typeof resolveImage>): boolean {
  const command: string[] = spec.command?.length ? spec.command : (image?.info?.entrypoint ?? []);
  const args: string[] = spec.args?.length
    ? spec.args
    : spec.command?.length
      ? []
      : (image?.info?.cmd ?? []);
  const argv = [...command, ...args];
  return Boolean(spec.stdin) && argv.length === 1 && /(^|\/)(ba|a)?sh$/.test(argv[0] ?? '');
}

/**
 * How long after its end a main process can still be attached to. A real kubelet first reports a
 * container at its next relist (pkg/kubelet/pleg, every second): a process that ends in less
 * never shows as running, and `kubectl run -i` prints its logs. The simulated kubelet reports it
 * running the moment it starts, so kubectl may attach just after the end: it then gets the
 * instance's output, not a `container not found` that a real cluster shows only in that rare race.
 */
const JUST_ENDED_MS = 2_000;

function justEnded(pod: KubeObject, container: string, now: number): boolean {
  const terminated = containerStatus(pod, container)?.state?.terminated;
  const finished = Date.parse(terminated?.finishedAt ?? '');
  return (
    terminated?.reason !== 'StartError' &&
    !Number.isNaN(finished) &&
    now - finished <= JUST_ENDED_MS + 999
  );
}

export function simulatedRuntime(core: ClusterCore, hooks: RuntimeHooks = {}): ContainerRuntime {
  const currentPod = (pod: KubeObject) => {
    const r = core.resources.preferred('', 'pods');
    return r ? core.rest.find(r, pod.metadata.namespace, pod.metadata.name ?? '') : undefined;
  };
  // A `tail -f` reads the files the pod's containers write (the streaming sidecar pattern).
  const follow =
    (p: KubeObject, spec: Json): FollowFile =>
    (path, last, at, u) =>
      containerFiles(core, p, spec, u).follow(path, last, at, u);
  /** The lines of one container instance up to `until`: a one-shot's recorded output, or the simulated program's. */
  const linesOf = (
    p: KubeObject,
    spec: Json,
    inst: { start: number; id?: string },
    until: number,
  ): LogLine[] => {
    const image = resolveImage(spec.image ?? '')?.info;
    // A shell script's lines as it printed them (main-process.ts).
    if (shellProgram(spec, image))
      return (inst.id ? core.simulation.processOutput.get(inst.id) : undefined) ?? [];
    const lines = containerLogLines(p, spec, image, inst.start, until, follow(p, spec));
    const served = accessLogLines(core, p, spec, inst.start, until);
    return served.length ? [...lines, ...served].sort((a, b) => a.at - b.at) : lines;
  };
  /** Writes each line after `from` when its time comes; resolves when the instance stops running. */
  const stream = (
    pod: KubeObject,
    container: string,
    spec: Json,
    inst: { start: number; id?: string },
    from: number,
    write: (l: LogLine) => void,
    signal: AbortSignal,
  ) =>
    new Promise<void>((resolve) => {
      let written = from;
      let cancel = () => {};
      const stop = () => {
        cancel();
        resolve();
      };
      signal.addEventListener('abort', stop, { once: true });
      const tick = () => {
        const fresh = currentPod(pod);
        const cs = fresh && containerStatus(fresh, container);
        const t = core.clock.now();
        for (const l of linesOf(fresh ?? pod, spec, inst, t)) if (l.at > written) write(l);
        written = t;
        if (!cs?.state?.running || cs.containerID !== inst.id) return stop();
        const upcoming = linesOf(fresh ?? pod, spec, inst, t + 60_000).find((l) => l.at > t);
        cancel = core.clock.schedule(upcoming ? upcoming.at - t : 1_000, tick);
      };
      tick();
    });
  return {
    checkStreaming(pod, container, kind) {
      if (kind === 'portforward') {
        if (pod.status?.phase !== 'Running') throw new KubeletError(404, 'pod does not exist');
        return;
      }
      if (
        !containerStatus(pod, container)?.state?.running &&
        !(kind === 'attach' && justEnded(pod, container, core.clock.now()))
      )
        throw new KubeletError(500, `container not found (${JSON.stringify(container)})`);
    },

    async logs(pod, container, opts, out: Writable) {
      const which = validateContainerLogStatus(pod, container, opts.previous);
      const spec = containerSpec(pod, container) ?? {};
      const now = core.clock.now();
      const inst = instance(pod, container, which, now);
      // Status times are whole seconds: a finished container wrote up to the end of its last second.
      const until = inst.end !== undefined ? inst.end + 999 : now;
      const lines = linesOf(pod, spec, inst, until).filter((l) => l.at <= until);
      for (const l of select(lines, opts, now)) out.write(format(l, opts.timestamps));
      if (!opts.follow || which === 'previous' || inst.end !== undefined) return;
      // Follow: write each later line when its time comes; stop when the container ends.
      await stream(
        pod,
        container,
        spec,
        inst,
        until,
        (l) => out.write(format(l, opts.timestamps)),
        opts.signal,
      );
    },

    exec(pod, container, command, io) {
      const spec = containerSpec(pod, container) ?? {};
      return runExec(core, pod, spec, command, io);
    },

    async attach(pod, container, io) {
      const status = containerStatus(pod, container);
      const ended = !status?.state?.running && justEnded(pod, container, core.clock.now());
      if (!status?.state?.running && !ended)
        throw new ExecFailure(`container ${container} is not running`);
      const spec = containerSpec(pod, container) ?? {};
      if (!ended && io.stdin && interactiveShell(spec, resolveImage(spec.image ?? ''))) {
        // The client's stdin is the shell's: it ends with `exit` or, with stdinOnce, when the client closes it.
        const code = await attachShell(core, pod, spec, io);
        if (!io.signal.aborted || spec.stdinOnce)
          hooks.processExited?.(pod, container, status?.containerID, code);
        return;
      }
      // The main process's output from now on, until it ends or the client leaves. A client sees a
      // running pod a moment after its start (the kubelet's status sync): what a short command
      // printed in that moment still reaches it, as `kubectl run -i` users see on a real cluster.
      const now = core.clock.now();
      const inst = instance(pod, container, 'current', now);
      await stream(
        pod,
        container,
        spec,
        inst,
        ended ? inst.start - 1 : Math.max(inst.start - 1, now - 2_000),
        (l) => io.stdout.write(io.tty ? `${l.text}\r\n` : `${l.text}\n`),
        io.signal,
      );
    },
  };
}
