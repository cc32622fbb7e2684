/**
 * The API Priority and Fairness objects every kube-apiserver creates at start
 * (k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go): the mandatory `exempt` and
 * `catch-all` priority levels and flow schemas, and the suggested ones, annotated for
 * auto-update as upstream's.
 */
import type { KubeObject } from '../api/object';

const API_VERSION = 'flowcontrol.apiserver.k8s.io/v1';
/** flowcontrol.AutoUpdateAnnotationKey */
export const AUTO_UPDATE_ANNOTATION = 'apf.kubernetes.io/autoupdate-spec';
export const MANDATORY_NAMES = ['exempt', 'catch-all'];

const meta = (name: string) => ({ name, annotations: { [AUTO_UPDATE_ANNOTATION]: 'true' } });

function limited(
  name: string,
  shares: number,
  lendablePercent: number,
  queuing?: [queues: number, handSize: number, queueLengthLimit: number],
): KubeObject {
  return {
    apiVersion: API_VERSION,
    kind: 'PriorityLevelConfiguration',
    metadata: meta(name),
    spec: {
      type: 'Limited',
      limited: {
        nominalConcurrencyShares: shares,
        lendablePercent,
        limitResponse: queuing
          ? {
              type: 'Queue',
              queuing: { queues: queuing[0], handSize: queuing[1], queueLengthLimit: queuing[2] },
            }
          : { type: 'Reject' },
      },
    },
  };
}

export const BOOTSTRAP_PRIORITY_LEVELS: KubeObject[] = [
  limited('catch-all', 5, 0),
  {
    apiVersion: API_VERSION,
    kind: 'PriorityLevelConfiguration',
    metadata: meta('exempt'),
    spec: { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } },
  },
  limited('system', 30, 33, [64, 6, 50]),
  limited('node-high', 40, 25, [64, 6, 50]),
  limited('leader-election', 10, 0, [16, 4, 50]),
  limited('workload-high', 40, 50, [128, 6, 50]),
  limited('workload-low', 100, 90, [128, 6, 50]),
  limited('global-default', 20, 50, [128, 6, 50]),
];

type Subject = Record<string, unknown>;
const groups = (...names: string[]): Subject[] =>
  names.map((name) => ({ kind: 'Group', group: { name } }));
const users = (...names: string[]): Subject[] =>
  names.map((name) => ({ kind: 'User', user: { name } }));
const kubeSystemServiceAccounts = (...names: string[]): Subject[] =>
  names.map((name) => ({
    kind: 'ServiceAccount',
    serviceAccount: { name, namespace: 'kube-system' },
  }));

function resourceRule(
  verbs: string[],
  apiGroups: string[],
  resources: string[],
  clusterScope: boolean,
): Record<string, unknown> {
  const rule: Record<string, unknown> = { verbs, apiGroups, resources, namespaces: ['*'] };
  if (clusterScope) rule.clusterScope = true;
  return rule;
}
const everyResource = () => [resourceRule(['*'], ['*'], ['*'], true)];
const everyNonResource = () => [{ verbs: ['*'], nonResourceURLs: ['*'] }];
const everything = (subjects: Subject[]) => ({
  subjects,
  resourceRules: everyResource(),
  nonResourceRules: everyNonResource(),
});

function flowSchema(
  name: string,
  priorityLevel: string,
  matchingPrecedence: number,
  distinguisher: string,
  rules: Record<string, unknown>,
): KubeObject {
  const spec: Record<string, unknown> = {
    priorityLevelConfiguration: { name: priorityLevel },
    matchingPrecedence,
  };
  if (distinguisher) spec.distinguisherMethod = { type: distinguisher };
  spec.rules = [rules];
  return { apiVersion: API_VERSION, kind: 'FlowSchema', metadata: meta(name), spec };
}

const AUTHENTICATED = ['system:unauthenticated', 'system:authenticated'];
const KCM = 'system:kube-controller-manager';
const SCHEDULER = 'system:kube-scheduler';

export const BOOTSTRAP_FLOW_SCHEMAS: KubeObject[] = [
  flowSchema('exempt', 'exempt', 1, '', everything(groups('system:masters'))),
  flowSchema('catch-all', 'catch-all', 10000, 'ByUser', everything(groups(...AUTHENTICATED))),
  flowSchema('system-nodes', 'system', 500, 'ByUser', everything(groups('system:nodes'))),
  flowSchema('system-node-high', 'node-high', 400, 'ByUser', {
    subjects: groups('system:nodes'),
    resourceRules: [
      resourceRule(['*'], [''], ['nodes', 'nodes/status'], true),
      resourceRule(['*'], ['coordination.k8s.io'], ['leases'], false),
    ],
  }),
  flowSchema('probes', 'exempt', 2, '', {
    subjects: groups(...AUTHENTICATED),
    nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/readyz', '/livez'] }],
  }),
  flowSchema('system-leader-election', 'leader-election', 100, 'ByUser', {
    subjects: [...users(KCM, SCHEDULER), ...kubeSystemServiceAccounts('*')],
    resourceRules: [
      resourceRule(['get', 'create', 'update'], ['coordination.k8s.io'], ['leases'], false),
    ],
  }),
  flowSchema('workload-leader-election', 'leader-election', 200, 'ByUser', {
    subjects: kubeSystemServiceAccounts('*'),
    resourceRules: [
      resourceRule(['get', 'create', 'update'], [''], ['endpoints', 'configmaps'], false),
      resourceRule(['get', 'create', 'update'], ['coordination.k8s.io'], ['leases'], false),
    ],
  }),
  flowSchema('endpoint-controller', 'workload-high', 150, 'ByUser', {
    subjects: [
      ...users(KCM),
      ...kubeSystemServiceAccounts('endpoint-controller', 'endpointslicemirroring-controller'),
    ],
    resourceRules: [resourceRule(['get', 'create', 'update'], [''], ['endpoints'], false)],
  }),
  flowSchema(
    'kube-controller-manager',
    'workload-high',
    800,
    'ByNamespace',
    everything(users(KCM)),
  ),
  flowSchema('kube-scheduler', 'workload-high', 800, 'ByNamespace', everything(users(SCHEDULER))),
  flowSchema(
    'kube-system-service-accounts',
    'workload-high',
    900,
    'ByNamespace',
    everything(kubeSystemServiceAccounts('*')),
  ),
  flowSchema(
    'service-accounts',
    'workload-low',
    9000,
    'ByUser',
    everything(groups('system:serviceaccounts')),
  ),
  flowSchema(
    'global-default',
    'global-default',
    9900,
    'ByUser',
    everything(groups(...AUTHENTICATED)),
  ),
];
