/**
 * The simulated kubelet's life cycle as data (docs/architecture.md, KWOK stages): each stage
 * says which state it moves on from (`when`), at what time it is due (`at`, a delay after the state was
 * entered) and what the next state is (`next`, which also records the kubelet's events with
 * their upstream texts: pkg/kubelet/images/image_manager.go, kuberuntime_container.go,
 * prober/worker.go, pod_workers.go). The kubelet runs due stages and writes the status.
 */
import type { KubeObject } from '../api/object';
import type { KubeletTimings } from '../controllers/simulation-options';
import { type ContainerRecord, newContainerID, type PodRuntime } from './container-runtime';
import { execProbeKinds } from './exec-probes';
import { goDuration } from './go-duration';
import { pullError, resolveImage } from './image-catalogue';
import { mainProgram } from './main-process';
import { initDone, podPhase, willNotRestart } from './pod-status';
import { probeFailure, probeOf, probeTiming } from './probes';

// biome-ignore lint/suspicious/noExplicitAny: container specs are free-form JSON
type Spec = Record<string, any>;

export interface StageEnv {
  pod: KubeObject;
  runtime: PodRuntime;
  now: number;
  timings: KubeletTimings;
  /** Pods the cluster was handed over with (kube-system at start-up): already up, no delays. */
  warm: boolean;
  spec(c: ContainerRecord): Spec;
  imagePresent(image: string): boolean;
  addImage(image: string): void;
  event(type: 'Normal' | 'Warning', reason: string, message: string, c?: ContainerRecord): void;
  allocateIP(): string | undefined;
  /** CreateContainerConfigError text for a container's missing ConfigMap/Secret references. */
  configError(c: ContainerRecord): string | undefined;
  /** FailedMount text for the pod's first volume that cannot be set up. */
  mountError(): string | undefined;
  /** A container was created: its environment is fixed from now on. */
  started?(c: ContainerRecord): void;
  /** The environment a started container's process sees (fieldRef and ConfigMap values resolved). */
  environment?(c: ContainerRecord): Map<string, string>;
  /** Runs a container's postStart or preStop handler (in the background, as the kubelet's goroutine). */
  lifecycleHook?(c: ContainerRecord, hook: 'postStart' | 'preStop'): void;
  /** A container stopped: what it wrote to node directories and volumes stays. */
  stopped?(c: ContainerRecord): void;
  /** The verdict of a container's exec probe so far (exec-probes.ts). */
  execProbe?(
    c: ContainerRecord,
    kind: 'readiness' | 'liveness' | 'startup',
    probe: Spec,
  ): { failure?: string; due: number };
  /** Whether a container's exec probers run (undefined: the kubelet runs none). */
  probersRunning?(c: ContainerRecord): boolean;
  /** Starts a container's exec probers. */
  startProbers?(c: ContainerRecord): void;
  /** Whether a container's shell main process runs (undefined: the kubelet cannot run any). */
  processRunning?(c: ContainerRecord): boolean;
  /** Starts a container's shell main process (main-process.ts). */
  startProcess?(c: ContainerRecord): void;
}

export interface ContainerStage {
  name: string;
  /**
   * Also due while the pod is being killed. Others wait: once a pod terminates its worker stops
   * running SyncPod, so nothing is pulled, started or restarted (pkg/kubelet/pod_workers.go).
   */
  terminating?: boolean;
  when(c: ContainerRecord, env: StageEnv): boolean;
  at(c: ContainerRecord, env: StageEnv): number;
  next(c: ContainerRecord, env: StageEnv): void;
}

export interface PodStage {
  name: string;
  when(env: StageEnv): boolean;
  at(env: StageEnv): number;
  next(env: StageEnv): void;
}

const podRef = (env: StageEnv) =>
  `${env.pod.metadata.name}_${env.pod.metadata.namespace}(${env.pod.metadata.uid})`;
const restartPolicy = (env: StageEnv): string => env.pod.spec?.restartPolicy ?? 'Always';

function enter(
  c: ContainerRecord,
  env: StageEnv,
  phase: ContainerRecord['phase'],
  reason?: string,
  message?: string,
): void {
  c.phase = phase;
  c.since = env.now;
  c.waitingReason = reason;
  c.waitingMessage = message;
}

/** Init containers run one after another; app containers once every init container is done. */
export function canStart(c: ContainerRecord, env: StageEnv): boolean {
  const { runtime } = env;
  if (!runtime.sandboxReady || runtime.killingSince !== undefined || runtime.failedReason)
    return false;
  const inits = runtime.containers.filter((x) => x.init);
  if (c.init) {
    for (const x of inits) {
      if (x === c) return true;
      if (!initDone(x)) return false;
    }
  }
  return inits.every(initDone);
}

