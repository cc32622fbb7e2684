/**
 * The kubelets of all simulated nodes as one reconciler over pods bound to a node: admit the
 * pod (pkg/kubelet/lifecycle predicate admission), run the due stages of the stage table on
 * the pod's runtime record, report the generated status, keep node.status.images up to date,
 * and confirm graceful deletions. Timers are only the next due stage of a pod.
 */
import { deepEqual } from '../api/equality';
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { ControllerContext } from '../controllers/controller-context';
import {
  type ControllerView,
  keyOf,
  type Reconciler,
  type Result,
  splitKey,
} from '../controllers/reconciler';
import type { KubeletTimings } from '../controllers/simulation-options';
import type { SimulationState } from '../simulation-state';
import { containerEnvironment, snapshotEnvironment } from './container-environment';
import { persistProgramWrites } from './container-filesystem';
import {
  type ContainerRecord,
  newPodRuntime,
  newRecord,
  type PodRuntime,
  runtimeFromStatus,
} from './container-runtime';
import {
  execProbersRunning,
  execProbeVerdict,
  startExecProbers,
  stopExecProbers,
} from './exec-probes';
import { resolveImage } from './image-catalogue';
import { CONTAINER_STAGES, POD_STAGES, PROBE_NAMES, type StageEnv } from './kubelet-stages';
import { runLifecycleHook } from './lifecycle-hooks';
import { mainProcessRunning, startMainProcess, stopMainProcess } from './main-process';
import { kubeletStopped } from './node-health';
import { matchesNodeSelectorAndAffinity } from './node-selection';
import { allocatePodIP, nodeInternalIP } from './pod-network';
import { podRequests, resourceList } from './pod-resources';
import { generatePodStatus } from './pod-status';
import { configError, mountError } from './pod-volumes';

const NO_DELAYS: KubeletTimings = {
  sandboxMs: 0,
  pullMs: 0,
  startMs: 0,
  terminateMs: 0,
  backoffMs: 10_000,
  maxBackoffMs: 300_000,
};

function isWarm(ctx: ControllerContext, pod: KubeObject): boolean {
  const until = ctx.state.warmUntil;
  const created = Date.parse(pod.metadata.creationTimestamp ?? '');
  return (
    until !== undefined &&
    pod.metadata.namespace === 'kube-system' &&
    !Number.isNaN(created) &&
    created <= until
  );
}

/**
 * The container runtime's report that a main process ended outside the kubelet's stages (an
 * attached interactive shell): the kubelet sees it at its next sync of the pod.
 */
export function requestProcessExit(
  state: SimulationState,
  podKey: string,
  container: string,
  containerID: string | undefined,
  code: number,
): boolean {
  const runtime = state.runtimes.get(podKey);
  const c = runtime?.containers.find(
    (x) => x.name === container && (!containerID || x.containerID === containerID),
  );
  if (!c || c.phase !== 'running') return false;
  c.exitRequest = code;
  return true;
}

/** The names a node lists its images under: repo@digest and repo:tag. */
function imageNames(image: string): string[] {
  const r = resolveImage(image);
  return r ? [r.imageID, r.reference] : [image];
}

export function nodeHasImage(node: KubeObject, image: string): boolean {
  const names = new Set(imageNames(image));
  return ((node.status?.images ?? []) as { names?: string[] }[]).some((i) =>
    (i.names ?? []).some((n) => names.has(n)),
  );
}

/** Adds pulled images to node.status.images, largest first as the kubelet sorts them (max 50). */
function recordImages(ctx: ControllerContext, nodeName: string, images: string[]): void {
  const node = ctx.get('', 'nodes', undefined, nodeName);
  if (!node) return;
  const missing = images.filter((i) => !nodeHasImage(node, i));
  if (!missing.length) return;
  ctx.mutate(
    '',
    'nodes',
    node,
    (n) => {
      const list = [...((n.status.images ?? []) as { names: string[]; sizeBytes: number }[])];
      for (const image of missing)
        list.push({
          names: imageNames(image),
          sizeBytes: resolveImage(image)?.info?.sizeBytes ?? 0,
        });
      list.sort((a, b) => b.sizeBytes - a.sizeBytes);
      n.status.images = list.slice(0, 50);
    },
    true,
  );
}

function isTerminalPod(p: KubeObject): boolean {
  return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
}

