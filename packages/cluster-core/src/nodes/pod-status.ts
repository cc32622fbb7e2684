/**
 * The pod status the kubelet reports for a runtime record (pkg/kubelet kubelet_pods.go
 * generateAPIPodStatus / getPhase, pkg/kubelet/status generate.go): phase, the five conditions
 * in the order a 1.33 kubelet writes them, container statuses (regular ones sorted by name,
 * init ones in spec order), IPs and start time. lastTransitionTime only moves on a change.
 */
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import type { ContainerRecord, PodRuntime, Terminated } from './container-runtime';
import { resolveImage } from './image-catalogue';

// biome-ignore lint/suspicious/noExplicitAny: status fragments are free-form JSON
type Json = Record<string, any>;

function terminatedState(t: Terminated): Json {
  const out: Json = {
    containerID: t.containerID,
    exitCode: t.exitCode,
    finishedAt: rfc3339(t.finishedAt),
    reason: t.reason,
  };
  if (t.message) out.message = t.message;
  // containerd never started the process of a StartError: its zero start time reads as the Unix epoch.
  if (t.reason === 'StartError') out.startedAt = rfc3339(0);
  else out.startedAt = t.startedAt !== undefined ? rfc3339(t.startedAt) : rfc3339(t.finishedAt);
  if (!t.containerID) delete out.containerID;
  return out;
}

/** Whether an init container no longer blocks the ones after it. */
export function initDone(c: ContainerRecord): boolean {
  if (c.sidecar) return c.phase === 'running' && c.started;
  return c.phase === 'exited' && c.terminated?.exitCode === 0;
}

function waitingReason(c: ContainerRecord, podHasInit: boolean): Json {
  if (c.waitingReason)
    return c.waitingMessage
      ? { message: c.waitingMessage, reason: c.waitingReason }
      : { reason: c.waitingReason };
  return { reason: c.init || podHasInit ? 'PodInitializing' : 'ContainerCreating' };
}

/** TerminatePod's state for a container the runtime no longer reports (zero times marshal as null). */
const UNKNOWN_AT_TERMINATION: Json = {
  terminated: {
    exitCode: 137,
    finishedAt: null,
    message: 'The container could not be located when the pod was terminated',
    reason: 'ContainerStatusUnknown',
    startedAt: null,
  },
};

function containerStatus(
  c: ContainerRecord,
  spec: Json,
  podHasInit: boolean,
  unknown = false,
): Json {
  const resolved = resolveImage(c.image);
  const running = c.phase === 'running';
  const state: Json = unknown
    ? structuredClone(UNKNOWN_AT_TERMINATION)
    : running
      ? { running: { startedAt: rfc3339(c.startedAt ?? 0) } }
      : c.phase === 'exited' && c.terminated
        ? { terminated: terminatedState(c.terminated) }
        : { waiting: waitingReason(c, podHasInit) };
  const out: Json = {
    containerID: c.containerID,
    image: c.everStarted && resolved ? resolved.reference : c.image,
    imageID: c.everStarted && resolved ? resolved.imageID : '',
    lastState: c.lastTerminated ? { terminated: terminatedState(c.lastTerminated) } : {},
    name: c.name,
    ready: running && c.ready,
    restartCount: c.restartCount,
    started: running && c.started,
    state,
  };
  if (!c.containerID) delete out.containerID;
  const mounts = ((spec.volumeMounts ?? []) as Json[]).map((m) => {
    const v: Json = { mountPath: m.mountPath, name: m.name };
    if (m.readOnly) {
      v.readOnly = true;
      v.recursiveReadOnly = 'Disabled';
    }
    return v;
  });
  if (mounts.length) out.volumeMounts = mounts;
  return out;
}

/** Whether a container is finished for good under the pod's restart policy. */
export function willNotRestart(c: ContainerRecord, restartPolicy: string): boolean {
  if (c.phase !== 'exited') return false;
  if (c.ephemeral) return true;
  if (c.sidecar) return false;
  const code = c.terminated?.exitCode ?? 0;
  if (c.init) return code === 0 || restartPolicy === 'Never';
  if (restartPolicy === 'Always') return false;
  if (restartPolicy === 'OnFailure') return code === 0;
  return true;
}

/**
 * getPhase; once a deleted pod's containers are stopped (podIsTerminal) every stopped container
 * counts whatever the restart policy, and TerminatePod turns what is still not terminal into Failed.
 */