function pullDuration(c: ContainerRecord, env: StageEnv): number {
  const size = resolveImage(c.image)?.info?.sizeBytes ?? 0;
  if (env.imagePresent(c.image)) return Math.round(env.timings.pullMs / 5);
  return size > 100 * 1024 * 1024 ? env.timings.pullMs * 2 : env.timings.pullMs;
}

function needsRestart(c: ContainerRecord, env: StageEnv): boolean {
  return (
    c.phase === 'exited' &&
    !willNotRestart(c, restartPolicy(env)) &&
    env.runtime.killingSince === undefined &&
    !env.runtime.failedReason
  );
}

function restart(c: ContainerRecord, env: StageEnv): void {
  c.lastTerminated = c.terminated;
  c.terminated = undefined;
  c.restartCount++;
  c.ready = false;
  c.started = false;
  c.reported.clear();
  c.crashBackoffMs =
    c.crashBackoffMs === 0
      ? env.timings.backoffMs
      : Math.min(c.crashBackoffMs * 2, env.timings.maxBackoffMs);
  enter(c, env, 'pending');
}

function exit(
  c: ContainerRecord,
  env: StageEnv,
  exitCode: number,
  reason?: string,
  message?: string,
): void {
  if (c.phase === 'running') env.stopped?.(c);
  c.terminated = {
    exitCode,
    reason: reason ?? (exitCode === 0 ? 'Completed' : 'Error'),
    message,
    startedAt: c.startedAt,
    finishedAt: env.now,
    containerID: c.containerID,
  };
  // The kubelet's back-off entry expires after a long healthy run.
  if (c.startedAt !== undefined && env.now - c.startedAt > 2 * env.timings.maxBackoffMs)
    c.crashBackoffMs = 0;
  c.ready = false;
  c.started = false;
  enter(c, env, 'exited');
}

function probeResult(
  c: ContainerRecord,
  env: StageEnv,
  kind: 'readiness' | 'liveness' | 'startup',
): { failure?: string; due: number } | undefined {
  const probe = probeOf(env.spec(c), kind);
  if (!probe || c.startedAt === undefined) return undefined;
  const t = probeTiming(probe);
  const initial = env.warm ? 0 : t.initialDelayMs;
  const image = resolveImage(c.image)?.info;
  // Exec probes run in the container (exec-probes.ts); their verdict is what they last found.
  if (probe.exec && env.execProbe) return env.execProbe(c, kind, probe);
  const failure = probeFailure(env.pod, env.spec(c), probe, image);
  const due = failure
    ? c.startedAt + initial + t.periodMs * Math.max(1, t.failureThreshold - 1)
    : c.startedAt + initial;
  return { failure, due };
}

export const PROBE_NAMES = {
  readiness: 'Readiness',
  liveness: 'Liveness',
  startup: 'Startup',
} as const;

/** Exec probes' failures are recorded by their prober, run by run (exec-probes.ts). */
const recordedByProber = (c: ContainerRecord, env: StageEnv, kind: keyof typeof PROBE_NAMES) =>
  Boolean(probeOf(env.spec(c), kind)?.exec && env.execProbe);

