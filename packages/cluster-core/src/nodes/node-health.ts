/**
 * Simulated kubelets that stop and start again, for labs where a node goes down ("the kubelet on
 * node01 stopped"). A stopped kubelet does nothing: no pod starts, status updates or deletion
 * confirmations (its containers keep running, as containerd's do). After node-monitor-grace-period
 * (50 s since 1.32) the node lifecycle controller finds the node silent: its Ready and pressure
 * conditions go Unknown (NodeStatusUnknown, "Kubelet stopped posting node status."), it records
 * NodeNotReady and marks the node's pods not Ready (pkg/controller/nodelifecycle
 * tryUpdateNodeHealth / monitorNodeHealth, pkg/controller/util/node MarkPodsNotReady). A kubelet
 * started again posts healthy conditions with its start-up events.
 */
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import type { ControllerContext } from '../controllers/controller-context';
import type { StoppedKubelet } from '../simulation-state';

// biome-ignore lint/suspicious/noExplicitAny: conditions are free-form JSON
type Json = Record<string, any>;

/** kube-controller-manager's --node-monitor-grace-period default (kubernetes#126287). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
/** The conditions tryUpdateNodeHealth turns Unknown (NetworkUnavailable belongs to the network plugin). */
const KUBELET_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export type { StoppedKubelet };

export function kubeletStopped(
  ctx: ControllerContext,
  nodeName: string,
): StoppedKubelet | undefined {
  return ctx.state.stoppedKubelets.get(nodeName);
}

function requireNode(ctx: ControllerContext, nodeName: string): KubeObject {
  const node = ctx.get('', 'nodes', undefined, nodeName);
  if (!node) throw new Error(`the cluster has no node named ${JSON.stringify(nodeName)}`);
  return node;
}

/** Stops the kubelet of `nodeName`; the node goes NotReady `gracePeriodMs` later. */
export function stopKubelet(
  ctx: ControllerContext,
  nodeName: string,
  gracePeriodMs = NODE_MONITOR_GRACE_PERIOD_MS,
): void {
  requireNode(ctx, nodeName);
  const stopped = ctx.state.stoppedKubelets;
  if (!stopped.has(nodeName)) stopped.set(nodeName, { since: ctx.now(), gracePeriodMs });
}

/** Starts the kubelet of `nodeName` again: it posts healthy conditions and its start-up events. */
export function startKubelet(ctx: ControllerContext, nodeName: string): void {
  const node = requireNode(ctx, nodeName);
  if (!ctx.state.stoppedKubelets.delete(nodeName)) return;
  const now = rfc3339(ctx.now());
  const healthy: Record<string, [string, string, string]> = {
    MemoryPressure: [
      'False',
      'KubeletHasSufficientMemory',
      'kubelet has sufficient memory available',
    ],
    DiskPressure: ['False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    PIDPressure: ['False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    Ready: ['True', 'KubeletReady', 'kubelet is posting ready status'],
  };
  const kubelet = ctx.as('kubelet');
  kubelet.mutate(
    '',
    'nodes',
    node,
    (n) => {
      n.status.conditions = ((n.status.conditions ?? []) as Json[]).map((c) => {
        const want = healthy[c.type];
        if (!want) return c;
        const [status, reason, message] = want;
        return {
          ...c,
          lastHeartbeatTime: now,
          lastTransitionTime: c.status === status ? c.lastTransitionTime : now,
          message,
          reason,
          status,
        };
      });
    },
    true,
  );
  // The kubelet's start-up events (kubelet.go, nodestatus setters: conditions that changed).
  const ref: KubeObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: nodeName, uid: nodeName },
  };
  const source = { component: 'kubelet', host: nodeName };
  ctx.events.record(source, ref, 'Normal', 'Starting', 'Starting kubelet.');
  ctx.events.record(
    source,
    ref,
    'Normal',
    'NodeAllocatableEnforced',
    'Updated Node Allocatable limit across pods',
  );
  const before = new Map(
    ((node.status?.conditions ?? []) as Json[]).map((c) => [c.type, c.status]),
  );
  const statusEvents: [string, string][] = [
    ['MemoryPressure', 'NodeHasSufficientMemory'],
    ['DiskPressure', 'NodeHasNoDiskPressure'],
    ['PIDPressure', 'NodeHasSufficientPID'],
    ['Ready', 'NodeReady'],
  ];
  for (const [type, event] of statusEvents) {
    if (before.get(type) !== healthy[type][0])
      ctx.events.record(source, ref, 'Normal', event, `Node ${nodeName} status is now: ${event}`);
  }
}

/**
 * monitorNodeHealth for one node: once its kubelet has been silent for the grace period, its
 * conditions go Unknown and its pods not Ready. Returns how long until it should look again.
 */
export function monitorNodeHealth(ctx: ControllerContext, node: KubeObject): number | undefined {
  const name = node.metadata.name ?? '';
  const stopped = kubeletStopped(ctx, name);
  if (!stopped) return undefined;
  const due = stopped.since + stopped.gracePeriodMs;
  if (ctx.now() < due) return due - ctx.now();
  const conditions = (node.status?.conditions ?? []) as Json[];
  if (conditions.find((c) => c.type === 'Ready')?.status !== 'Unknown') {
    const now = rfc3339(ctx.now());
    ctx.mutate(
      '',
      'nodes',
      node,
      (n) => {
        n.status.conditions = conditions.map((c) =>
          KUBELET_CONDITIONS.includes(c.type) && c.status !== 'Unknown'
            ? {
                ...c,
                lastTransitionTime: now,
                message: 'Kubelet stopped posting node status.',
                reason: 'NodeStatusUnknown',
                status: 'Unknown',
              }
            : c,
        );
      },
      true,
    );
    ctx.events.record(
      { component: 'node-controller' },
      node,
      'Normal',
      'NodeNotReady',
      `Node ${name} status is now: NodeNotReady`,
    );
  }
  // Level-triggered: a retry after a conflict marks the pods it missed.
  for (const pod of ctx.list('', 'pods').filter((p) => p.spec?.nodeName === name))
    markPodNotReady(ctx, pod);
  return undefined;
}

/** MarkPodsNotReady for one pod: its Ready condition turns False, with a NodeNotReady event. */
function markPodNotReady(ctx: ControllerContext, pod: KubeObject): void {
  const ready = ((pod.status?.conditions ?? []) as Json[]).find((c) => c.type === 'Ready');
  if (!ready || ready.status === 'False') return;
  ctx.mutate(
    '',
    'pods',
    pod,
    (p) => {
      p.status.conditions = (p.status.conditions as Json[]).map((c) =>
        c.type === 'Ready' ? { ...c, lastTransitionTime: rfc3339(ctx.now()), status: 'False' } : c,
      );
    },
    true,
  );
  ctx.events.record(
    { component: 'node-controller' },
    pod,
    'Warning',
    'NodeNotReady',
    'Node is not ready',
  );
}
