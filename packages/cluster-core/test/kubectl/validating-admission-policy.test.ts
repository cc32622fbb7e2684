/**
 * ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding with the real kubectl, following
 * the Kubernetes documentation's task "Validating Admission Policy" and its example manifests
 * (website content/en/examples/validatingadmissionpolicy/*.yaml).
 */
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

// basic-example-policy.yaml and basic-example-binding.yaml
const POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: "demo-policy.example.com"
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
  validations:
    - expression: "object.spec.replicas <= 5"
`;
const binding = (actions: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: "demo-binding-test.example.com"
spec:
  policyName: "demo-policy.example.com"
  validationActions: [${actions}]
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: test
`;
const deployment = (name: string, replicas: number, namespace = 'default') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
      - name: nginx
        image: nginx
`;

// policy-with-param.yaml, binding-with-param.yaml, replicalimit-param.yaml (with the ReplicaLimit
// CRD the page assumes)
const REPLICA_LIMIT_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: replicalimits.rules.example.com
spec:
  group: rules.example.com
  scope: Namespaced
  names: { plural: replicalimits, singular: replicalimit, kind: ReplicaLimit }
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          maxReplicas: { type: integer }
`;
const PARAM_POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: "replicalimit-policy.example.com"
spec:
  failurePolicy: Fail
  paramKind:
    apiVersion: rules.example.com/v1
    kind: ReplicaLimit
  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
  validations:
    - expression: "object.spec.replicas <= params.maxReplicas"
      reason: Invalid
`;
const PARAM_BINDING = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: "replicalimit-binding-test.example.com"
spec:
  policyName: "replicalimit-policy.example.com"
  validationActions: [Deny]
  paramRef:
    name: "replica-limit-test.example.com"
    namespace: "default"
    parameterNotFoundAction: Deny
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: test
`;
const PARAM = `apiVersion: rules.example.com/v1
kind: ReplicaLimit
metadata:
  name: "replica-limit-test.example.com"
  namespace: "default"
maxReplicas: 3
`;
// typechecking.yaml
const TYPECHECKING = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: "deploy-replica-policy.example.com"
spec:
  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
  validations:
  - expression: "object.replicas > 1" # should be "object.spec.replicas > 1"
    message: "must be replicated"
    reason: Invalid