/** The kubelet's admission: resources and node affinity must fit (GeneralPredicates). */
function admissionFailure(
  pod: KubeObject,
  node: KubeObject,
  others: KubeObject[],
): { reason: string; message: string } | undefined {
  if (!matchesNodeSelectorAndAffinity(pod, node)) {
    return {
      reason: 'NodeAffinity',
      message:
        "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
    };
  }
  const allocatable = resourceList(node.status?.allocatable);
  const admitted = others.filter((p) => p.status?.hostIP && !isTerminalPod(p));
  if (admitted.length + 1 > (allocatable.get('pods') ?? 110)) {
    return {
      reason: 'OutOfpods',
      message: `Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: ${admitted.length}, capacity: ${allocatable.get('pods')}`,
    };
  }
  const want = podRequests(pod);
  for (const name of ['cpu', 'memory', 'ephemeral-storage', ...[...want.keys()].sort()]) {
    const w = want.get(name) ?? 0;
    if (w <= 0) continue;
    const used = admitted.reduce((sum, p) => sum + (podRequests(p).get(name) ?? 0), 0);
    const capacity = allocatable.get(name) ?? 0;
    if (w > capacity - used) {
      return {
        reason: `OutOf${name}`,
        message: `Pod was rejected: Node didn't have enough resource: ${name}, requested: ${w}, used: ${used}, capacity: ${capacity}`,
      };
    }
  }
  return undefined;
}

/** A container whose spec image changed is restarted with the new image (kubectl set image on a pod). */
function followSpecChanges(pod: KubeObject, runtime: PodRuntime, env: StageEnv): void {
  // Ephemeral containers added through pods/ephemeralcontainers (kubectl debug) start now.
  for (const e of (pod.spec?.ephemeralContainers ?? []) as Record<string, unknown>[]) {
    if (!runtime.containers.some((c) => c.name === e.name))
      runtime.containers.push(newRecord(e, false, env.now, true));
  }
  for (const c of runtime.containers) {
    const image = env.spec(c).image;
    if (!image || image === c.image) continue;
    if (c.phase === 'running')
      env.event(
        'Normal',
        'Killing',
        `Container ${c.name} definition changed, will be restarted`,
        c,
      );
    c.image = image;
    if (c.phase !== 'exited' || !c.init) {
      if (c.phase === 'running' || c.phase === 'exited') {
        c.lastTerminated =
          c.phase === 'running'
            ? {
                exitCode: 0,
                reason: 'Completed',
                startedAt: c.startedAt,
                finishedAt: env.now,
                containerID: c.containerID,
              }
            : c.terminated;
        c.terminated = undefined;
        c.restartCount++;
      }
      c.phase = 'pending';
      c.since = env.now;
      c.waitingReason = undefined;
      c.waitingMessage = undefined;
      c.pullBackoffMs = 0;
      c.ready = false;
      c.started = false;
    }
  }
  void pod;
}

function stageEnv(
  ctx: ControllerContext,
  pod: KubeObject,
  runtime: PodRuntime,
  node: KubeObject,
  pulled: string[],
): StageEnv {
  const specs: Record<string, unknown>[] = [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ];
  const source = { component: 'kubelet', host: runtime.node };
  const warm = isWarm(ctx, pod);
  return {
    pod,
    runtime,
    now: ctx.now(),
    timings: warm ? NO_DELAYS : ctx.options.kubelet,
    warm,
    spec: (c) => (specs.find((s) => s.name === c.name) ?? {}) as Record<string, unknown>,
    imagePresent: (image) =>
      nodeHasImage(node, image) ||
      pulled.some((p) => imageNames(p).some((n) => imageNames(image).includes(n))),
    addImage: (image) => pulled.push(image),
    event(type, reason, message, c?: ContainerRecord) {
      const fieldPath = c
        ? `spec.${c.init ? 'initContainers' : c.ephemeral ? 'ephemeralContainers' : 'containers'}{${c.name}}`
        : undefined;
      ctx.events.record(source, pod, type, reason, message, fieldPath);
    },
    allocateIP() {
      if (pod.spec?.hostNetwork) return nodeInternalIP(node);
      const onNode = ctx
        .list('', 'pods')
        .filter((p) => p.spec?.nodeName === runtime.node && p.metadata.uid !== pod.metadata.uid);
      const reserved = [...ctx.state.runtimes.values()]
        .filter((r) => r.node === runtime.node && r.podIP && !r.removed)
        .map((r) => r.podIP as string);
      return allocatePodIP(node, onNode, reserved);
    },
    configError: (c) =>
      configError(
        ctx,
        pod,
        (specs.find((s) => s.name === c.name) ?? {}) as Record<string, unknown>,
      ),
    mountError: () => mountError(ctx, pod),
    started: (c) =>
      snapshotEnvironment(
        ctx.core,
        pod,
        specs.find((s) => s.name === c.name) ?? {},
        c.containerID ?? '',
        runtime.podIP,
      ),
    environment: (c) => {
      const spec = specs.find((s) => s.name === c.name) ?? {};
      return containerEnvironment(
        ctx.core,
        pod,
        spec,
        resolveImage(String(spec.image ?? ''))?.info,
      );
    },
    lifecycleHook(c, hook) {
      const spec = specs.find((s) => s.name === c.name) ?? {};
      const view: KubeObject =
        runtime.podIP && !pod.status?.podIP
          ? { ...pod, status: { ...pod.status, podIP: runtime.podIP } }
          : pod;
      void runLifecycleHook(ctx.core, view, spec, hook, (reason, message) =>
        this.event('Warning', reason, message, c),
      ).catch(() => undefined);
    },
    stopped(c) {
      stopMainProcess(ctx.core, c.containerID);
      stopExecProbers(ctx.core, c.containerID);
      persistProgramWrites(ctx.core, pod, c.name, c.startedAt ?? ctx.now(), ctx.now());
    },
    processRunning: (c) => mainProcessRunning(ctx.core, c.containerID),
    execProbe: (c, kind, probe) => execProbeVerdict(ctx.core, c.containerID, kind, probe),
    probersRunning: (c) => execProbersRunning(ctx.core, c.containerID),
    startProbers(c) {
      const spec = specs.find((s) => s.name === c.name) ?? {};
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (!c.containerID) return;
      const event = this.event;
      startExecProbers(
        ctx.core,
        pod,
        spec,
        c.containerID,
        c.startedAt ?? this.now,
        this.warm,
        () => ctx.wake('kubelet', key),
        (kind, failure) =>
          event('Warning', 'Unhealthy', `${PROBE_NAMES[kind]} probe failed: ${failure}`, c),
      );
    },
    startProcess(c) {
      const spec = specs.find((s) => s.name === c.name) ?? {};
      const program = c.run?.shell;
      const id = c.containerID;
      if (!program || !id) return;
      const view: KubeObject =
        runtime.podIP && !pod.status?.podIP
          ? { ...pod, status: { ...pod.status, podIP: runtime.podIP } }
          : pod;
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      const startedAt = c.startedAt ?? this.now;
      // Started in this sync: a new container; else one running before a restore.
      const resumedAt = startedAt < this.now ? this.now : undefined;
      startMainProcess(ctx.core, view, spec, id, program, startedAt, resumedAt, (code) => {
        if (requestProcessExit(ctx.state, key, c.name, id, code)) ctx.wake('kubelet', key);
      });
    },
  };
}

