/**
 * core/v1 Node, Binding, Endpoints and ComponentStatus: k8s.io/api core/v1/generated.proto and types.go.
 * Release 1.33; notation in descriptors.ts.
 */
import type { MessageTable } from './descriptors';

export const coreV1Node: MessageTable = {
  package: 'core.v1',
  apiVersion: 'v1',
  messages: {
    Node: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 NodeSpec',
      status: '3 NodeStatus',
    },
    NodeSpec: {
      podCIDR: '1 string',
      podCIDRs: '7 []string',
      providerID: '3 string',
      unschedulable: '4 bool',
      taints: '5 []Taint',
      configSource: '6 *NodeConfigSource',
      externalID: '2 string',
    },
    Taint: {
      key: '1 string!',
      value: '2 string',
      effect: '3 string!',
      timeAdded: '4 *Time',
    },
    NodeConfigSource: {
      configMap: '2 *ConfigMapNodeConfigSource',
    },
    ConfigMapNodeConfigSource: {
      namespace: '1 string!',
      name: '2 string!',
      uid: '3 string',
      resourceVersion: '4 string',
      kubeletConfigKey: '5 string!',
    },
    NodeStatus: {
      capacity: '1 map[string]Quantity',
      allocatable: '2 map[string]Quantity',
      phase: '3 string',
      conditions: '4 []NodeCondition',
      addresses: '5 []NodeAddress',
      daemonEndpoints: '6 NodeDaemonEndpoints',
      nodeInfo: '7 NodeSystemInfo',
      images: '8 []ContainerImage',
      volumesInUse: '9 []string',
      volumesAttached: '10 []AttachedVolume',
      config: '11 *NodeConfigStatus',
      runtimeHandlers: '12 []NodeRuntimeHandler',
      features: '13 *NodeFeatures',
    },
    NodeCondition: {
      type: '1 string!',
      status: '2 string!',
      lastHeartbeatTime: '3 Time',
      lastTransitionTime: '4 Time',
      reason: '5 string',
      message: '6 string',
    },
    NodeAddress: {
      type: '1 string!',
      address: '2 string!',
    },
    NodeDaemonEndpoints: {
      kubeletEndpoint: '1 DaemonEndpoint',
    },
    DaemonEndpoint: {
      Port: '1 int32!',
    },
    NodeSystemInfo: {
      machineID: '1 string!',
      systemUUID: '2 string!',
      bootID: '3 string!',
      kernelVersion: '4 string!',
      osImage: '5 string!',
      containerRuntimeVersion: '6 string!',
      kubeletVersion: '7 string!',
      kubeProxyVersion: '8 string!',
      operatingSystem: '9 string!',
      architecture: '10 string!',
      swap: '11 *NodeSwapStatus',
    },
    ContainerImage: {
      names: '1 []string!',
      sizeBytes: '2 int64',
    },
    AttachedVolume: {
      name: '1 string!',
      devicePath: '2 string!',
    },
    NodeConfigStatus: {
      assigned: '1 *NodeConfigSource',
      active: '2 *NodeConfigSource',
      lastKnownGood: '3 *NodeConfigSource',
      error: '4 string',
    },
    NodeRuntimeHandler: {
      name: '1 string!',
      features: '2 *NodeRuntimeHandlerFeatures',
    },
    NodeRuntimeHandlerFeatures: {
      recursiveReadOnlyMounts: '1 *bool',
      userNamespaces: '2 *bool',
    },
    NodeFeatures: {
      supplementalGroupsPolicy: '1 *bool',
    },
    NodeSwapStatus: {
      capacity: '1 *int64',
    },
    Binding: {
      metadata: '1 meta.v1.ObjectMeta',
      target: '2 ObjectReference!',
    },
    Endpoints: {
      metadata: '1 meta.v1.ObjectMeta',
      subsets: '2 []EndpointSubset',
    },
    EndpointSubset: {
      addresses: '1 []EndpointAddress',
      notReadyAddresses: '2 []EndpointAddress',
      ports: '3 []EndpointPort',
    },
    EndpointAddress: {
      ip: '1 string!',
      hostname: '3 string',
      nodeName: '4 *string',
      targetRef: '2 *ObjectReference',
    },
    EndpointPort: {
      name: '1 string',
      port: '2 int32!',
      protocol: '3 string',
      appProtocol: '4 *string',
    },
    ComponentStatus: {
      metadata: '1 meta.v1.ObjectMeta',
      conditions: '2 []ComponentCondition',
    },
    ComponentCondition: {
      type: '1 string!',
      status: '2 string!',
      message: '3 string',
      error: '4 string',
    },
  },
};
