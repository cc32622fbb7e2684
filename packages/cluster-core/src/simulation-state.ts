/**
 * Everything one cluster's simulation remembers beyond its API objects: what a real cluster keeps
 * in its kubelets, container runtimes and controller memory rather than in etcd. One typed field
 * per concern, created with the cluster (`ClusterCore.simulation`), saved by `Cluster.snapshot()`
 * and replaced as a whole by `restore()`, so nothing survives a restore that the snapshot did not
 * hold. Code reads it through `core.simulation` (or `ctx.state`) each time, never keeping a
 * reference across a restore.
 *
 * The JSON form (`SimulationData`) is versioned with the snapshot (snapshot.ts): maps become
 * `[key, value]` lists, Sets lists, and the few times that may be Infinity (a sandbox waiting for a
 * volume's source, a process that never exits) `null`.
 */
import type { KubeObject } from './api/object';
import {
  AutoscalerMemory,
  type Recommendation,
  type ScaleEvent,
} from './controllers/hpa-normalization';
import type { BackoffRecord } from './controllers/job-pods';
import type { LogLine } from './nodes/container-logs';
import type { ContainerRecord, PodRuntime } from './nodes/container-runtime';
import type { ExecProbeOutcome } from './nodes/exec-probes';

/** One change to a file, by exec or by a container's main process, at a cluster time. */
export interface FileOp {
  at: number;
  op: 'write' | 'append' | 'remove';
  text: string;
}

/** A kubelet stopped with `Cluster.stopKubelet` (node-health.ts). */
export interface StoppedKubelet {
  /** When the kubelet stopped posting its status (cluster clock). */
  since: number;
  /** How long the node lifecycle controller waits before it declares the node Unknown. */
  gracePeriodMs: number;
}

/** The Event an aggregation key was last recorded as (events.ts). */
export interface RecordedEvent {
  name: string;
  namespace: string;
}

/** What key mappings may read of the state (reconciler.ts ControllerView): nothing they can change. */
export interface SimulationView {
  readonly runtimes: ReadonlyMap<string, Readonly<PodRuntime>>;
  readonly stoppedKubelets: ReadonlyMap<string, Readonly<StoppedKubelet>>;
}

export class SimulationState {
  /** The simulated container runtime: one record per pod (`namespace/name`) a kubelet runs. */
  readonly runtimes = new Map<string, PodRuntime>();
  /** Until when (cluster clock) kube-system pods count as already running when the cluster is handed over. */
  warmUntil?: number;
  /** Kubelets stopped by name of their node. */
  readonly stoppedKubelets = new Map<string, StoppedKubelet>();
  /** Taint eviction: when each pod (by key, for its uid) first met the NoExecute taints of its node. */
  readonly taintedSince = new Map<string, { uid: string; at: number }>();
  /** When the CSR cleaner first ran (it waits a while before it removes anything). */
  csrCleanerStartedAt?: number;
  /** The Job controller's backoff records, by Job key. */
  readonly jobBackoff = new Map<string, BackoffRecord>();
  /** The HPA controller's recommendations and scale events, and when each HPA syncs next. */
  hpaMemory = new AutoscalerMemory();
  readonly hpaNextSync = new Map<string, number>();
  /**
   * Files written by `kubectl exec`, `kubectl cp` and shells, and by stopped main processes into
   * volumes, by storage key (container-filesystem.ts): `pod:<uid>:<volume>/<path>`,
   * `host:<node>:<dir>/<path>`, `pv:<name>/<path>`, `pvc:<ns>/<claim>/<path>`, `ctr:<uid>:<container>/<path>`.
   */
  readonly fileWrites = new Map<string, FileOp[]>();
  /** Container instances whose writes to shared storage are already in `fileWrites`. */
  readonly persistedInstances = new Set<string>();
  /** Each container's environment as it was when it started, by container ID. */
  readonly environments = new Map<string, Map<string, string>>();
  /** What shell main processes printed, line by line, by container ID (their `kubectl logs`). */
  readonly processOutput = new Map<string, LogLine[]>();
  /**
   * The shell main processes running now, by container ID (main-process.ts). Not saved: after a
   * restore the kubelet starts the scripts of running containers again.
   */
  readonly processes = new Map<string, AbortController>();
  /** The exec probers running now (exec-probes.ts), by `<container ID>/<kind>`. Not saved. */
  readonly probers = new Map<string, AbortController>();
  /** Their latest results. Not saved: probers start again after a restore. */
  readonly probeOutcomes = new Map<string, ExecProbeOutcome>();
  /** Requests nginx containers served (their access log), by `<pod uid>/<container>`. */
  readonly accessLog = new Map<string, LogLine[]>();
  /**
   * The event recorder's aggregation cache: the Event each aggregation key was recorded as.
   * Not saved: rebuilt from the restored Events (everything in the key is in the Event).
   */
  readonly eventSeries = new Map<string, RecordedEvent>();