/** Runs every due stage; returns when the next one is due (Infinity: nothing pending). */
function runStages(env: StageEnv): number {
  for (let guard = 0; guard < 500; guard++) {
    let nextDue = Number.POSITIVE_INFINITY;
    let applied = false;
    for (const stage of POD_STAGES) {
      if (!stage.when(env)) continue;
      const at = stage.at(env);
      if (at <= env.now) {
        stage.next(env);
        applied = true;
        break;
      }
      nextDue = Math.min(nextDue, at);
    }
    if (!applied) {
      const terminating = env.runtime.killingSince !== undefined;
      outer: for (const c of env.runtime.containers) {
        for (const stage of CONTAINER_STAGES) {
          if ((terminating && !stage.terminating) || !stage.when(c, env)) continue;
          const at = stage.at(c, env);
          if (at <= env.now) {
            stage.next(c, env);
            applied = true;
            break outer;
          }
          nextDue = Math.min(nextDue, at);
        }
      }
    }
    if (!applied) return nextDue;
  }
  return env.now + 1;
}

export function reconcilePod(key: string, ctx: ControllerContext): Result {
  const { namespace, name } = splitKey(key);
  const pod = ctx.get('', 'pods', namespace, name);
  const known = ctx.state.runtimes;
  const nodeName = pod?.spec?.nodeName;
  if (!pod || !nodeName) {
    // Force-deleted: the containers are killed without the pod; their writes to volumes stay.
    const gone = known.get(key);
    for (const c of gone?.containers ?? []) {
      stopMainProcess(ctx.core, c.containerID);
      stopExecProbers(ctx.core, c.containerID);
      // Nobody can read the logs of a pod that is gone.
      for (const id of [c.containerID, c.terminated?.containerID, c.lastTerminated?.containerID])
        if (id) ctx.state.processOutput.delete(id);
      if (gone?.pod && c.phase === 'running')
        persistProgramWrites(ctx.core, gone.pod, c.name, c.startedAt ?? ctx.now(), ctx.now());
    }
    known.delete(key);
    return;
  }
  const node = ctx.get('', 'nodes', undefined, nodeName);
  // A stopped kubelet does nothing until it starts again (startKubelet resyncs its pods).
  if (!node || kubeletStopped(ctx, nodeName)) return;
  let runtime = known.get(key);
  if (runtime && runtime.uid !== pod.metadata.uid) runtime = undefined;
  if (!runtime) {
    runtime = runtimeFromStatus(pod, ctx.now());
    if (!runtime) {
      if (isTerminalPod(pod)) return;
      runtime = newPodRuntime(pod, ctx.now());
      const others = ctx
        .list('', 'pods')
        .filter((p) => p.spec?.nodeName === nodeName && p.metadata.uid !== pod.metadata.uid);
      runtime.rejected = pod.metadata.deletionTimestamp
        ? undefined
        : admissionFailure(pod, node, others);
    }
    known.set(key, runtime);
  }
  runtime.pod = pod;
  // A sandbox waiting for a volume's source (a ConfigMap, Secret or claim) retries the mount at
  // each sync: the kubelet's volume manager watches those sources.
  if (runtime.mountFailure !== undefined)
    runtime.sandboxSince = Math.min(
      runtime.sandboxSince,
      ctx.now() - ctx.options.kubelet.sandboxMs,
    );
  const kubelet = ctx.as('kubelet');
  const pulled: string[] = [];
  const env = stageEnv(kubelet, pod, runtime, node, pulled);
  let nextDue = Number.POSITIVE_INFINITY;
  if (runtime.rejected) {
    if (pod.metadata.deletionTimestamp) runtime.removed = true;
  } else {
    if (runtime.killingSince === undefined) followSpecChanges(pod, runtime, env);
    nextDue = runStages(env);
  }
  if (pulled.length) recordImages(kubelet, nodeName, pulled);
  if (runtime.removed) {
    known.delete(key);
    confirmDeletion(kubelet, pod);
    return;
  }
  const hostIP = nodeInternalIP(node);
  const status = runtime.rejected
    ? rejectedStatus(pod, runtime, hostIP, ctx.now())
    : generatePodStatus(pod, runtime, hostIP, ctx.now());
  if (!deepEqual(status, pod.status))
    kubelet.mutate('', 'pods', pod, (p) => (p.status = status), true);
  // The status manager writes the terminal status first, then deletes the pod for good.
  if (runtime.terminated && pod.metadata.deletionTimestamp) {
    if (confirmDeletion(kubelet, pod)) known.delete(key);
    return;
  }
  return Number.isFinite(nextDue) ? { requeueAfter: Math.max(0, nextDue - ctx.now()) } : undefined;
}

