/**
 * policy/v1 PodDisruptionBudget and Eviction, scheduling.k8s.io/v1 PriorityClass: k8s.io/api
 * policy/v1 and scheduling/v1 generated.proto and types.go. Release 1.33;
 * notation in descriptors.ts.
 */
import type { MessageTable } from './descriptors';

export const policyV1: MessageTable = {
  package: 'policy.v1',
  apiVersion: 'policy/v1',
  messages: {
    PodDisruptionBudget: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 PodDisruptionBudgetSpec',
      status: '3 PodDisruptionBudgetStatus',
    },
    Eviction: {
      metadata: '1 meta.v1.ObjectMeta',
      deleteOptions: '2 *meta.v1.DeleteOptions',
    },
    PodDisruptionBudgetSpec: {
      minAvailable: '1 *IntOrString',
      selector: '2 *meta.v1.LabelSelector',
      maxUnavailable: '3 *IntOrString',
      unhealthyPodEvictionPolicy: '4 *string',
    },
    PodDisruptionBudgetStatus: {
      observedGeneration: '1 int64',
      disruptedPods: '2 map[string]Time',
      disruptionsAllowed: '3 int32!',
      currentHealthy: '4 int32!',
      desiredHealthy: '5 int32!',
      expectedPods: '6 int32!',
      conditions: '7 []meta.v1.Condition',
    },
  },
};

export const schedulingV1: MessageTable = {
  package: 'scheduling.v1',
  apiVersion: 'scheduling.k8s.io/v1',
  messages: {
    PriorityClass: {
      metadata: '1 meta.v1.ObjectMeta',
      value: '2 int32!',
      globalDefault: '3 bool',
      description: '4 string',
      preemptionPolicy: '5 *string',
    },
  },
};