  /** Stops every running main process (the cluster stops, or a restore replaces this state). */
  stopProcesses(): void {
    for (const p of [...this.processes.values(), ...this.probers.values()]) p.abort();
    this.processes.clear();
    this.probers.clear();
  }

  /**
   * The JSON form; it shares nested values with this state, so serialise it at once. Given the
   * stored pods, what only belonged to pods that are gone (their emptyDirs, container layers,
   * environments, one-shot output and access logs, which nobody can see any more) is left out.
   */
  toData(pods?: KubeObject[]): SimulationData {
    const live = pods && liveIds(pods, this.runtimes.values());
    const ofPod = (uid: string) => !live || live.uids.has(uid);
    const ofContainer = (id: string) => !live || live.containerIDs.has(id);
    return {
      runtimes: [...this.runtimes].map(([k, r]) => [k, runtimeData(r)]),
      warmUntil: this.warmUntil,
      stoppedKubelets: [...this.stoppedKubelets],
      taintedSince: [...this.taintedSince],
      csrCleanerStartedAt: this.csrCleanerStartedAt,
      jobBackoff: [...this.jobBackoff],
      hpa: {
        recommendations: [...this.hpaMemory.recommendations],
        scaleUpEvents: [...this.hpaMemory.scaleUpEvents],
        scaleDownEvents: [...this.hpaMemory.scaleDownEvents],
        nextSync: [...this.hpaNextSync],
      },
      fileWrites: [...this.fileWrites].filter(([key]) => {
        // `pod:<uid>:<volume>/...` (emptyDir) and `ctr:<uid>:<container>/...` die with the pod.
        const m = /^(?:pod|ctr):([^:/]*):/.exec(key);
        return !m || ofPod(m[1]);
      }),
      persistedInstances: [...this.persistedInstances].filter((id) => ofPod(id.split('/')[0])),
      environments: [...this.environments]
        .filter(([id]) => ofContainer(id))
        .map(([id, env]) => [id, [...env]]),
      processOutput: [...this.processOutput].filter(([id]) => ofContainer(id)),
      accessLog: [...this.accessLog].filter(([key]) => ofPod(key.split('/')[0])),
    };
  }

  /**
   * The state a snapshot saved. `pods` looks up a stored pod by key: a runtime record keeps the pod
   * it last synced (a force-deleted pod's volumes are still known).
   */
  static fromData(
    data: SimulationData,
    pods: (key: string) => KubeObject | undefined,
  ): SimulationState {
    const s = new SimulationState();
    for (const [k, r] of data.runtimes ?? []) s.runtimes.set(k, runtimeFrom(r, pods(k)));
    s.warmUntil = data.warmUntil ?? undefined;
    for (const [k, v] of data.stoppedKubelets ?? []) s.stoppedKubelets.set(k, v);
    for (const [k, v] of data.taintedSince ?? []) s.taintedSince.set(k, v);
    s.csrCleanerStartedAt = data.csrCleanerStartedAt ?? undefined;
    for (const [k, v] of data.jobBackoff ?? []) s.jobBackoff.set(k, v);
    for (const [k, v] of data.hpa?.recommendations ?? []) s.hpaMemory.recommendations.set(k, v);
    for (const [k, v] of data.hpa?.scaleUpEvents ?? []) s.hpaMemory.scaleUpEvents.set(k, v);
    for (const [k, v] of data.hpa?.scaleDownEvents ?? []) s.hpaMemory.scaleDownEvents.set(k, v);
    for (const [k, v] of data.hpa?.nextSync ?? []) s.hpaNextSync.set(k, v);
    for (const [k, v] of data.fileWrites ?? []) s.fileWrites.set(k, v);
    for (const id of data.persistedInstances ?? []) s.persistedInstances.add(id);
    for (const [id, env] of data.environments ?? []) s.environments.set(id, new Map(env));
    // Snapshots before main processes ran in the shell kept one-shot output apart.
    for (const [k, v] of data.oneShotOutput ?? [])
      s.processOutput.set(
        k,
        v.text
          .replace(/\n$/, '')
          .split('\n')
          .map((text) => ({ at: v.at, text })),
      );
    for (const [k, v] of data.processOutput ?? []) s.processOutput.set(k, v);
    for (const [k, v] of data.accessLog ?? []) s.accessLog.set(k, v);
    return s;
  }
}

