/**
 * The simulated container runtime of the nodes (what containerd holds on a real node): one
 * record per pod with its sandbox and containers. The kubelet's stages move these records and
 * the pod status is generated from them, as the real kubelet reports what the runtime says.
 * Records are rebuilt from the pod status after a snapshot restore.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../api/object';
import type { ProgramRun } from './container-program';
import { resolveImage } from './image-catalogue';
import { mainProgram } from './main-process';

export type ContainerPhase =
  /** Should be started now (first start or restart): the image is checked next. */
  | 'pending'
  | 'pulling'
  /** Waiting with a reason: ErrImagePull, ImagePullBackOff, CreateContainerConfigError, ... */
  | 'waiting'
  | 'creating'
  | 'running'
  | 'exited'
  | 'backoff';

export interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt?: number;
  finishedAt: number;
  containerID?: string;
}

export interface ContainerRecord {
  name: string;
  init: boolean;
  /** An init container with restartPolicy Always (a sidecar). */
  sidecar: boolean;
  /** An ephemeral container (kubectl debug): it runs once, is never ready and never restarted. */
  ephemeral?: boolean;
  image: string;
  phase: ContainerPhase;
  /** When the current phase began (ms, cluster clock). */
  since: number;
  waitingReason?: string;
  waitingMessage?: string;
  restartCount: number;
  /** Whether the container has run at least once (the status then shows the resolved image). */
  everStarted: boolean;
  containerID?: string;
  startedAt?: number;
  run?: ProgramRun;
  terminated?: Terminated;
  lastTerminated?: Terminated;
  crashBackoffMs: number;
  pullBackoffMs: number;
  ready: boolean;
  started: boolean;
  /** The main process ended through its attached stdin (an interactive shell's `exit`): its exit code. */
  exitRequest?: number;
  /** Probe failures already reported as events, so each failing probe is reported once. */
  reported: Set<string>;
}

export interface PodRuntime {
  uid: string;
  node: string;
  admittedAt: number;
  sandboxReady: boolean;
  sandboxSince: number;
  podIP?: string;
  containers: ContainerRecord[];
  /** Termination requested (deletion, deadline, eviction) at this time. */
  killingSince?: number;
  /** Set when activeDeadlineSeconds expired. */
  failedReason?: { reason: string; message: string };
  /** The volume set-up failure last reported (FailedMount); retried when its source appears. */
  mountFailure?: string;
  /**
   * Everything stopped for good after a deletion (SyncTerminatingPod done): the status is terminal
   * (getPhase with podIsTerminal, TerminatePod) and the kubelet confirms the deletion.
   */
  terminated?: boolean;
  /** The kubelet forgets the pod: a deleted pod refused at admission. */
  removed?: boolean;
  /** Refused at admission (OutOfcpu, NodeAffinity, ...): Failed without running anything. */
  rejected?: { reason: string; message: string };
  /** The pod as last synced (a force-deleted pod's volumes are still known). */
  pod?: KubeObject;
}

/** containerd's container ids: 64 hex characters. */
export function newContainerID(): string {
  return `containerd://${randomBytes(32).toString('hex')}`;
}

export function newRecord(
  c: Record<string, unknown>,
  init: boolean,
  now: number,
  ephemeral = false,
): ContainerRecord {
  return {
    name: String(c.name ?? ''),
    init,
    sidecar: init && c.restartPolicy === 'Always',
    ...(ephemeral ? { ephemeral: true } : {}),
    image: String(c.image ?? ''),
    phase: 'pending',
    since: now,
    restartCount: 0,
    everStarted: false,
    crashBackoffMs: 0,
    pullBackoffMs: 0,
    ready: false,
    started: false,
    reported: new Set(),
  };
}

export function newPodRuntime(pod: KubeObject, now: number): PodRuntime {
  const spec = pod.spec ?? {};
  return {
    uid: pod.metadata.uid ?? '',
    node: spec.nodeName,
    admittedAt: now,
    sandboxReady: false,
    sandboxSince: now,
    containers: [
      ...((spec.initContainers ?? []) as Record<string, unknown>[]).map((c) =>
        newRecord(c, true, now),
      ),
      ...((spec.containers ?? []) as Record<string, unknown>[]).map((c) =>
        newRecord(c, false, now),
      ),
      ...((spec.ephemeralContainers ?? []) as Record<string, unknown>[]).map((c) =>
        newRecord(c, false, now, true),
      ),
    ],
  };
}

function time(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

// biome-ignore lint/suspicious/noExplicitAny: statuses are free-form JSON
function terminatedFrom(t: any): Terminated | undefined {
  if (!t) return undefined;
  return {
    exitCode: t.exitCode ?? 0,
    reason: t.reason ?? '',
    message: t.message,
    startedAt: time(t.startedAt),
    finishedAt: time(t.finishedAt) ?? 0,
    containerID: t.containerID,
  };
}

/** Rebuilds a runtime record from a pod status the kubelet wrote before (snapshot restore). */
export function runtimeFromStatus(pod: KubeObject, now: number): PodRuntime | undefined {
  const status = pod.status ?? {};
  if (!status.hostIP) return undefined;
  const runtime = newPodRuntime(pod, now);
  runtime.admittedAt = time(status.startTime) ?? now;
  runtime.podIP = status.podIP;
  runtime.sandboxReady = ((status.conditions ?? []) as { type: string; status: string }[]).some(
    (c) => c.type === 'PodReadyToStartContainers' && c.status === 'True',
  );
  // biome-ignore lint/suspicious/noExplicitAny: statuses are free-form JSON
  const statuses: any[] = [
    ...(status.initContainerStatuses ?? []),
    ...(status.containerStatuses ?? []),
    ...(status.ephemeralContainerStatuses ?? []),
  ];
  const specs = [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ];
  for (const record of runtime.containers) {
    const s = statuses.find((x) => x.name === record.name);
    if (!s) continue;
    record.restartCount = s.restartCount ?? 0;
    record.containerID = s.containerID;
    record.lastTerminated = terminatedFrom(s.lastState?.terminated);
    record.everStarted = Boolean(s.containerID);
    record.ready = Boolean(s.ready);
    record.started = Boolean(s.started);
    const spec = specs.find((c) => c.name === record.name) ?? {};
    if (s.state?.running) {
      record.phase = 'running';
      record.startedAt = time(s.state.running.startedAt) ?? now;
      record.since = record.startedAt;
      record.run = mainProgram(spec, resolveImage(record.image)?.info);
    } else if (s.state?.terminated) {
      record.phase = 'exited';
      record.terminated = terminatedFrom(s.state.terminated);
      record.since = record.terminated?.finishedAt ?? now;
    } else if (s.state?.waiting?.reason === 'CrashLoopBackOff') {
      record.phase = 'backoff';
      record.terminated = record.lastTerminated;
      record.since = record.lastTerminated?.finishedAt ?? now;
      record.waitingReason = 'CrashLoopBackOff';
      record.waitingMessage = s.state.waiting.message;
    }
  }
  return runtime;
}
