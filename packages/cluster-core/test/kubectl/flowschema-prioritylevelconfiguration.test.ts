/**
 * FlowSchema and PriorityLevelConfiguration with the real kubectl: the configuration a 1.33
 * kube-apiserver creates, listed as upstream prints it, and the Kubernetes documentation's
 * API Priority and Fairness examples (website content/en/examples/priority-and-fairness).
 */
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

// priority-and-fairness/health-for-strangers.yaml
const HEALTH_FOR_STRANGERS = `apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: health-for-strangers
spec:
  matchingPrecedence: 1000
  priorityLevelConfiguration:
    name: exempt
  rules:
    - nonResourceRules:
      - nonResourceURLs:
          - "/healthz"
          - "/livez"
          - "/readyz"
        verbs:
          - "*"
      subjects:
        - kind: Group
          group:
            name: "system:unauthenticated"
`;
// priority-and-fairness/list-events-default-service-account.yaml
const LIST_EVENTS = `apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: list-events-default-service-account
spec:
  distinguisherMethod:
    type: ByUser
  matchingPrecedence: 8000
  priorityLevelConfiguration:
    name: catch-all
  rules:
    - resourceRules:
      - apiGroups:
          - '*'
        namespaces:
          - default
        resources:
          - events
        verbs:
          - list
      subjects:
        - kind: ServiceAccount
          serviceAccount:
            name: default
            namespace: default
`;

const table = (out: string) => out.trim().split('\n').map(columns);
/** The columns that do not age. */
const withoutAge = (rows: string[][], ageIndex: number) =>
  rows.map((r) => r.filter((_, i) => i !== ageIndex));

