/**
 * Nodes joining the cluster: each simulated kubelet registers its Node (with the images a
 * kubeadm node has pulled already), its Lease in kube-node-lease, and the start-up events
 * `kubectl describe node` shows (kubelet.go / nodestatus setters, node lifecycle controller).
 */
import type { KubeObject } from '../api/object';
import type { ControllerContext } from '../controllers/controller-context';
import { resolveImage } from './image-catalogue';
import {
  KUBELET_VERSION,
  nodeLease,
  nodeObject,
  type SimulatedNode,
  simulatedNodes,
} from './node-objects';

export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
export const CONTROL_PLANE_IMAGES = [
  'registry.k8s.io/etcd:3.5.21-0',
  `registry.k8s.io/kube-apiserver:${KUBELET_VERSION}`,
  `registry.k8s.io/kube-controller-manager:${KUBELET_VERSION}`,
  `registry.k8s.io/kube-scheduler:${KUBELET_VERSION}`,
  'registry.k8s.io/coredns/coredns:v1.12.0',
];
export const NODE_IMAGES = [PAUSE_IMAGE, `registry.k8s.io/kube-proxy:${KUBELET_VERSION}`];

function imageEntries(images: string[]): { names: string[]; sizeBytes: number }[] {
  return images
    .map((image) => {
      const r = resolveImage(image);
      return { names: r ? [r.imageID, r.reference] : [image], sizeBytes: r?.info?.sizeBytes ?? 0 };
    })
    .sort((a, b) => b.sizeBytes - a.sizeBytes);
}

function kubeletEvents(ctx: ControllerContext, node: KubeObject): void {
  const name = node.metadata.name ?? '';
  // The kubelet refers to its node with the node name as uid.
  const ref: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: name } };
  const source = { component: 'kubelet', host: name };
  ctx.events.record(source, ref, 'Normal', 'Starting', 'Starting kubelet.');
  ctx.events.record(
    source,
    ref,
    'Normal',
    'NodeAllocatableEnforced',
    'Updated Node Allocatable limit across pods',
  );
  for (const status of [
    'NodeHasSufficientMemory',
    'NodeHasNoDiskPressure',
    'NodeHasSufficientPID',
    'NodeReady',
  ]) {
    ctx.events.record(source, ref, 'Normal', status, `Node ${name} status is now: ${status}`);
  }
  ctx.events.record(
    { component: 'node-controller' },
    node,
    'Normal',
    'RegisteredNode',
    `Node ${name} event: Registered Node ${name} in Controller`,
  );
}

/** Registers the cluster's nodes (idempotent: existing nodes are left as they are). */
export function registerNodes(ctx: ControllerContext, clusterName: string): SimulatedNode[] {
  const nodes = simulatedNodes(ctx.options.nodes);
  if (!ctx.resource('', 'nodes')) return nodes;
  const kubelet = ctx.as('kubelet');
  for (const n of nodes) {
    if (ctx.get('', 'nodes', undefined, n.name)) continue;
    const obj = nodeObject(n, clusterName, ctx.now(), nodes.length === 1);
    obj.status.images = imageEntries(
      n.controlPlane ? [...CONTROL_PLANE_IMAGES, ...NODE_IMAGES] : NODE_IMAGES,
    );
    const created = kubelet.create('', 'nodes', obj);
    if (
      ctx.resource('coordination.k8s.io', 'leases') &&
      ctx.get('', 'namespaces', undefined, 'kube-node-lease')
    ) {
      if (!ctx.get('coordination.k8s.io', 'leases', 'kube-node-lease', n.name)) {
        kubelet.create('coordination.k8s.io', 'leases', nodeLease(created, ctx.now()));
      }
    }
    kubeletEvents(ctx, created);
  }
  return nodes;
}
