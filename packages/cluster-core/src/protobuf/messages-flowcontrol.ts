/**
 * flowcontrol.apiserver.k8s.io/v1 FlowSchema and PriorityLevelConfiguration: k8s.io/api
 * flowcontrol/v1/generated.proto and types.go. Release 1.33; notation in descriptors.ts.
 */
import type { MessageTable } from './descriptors';

export const flowcontrolV1: MessageTable = {
  package: 'flowcontrol.v1',
  apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
  messages: {
    FlowSchema: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 FlowSchemaSpec',
      status: '3 FlowSchemaStatus',
    },
    PriorityLevelConfiguration: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 PriorityLevelConfigurationSpec',
      status: '3 PriorityLevelConfigurationStatus',
    },
    FlowSchemaSpec: {
      priorityLevelConfiguration: '1 PriorityLevelConfigurationReference!',
      matchingPrecedence: '2 int32!',
      distinguisherMethod: '3 *FlowDistinguisherMethod',
      rules: '4 []PolicyRulesWithSubjects',
    },
    FlowDistinguisherMethod: {
      type: '1 string!',
    },
    PriorityLevelConfigurationReference: {
      name: '1 string!',
    },
    PolicyRulesWithSubjects: {
      subjects: '1 []Subject!',
      resourceRules: '2 []ResourcePolicyRule',
      nonResourceRules: '3 []NonResourcePolicyRule',
    },
    Subject: {
      kind: '1 string!',
      user: '2 *UserSubject',
      group: '3 *GroupSubject',
      serviceAccount: '4 *ServiceAccountSubject',
    },
    UserSubject: {
      name: '1 string!',
    },
    GroupSubject: {
      name: '1 string!',
    },
    ServiceAccountSubject: {
      namespace: '1 string!',
      name: '2 string!',
    },
    ResourcePolicyRule: {
      verbs: '1 []string!',
      apiGroups: '2 []string!',
      resources: '3 []string!',
      clusterScope: '4 bool',
      namespaces: '5 []string!',
    },
    NonResourcePolicyRule: {
      verbs: '1 []string!',
      nonResourceURLs: '6 []string!',
    },
    FlowSchemaStatus: {
      conditions: '1 []FlowSchemaCondition',
    },
    FlowSchemaCondition: {
      type: '1 string',
      status: '2 string',
      lastTransitionTime: '3 Time',
      reason: '4 string',
      message: '5 string',
    },
    PriorityLevelConfigurationSpec: {
      type: '1 string!',
      limited: '2 *LimitedPriorityLevelConfiguration',
      exempt: '3 *ExemptPriorityLevelConfiguration',
    },
    LimitedPriorityLevelConfiguration: {
      nominalConcurrencyShares: '1 *int32!',
      limitResponse: '2 LimitResponse',
      lendablePercent: '3 *int32',
      borrowingLimitPercent: '4 *int32',
    },
    ExemptPriorityLevelConfiguration: {
      nominalConcurrencyShares: '1 *int32',
      lendablePercent: '2 *int32',
    },
    LimitResponse: {
      type: '1 string!',
      queuing: '2 *QueuingConfiguration',
    },
    QueuingConfiguration: {
      queues: '1 int32!',
      handSize: '2 int32!',
      queueLengthLimit: '3 int32!',
    },
    PriorityLevelConfigurationStatus: {
      conditions: '1 []PriorityLevelConfigurationCondition',
    },
    PriorityLevelConfigurationCondition: {
      type: '1 string',
      status: '2 string',
      lastTransitionTime: '3 Time',
      reason: '4 string',
      message: '5 string',
    },
  },
};