describe.each(KUBECTL_VERSIONS)('API Priority and Fairness objects with kubectl %s', (version) => {
  let t: TestCluster;
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });

  beforeAll(async () => {
    t = await startCluster({ nodes: 1 });
  });
  afterAll(async () => {
    await t.close();
  });

  test('kubectl get flowschemas lists the default schemas by matching precedence', async () => {
    const rows = await eventually(
      async () => table(await ok(['get', 'flowschemas'])),
      (r) => r.slice(1).every((row) => row[5] === 'False'),
    );
    expect(withoutAge(rows, 4)).toEqual([
      ['NAME', 'PRIORITYLEVEL', 'MATCHINGPRECEDENCE', 'DISTINGUISHERMETHOD', 'MISSINGPL'],
      ['exempt', 'exempt', '1', '<none>', 'False'],
      ['probes', 'exempt', '2', '<none>', 'False'],
      ['system-leader-election', 'leader-election', '100', 'ByUser', 'False'],
      ['endpoint-controller', 'workload-high', '150', 'ByUser', 'False'],
      ['workload-leader-election', 'leader-election', '200', 'ByUser', 'False'],
      ['system-node-high', 'node-high', '400', 'ByUser', 'False'],
      ['system-nodes', 'system', '500', 'ByUser', 'False'],
      ['kube-controller-manager', 'workload-high', '800', 'ByNamespace', 'False'],
      ['kube-scheduler', 'workload-high', '800', 'ByNamespace', 'False'],
      ['kube-system-service-accounts', 'workload-high', '900', 'ByNamespace', 'False'],
      ['service-accounts', 'workload-low', '9000', 'ByUser', 'False'],
      ['global-default', 'global-default', '9900', 'ByUser', 'False'],
      ['catch-all', 'catch-all', '10000', 'ByUser', 'False'],
    ]);
  });

  test('kubectl get prioritylevelconfigurations shows the levels and their queuing', async () => {
    expect(withoutAge(table(await ok(['get', 'prioritylevelconfigurations'])), 6)).toEqual([
      ['NAME', 'TYPE', 'NOMINALCONCURRENCYSHARES', 'QUEUES', 'HANDSIZE', 'QUEUELENGTHLIMIT'],
      ['catch-all', 'Limited', '5', '<none>', '<none>', '<none>'],
      ['exempt', 'Exempt', '<none>', '<none>', '<none>', '<none>'],
      ['global-default', 'Limited', '20', '128', '6', '50'],
      ['leader-election', 'Limited', '10', '16', '4', '50'],
      ['node-high', 'Limited', '40', '64', '6', '50'],
      ['system', 'Limited', '30', '64', '6', '50'],
      ['workload-high', 'Limited', '40', '128', '6', '50'],
      ['workload-low', 'Limited', '100', '128', '6', '50'],
    ]);
  });

  test('the documentation examples apply, and a schema naming a missing level is dangling', async () => {
    expect(await ok(['apply', '-f', '-'], HEALTH_FOR_STRANGERS)).toBe(
      'flowschema.flowcontrol.apiserver.k8s.io/health-for-strangers created\n',
    );
    await ok(['apply', '-f', '-'], LIST_EVENTS);
    await ok(
      ['apply', '-f', '-'],
      LIST_EVENTS.replace('name: list-events-default-service-account', 'name: to-nowhere').replace(
        'name: catch-all',
        'name: nowhere',
      ),
    );
    const dangling = await eventually(
      () =>
        ok([
          'get',
          'flowschema',
          'to-nowhere',
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Dangling")].message}',
        ]),
      (m) => m !== '',
    );
    expect(dangling).toBe(
      'This FlowSchema references the PriorityLevelConfiguration object named "nowhere" but there is no such object',
    );
    const row = table(await ok(['get', 'flowschema', 'to-nowhere']))[1];
    expect(row[5]).toBe('True');
    // creating the level resolves it
    await ok(
      ['apply', '-f', '-'],
      'apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: PriorityLevelConfiguration\nmetadata:\n  name: nowhere\nspec:\n  type: Limited\n  limited:\n    limitResponse:\n      type: Queue\n      queuing: {}\n',
    );
    await eventually(
      async () => table(await ok(['get', 'flowschema', 'to-nowhere']))[1][5],
      (v) => v === 'False',
    );
    // defaults as SetDefaults_LimitedPriorityLevelConfiguration and _QueuingConfiguration
    const level = JSON.parse(
      await ok(['get', 'prioritylevelconfiguration', 'nowhere', '-o', 'json']),
    );
    expect(level.spec.limited).toEqual({
      nominalConcurrencyShares: 30,
      lendablePercent: 0,
      limitResponse: { type: 'Queue', queuing: { queues: 64, handSize: 8, queueLengthLimit: 50 } },
    });
  });

  test('a request is classified by the first matching schema, as the response headers show', async () => {
    const uid = async (kind: string, name: string) =>
      ok(['get', kind, name, '-o', 'jsonpath={.metadata.uid}']);
    await ok(['apply', '-f', '-'], LIST_EVENTS);
    // the admin is in system:masters: the exempt schema and level
    const admin = await k(['get', 'pods', '-v=8']);
    expect(admin.stderr).toContain(
      `X-Kubernetes-Pf-Flowschema-Uid: ${await uid('flowschema', 'exempt')}`,
    );
    expect(admin.stderr).toContain(
      `X-Kubernetes-Pf-Prioritylevel-Uid: ${await uid('prioritylevelconfiguration', 'exempt')}`,
    );
    // the documentation's schema (precedence 8000) takes the default service account's event
    // lists before service-accounts (9000), even when RBAC then refuses the request
    const events = await k([
      'get',
      'events',
      '-n',
      'default',
      '--as=system:serviceaccount:default:default',
      '-v=8',
    ]);
    expect(events.stderr).toContain(
      `X-Kubernetes-Pf-Flowschema-Uid: ${await uid('flowschema', 'list-events-default-service-account')}`,
    );
    expect(events.stderr).toContain(
      `X-Kubernetes-Pf-Prioritylevel-Uid: ${await uid('prioritylevelconfiguration', 'catch-all')}`,
    );
    const pods = await k(['get', 'pods', '--as=system:serviceaccount:default:default', '-v=8']);
    expect(pods.stderr).toContain(
      `X-Kubernetes-Pf-Flowschema-Uid: ${await uid('flowschema', 'service-accounts')}`,
    );
  });

  test('invalid schemas are refused with upstream messages; a deleted mandatory level comes back', async () => {
    const invalid = await k(
      ['apply', '-f', '-'],
      'apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: FlowSchema\nmetadata:\n  name: broken\nspec:\n  matchingPrecedence: 20000\n  priorityLevelConfiguration:\n    name: ""\n  rules:\n  - subjects: []\n',
    );
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('The FlowSchema "broken" is invalid:');
    expect(invalid.stderr).toContain(
      'spec.matchingPrecedence: Invalid value: 20000: must not be greater than 10000',
    );
    expect(invalid.stderr).toContain(
      'spec.priorityLevelConfiguration.name: Required value: must reference a priority level',
    );
    expect(invalid.stderr).toContain(
      'spec.rules[0].subjects: Required value: subjects must contain at least one value',
    );
    await ok(['delete', 'prioritylevelconfiguration', 'catch-all']);
    await eventually(
      () => k(['get', 'prioritylevelconfiguration', 'catch-all']),
      (r) => r.code === 0,
    );
    const resources = table(
      await ok(['api-resources', '--api-group=flowcontrol.apiserver.k8s.io']),
    );
    expect(resources.slice(1)).toEqual([
      ['flowschemas', 'flowcontrol.apiserver.k8s.io/v1', 'false', 'FlowSchema'],
      [
        'prioritylevelconfigurations',
        'flowcontrol.apiserver.k8s.io/v1',
        'false',
        'PriorityLevelConfiguration',
      ],
    ]);
  });
});