type Entries<V> = [string, V][];

/** A container record as saved: its reported probe failures as a list, Infinity as null. */
export type ContainerRecordData = Omit<ContainerRecord, 'reported' | 'run'> & {
  reported: string[];
  run?: Omit<NonNullable<ContainerRecord['run']>, 'durationMs'> & { durationMs: number | null };
};

/** A pod's runtime record as saved, without the pod object (it is in the store). */
export type PodRuntimeData = Omit<PodRuntime, 'pod' | 'containers' | 'sandboxSince'> & {
  sandboxSince: number | null;
  containers: ContainerRecordData[];
};

export interface SimulationData {
  runtimes: Entries<PodRuntimeData>;
  warmUntil?: number;
  stoppedKubelets: Entries<StoppedKubelet>;
  taintedSince: Entries<{ uid: string; at: number }>;
  csrCleanerStartedAt?: number;
  jobBackoff: Entries<BackoffRecord>;
  hpa: {
    recommendations: Entries<Recommendation[]>;
    scaleUpEvents: Entries<ScaleEvent[]>;
    scaleDownEvents: Entries<ScaleEvent[]>;
    nextSync: Entries<number>;
  };
  fileWrites: Entries<FileOp[]>;
  persistedInstances: string[];
  environments: Entries<[string, string][]>;
  /** Snapshot format 2 before shell main processes. */
  oneShotOutput?: Entries<{ at: number; text: string }>;
  processOutput?: Entries<LogLine[]>;
  accessLog: Entries<LogLine[]>;
}

interface ContainerStatus {
  containerID?: string;
  state?: { terminated?: { containerID?: string } };
  lastState?: { terminated?: { containerID?: string } };
}

/** The uids of the stored pods and the IDs of their containers (current and previous). */
function liveIds(
  pods: KubeObject[],
  runtimes: Iterable<PodRuntime>,
): { uids: Set<string>; containerIDs: Set<string> } {
  const uids = new Set<string>();
  const containerIDs = new Set<string>();
  for (const pod of pods) {
    uids.add(pod.metadata.uid ?? '');
    const status = pod.status ?? {};
    for (const c of [
      ...(status.initContainerStatuses ?? []),
      ...(status.containerStatuses ?? []),
      ...(status.ephemeralContainerStatuses ?? []),
    ] as ContainerStatus[]) {
      for (const id of [
        c.containerID,
        c.state?.terminated?.containerID,
        c.lastState?.terminated?.containerID,
      ])
        if (id) containerIDs.add(id);
    }
  }
  // Containers the runtime started whose status is not written yet.
  for (const r of runtimes) {
    uids.add(r.uid);
    for (const c of r.containers) {
      if (c.containerID) containerIDs.add(c.containerID);
      if (c.lastTerminated?.containerID) containerIDs.add(c.lastTerminated.containerID);
    }
  }
  return { uids, containerIDs };
}

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);
const infinite = (n: number | null | undefined): number => n ?? Number.POSITIVE_INFINITY;

function runtimeData(r: PodRuntime): PodRuntimeData {
  const { pod: _pod, containers, sandboxSince, ...rest } = r;
  return {
    ...rest,
    sandboxSince: finite(sandboxSince),
    containers: containers.map(({ reported, run, ...c }) => ({
      ...c,
      reported: [...reported],
      ...(run ? { run: { ...run, durationMs: finite(run.durationMs) } } : {}),
    })),
  };
}

function runtimeFrom(r: PodRuntimeData, pod: KubeObject | undefined): PodRuntime {
  const { containers, sandboxSince, ...rest } = r;
  return {
    ...rest,
    sandboxSince: infinite(sandboxSince),
    containers: containers.map(({ reported, run, ...c }) => ({
      ...c,
      reported: new Set(reported),
      ...(run ? { run: { ...run, durationMs: infinite(run.durationMs) } } : {}),
    })),
    ...(pod && pod.metadata.uid === r.uid ? { pod } : {}),
  };
}