export function podPhase(pod: KubeObject, runtime: PodRuntime): string {
  if (runtime.failedReason) return 'Failed';
  if (runtime.terminated) return terminalPhase(runtime);
  const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
  const inits = runtime.containers.filter((c) => c.init && !c.sidecar);
  if (
    inits.some(
      (c) =>
        c.phase === 'exited' && (c.terminated?.exitCode ?? 0) !== 0 && restartPolicy === 'Never',
    )
  )
    return 'Failed';
  const pendingInit = runtime.containers.some((c) => c.init && !initDone(c));
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  let waiting = 0;
  for (const c of runtime.containers.filter((x) => !x.init && !x.ephemeral)) {
    if (c.phase === 'running') running++;
    else if (c.phase === 'exited') {
      stopped++;
      if ((c.terminated?.exitCode ?? 0) === 0) succeeded++;
    } else if (c.lastTerminated) stopped++;
    else waiting++;
  }
  if (pendingInit || waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (restartPolicy === 'Always') return 'Running';
    const finished = runtime.containers
      .filter((c) => !c.init && !c.ephemeral)
      .every((c) => willNotRestart(c, restartPolicy));
    if (!finished) return 'Running';
    return stopped === succeeded ? 'Succeeded' : 'Failed';
  }
  return 'Pending';
}

function terminalPhase(runtime: PodRuntime): string {
  const regular = runtime.containers.filter((c) => !c.init && !c.ephemeral);
  const pendingInit = runtime.containers.some((c) => c.init && !c.sidecar && !initDone(c));
  if (pendingInit || !regular.length || regular.some((c) => c.phase !== 'exited')) return 'Failed';
  return regular.every((c) => (c.terminated?.exitCode ?? 0) === 0) ? 'Succeeded' : 'Failed';
}

/**
 * The containers TerminatePod reports as ContainerStatusUnknown (137): every one not terminated
 * once the pod has initialized, and the init containers that were started (at least the first).
 */
function unknownAtTermination(runtime: PodRuntime): Set<ContainerRecord> {
  const out = new Set<ContainerRecord>();
  if (!runtime.terminated) return out;
  const inits = runtime.containers.filter((c) => c.init);
  const regular = runtime.containers.filter((c) => !c.init);
  const started = (c: ContainerRecord) =>
    c.phase === 'running' || c.phase === 'exited' || c.lastTerminated !== undefined;
  // Records rebuilt from such a status (snapshot restore) keep reporting it.
  const missing = (c: ContainerRecord) =>
    c.phase !== 'exited' || c.terminated?.reason === 'ContainerStatusUnknown';
  const last = inits[inits.length - 1];
  const initialized =
    !inits.length ||
    regular.some(started) ||
    (last !== undefined && (last.sidecar ? last.started : initDone(last)));
  if (initialized) for (const c of regular) if (missing(c)) out.add(c);
  const lastStarted = Math.max(0, ...inits.map((c, i) => (started(c) ? i : 0)));
  inits.forEach((c, i) => {
    if (i <= lastStarted && missing(c)) out.add(c);
  });
  return out;
}

