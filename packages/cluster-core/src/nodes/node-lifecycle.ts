/**
 * The node lifecycle controller (pkg/controller/nodelifecycle): node health (node-health.ts:
 * silent kubelets go Unknown) and the taints that follow the node's conditions.
 * doNoScheduleTaintingPass keeps `node.kubernetes.io/<condition>:NoSchedule` taints (not-ready,
 * unreachable, memory-, disk-, pid-pressure, network-unavailable) and the cordon's
 * `node.kubernetes.io/unschedulable:NoSchedule`; doNoExecuteTaintingPass keeps
 * `not-ready` / `unreachable:NoExecute` while Ready is False / Unknown. Taints it adds carry
 * timeAdded (SwapNodeControllerTaint); the kubelet reports NodeNotSchedulable / NodeSchedulable.
 */
import { rfc3339 } from '../clock';
import type { ControllerContext } from '../controllers/controller-context';
import type { Reconciler, Result } from '../controllers/reconciler';
import { monitorNodeHealth } from './node-health';
import type { Taint } from './node-selection';

export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';
export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

/** nodeConditionToTaintKeyStatusMap */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: NOT_READY_TAINT, Unknown: UNREACHABLE_TAINT },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const NO_SCHEDULE_KEYS = new Set([
  ...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)),
  UNSCHEDULABLE_TAINT,
]);
const NO_EXECUTE_KEYS = new Set([NOT_READY_TAINT, UNREACHABLE_TAINT]);

type NodeTaint = Taint & { timeAdded?: string };

const managed = (t: NodeTaint) =>
  (t.effect === 'NoSchedule' && NO_SCHEDULE_KEYS.has(t.key)) ||
  (t.effect === 'NoExecute' && NO_EXECUTE_KEYS.has(t.key));

/** The controller's taints the node should have: NoExecute ones first, as they are usually added first. */
function wantedTaints(
  conditions: { type: string; status: string }[],
  unschedulable: boolean,
): NodeTaint[] {
  const ready = conditions.find((c) => c.type === 'Ready')?.status;
  const out: NodeTaint[] = [];
  if (ready === 'False') out.push({ effect: 'NoExecute', key: NOT_READY_TAINT });
  if (ready === 'Unknown') out.push({ effect: 'NoExecute', key: UNREACHABLE_TAINT });
  for (const c of conditions) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) out.push({ effect: 'NoSchedule', key });
  }
  if (unschedulable) out.push({ effect: 'NoSchedule', key: UNSCHEDULABLE_TAINT });
  return out;
}

function reconcileNode(key: string, ctx: ControllerContext): Result {
  const observed = ctx.get('', 'nodes', undefined, key);
  if (!observed) return;
  const recheck = monitorNodeHealth(ctx, observed);
  const node = ctx.get('', 'nodes', undefined, key) ?? observed;
  const taints = (node.spec?.taints ?? []) as NodeTaint[];
  const cordoned = node.spec?.unschedulable === true;
  const wanted = wantedTaints(node.status?.conditions ?? [], cordoned);
  const same = (a: NodeTaint, b: NodeTaint) => a.key === b.key && a.effect === b.effect;
  const kept = taints.filter((t) => !managed(t) || wanted.some((w) => same(w, t)));
  const added = wanted.filter((w) => !taints.some((t) => same(w, t)));
  if (kept.length !== taints.length || added.length) {
    ctx.mutate('', 'nodes', node, (n) => {
      const next = [...kept, ...added.map((t) => ({ ...t, timeAdded: rfc3339(ctx.now()) }))];
      if (next.length) n.spec.taints = next;
      else delete n.spec.taints;
    });
  }
  const wasCordoned = taints.some(
    (t) => t.key === UNSCHEDULABLE_TAINT && t.effect === 'NoSchedule',
  );
  if (wasCordoned !== cordoned) {
    const status = cordoned ? 'NodeNotSchedulable' : 'NodeSchedulable';
    const name = node.metadata.name ?? '';
    ctx.events.record(
      { component: 'kubelet', host: name },
      { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: name } },
      'Normal',
      status,
      `Node ${name} status is now: ${status}`,
    );
  }
  return recheck !== undefined ? { requeueAfter: recheck } : undefined;
}

export const nodeLifecycleController: Reconciler = {
  name: 'node-lifecycle-controller',
  primary: '/nodes',
  reconcile: reconcileNode,
};
