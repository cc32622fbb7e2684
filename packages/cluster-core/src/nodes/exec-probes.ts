/**
 * Exec probes run for real, as the kubelet's prober workers do (pkg/kubelet/prober/worker.go):
 * after the initial delay and then every period, the probe's command runs in the container's
 * shell; consecutive results count against the success and failure thresholds, and the kubelet
 * is woken when a threshold is crossed. A probe that outlives timeoutSeconds fails.
 */
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { ExecFailure } from '../apiserver/streaming/runtime';
import { execCommand } from './container-exec';
import { type ProbeKind, probeOf, probeTiming } from './probes';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

/** The prober's view of one probe of one container instance. */
export interface ExecProbeOutcome {
  /** When the last probe ran. */
  at: number;
  successes: number;
  failures: number;
  /** The last failure's text (the command's output, or why it could not run). */
  failure?: string;
}

const KINDS: ProbeKind[] = ['startup', 'liveness', 'readiness'];

export const probeKey = (containerID: string, kind: ProbeKind) => `${containerID}/${kind}`;

/** The exec probes a container has. */
export function execProbeKinds(spec: Json): ProbeKind[] {
  return KINDS.filter((k) => probeOf(spec, k)?.exec);
}

/** What one run of the probe's command says: undefined on success, else the failure text. */
async function probeOnce(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  command: string[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<string | undefined> {
  const stop = new AbortController();
  const abort = () => stop.abort();
  signal.addEventListener('abort', abort, { once: true });
  let timedOut = false;
  const cancel = core.clock.schedule(timeoutMs, () => {
    timedOut = true;
    stop.abort();
  });
  try {
    const r = await execCommand(core, pod, spec, command, { signal: stop.signal });
    if (timedOut) return `command ${JSON.stringify(command.join(' '))} timed out`;
    if (r.code === 0) return undefined;
    return (
      `${r.out}${r.err}`.trim() ||
      `command ${JSON.stringify(command.join(' '))} exited with ${r.code}`
    );
  } catch (err) {
    if (err instanceof ExecFailure) return err.message;
    return String((err as Error)?.message ?? err);
  } finally {
    cancel();
    signal.removeEventListener('abort', abort);
  }
}

/**
 * Starts the exec probers of container instance `containerID` (started at `startedAt`);
 * `changed` is called when a probe's verdict may have changed (a threshold was reached).
 */
export function startExecProbers(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  containerID: string,
  startedAt: number,
  warm: boolean,
  changed: () => void,
  /** Each failed run, as the prober records an Unhealthy event for every one (prober.go). */
  failed?: (kind: ProbeKind, failure: string) => void,
): void {
  const state = core.simulation;
  for (const kind of execProbeKinds(spec)) {
    const key = probeKey(containerID, kind);
    if (state.probers.has(key)) continue;
    const probe = probeOf(spec, kind) as Json;
    const timing = probeTiming(probe);
    const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
    const controller = new AbortController();
    state.probers.set(key, controller);
    let cancel = () => {};
    controller.signal.addEventListener('abort', () => cancel(), { once: true });
    const run = async () => {
      const failure = await probeOnce(
        core,
        pod,
        spec,
        (probe.exec.command ?? []).map(String),
        timeoutMs,
        controller.signal,
      );
      if (controller.signal.aborted || core.simulation !== state) return;
      const last = state.probeOutcomes.get(key);
      const outcome: ExecProbeOutcome = {
        at: core.clock.now(),
        successes: failure === undefined ? (last?.successes ?? 0) + 1 : 0,
        failures: failure === undefined ? 0 : (last?.failures ?? 0) + 1,
        failure,
      };
      state.probeOutcomes.set(key, outcome);
      if (failure !== undefined) failed?.(kind, failure);
      if (
        !last ||
        outcome.successes === timing.successThreshold ||
        outcome.failures === timing.failureThreshold
      )
        changed();
      cancel = core.clock.schedule(timing.periodMs, () => void run());
    };
    const first = startedAt + (warm ? 0 : timing.initialDelayMs);
    cancel = core.clock.schedule(Math.max(0, first - core.clock.now()), () => void run());
  }
}

/** Stops the probers of a container instance (it stopped). */
export function stopExecProbers(core: ClusterCore, containerID: string | undefined): void {
  if (!containerID) return;
  for (const kind of KINDS) {
    const key = probeKey(containerID, kind);
    core.simulation.probers.get(key)?.abort();
    core.simulation.probers.delete(key);
    core.simulation.probeOutcomes.delete(key);
  }
}

/** Whether the probers of a container instance run in this cluster's simulation. */
export function execProbersRunning(core: ClusterCore, containerID: string | undefined): boolean {
  const probers = core.simulation.probers;
  return Boolean(containerID) && KINDS.some((k) => probers.has(probeKey(containerID ?? '', k)));
}

/**
 * An exec probe's verdict for the kubelet's stages: failing once `failureThreshold` runs in a
 * row failed, passing once `successThreshold` passed, undecided (due never) before either.
 */
export function execProbeVerdict(
  core: ClusterCore,
  containerID: string | undefined,
  kind: ProbeKind,
  probe: Json,
): { failure?: string; due: number } {
  const outcome = containerID
    ? core.simulation.probeOutcomes.get(probeKey(containerID, kind))
    : undefined;
  const timing = probeTiming(probe);
  if (outcome && outcome.failures >= timing.failureThreshold)
    return { failure: outcome.failure ?? '', due: outcome.at };
  if (outcome && outcome.successes >= timing.successThreshold) return { due: outcome.at };
  return { due: Number.POSITIVE_INFINITY };
}
