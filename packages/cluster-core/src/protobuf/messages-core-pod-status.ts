/**
 * core/v1 PodStatus and container statuses: k8s.io/api core/v1/generated.proto and types.go. Release 1.33;
 * notation in descriptors.ts.
 */
import type { MessageTable } from './descriptors';

export const coreV1PodStatus: MessageTable = {
  package: 'core.v1',
  messages: {
    PodStatus: {
      observedGeneration: '17 int64',
      phase: '1 string',
      conditions: '2 []PodCondition',
      message: '3 string',
      reason: '4 string',
      nominatedNodeName: '11 string',
      hostIP: '5 string',
      hostIPs: '16 []HostIP',
      podIP: '6 string',
      podIPs: '12 []PodIP',
      startTime: '7 *Time',
      initContainerStatuses: '10 []ContainerStatus',
      containerStatuses: '8 []ContainerStatus',
      qosClass: '9 string',
      ephemeralContainerStatuses: '13 []ContainerStatus',
      resize: '14 string',
      resourceClaimStatuses: '15 []PodResourceClaimStatus',
    },
    PodCondition: {
      type: '1 string!',
      observedGeneration: '7 int64',
      status: '2 string!',
      lastProbeTime: '3 Time',
      lastTransitionTime: '4 Time',
      reason: '5 string',
      message: '6 string',
    },
    HostIP: {
      ip: '1 string!',
    },
    PodIP: {
      ip: '1 string!',
    },
    ContainerStatus: {
      name: '1 string!',
      state: '2 ContainerState',
      lastState: '3 ContainerState',
      ready: '4 bool!',
      restartCount: '5 int32!',
      image: '6 string!',
      imageID: '7 string!',
      containerID: '8 string',
      started: '9 *bool',
      allocatedResources: '10 map[string]Quantity',
      resources: '11 *ResourceRequirements',
      volumeMounts: '12 []VolumeMountStatus',
      user: '13 *ContainerUser',
      allocatedResourcesStatus: '14 []ResourceStatus',
      stopSignal: '15 *string',
    },
    PodResourceClaimStatus: {
      name: '1 string!',
      resourceClaimName: '2 *string',
    },
    ContainerState: {
      waiting: '1 *ContainerStateWaiting',
      running: '2 *ContainerStateRunning',
      terminated: '3 *ContainerStateTerminated',
    },
    VolumeMountStatus: {
      name: '1 string!',
      mountPath: '2 string!',
      readOnly: '3 bool',
      recursiveReadOnly: '4 *string',
    },
    ContainerUser: {
      linux: '1 *LinuxContainerUser',
    },
    ResourceStatus: {
      name: '1 string!',
      resources: '2 []ResourceHealth',
    },
    ContainerStateWaiting: {
      reason: '1 string',
      message: '2 string',
    },
    ContainerStateRunning: {
      startedAt: '1 Time',
    },
    ContainerStateTerminated: {
      exitCode: '1 int32!',
      signal: '2 int32',
      reason: '3 string',
      message: '4 string',
      startedAt: '5 Time',
      finishedAt: '6 Time',
      containerID: '7 string',
    },
    LinuxContainerUser: {
      uid: '1 int64!',
      gid: '2 int64!',
      supplementalGroups: '3 []int64',
    },
    ResourceHealth: {
      resourceID: '1 string!',
      health: '2 string',
    },
  },
};
