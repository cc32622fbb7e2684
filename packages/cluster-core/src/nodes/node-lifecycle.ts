/**
 * The node lifecycle controller's taint for cordoned nodes (pkg/controller/nodelifecycle
 * doNoScheduleTaintingPass): spec.unschedulable adds `node.kubernetes.io/unschedulable:NoSchedule`
 * and uncordoning removes it; the kubelet reports NodeNotSchedulable / NodeSchedulable.
 */
import { rfc3339 } from '../clock';
import type { ControllerContext } from '../controllers/controller-context';
import type { Reconciler } from '../controllers/reconciler';
import type { Taint } from './node-selection';

export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

function reconcileNode(key: string, ctx: ControllerContext): void {
  const node = ctx.get('', 'nodes', undefined, key);
  if (!node) return;
  const taints = (node.spec?.taints ?? []) as (Taint & { timeAdded?: string })[];
  const tainted = taints.some((t) => t.key === UNSCHEDULABLE_TAINT && t.effect === 'NoSchedule');
  const cordoned = node.spec?.unschedulable === true;
  if (cordoned === tainted) return;
  ctx.mutate('', 'nodes', node, (n) => {
    const rest = taints.filter((t) => !(t.key === UNSCHEDULABLE_TAINT && t.effect === 'NoSchedule'));
    if (cordoned) rest.push({ effect: 'NoSchedule', key: UNSCHEDULABLE_TAINT, timeAdded: rfc3339(ctx.now()) });
    if (rest.length) n.spec.taints = rest;
    else delete n.spec.taints;
  });
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

export const nodeLifecycleController: Reconciler = {
  name: 'node-lifecycle-controller',
  primary: '/nodes',
  reconcile: reconcileNode,
};
