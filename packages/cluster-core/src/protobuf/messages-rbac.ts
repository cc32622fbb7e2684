/**
 * rbac.authorization.k8s.io/v1 Role, ClusterRole and their bindings: k8s.io/api
 * rbac/v1/generated.proto and types.go. Release 1.33;
 * notation in descriptors.ts.
 */
import type { MessageTable } from './descriptors';

export const rbacV1: MessageTable = {
  package: 'rbac.v1',
  apiVersion: 'rbac.authorization.k8s.io/v1',
  messages: {
    Role: {
      metadata: '1 meta.v1.ObjectMeta',
      rules: '2 []PolicyRule!',
    },
    ClusterRole: {
      metadata: '1 meta.v1.ObjectMeta',
      rules: '2 []PolicyRule!',
      aggregationRule: '3 *AggregationRule',
    },
    RoleBinding: {
      metadata: '1 meta.v1.ObjectMeta',
      subjects: '2 []Subject',
      roleRef: '3 RoleRef!',
    },
    ClusterRoleBinding: {
      metadata: '1 meta.v1.ObjectMeta',
      subjects: '2 []Subject',
      roleRef: '3 RoleRef!',
    },
    PolicyRule: {
      verbs: '1 []string!',
      apiGroups: '2 []string',
      resources: '3 []string',
      resourceNames: '4 []string',
      nonResourceURLs: '5 []string',
    },
    AggregationRule: {
      clusterRoleSelectors: '1 []meta.v1.LabelSelector',
    },
    Subject: {
      kind: '1 string!',
      apiGroup: '2 string',
      name: '3 string!',
      namespace: '4 string',
    },
    RoleRef: {
      apiGroup: '1 string!',
      kind: '2 string!',
      name: '3 string!',
    },
  },
};