export const CONTAINER_STAGES: ContainerStage[] = [
  {
    name: 'ensure-image',
    when: (c, env) => c.phase === 'pending' && canStart(c, env),
    at: (c) => c.since,
    next(c, env) {
      const policy = env.spec(c).imagePullPolicy ?? 'IfNotPresent';
      const present = env.imagePresent(c.image);
      if (policy === 'Never' && !present) {
        const msg = `Container image "${c.image}" is not present with pull policy of Never`;
        env.event('Warning', 'ErrImageNeverPull', msg, c);
        env.event('Warning', 'Failed', 'Error: ErrImageNeverPull', c);
        enter(c, env, 'waiting', 'ErrImageNeverPull', msg);
      } else if (policy !== 'Always' && present) {
        env.event('Normal', 'Pulled', `Container image "${c.image}" already present on machine`, c);
        enter(c, env, 'creating');
      } else {
        env.event('Normal', 'Pulling', `Pulling image "${c.image}"`, c);
        enter(c, env, 'pulling');
      }
    },
  },
  {
    name: 'image-pulled',
    when: (c) => c.phase === 'pulling' && Boolean(resolveImage(c.image)?.info),
    at: (c, env) => c.since + pullDuration(c, env),
    next(c, env) {
      const took = goDuration(env.now - c.since);
      const size = resolveImage(c.image)?.info?.sizeBytes ?? 0;
      env.event(
        'Normal',
        'Pulled',
        `Successfully pulled image "${c.image}" in ${took} (${took} including waiting). Image size: ${size} bytes.`,
        c,
      );
      env.addImage(c.image);
      c.pullBackoffMs = 0;
      enter(c, env, 'creating');
    },
  },
  {
    name: 'image-pull-failed',
    when: (c) => c.phase === 'pulling' && !resolveImage(c.image)?.info,
    at: (c, env) => c.since + Math.round(env.timings.pullMs / 2),
    next(c, env) {
      const err = pullError(c.image);
      env.event('Warning', 'Failed', `Failed to pull image "${c.image}": ${err}`, c);
      env.event('Warning', 'Failed', 'Error: ErrImagePull', c);
      c.pullBackoffMs =
        c.pullBackoffMs === 0
          ? env.timings.backoffMs
          : Math.min(c.pullBackoffMs * 2, env.timings.maxBackoffMs);
      enter(c, env, 'waiting', 'ErrImagePull', err);
    },
  },
  {
    name: 'image-pull-back-off',
    when: (c) => c.phase === 'waiting' && c.waitingReason === 'ErrImagePull',
    at: (c, env) => c.since + env.timings.startMs,
    next(c, env) {
      const msg = `Back-off pulling image "${c.image}"`;
      env.event('Normal', 'BackOff', msg, c);
      env.event('Warning', 'Failed', 'Error: ImagePullBackOff', c);
      // image_manager.go: the waiting message carries the last pull error (prevPullErrMsg).
      enter(
        c,
        env,
        'waiting',
        'ImagePullBackOff',
        `${msg}: ErrImagePull: ${c.waitingMessage ?? pullError(c.image)}`,
      );
    },
  },
  {
    name: 'image-pull-retry',
    when: (c) => c.phase === 'waiting' && c.waitingReason === 'ImagePullBackOff',
    at: (c, env) => c.since + c.pullBackoffMs - env.timings.startMs,
    next(c, env) {
      env.event('Normal', 'Pulling', `Pulling image "${c.image}"`, c);
      enter(c, env, 'pulling', c.waitingReason, c.waitingMessage);
    },
  },
  {
    name: 'config-available',
    when: (c, env) =>
      c.phase === 'waiting' &&
      c.waitingReason === 'CreateContainerConfigError' &&
      !env.configError(c),
    at: (c) => c.since,
    next: (c, env) => enter(c, env, 'creating'),
  },
  {
    name: 'create-and-start',
    when: (c) => c.phase === 'creating',
    at: (c, env) => c.since + env.timings.startMs,
    next(c, env) {
      const configError = env.configError(c);
      if (configError) {
        env.event('Warning', 'Failed', `Error: ${configError}`, c);
        enter(c, env, 'waiting', 'CreateContainerConfigError', configError);
        return;
      }
      c.containerID = newContainerID();
      c.everStarted = true;
      c.startedAt = env.now;
      env.started?.(c);
      c.run = mainProgram(env.spec(c), resolveImage(c.image)?.info, env.environment?.(c));
      env.event('Normal', 'Created', `Created container: ${c.name}`, c);
      if (c.run.startError) {
        env.event('Warning', 'Failed', `Error: ${c.run.startError}`, c);
        exit(c, env, 128, 'StartError', c.run.startError);
        return;
      }
      env.event('Normal', 'Started', `Started container ${c.name}`, c);
      env.lifecycleHook?.(c, 'postStart');
      enter(c, env, 'running');
      c.started = !probeOf(env.spec(c), 'startup');
      c.ready = c.started && !probeOf(env.spec(c), 'readiness');
    },
  },
  {
    name: 'startup-probe-succeeded',
    terminating: true,
    when: (c, env) =>
      c.phase === 'running' && !c.started && probeResult(c, env, 'startup')?.failure === undefined,
    at: (c, env) => probeResult(c, env, 'startup')?.due ?? c.since,
    next(c, env) {
      c.started = true;
      c.ready = !probeOf(env.spec(c), 'readiness');
    },
  },
  {
    name: 'readiness-probe-succeeded',
    terminating: true,
    when: (c, env) =>
      c.phase === 'running' &&
      c.started &&
      !c.ready &&
      probeResult(c, env, 'readiness')?.failure === undefined,
    at: (c, env) => Math.max(c.since, probeResult(c, env, 'readiness')?.due ?? c.since),
    next(c) {
      c.ready = true;
      // A readiness probe that fails again later is reported again.
      c.reported.delete('readiness');
    },
  },
  {
    name: 'readiness-probe-failed',
    terminating: true,
    when: (c, env) =>
      c.phase === 'running' &&
      c.started &&
      !c.reported.has('readiness') &&
      Boolean(probeResult(c, env, 'readiness')?.failure),
    at: (c, env) => probeResult(c, env, 'readiness')?.due ?? c.since,
    next(c, env) {
      c.reported.add('readiness');
      c.ready = false;
      if (recordedByProber(c, env, 'readiness')) return;
      env.event(
        'Warning',
        'Unhealthy',
        `Readiness probe failed: ${probeResult(c, env, 'readiness')?.failure}`,
        c,
      );
    },
  },
  ...(['liveness', 'startup'] as const).map(
    (kind): ContainerStage => ({
      name: `${kind}-probe-failed`,
      when: (c, env) =>
        c.phase === 'running' &&
        (kind === 'startup' ? !c.started : c.started) &&
        Boolean(probeResult(c, env, kind)?.failure),
      at: (c, env) => probeResult(c, env, kind)?.due ?? c.since,
      next(c, env) {
        if (!recordedByProber(c, env, kind))
          env.event(
            'Warning',
            'Unhealthy',
            `${PROBE_NAMES[kind]} probe failed: ${probeResult(c, env, kind)?.failure}`,
            c,
          );
        env.event(
          'Normal',
          'Killing',
          `Container ${c.name} failed ${kind} probe, will be restarted`,
          c,
        );
        exit(c, env, 137);
      },
    }),
  ),
  {
    name: 'exec-probers-started',
    when: (c, env) =>
      c.phase === 'running' &&
      execProbeKinds(env.spec(c)).length > 0 &&
      env.probersRunning?.(c) === false,
    at: (c) => c.since,
    next: (c, env) => env.startProbers?.(c),
  },
  {
    // A shell script runs in the shell (once started, and again after a restore of the cluster);
    // it reports its end through exitRequest, as an attached process does.
    name: 'shell-process-started',
    when: (c, env) =>
      c.phase === 'running' && Boolean(c.run?.shell) && env.processRunning?.(c) === false,
    at: (c) => c.since,
    next: (c, env) => env.startProcess?.(c),
  },
  {
    // An interactive main process ended by the attached client (`exit`, or the end of stdin).
    name: 'attached-process-exited',
    when: (c) => c.phase === 'running' && c.exitRequest !== undefined,
    at: (c) => c.since,
    next(c, env) {
      const code = c.exitRequest ?? 0;
      c.exitRequest = undefined;
      exit(c, env, code);
    },
  },
  {
    name: 'process-exited',
    terminating: true,
    when: (c) =>
      c.phase === 'running' && Number.isFinite(c.run?.durationMs ?? Number.POSITIVE_INFINITY),
    at: (c) => (c.startedAt ?? c.since) + (c.run?.durationMs ?? 0),
    next: (c, env) => exit(c, env, c.run?.exitCode ?? 0, c.run?.reason),
  },
  {
    name: 'restart-at-once',
    when: (c, env) => needsRestart(c, env) && c.crashBackoffMs === 0,
    at: (c, env) => c.since + env.timings.startMs,
    next: (c, env) => restart(c, env),
  },
  {
    name: 'crash-loop-back-off',
    when: (c, env) => needsRestart(c, env) && c.crashBackoffMs > 0,
    at: (c, env) => c.since + env.timings.startMs,
    next(c, env) {
      env.event(
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${c.name} in pod ${podRef(env)}`,
        c,
      );
      const since = c.terminated?.finishedAt ?? env.now;
      enter(
        c,
        env,
        'backoff',
        'CrashLoopBackOff',
        `back-off ${goDuration(c.crashBackoffMs)} restarting failed container=${c.name} pod=${podRef(env)}`,
      );
      c.since = since;
    },
  },
  {
    name: 'crash-loop-restart',
    when: (c, env) => c.phase === 'backoff' && env.runtime.killingSince === undefined,
    at: (c) => c.since + c.crashBackoffMs,
    next: (c, env) => restart(c, env),
  },
  {
    // killContainer: the stop signal (the image's STOPSIGNAL, else SIGTERM) ends processes that
    // handle it. The simulation lets them take as long as the kill below, so that every deletion
    // takes `terminateMs`: only the exit code tells them apart.
    name: 'stopped-by-signal',
    terminating: true,
    when: (c, env) =>
      c.phase === 'running' &&
      env.runtime.killingSince !== undefined &&
      c.run?.stopExitCode !== undefined,
    at: (_c, env) => killedAt(env),
    next: (c, env) => exit(c, env, c.run?.stopExitCode ?? 0),
  },
  {
    // ... and SIGKILL ends the others when the grace period is over (137, reason Error).
    name: 'killed-after-grace-period',
    terminating: true,
    when: (c, env) => c.phase === 'running' && env.runtime.killingSince !== undefined,
    at: (_c, env) => killedAt(env),
    next: (c, env) => exit(c, env, 137),
  },
];

/**
 * When a deleted pod's grace period ends: its deletionGracePeriodSeconds (a later, shorter one such
 * as --force wins), at least kuberuntime's minimumGracePeriodInSeconds (2), run at most
 * `terminateMs` long by the simulation.
 */
function killedAt(env: StageEnv): number {
  const seconds =
    env.pod.metadata.deletionGracePeriodSeconds ??
    env.pod.spec?.terminationGracePeriodSeconds ??
    30;
  return (
    (env.runtime.killingSince ?? env.now) +
    Math.min(Math.max(2, seconds) * 1000, env.timings.terminateMs)
  );
}

function terminal(env: StageEnv): boolean {
  const phase = podPhase(env.pod, env.runtime);
  return phase === 'Succeeded' || phase === 'Failed';
}

function killAll(env: StageEnv, exitCode: number): void {
  for (const c of env.runtime.containers) {
    if (c.phase === 'running') exit(c, env, exitCode);
    else if (c.phase !== 'exited') {
      c.waitingReason = undefined;
      c.waitingMessage = undefined;
    }
  }
}

export const POD_STAGES: PodStage[] = [
  {
    name: 'sandbox-ready',
    when: (env) =>
      !env.runtime.sandboxReady &&
      env.runtime.killingSince === undefined &&
      !terminal(env) &&
      !env.runtime.removed,
    at: (env) => env.runtime.sandboxSince + env.timings.sandboxMs,
    next(env) {
      const failure = env.mountError();
      if (failure !== undefined) {
        if (failure && env.runtime.mountFailure !== failure)
          env.event('Warning', 'FailedMount', failure);
        env.runtime.mountFailure = failure;
        // Retried when the missing object appears (the kubelet watches volumes' sources).
        env.runtime.sandboxSince = Number.POSITIVE_INFINITY;
        return;
      }
      env.runtime.mountFailure = undefined;
      env.runtime.sandboxReady = true;
      env.runtime.podIP = env.runtime.podIP ?? env.allocateIP();
    },
  },
  {
    name: 'active-deadline-exceeded',
    when: (env) =>
      typeof env.pod.spec?.activeDeadlineSeconds === 'number' &&
      !env.runtime.failedReason &&
      !terminal(env),
    at: (env) => env.runtime.admittedAt + env.pod.spec?.activeDeadlineSeconds * 1000,
    next(env) {
      const message = 'Pod was active on the node longer than the specified deadline';
      env.event('Warning', 'DeadlineExceeded', message);
      for (const c of env.runtime.containers)
        if (c.phase === 'running')
          env.event('Normal', 'Killing', `Stopping container ${c.name}`, c);
      killAll(env, 137);
      env.runtime.failedReason = { reason: 'DeadlineExceeded', message };
    },
  },
  {
    name: 'sandbox-torn-down',
    when: (env) => env.runtime.sandboxReady && terminal(env),
    at: (env) =>
      Math.max(0, ...env.runtime.containers.map((c) => c.terminated?.finishedAt ?? 0)) +
      env.timings.startMs,
    next(env) {
      env.runtime.sandboxReady = false;
    },
  },
  {
    name: 'stop-containers',
    when: (env) =>
      Boolean(env.pod.metadata.deletionTimestamp) && env.runtime.killingSince === undefined,
    at: (env) => env.now,
    next(env) {
      env.runtime.killingSince = env.now;
      for (const c of env.runtime.containers)
        if (c.phase === 'running') {
          env.event('Normal', 'Killing', `Stopping container ${c.name}`, c);
          env.lifecycleHook?.(c, 'preStop');
        }
    },
  },
  {
    // SyncTerminatingPod: once every container has stopped the sandbox goes and the status is
    // terminal; the kubelet then confirms the deletion (status manager, canBeDeleted).
    name: 'pod-terminated',
    when: (env) =>
      env.runtime.killingSince !== undefined &&
      !env.runtime.terminated &&
      !env.runtime.containers.some((c) => c.phase === 'running'),
    at: (env) => env.now,
    next(env) {
      env.runtime.sandboxReady = false;
      env.runtime.terminated = true;
    },
  },
];