function condition(type: string, ok: boolean, reason?: string, message?: string): Json {
  const c: Json = { lastProbeTime: null, status: ok ? 'True' : 'False', type };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

function conditions(pod: KubeObject, runtime: PodRuntime, phase: string): Json[] {
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const regular = runtime.containers.filter((c) => !c.init && !c.ephemeral);
  const inits = runtime.containers.filter((c) => c.init);
  const incompleteInit = inits.filter((c) => !initDone(c) && !(terminal && c.phase === 'exited'));
  const unready = regular.filter((c) => !(c.phase === 'running' && c.ready)).map((c) => c.name);
  const initialized = incompleteInit.length === 0 || phase === 'Succeeded';
  const out = [
    condition('PodReadyToStartContainers', runtime.sandboxReady),
    initialized
      ? {
          ...condition('Initialized', true),
          ...(phase === 'Succeeded' ? { reason: 'PodCompleted' } : {}),
        }
      : condition(
          'Initialized',
          false,
          'ContainersNotInitialized',
          `containers with incomplete status: [${incompleteInit.map((c) => c.name).join(' ')}]`,
        ),
  ];
  const readinessGates = ((pod.spec?.readinessGates ?? []) as Json[]).map(
    (g) => g.conditionType as string,
  );
  const gateFailures = readinessGates.filter(
    (t) =>
      !((pod.status?.conditions ?? []) as Json[]).some((c) => c.type === t && c.status === 'True'),
  );
  let containersReady: Json;
  if (terminal)
    containersReady = condition(
      'ContainersReady',
      false,
      phase === 'Failed' ? 'PodFailed' : 'PodCompleted',
    );
  else if (!initialized)
    containersReady = condition(
      'ContainersReady',
      false,
      'ContainersNotReady',
      `containers with unready status: [${unready.join(' ')}]`,
    );
  else if (unready.length)
    containersReady = condition(
      'ContainersReady',
      false,
      'ContainersNotReady',
      `containers with unready status: [${unready.join(' ')}]`,
    );
  else containersReady = condition('ContainersReady', true);
  let ready: Json = { ...containersReady, type: 'Ready' };
  if (containersReady.status === 'True' && gateFailures.length) {
    ready = condition(
      'Ready',
      false,
      'ReadinessGatesNotReady',
      `corresponding condition of pod readiness gate "${gateFailures[0]}" does not exist.`,
    );
  }
  out.push(ready, containersReady);
  return out;
}

/** Keeps lastTransitionTime of conditions whose status did not change. */
function withTransitions(next: Json[], previous: Json[], now: number): Json[] {
  return next.map((c) => {
    const old = previous.find((p) => p.type === c.type);
    const lastTransitionTime =
      old && old.status === c.status ? old.lastTransitionTime : rfc3339(now);
    return {
      lastProbeTime: c.lastProbeTime,
      lastTransitionTime,
      ...Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'lastProbeTime')),
    };
  });
}

export function generatePodStatus(
  pod: KubeObject,
  runtime: PodRuntime,
  hostIP: string,
  now: number,
): Json {
  const previous: Json = pod.status ?? {};
  const phase = podPhase(pod, runtime);
  const kubeletTypes = new Set([
    'PodReadyToStartContainers',
    'Initialized',
    'Ready',
    'ContainersReady',
  ]);
  const others = ((previous.conditions ?? []) as Json[]).filter((c) => !kubeletTypes.has(c.type));
  let scheduled = others.filter((c) => c.type === 'PodScheduled');
  // The kubelet reports PodScheduled for pods that never met the scheduler (static pods, nodeName set).
  if (!scheduled.length)
    scheduled = [
      {
        lastProbeTime: null,
        lastTransitionTime: rfc3339(runtime.admittedAt),
        status: 'True',
        type: 'PodScheduled',
      },
    ];
  const rest = others.filter((c) => c.type !== 'PodScheduled');
  const status: Json = {
    conditions: [
      ...withTransitions(
        conditions(pod, runtime, phase),
        (previous.conditions ?? []) as Json[],
        now,
      ),
      ...scheduled,
      ...rest,
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
  };
  const podHasInit = runtime.containers.some((c) => c.init);
  const specs: Json[] = [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ];
  const specOf = (name: string) => specs.find((s) => s.name === name) ?? {};
  const unknown = unknownAtTermination(runtime);
  const inits = runtime.containers
    .filter((c) => c.init)
    .map((c) => containerStatus(c, specOf(c.name), podHasInit, unknown.has(c)));
  const regular = runtime.containers
    .filter((c) => !c.init && !c.ephemeral)
    .map((c) => containerStatus(c, specOf(c.name), podHasInit, unknown.has(c)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  status.containerStatuses = regular;
  if (inits.length) status.initContainerStatuses = inits;
  // Ephemeral containers are never ready and have no startup state (the prober never sees them).
  const ephemeral = runtime.containers
    .filter((c) => c.ephemeral)
    .map((c) => {
      const { started: _started, ...rest } = containerStatus(
        c,
        specOf(c.name),
        false,
        unknown.has(c),
      );
      return { ...rest, ready: false };
    });
  if (ephemeral.length) status.ephemeralContainerStatuses = ephemeral;
  if (runtime.failedReason) {
    status.message = runtime.failedReason.message;
    status.reason = runtime.failedReason.reason;
  }
  status.phase = phase;
  if (runtime.podIP) {
    status.podIP = runtime.podIP;
    status.podIPs = [{ ip: runtime.podIP }];
  }
  if (previous.qosClass) status.qosClass = previous.qosClass;
  status.startTime = rfc3339(runtime.admittedAt);
  if (previous.nominatedNodeName) status.nominatedNodeName = previous.nominatedNodeName;
  return status;
}
