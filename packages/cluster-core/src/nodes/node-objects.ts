/**
 * The simulated nodes, shaped like a kubeadm cluster's as lab platforms name them
 * (Killercoda/KodeKloud): `controlplane` with the control-plane role label and NoSchedule taint,
 * then workers `node01`, `node02`, ... With a single node the control plane is left untainted so
 * workloads can run (as minikube and k3s single-node clusters do).
 *
 * Capacity is a 2-CPU / 4 GiB VM; allocatable subtracts the kubelet's default hard eviction
 * thresholds (memory.available<100Mi, nodefs.available<10%), as kubelet's
 * GetNodeAllocatableReservation does. Conditions carry the kubelet's reasons and messages
 * (pkg/kubelet/nodestatus/setters.go).
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';

export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';
export const KUBELET_VERSION = 'v1.33.0';
export const CONTAINER_RUNTIME_VERSION = 'containerd://1.7.27';
export const OS_IMAGE = 'Ubuntu 24.04.2 LTS';
export const KERNEL_VERSION = '6.8.0-1029-aws';

export const CAPACITY_MEMORY_KI = 4_014_712;
export const EVICTION_MEMORY_KI = 100 * 1024;
export const CAPACITY_STORAGE_KI = 20_134_592;

export interface SimulatedNode {
  name: string;
  controlPlane: boolean;
  internalIP: string;
  /** This node's slice of the cluster pod CIDR (10.244.0.0/16, as flannel's default). */
  podCIDR: string;
}

/** Node names and addresses for a cluster of `count` nodes. */
export function simulatedNodes(count: number): SimulatedNode[] {
  const out: SimulatedNode[] = [
    {
      name: 'controlplane',
      controlPlane: true,
      internalIP: '172.30.1.2',
      podCIDR: '10.244.0.0/24',
    },
  ];
  for (let i = 1; i < count; i++) {
    out.push({
      name: `node${String(i).padStart(2, '0')}`,
      controlPlane: false,
      internalIP: `172.30.2.${1 + i}`,
      podCIDR: `10.244.${i}.0/24`,
    });
  }
  return out;
}

/** A stable pseudo-random hex id for machine-ids and boot ids. */
function hexId(seed: string, length = 32): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function uuidFrom(seed: string): string {
  const h = hexId(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** kubelet's node conditions when all is well. */
export function healthyConditions(now: number): Record<string, unknown>[] {
  const t = rfc3339(now);
  const c = (type: string, status: string, reason: string, message: string) => ({
    lastHeartbeatTime: t,
    lastTransitionTime: t,
    message,
    reason,
    status,
    type,
  });
  return [
    c(
      'MemoryPressure',
      'False',
      'KubeletHasSufficientMemory',
      'kubelet has sufficient memory available',
    ),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

export function nodeObject(
  node: SimulatedNode,
  clusterName: string,
  now: number,
  singleNode: boolean,
): KubeObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': node.name,
    'kubernetes.io/os': 'linux',
  };
  if (node.controlPlane) {
    labels[CONTROL_PLANE_LABEL] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const spec: Record<string, unknown> = { podCIDR: node.podCIDR, podCIDRs: [node.podCIDR] };
  if (node.controlPlane && !singleNode)
    spec.taints = [{ effect: 'NoSchedule', key: CONTROL_PLANE_LABEL }];
  const storageBytes = CAPACITY_STORAGE_KI * 1024;
  const reservedStorage = Math.floor(storageBytes * 0.1);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec,
    status: {
      addresses: [
        { address: node.internalIP, type: 'InternalIP' },
        { address: node.name, type: 'Hostname' },
      ],
      allocatable: {
        cpu: '2',
        'ephemeral-storage': String(storageBytes - reservedStorage),
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${CAPACITY_MEMORY_KI - EVICTION_MEMORY_KI}Ki`,
        pods: '110',
      },
      capacity: {
        cpu: '2',
        'ephemeral-storage': `${CAPACITY_STORAGE_KI}Ki`,
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${CAPACITY_MEMORY_KI}Ki`,
        pods: '110',
      },
      conditions: healthyConditions(now),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      features: { supplementalGroupsPolicy: true },
      images: [],
      nodeInfo: {
        architecture: 'amd64',
        bootID: uuidFrom(`${clusterName}/${node.name}/boot`),
        containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
        kernelVersion: KERNEL_VERSION,
        kubeProxyVersion: '',
        kubeletVersion: KUBELET_VERSION,
        machineID: hexId(`${clusterName}/${node.name}/machine`),
        operatingSystem: 'linux',
        osImage: OS_IMAGE,
        systemUUID: uuidFrom(`${clusterName}/${node.name}/system`),
      },
      runtimeHandlers: [
        { features: { recursiveReadOnlyMounts: true, userNamespaces: true }, name: 'runc' },
        { features: { recursiveReadOnlyMounts: true, userNamespaces: true }, name: '' },
      ],
    },
  };
}

/** The node's Lease in kube-node-lease (the kubelet's heartbeat; we renew it only on writes). */
export function nodeLease(node: KubeObject, now: number): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: node.metadata.name,
      namespace: 'kube-node-lease',
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Node',
          name: node.metadata.name ?? '',
          uid: node.metadata.uid ?? '',
        },
      ],
    },
    spec: {
      holderIdentity: node.metadata.name,
      leaseDurationSeconds: 40,
      renewTime: new Date(now).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'),
    },
  };
}
