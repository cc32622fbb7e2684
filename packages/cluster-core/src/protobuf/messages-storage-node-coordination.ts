/**
 * discovery.k8s.io/v1 EndpointSlice, coordination.k8s.io/v1 Lease, storage.k8s.io/v1
 * StorageClass and node.k8s.io/v1 RuntimeClass: k8s.io/api <group>/v1/generated.proto and
 * types.go. Release 1.33; notation in descriptors.ts.
 */
import type { MessageTable } from './descriptors';

export const discoveryV1: MessageTable = {
  package: 'discovery.v1',
  apiVersion: 'discovery.k8s.io/v1',
  messages: {
    EndpointSlice: {
      metadata: '1 meta.v1.ObjectMeta',
      addressType: '4 string!',
      endpoints: '2 []Endpoint!',
      ports: '3 []EndpointPort!',
    },
    Endpoint: {
      addresses: '1 []string!',
      conditions: '2 EndpointConditions',
      hostname: '3 *string',
      targetRef: '4 *core.v1.ObjectReference',
      deprecatedTopology: '5 map[string]string',
      nodeName: '6 *string',
      zone: '7 *string',
      hints: '8 *EndpointHints',
    },
    EndpointConditions: {
      ready: '1 *bool',
      serving: '2 *bool',
      terminating: '3 *bool',
    },
    EndpointHints: {
      forZones: '1 []ForZone',
      forNodes: '2 []ForNode',
    },
    ForZone: {
      name: '1 string!',
    },
    ForNode: {
      name: '1 string!',
    },
    EndpointPort: {
      name: '1 *string',
      protocol: '2 *string',
      port: '3 *int32',
      appProtocol: '4 *string',
    },
  },
};

export const coordinationV1: MessageTable = {
  package: 'coordination.v1',
  apiVersion: 'coordination.k8s.io/v1',
  messages: {
    Lease: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 LeaseSpec',
    },
    LeaseSpec: {
      holderIdentity: '1 *string',
      leaseDurationSeconds: '2 *int32',
      acquireTime: '3 *MicroTime',
      renewTime: '4 *MicroTime',
      leaseTransitions: '5 *int32',
      strategy: '6 *string',
      preferredHolder: '7 *string',
    },
  },
};

export const storageV1: MessageTable = {
  package: 'storage.v1',
  apiVersion: 'storage.k8s.io/v1',
  messages: {
    StorageClass: {
      metadata: '1 meta.v1.ObjectMeta',
      provisioner: '2 string!',
      parameters: '3 map[string]string',
      reclaimPolicy: '4 *string',
      mountOptions: '5 []string',
      allowVolumeExpansion: '6 *bool',
      volumeBindingMode: '7 *string',
      allowedTopologies: '8 []core.v1.TopologySelectorTerm',
    },
  },
};

export const nodeV1: MessageTable = {
  package: 'node.v1',
  apiVersion: 'node.k8s.io/v1',
  messages: {
    RuntimeClass: {
      metadata: '1 meta.v1.ObjectMeta',
      handler: '2 string!',
      overhead: '3 *Overhead',
      scheduling: '4 *Scheduling',
    },
    Overhead: {
      podFixed: '1 map[string]Quantity',
    },
    Scheduling: {
      nodeSelector: '1 map[string]string',
      tolerations: '2 []core.v1.Toleration',
    },
  },
};