`;

const DENIED =
  "ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5";

describe.each(KUBECTL_VERSIONS)('ValidatingAdmissionPolicy with kubectl %s', (version) => {
  let t: TestCluster;
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });

  beforeEach(async () => {
    t = await startCluster({ nodes: 1 });
    await ok(['label', 'namespace', 'default', 'environment=test']);
  });
  afterEach(async () => {
    await t.close();
  });

  test('the documentation example refuses a Deployment with too many replicas in a test namespace', async () => {
    expect(await ok(['apply', '-f', '-'], POLICY)).toBe(
      'validatingadmissionpolicy.admissionregistration.k8s.io/demo-policy.example.com created\n',
    );
    await ok(['apply', '-f', '-'], binding('Deny'));
    const refused = await k(['apply', '-f', '-'], deployment('web', 6));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`The deployments "web" is invalid: : ${DENIED}\n`);
    expect((await k(['get', 'deploy', 'web'])).code).toBe(1);
    // within the limit, and outside the selected namespaces, the Deployment is admitted
    await ok(['apply', '-f', '-'], deployment('web', 5));
    await ok(['create', 'namespace', 'prod']);
    await ok(['apply', '-f', '-'], deployment('big', 8, 'prod'));
    // an update past the limit is refused too, with the same message
    const scaled = await k(['scale', 'deploy', 'web', '--replicas=7']);
    expect(scaled.code).toBe(1);
    expect(scaled.stderr).toContain(DENIED);
    expect(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('5');
    // kubectl's own generator (a protobuf body from kubectl 1.33) meets the same policy
    const generated = await k(['create', 'deployment', 'nginx', '--image=nginx', '--replicas=6']);
    expect(generated.stderr).toBe(
      `error: failed to create deployment: deployments.apps "nginx" is forbidden: ${DENIED}\n`,
    );
  });

  test('Warn admits the request and kubectl prints the failure as a warning', async () => {
    await ok(['apply', '-f', '-'], POLICY);
    await ok(['apply', '-f', '-'], binding('Warn, Audit'));
    const created = await k(['apply', '-f', '-'], deployment('web', 6));
    expect(created.code).toBe(0);
    expect(created.stdout).toBe('deployment.apps/web created\n');
    expect(created.stderr).toBe(
      "Warning: Validation failed for ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com': failed expression: object.spec.replicas <= 5\n",
    );
  });

  test('kubectl get prints the policy and binding columns and api-resources lists both kinds', async () => {
    await ok(['apply', '-f', '-'], `${POLICY}---\n${binding('Deny')}`);
    const [header, row] = (await ok(['get', 'validatingadmissionpolicies'])).trim().split('\n');
    expect(columns(header)).toEqual(['NAME', 'VALIDATIONS', 'PARAMKIND', 'AGE']);
    expect(columns(row).slice(0, 3)).toEqual(['demo-policy.example.com', '1', '<unset>']);
    const [bHeader, bRow] = (await ok(['get', 'validatingadmissionpolicybindings']))
      .trim()
      .split('\n');
    expect(columns(bHeader)).toEqual(['NAME', 'POLICYNAME', 'PARAMREF', 'AGE']);
    expect(columns(bRow).slice(0, 3)).toEqual([
      'demo-binding-test.example.com',
      'demo-policy.example.com',
      '<unset>',
    ]);
    const resources = (await ok(['api-resources', '--api-group=admissionregistration.k8s.io']))
      .trim()
      .split('\n')
      .slice(1)
      .map(columns);
    expect(resources).toEqual(
      expect.arrayContaining([
        [
          'validatingadmissionpolicies',
          'admissionregistration.k8s.io/v1',
          'false',
          'ValidatingAdmissionPolicy',
        ],
        [
          'validatingadmissionpolicybindings',
          'admissionregistration.k8s.io/v1',
          'false',
          'ValidatingAdmissionPolicyBinding',
        ],
      ]),
    );
  });
});

describe('ValidatingAdmissionPolicy features with kubectl 1.33', () => {
  let t: TestCluster;
  const k = (args: string[], stdin?: string) => t.kubectl(args, { stdin });
  const ok = (args: string[], stdin?: string) => t.ok(args, { stdin });

  beforeAll(async () => {
    t = await startCluster({ nodes: 1 });
    await ok(['label', 'namespace', 'default', 'environment=test']);
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(async () => {
    await ok(['delete', 'validatingadmissionpolicybindings', '--all']);
    await ok(['delete', 'validatingadmissionpolicies', '--all']);
    await ok(['delete', 'deployments', '--all']);
  });

  test('params: the ReplicaLimit the binding names sets the limit, and a missing one denies', async () => {
    await ok(['apply', '-f', '-'], REPLICA_LIMIT_CRD);
    await eventually(
      () => k(['get', 'replicalimits']),
      (r) => r.code === 0,
    );
    await ok(['apply', '-f', '-'], `${PARAM_POLICY}---\n${PARAM_BINDING}`);
    const missing = await k(['apply', '-f', '-'], deployment('web', 2));
    expect(missing.stderr).toBe(
      "The deployments \"web\" is invalid: : ValidatingAdmissionPolicy 'replicalimit-policy.example.com' with binding 'replicalimit-binding-test.example.com' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction\n",
    );
    await ok(['apply', '-f', '-'], PARAM);
    const refused = await k(['apply', '-f', '-'], deployment('web', 4));
    expect(refused.stderr).toBe(
      "The deployments \"web\" is invalid: : ValidatingAdmissionPolicy 'replicalimit-policy.example.com' with binding 'replicalimit-binding-test.example.com' denied request: failed expression: object.spec.replicas <= params.maxReplicas\n",
    );
    await ok(['apply', '-f', '-'], deployment('web', 3));
    const [, row] = (await ok(['get', 'validatingadmissionpolicybindings'])).trim().split('\n');
    expect(columns(row).slice(0, 3)).toEqual([
      'replicalimit-binding-test.example.com',
      'replicalimit-policy.example.com',
      'default/replica-limit-test.example.com',
    ]);
    // binding-with-param-prod.yaml and replicalimit-param-prod.yaml: every other namespace
    // gets the production limit
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: "replicalimit-binding-nontest"
spec:
  policyName: "replicalimit-policy.example.com"
  validationActions: [Deny]
  paramRef:
    name: "replica-limit-prod.example.com"
    namespace: "default"
    parameterNotFoundAction: Deny
  matchResources:
    namespaceSelector:
      matchExpressions:
      - key: environment
        operator: NotIn
        values:
        - test
---
apiVersion: rules.example.com/v1
kind: ReplicaLimit
metadata:
  name: "replica-limit-prod.example.com"
  namespace: default
maxReplicas: 100
`,
    );
    await ok(['create', 'namespace', 'shop']);
    await ok(['apply', '-f', '-'], deployment('shop', 50, 'shop'));
    const tooMany = await k(['apply', '-f', '-'], deployment('shop', 150, 'shop'));
    expect(tooMany.stderr).toContain(
      "ValidatingAdmissionPolicy 'replicalimit-policy.example.com' with binding 'replicalimit-binding-nontest' denied request: failed expression: object.spec.replicas <= params.maxReplicas",
    );
    await ok(['delete', 'namespace', 'shop', '--wait=false']);
  });

  test('a Deployment with too few replicas is refused with the messageExpression and reason', async () => {
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: min-replicas
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE", "UPDATE"]
      resources: ["deployments"]
  matchConditions:
  - name: not-exempt
    expression: "!has(object.metadata.labels) || !('exempt' in object.metadata.labels)"
  variables:
  - name: replicas
    expression: "object.spec.replicas"
  validations:
  - expression: "variables.replicas >= 2"
    messageExpression: "'Deployment ' + object.metadata.name + ' needs at least 2 replicas, has ' + string(variables.replicas)"
    reason: Forbidden
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: min-replicas
spec:
  policyName: min-replicas
  validationActions: [Deny]
`,
    );
    const refused = await k(['apply', '-f', '-'], deployment('single', 1));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'Error from server (Forbidden): error when creating "STDIN": deployments.apps "single" is forbidden: ValidatingAdmissionPolicy \'min-replicas\' with binding \'min-replicas\' denied request: Deployment single needs at least 2 replicas, has 1\n',
    );
    // matchConditions: an exempt Deployment is not evaluated
    await ok(
      ['apply', '-f', '-'],
      deployment('single', 1).replace(
        '  name: single\n',
        '  name: single\n  labels: { exempt: "yes" }\n',
      ),
    );
  });

  test('the quantity library compares container memory limits', async () => {
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: memory-limit
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: [""]
      apiVersions: ["v1"]
      operations: ["CREATE"]
      resources: ["pods"]
  validations:
  - expression: >-
      object.spec.containers.all(c, has(c.resources.limits) && has(c.resources.limits.memory)
      && quantity(c.resources.limits.memory).compareTo(quantity('1Gi')) <= 0)
    message: every container needs a memory limit of at most 1Gi
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: memory-limit
spec:
  policyName: memory-limit
  validationActions: [Deny]
`,
    );
    const pod = (memory: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n  - name: app\n    image: nginx\n    resources:\n      limits: { memory: ${memory} }\n`;
    const refused = await k(['apply', '-f', '-'], pod('2Gi'));
    expect(refused.stderr).toBe(
      "The pods \"big\" is invalid: : ValidatingAdmissionPolicy 'memory-limit' with binding 'memory-limit' denied request: every container needs a memory limit of at most 1Gi\n",
    );
    await ok(['apply', '-f', '-'], pod('512Mi'));
    await ok(['delete', 'pod', 'big', '--grace-period=0', '--force']);
  });

  test('matchPolicy Equivalent applies a policy on autoscaling/v1 to HPAs written as v2', async () => {
    const policy = (matchPolicy: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: hpa-max
spec:
  matchConstraints:
    matchPolicy: ${matchPolicy}
    resourceRules:
    - apiGroups: ["autoscaling"]
      apiVersions: ["v1"]
      operations: ["CREATE"]
      resources: ["horizontalpodautoscalers"]
  validations:
  - expression: "object.spec.maxReplicas <= 5 && request.kind.version == 'v1' && request.requestKind.version == 'v2'"
    messageExpression: "'at most 5 replicas, not ' + string(object.spec.maxReplicas) + ' (seen as ' + request.kind.version + ')'"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: hpa-max
spec:
  policyName: hpa-max
  validationActions: [Deny]
`;
    const hpa = (max: number) =>
      `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }\n  minReplicas: 1\n  maxReplicas: ${max}\n`;
    await ok(['apply', '-f', '-'], policy('Equivalent'));
    const refused = await k(['create', '-f', '-'], hpa(10));
    expect(refused.stderr).toContain(
      "ValidatingAdmissionPolicy 'hpa-max' with binding 'hpa-max' denied request: at most 5 replicas, not 10 (seen as v1)",
    );
    await ok(['create', '-f', '-'], hpa(4));
    await ok(['delete', 'hpa', 'web']);
    await ok(['apply', '-f', '-'], policy('Exact'));
    await ok(['create', '-f', '-'], hpa(10));
    await ok(['delete', 'hpa', 'web']);
  });

  test('the authorizer variable checks what the requesting user may do', async () => {
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: protected-configmaps
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: [""]
      apiVersions: ["v1"]
      operations: ["CREATE"]
      resources: ["configmaps"]
  matchConditions:
  - name: protected
    expression: "has(object.metadata.labels) && 'protected' in object.metadata.labels"
  validations:
  - expression: "authorizer.requestResource.check('create').allowed() && authorizer.group('').resource('secrets').namespace(object.metadata.namespace).check('delete').allowed()"
    messageExpression: "request.userInfo.username + ' may not delete secrets, so may not create protected configmaps'"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: protected-configmaps
spec:
  policyName: protected-configmaps
  validationActions: [Deny]
`,
    );
    await ok(['create', 'role', 'cm-writer', '--verb=create', '--resource=configmaps']);
    await ok(['create', 'rolebinding', 'alice-cm', '--role=cm-writer', '--user=alice']);
    const asAlice = (name: string) =>
      k(['create', 'configmap', name, '--as=alice', '--dry-run=server', '-o', 'name']);
    expect((await asAlice('plain')).code).toBe(0);
    const labelled = await k(
      ['create', '--as=alice', '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: guarded\n  labels: { protected: "yes" }\n',
    );
    expect(labelled.stderr).toContain(
      "ValidatingAdmissionPolicy 'protected-configmaps' with binding 'protected-configmaps' denied request: alice may not delete secrets, so may not create protected configmaps",
    );
    await ok(['create', 'role', 'secret-admin', '--verb=delete', '--resource=secrets']);
    await ok(['create', 'rolebinding', 'alice-secrets', '--role=secret-admin', '--user=alice']);
    await t.ok(['create', '--as=alice', '-f', '-'], {
      stdin:
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: guarded\n  labels: { protected: "yes" }\n',
    });
  });

  test('the type checker reports an undefined field in the policy status', async () => {
    await ok(['apply', '-f', '-'], TYPECHECKING);
    const status = JSON.parse(
      await ok([
        'get',
        'validatingadmissionpolicy',
        'deploy-replica-policy.example.com',
        '-o',
        'jsonpath={.status}',
      ]),
    );
    expect(status).toEqual({
      observedGeneration: 1,
      typeChecking: {
        expressionWarnings: [
          {
            fieldRef: 'spec.validations[0].expression',
            warning:
              "apps/v1, Kind=Deployment: ERROR: <input>:1:7: undefined field 'replicas'\n | object.replicas > 1\n | ......^\n",
          },
        ],
      },
    });
    // fixed as the comment says, the next generation checks clean
    await ok(
      ['apply', '-f', '-'],
      TYPECHECKING.replace('"object.replicas > 1"', '"object.spec.replicas > 1"'),
    );
    const fixed = JSON.parse(
      await ok([
        'get',
        'validatingadmissionpolicy',
        'deploy-replica-policy.example.com',
        '-o',
        'jsonpath={.status}',
      ]),
    );
    expect(fixed).toEqual({ observedGeneration: 2, typeChecking: {} });
  });

  test('type checking names every matched kind (typechecking-multiple-match.yaml)', async () => {
    await ok(
      ['apply', '-f', '-'],
      TYPECHECKING.replace(
        'deploy-replica-policy.example.com',
        'replica-policy.example.com',
      ).replace('resources:   ["deployments"]', 'resources:   ["deployments", "replicasets"]'),
    );
    const warning = await ok([
      'get',
      'validatingadmissionpolicy',
      'replica-policy.example.com',
      '-o',
      'jsonpath={.status.typeChecking.expressionWarnings[0].warning}',
    ]);
    const issue =
      "ERROR: <input>:1:7: undefined field 'replicas'\n | object.replicas > 1\n | ......^\n";
    expect(warning).toBe(`apps/v1, Kind=Deployment: ${issue}\napps/v1, Kind=ReplicaSet: ${issue}`);
  });

  test('a policy is validated: required fields, actions and CEL that does not compile', async () => {
    const invalid = await k(
      ['apply', '-f', '-'],
      `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: broken
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE", "PATCH"]
      resources: ["deployments"]
  validations:
  - expression: "params.max > 1"
`,
    );
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('The ValidatingAdmissionPolicy "broken" is invalid:');
    expect(invalid.stderr).toContain(
      'spec.matchConstraints.resourceRules[0].operations[1]: Unsupported value: "PATCH": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"',
    );
    expect(invalid.stderr).toContain(
      "spec.validations[0].expression: Invalid value: \"params.max > 1\": compilation failed: ERROR: <input>:1:1: undeclared reference to 'params' (in container '')",
    );
    const both = await k(
      ['apply', '-f', '-'],
      `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: both
spec:
  policyName: demo
  validationActions: [Deny, Warn]
`,
    );
    expect(both.stderr).toContain(
      'spec.validationActions: Invalid value: []string{"Deny", "Warn"}: must not contain both Deny and Warn',
    );
  });

  test('failurePolicy decides what a runtime error does', async () => {
    const policy = (failurePolicy: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: needs-team
spec:
  failurePolicy: ${failurePolicy}
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE"]
      resources: ["deployments"]
  validations:
  - expression: "object.metadata.labels.team != ''"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: needs-team
spec:
  policyName: needs-team
  validationActions: [Deny]
  matchResources:
    objectSelector:
      matchExpressions:
      - { key: exempt, operator: DoesNotExist }
`;
    await ok(['apply', '-f', '-'], policy('Fail'));
    const failed = await k(['apply', '-f', '-'], deployment('web', 1));
    expect(failed.stderr).toBe(
      "The deployments \"web\" is invalid: : ValidatingAdmissionPolicy 'needs-team' with binding 'needs-team' denied request: expression 'object.metadata.labels.team != ''' resulted in error: no such key: labels\n",
    );
    await ok(['apply', '-f', '-'], policy('Ignore'));
    await ok(['apply', '-f', '-'], deployment('web', 1));
  });
});
