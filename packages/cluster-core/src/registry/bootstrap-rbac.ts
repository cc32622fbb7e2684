/**
 * The default ClusterRoles and ClusterRoleBindings of a fresh kubeadm cluster
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy testdata, plus kubeadm's own bindings):
 * what the API server creates at start. The aggregated roles (admin, edit, view) come with
 * their rules already aggregated, as the clusterrole-aggregation controller leaves them.
 * Controller roles (system:controller:*) are left out.
 */
import type { KubeObject } from '../api/object';
import { selectorMatches } from './label-validation';

const RBAC = 'rbac.authorization.k8s.io';
const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

const r = (
  apiGroups: string[],
  resources: string[],
  verbs: string[],
  resourceNames?: string[],
): Rule =>
  resourceNames ? { apiGroups, resourceNames, resources, verbs } : { apiGroups, resources, verbs };
const urls = (nonResourceURLs: string[], verbs: string[]): Rule => ({ nonResourceURLs, verbs });

const aggregateLabel = (to: string) => ({ [`${RBAC}/aggregate-to-${to}`]: 'true' });

function clusterRole(
  name: string,
  rules: Rule[] | null,
  extra: { labels?: Record<string, string>; aggregateFrom?: string } = {},
): KubeObject {
  const role: KubeObject = {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: {
      name,
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...(extra.labels ?? {}) },
    },
  };
  if (extra.aggregateFrom)
    role.aggregationRule = {
      clusterRoleSelectors: [{ matchLabels: aggregateLabel(extra.aggregateFrom) }],
    };
  role.rules = rules;
  return role;
}

