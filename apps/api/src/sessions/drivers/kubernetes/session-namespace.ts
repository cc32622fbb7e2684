/**
 * What the kubernetes driver creates on the host cluster for one lab cluster of a session: a
 * namespace with the learner's ServiceAccount, a Role and RoleBinding for what a learner does in
 * their namespace, a ResourceQuota and a LimitRange (so pods without resources get defaults the
 * quota can count) and a default-deny NetworkPolicy, as a multi-tenant cluster's namespace
 * template usually is (e.g. the Hierarchical Namespace Controller's or Capsule's tenants).
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '@kubebelt/cluster-core';

export const SESSION_LABEL = 'kubebelt.session';
export const CLUSTER_LABEL = 'kubebelt.cluster';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'kubebelt';
/** When the namespace may be deleted by any platform process's sweep (RFC 3339). */
export const EXPIRES_ANNOTATION = 'kubebelt.io/expires-at';
/** Names of what the driver creates in the namespace (the learner's own objects are not). */
export const LEARNER = 'learner';
export const DEFAULT_DENY = 'default-deny';
export const SAME_NAMESPACE = 'allow-same-namespace';

export interface NamespaceLimits {
  /** ResourceQuota spec.hard. */
  quota: Record<string, string>;
  /** LimitRange defaults for containers that set none. */
  defaultRequest: Record<string, string>;
  defaultLimit: Record<string, string>;
  /** Pod Security Standard enforced in the namespace (pod-security.kubernetes.io/enforce). */
  podSecurity: 'privileged' | 'baseline' | 'restricted';
}

export const DEFAULT_LIMITS: NamespaceLimits = {
  quota: {
    'requests.cpu': '2',
    'requests.memory': '4Gi',
    'limits.cpu': '4',
    'limits.memory': '8Gi',
    pods: '30',
    services: '10',
    'services.loadbalancers': '0',
    'services.nodeports': '0',
    persistentvolumeclaims: '5',
    'requests.storage': '10Gi',
    configmaps: '30',
    secrets: '30',
  },
  defaultRequest: { cpu: '50m', memory: '64Mi' },
  defaultLimit: { cpu: '500m', memory: '256Mi' },
  podSecurity: 'baseline',
};

/** A DNS label (≤ 63) unique per session and cluster: `<prefix><session>-<cluster>`, hashed when too long. */
export function namespaceName(prefix: string, sessionId: string, cluster: string): string {
  const plain = `${prefix}${sessionId}-${cluster}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  if (plain.length <= 63) return plain;
  const hash = createHash('sha256').update(`${sessionId}/${cluster}`).digest('hex').slice(0, 20);
  return `${prefix}${hash}-${cluster}`.slice(0, 63).replace(/-+$/, '');
}

const ALL = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const READ = ['get', 'list', 'watch'];

/**
 * What a learner may do in their namespace: close to the built-in `admin` ClusterRole's
 * namespaced rules, without changing their own quota and limits. Granting a Role requires
 * holding its permissions (or `escalate`), so the driver's ClusterRole in
 * deploy/kubernetes/base/rbac.yaml lists the same rules.
 */
export const LEARNER_RULES = [
  {
    apiGroups: [''],
    resources: [
      'pods',
      'pods/log',
      'pods/exec',
      'pods/attach',
      'pods/portforward',
      'pods/eviction',
      'pods/ephemeralcontainers',
      'services',
      'endpoints',
      'configmaps',
      'secrets',
      'persistentvolumeclaims',
      'serviceaccounts',
      'replicationcontrollers',
      'replicationcontrollers/scale',
    ],
    verbs: ALL,
  },
  { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
  { apiGroups: [''], resources: ['events', 'resourcequotas', 'limitranges'], verbs: READ },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
  {
    apiGroups: ['apps'],
    resources: [
      'deployments',
      'deployments/scale',
      'deployments/rollback',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
      'daemonsets',
      'controllerrevisions',
    ],
    verbs: ALL,
  },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ALL },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ALL },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ALL },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: ALL },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ALL },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ALL },
  {
    apiGroups: ['authorization.k8s.io'],
    resources: ['localsubjectaccessreviews'],
    verbs: ['create'],
  },
];

export interface SessionNamespace {
  sessionId: string;
  cluster: string;
  namespace: string;
  expiresAt: Date;
}

/** The namespace and its guard objects, in creation order. */
export function sessionNamespaceObjects(
  s: SessionNamespace,
  limits: NamespaceLimits = DEFAULT_LIMITS,
): KubeObject[] {
  const labels = { [SESSION_LABEL]: s.sessionId, [CLUSTER_LABEL]: s.cluster };
  const meta = (name: string) => ({
    name,
    namespace: s.namespace,
    labels: { ...labels, [MANAGED_BY_LABEL]: MANAGED_BY },
  });
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: s.namespace,
        labels: {
          ...labels,
          [MANAGED_BY_LABEL]: MANAGED_BY,
          'pod-security.kubernetes.io/enforce': limits.podSecurity,
          'pod-security.kubernetes.io/warn': limits.podSecurity,
        },
        annotations: { [EXPIRES_ANNOTATION]: s.expiresAt.toISOString() },
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(LEARNER) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(LEARNER),
      rules: LEARNER_RULES,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(LEARNER),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: LEARNER },
      subjects: [{ kind: 'ServiceAccount', name: LEARNER, namespace: s.namespace }],
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta(LEARNER),
      spec: { hard: limits.quota },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta(LEARNER),
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: limits.defaultRequest,
            default: limits.defaultLimit,
          },
        ],
      },
    },
    {
      // no traffic to or from any pod of the namespace unless another policy allows it
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(DEFAULT_DENY),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      // what a lab needs back: its own pods talk to each other and resolve names; other
      // sessions' namespaces stay unreachable both ways
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(SAME_NAMESPACE),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [
          { to: [{ podSelector: {} }] },
          {
            to: [{ namespaceSelector: {} }],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    },
  ];
}