/**
 * The status manager's final DELETE (grace period 0, the pod's uid as precondition), as
 * canBeDeleted allows once the pod is terminal. Finalizers keep the pod, terminal, until they go.
 * Returns whether the pod is gone.
 */
function confirmDeletion(kubelet: ControllerContext, pod: KubeObject): boolean {
  try {
    const result = kubelet.delete('', 'pods', pod.metadata.namespace, pod.metadata.name ?? '', {
      gracePeriodSeconds: 0,
      preconditions: { uid: pod.metadata.uid },
    });
    return result.deleted !== undefined;
  } catch (err) {
    if (!isStatusError(err)) throw err;
    return true;
  }
}

/** What a pod refused at admission reports: Failed with the predicate's reason, nothing started. */
function rejectedStatus(
  pod: KubeObject,
  runtime: PodRuntime,
  hostIP: string,
  now: number,
): Record<string, unknown> {
  const rejected = runtime.rejected as { reason: string; message: string };
  const previous = pod.status ?? {};
  const status: Record<string, unknown> = {
    conditions: previous.conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    message: rejected.message,
    phase: 'Failed',
    qosClass: previous.qosClass,
    reason: rejected.reason,
    startTime:
      previous.startTime ??
      new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
  };
  for (const k of Object.keys(status)) if (status[k] === undefined) delete status[k];
  return status;
}

/** Pods waiting for a ConfigMap, Secret or claim of `namespace` (retried when one changes). */
function waitingOnObjects(view: ControllerView, namespace: string | undefined): string[] {
  const out: string[] = [];
  for (const [key, r] of view.state.runtimes) {
    if (namespace && !key.startsWith(`${namespace}/`)) continue;
    if (
      r.mountFailure !== undefined ||
      r.containers.some((c) => c.waitingReason === 'CreateContainerConfigError')
    )
      out.push(key);
  }
  return out;
}

export const kubelet: Reconciler = {
  name: 'kubelet',
  primary: '/pods',
  primaryKeys: (change) =>
    change.object.spec?.nodeName || change.type === 'DELETED' ? [keyOf(change.object)] : [],
  watches: [
    {
      resource: '/configmaps',
      keys: (change, ctx) => waitingOnObjects(ctx, change.object.metadata.namespace),
    },
    {
      resource: '/secrets',
      keys: (change, ctx) => waitingOnObjects(ctx, change.object.metadata.namespace),
    },
    {
      resource: '/persistentvolumeclaims',
      keys: (change, ctx) => waitingOnObjects(ctx, change.object.metadata.namespace),
    },
  ],
  reconcile: reconcilePod,
};