const SYSTEM_ROLES: KubeObject[] = [
  clusterRole('admin', null, { aggregateFrom: 'admin' }),
  clusterRole('cluster-admin', [r(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
  clusterRole('edit', null, { aggregateFrom: 'edit', labels: aggregateLabel('admin') }),
  clusterRole(
    'system:aggregate-to-admin',
    [
      r(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
      r([RBAC], ['rolebindings', 'roles'], ALL),
    ],
    { labels: aggregateLabel('admin') },
  ),
  clusterRole(
    'system:aggregate-to-edit',
    [
      r(
        [''],
        ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'],
        READ,
      ),
      r([''], ['serviceaccounts'], ['impersonate']),
      r([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], WRITE),
      r([''], ['pods/eviction'], ['create']),
      r(
        [''],
        [
          'configmaps',
          'events',
          'persistentvolumeclaims',
          'replicationcontrollers',
          'replicationcontrollers/scale',
          'secrets',
          'serviceaccounts',
          'services',
          'services/proxy',
        ],
        WRITE,
      ),
      r([''], ['serviceaccounts/token'], ['create']),
      r(
        ['apps'],
        [
          'daemonsets',
          'deployments',
          'deployments/rollback',
          'deployments/scale',
          'replicasets',
          'replicasets/scale',
          'statefulsets',
          'statefulsets/scale',
        ],
        WRITE,
      ),
      r(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
      r(['batch'], ['cronjobs', 'jobs'], WRITE),
      r(
        ['extensions'],
        [
          'daemonsets',
          'deployments',
          'deployments/rollback',
          'deployments/scale',
          'ingresses',
          'networkpolicies',
          'replicasets',
          'replicasets/scale',
          'replicationcontrollers/scale',
        ],
        WRITE,
      ),
      r(['policy'], ['poddisruptionbudgets'], WRITE),
      r(['networking.k8s.io'], ['ingresses', 'networkpolicies'], WRITE),
      r(['coordination.k8s.io'], ['leases'], ALL),
    ],
    { labels: aggregateLabel('edit') },
  ),
  clusterRole(
    'system:aggregate-to-view',
    [
      r(
        [''],
        [
          'configmaps',
          'endpoints',
          'persistentvolumeclaims',
          'persistentvolumeclaims/status',
          'pods',
          'replicationcontrollers',
          'replicationcontrollers/scale',
          'serviceaccounts',
          'services',
          'services/status',
        ],
        READ,
      ),
      r(
        [''],
        [
          'bindings',
          'events',
          'limitranges',
          'namespaces/status',
          'pods/log',
          'pods/status',
          'replicationcontrollers/status',
          'resourcequotas',
          'resourcequotas/status',
        ],
        READ,
      ),
      r([''], ['namespaces'], READ),
      r(['discovery.k8s.io'], ['endpointslices'], READ),
      r(
        ['apps'],
        [
          'controllerrevisions',
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'statefulsets',
          'statefulsets/scale',
          'statefulsets/status',
        ],
        READ,
      ),
      r(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
      r(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
      r(
        ['extensions'],
        [
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'ingresses',
          'ingresses/status',
          'networkpolicies',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'replicationcontrollers/scale',
        ],
        READ,
      ),
      r(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
      r(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
    ],
    { labels: aggregateLabel('view') },
  ),
  clusterRole('system:auth-delegator', [
    r(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    r(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
  ]),
  clusterRole('system:basic-user', [
    r(
      ['authorization.k8s.io'],
      ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      ['create'],
    ),
    r(['authentication.k8s.io'], ['selfsubjectreviews'], ['create']),
  ]),
  clusterRole('system:certificates.k8s.io:certificatesigningrequests:nodeclient', [
    r(['certificates.k8s.io'], ['certificatesigningrequests/nodeclient'], ['create']),
  ]),
  clusterRole('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [
    r(['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient'], ['create']),
  ]),
  clusterRole('system:discovery', [
    urls(
      [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
      ['get'],
    ),
  ]),
  clusterRole('system:heapster', [
    r([''], ['events', 'namespaces', 'nodes', 'pods'], READ),
    r(['extensions'], ['deployments'], READ),
  ]),
  clusterRole('system:kube-aggregator', [r([''], ['endpoints', 'services'], READ)]),
  clusterRole('system:kube-controller-manager', [
    r(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
    r(['coordination.k8s.io'], ['leases'], ['create']),
    r(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-controller-manager']),
    r([''], ['secrets', 'serviceaccounts'], ['create']),
    r([''], ['secrets'], ['delete']),
    r([''], ['configmaps', 'namespaces', 'secrets', 'serviceaccounts'], ['get']),
    r([''], ['secrets', 'serviceaccounts'], ['update']),
    r(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    r(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
    r(['*'], ['*'], ['list', 'watch']),
    r([''], ['serviceaccounts/token'], ['create']),
  ]),
  clusterRole('system:kube-dns', [r([''], ['endpoints', 'services'], ['list', 'watch'])]),
  clusterRole('system:kube-scheduler', [
    r(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
    r(['coordination.k8s.io'], ['leases'], ['create']),
    r(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-scheduler']),
    r([''], ['nodes'], READ),
    r([''], ['pods'], ['delete', 'get', 'list', 'watch']),
    r([''], ['bindings', 'pods/binding'], ['create']),
    r([''], ['pods/status'], ['patch', 'update']),
    r([''], ['replicationcontrollers', 'services'], READ),
    r(['apps', 'extensions'], ['replicasets'], READ),
    r(['apps'], ['statefulsets'], READ),
    r(['policy'], ['poddisruptionbudgets'], READ),
    r([''], ['persistentvolumeclaims', 'persistentvolumes'], READ),
    r(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    r(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
    r(['storage.k8s.io'], ['csinodes'], READ),
    r([''], ['namespaces'], READ),
    r(['storage.k8s.io'], ['csidrivers'], READ),
    r(['storage.k8s.io'], ['csistoragecapacities'], READ),
  ]),
  clusterRole('system:kubelet-api-admin', [
    r([''], ['nodes'], READ),
    r([''], ['nodes'], ['proxy']),
    r([''], ['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats'], ['*']),
  ]),
  clusterRole('system:monitoring', [
    urls(
      [
        '/healthz',
        '/healthz/*',
        '/livez',
        '/livez/*',
        '/metrics',
        '/metrics/slis',
        '/readyz',
        '/readyz/*',
      ],
      ['get'],
    ),
  ]),
  clusterRole('system:node', [
    r(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    r(['authorization.k8s.io'], ['localsubjectaccessreviews', 'subjectaccessreviews'], ['create']),
    r([''], ['services'], READ),
    r([''], ['nodes'], ['create', 'get', 'list', 'watch']),
    r([''], ['nodes/status'], ['patch', 'update']),
    r([''], ['nodes'], ['patch', 'update']),
    r([''], ['events'], ['create', 'patch', 'update']),
    r([''], ['pods'], READ),
    r([''], ['pods'], ['create', 'delete']),
    r([''], ['pods/status'], ['patch', 'update']),
    r([''], ['pods/eviction'], ['create']),
    r([''], ['configmaps', 'secrets'], READ),
    r([''], ['persistentvolumeclaims', 'persistentvolumes'], ['get']),
    r([''], ['endpoints'], ['get']),
    r(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch']),
    r(['coordination.k8s.io'], ['leases'], ['create', 'delete', 'get', 'patch', 'update']),
    r(['storage.k8s.io'], ['volumeattachments'], ['get']),
    r([''], ['serviceaccounts/token'], ['create']),
    r([''], ['persistentvolumeclaims/status'], ['get', 'patch', 'update']),
    r(['storage.k8s.io'], ['csidrivers'], READ),
    r(['storage.k8s.io'], ['csinodes'], ['create', 'delete', 'get', 'patch', 'update']),
    r(['node.k8s.io'], ['runtimeclasses'], READ),
  ]),
  clusterRole('system:node-bootstrapper', [
    r(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch']),
  ]),
  clusterRole('system:node-problem-detector', [
    r([''], ['nodes'], ['get']),
    r([''], ['nodes/status'], ['patch']),
    r(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
  ]),
  clusterRole('system:node-proxier', [
    r([''], ['endpoints', 'services'], ['list', 'watch']),
    r([''], ['nodes'], READ),
    r(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
    r(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch']),
  ]),
  clusterRole('system:persistent-volume-provisioner', [
    r([''], ['persistentvolumes'], ['create', 'delete', 'get', 'list', 'watch']),
    r([''], ['persistentvolumeclaims'], ['get', 'list', 'update', 'watch']),
    r(['storage.k8s.io'], ['storageclasses'], READ),
    r([''], ['events'], ['watch']),
    r(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
  ]),
  clusterRole('system:public-info-viewer', [
    urls(['/healthz', '/livez', '/readyz', '/version', '/version/'], ['get']),
  ]),
  clusterRole('system:service-account-issuer-discovery', [
    urls(['/.well-known/openid-configuration', '/openid/v1/jwks'], ['get']),
  ]),
  clusterRole('system:volume-scheduler', [
    r([''], ['persistentvolumes'], ['get', 'list', 'patch', 'update', 'watch']),
    r(['storage.k8s.io'], ['storageclasses'], READ),
    r([''], ['persistentvolumeclaims'], ['get', 'list', 'patch', 'update', 'watch']),
  ]),
  clusterRole('view', null, {
    aggregateFrom: 'view',
    labels: { ...aggregateLabel('admin'), ...aggregateLabel('edit') },
  }),
];

/** kubeadm's own role (kubeadm init phase bootstrap-token). */
const KUBEADM_ROLES: KubeObject[] = [
  {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: { name: 'kubeadm:get-nodes' },
    rules: [r([''], ['nodes'], ['get'])],
  },
];

type SubjectSpec = [kind: 'User' | 'Group' | 'ServiceAccount', name: string, namespace?: string];

function binding(
  name: string,
  role: string,
  subjects: SubjectSpec[],
  bootstrap = true,
): KubeObject {
  const obj: KubeObject = {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: bootstrap
      ? {
          name,
          annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
          labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
        }
      : { name },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
  };
  if (subjects.length) {
    obj.subjects = subjects.map(([kind, n, namespace]) =>
      kind === 'ServiceAccount' ? { kind, name: n, namespace } : { apiGroup: RBAC, kind, name: n },
    );
  }
  return obj;
}

const BOOTSTRAP_TOKENS = 'system:bootstrappers:kubeadm:default-node-token';

export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: KubeObject[] = [
  binding('cluster-admin', 'cluster-admin', [['Group', 'system:masters']]),
  binding('system:basic-user', 'system:basic-user', [['Group', 'system:authenticated']]),
  binding('system:discovery', 'system:discovery', [['Group', 'system:authenticated']]),
  binding('system:kube-controller-manager', 'system:kube-controller-manager', [
    ['User', 'system:kube-controller-manager'],
  ]),
  binding('system:kube-dns', 'system:kube-dns', [['ServiceAccount', 'kube-dns', 'kube-system']]),
  binding('system:kube-scheduler', 'system:kube-scheduler', [['User', 'system:kube-scheduler']]),
  binding('system:monitoring', 'system:monitoring', [['Group', 'system:monitoring']]),
  binding('system:node', 'system:node', []),
  binding('system:node-proxier', 'system:node-proxier', [['User', 'system:kube-proxy']]),
  binding('system:public-info-viewer', 'system:public-info-viewer', [
    ['Group', 'system:authenticated'],
    ['Group', 'system:unauthenticated'],
  ]),
  binding('system:service-account-issuer-discovery', 'system:service-account-issuer-discovery', [
    ['Group', 'system:serviceaccounts'],
  ]),
  binding('system:volume-scheduler', 'system:volume-scheduler', [
    ['User', 'system:kube-scheduler'],
  ]),
  // kubeadm init
  binding('kubeadm:cluster-admins', 'cluster-admin', [['Group', 'kubeadm:cluster-admins']], false),
  binding('kubeadm:get-nodes', 'kubeadm:get-nodes', [['Group', BOOTSTRAP_TOKENS]], false),
  binding(
    'kubeadm:kubelet-bootstrap',
    'system:node-bootstrapper',
    [['Group', BOOTSTRAP_TOKENS]],
    false,
  ),
  binding(
    'kubeadm:node-autoapprove-bootstrap',
    'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
    [['Group', BOOTSTRAP_TOKENS]],
    false,
  ),
  binding(
    'kubeadm:node-autoapprove-certificate-rotation',
    'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
    [['Group', 'system:nodes']],
    false,
  ),
  binding(
    'kubeadm:node-proxier',
    'system:node-proxier',
    [['ServiceAccount', 'kube-proxy', 'kube-system']],
    false,
  ),
];

const ruleKey = (rule: unknown) => JSON.stringify(rule);

/**
 * The rules the clusterrole-aggregation controller gives a role with an aggregationRule: those
 * of the other roles its selectors match, taken in name order, duplicates dropped.
 */
export function aggregatedRules(role: KubeObject, roles: KubeObject[]): unknown[] {
  const selectors: unknown[] = role.aggregationRule?.clusterRoleSelectors ?? [];
  const rules: unknown[] = [];
  const seen = new Set<string>();
  const byName = [...roles].sort((a, b) =>
    (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1,
  );
  for (const other of byName) {
    if (
      other.metadata.name === role.metadata.name ||
      !selectors.some((s) => selectorMatches(s, other.metadata.labels))
    )
      continue;
    for (const rule of other.rules ?? []) {
      if (!seen.has(ruleKey(rule))) {
        seen.add(ruleKey(rule));
        rules.push(rule);
      }
    }
  }
  return rules;
}

/** Aggregates every aggregated role, repeating until aggregates of aggregates settle. */
export function aggregateClusterRoles(roles: KubeObject[]): KubeObject[] {
  const out = roles.map((role) => structuredClone(role));
  for (let pass = 0; pass < out.length; pass++) {
    let changed = false;
    for (const role of out) {
      if (!(role.aggregationRule?.clusterRoleSelectors ?? []).length) continue;
      const rules = aggregatedRules(role, out);
      if (ruleKey(rules) !== ruleKey(role.rules ?? [])) {
        role.rules = rules;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return out;
}

export const BOOTSTRAP_CLUSTER_ROLES: KubeObject[] = aggregateClusterRoles([
  ...SYSTEM_ROLES,
  ...KUBEADM_ROLES,
]);
