/**
 * The pure parts of ValidatingAdmissionPolicy: CEL values as Kubernetes objects give them, rule
 * matching (scope, subresources, resourceNames, exclusions, selectors) and the dispatcher's
 * decisions, against an in-memory StrategyContext.
 */
import { StatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { compile, toCel } from './admission-policy-cel';
import { type MatchResources, matchResourcesMatch } from './admission-policy-matching';
import { fakeContext } from './fake-strategy-context';
import type { AdmissionRequest } from './types';
import { admitWithPolicies } from './validating-admission-policy-dispatch';

const GROUP = 'admissionregistration.k8s.io';

function request(overrides: Partial<AdmissionRequest> = {}): AdmissionRequest {
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'dev', labels: { tier: 'web' } },
    data: { size: '3' },
  };
  return {
    operation: 'CREATE',
    resource: { group: '', version: 'v1', resource: 'configmaps' },
    subResource: '',
    kind: { group: '', version: 'v1', kind: 'ConfigMap' },
    namespaced: true,
    namespace: 'dev',
    name: 'settings',
    object,
    oldObject: null,
    dryRun: false,
    warnings: [],
    equivalents: () => [],
    ...overrides,
  };
}

const namespace = (name: string, labels: Record<string, string> = {}) => ({
  group: '',
  plural: 'namespaces',
  object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } } as KubeObject,
});

const rule = (extra: Record<string, unknown> = {}) => ({
  apiGroups: [''],
  apiVersions: ['v1'],
  operations: ['CREATE', 'UPDATE'],
  resources: ['configmaps'],
  ...extra,
});

describe('CEL over Kubernetes objects', () => {
  test('integers are CEL ints, so they compare and print as ints', () => {
    const vars = toCel({ object: { spec: { replicas: 6, ratio: 0.5 } } }) as Record<
      string,
      unknown
    >;
    expect(compile('object.spec.replicas <= 5', false).run?.(vars)).toBe(false);
    expect(compile('string(object.spec.replicas)', false).run?.(vars)).toBe('6');
    expect(compile('object.spec.ratio < 1.0', false).run?.(vars)).toBe(true);
  });

  test('params is an undeclared reference unless the policy has a paramKind', () => {
    expect(compile('params.max > 1', false).error).toBe(
      "compilation failed: ERROR: <input>:1:1: undeclared reference to 'params' (in container '')\n | params.max > 1\n | ^",
    );
    expect(compile('params.max > 1', true).error).toBeUndefined();
  });
});

describe('matchResources', () => {
  const ctx = fakeContext([namespace('dev', { env: 'test' }), namespace('prod')]);
  const match = (mc: MatchResources, req = request()) => matchResourcesMatch(mc, req, ctx);

  test('operations, subresources and resourceNames narrow a rule', () => {
    expect(match({ resourceRules: [rule()] })).toBe(true);
    expect(match({ resourceRules: [rule({ operations: ['DELETE'] })] })).toBe(false);
    expect(match({ resourceRules: [rule({ resourceNames: ['other'] })] })).toBe(false);
    const status = request({ subResource: 'status' });
    expect(match({ resourceRules: [rule()] }, status)).toBe(false);
    expect(match({ resourceRules: [rule({ resources: ['configmaps/*'] })] }, status)).toBe(true);
  });

  test('scope Cluster skips namespaced objects and excludeResourceRules win', () => {
    expect(match({ resourceRules: [rule({ scope: 'Cluster' })] })).toBe(false);
    expect(match({ resourceRules: [rule()], excludeResourceRules: [rule()] })).toBe(false);
  });

  test('selectors read the namespace labels and, on DELETE, the old object', () => {
    const test = { matchLabels: { env: 'test' } };
    expect(match({ resourceRules: [rule()], namespaceSelector: test })).toBe(true);
    expect(
      match({ resourceRules: [rule()], namespaceSelector: test }, request({ namespace: 'prod' })),
    ).toBe(false);
    const deletion = request({ operation: 'DELETE', oldObject: request().object, object: null });
    expect(
      match(
        {
          resourceRules: [rule({ operations: ['DELETE'] })],
          objectSelector: { matchLabels: { tier: 'web' } },
        },
        deletion,
      ),
    ).toBe(true);
    expect(() =>
      match({ resourceRules: [rule()], namespaceSelector: test }, request({ namespace: 'gone' })),
    ).toThrow('namespaces "gone" not found');
  });
});

describe('the dispatcher', () => {
  const policy = (spec: Record<string, unknown>) => ({
    group: GROUP,
    plural: 'validatingadmissionpolicies',
    object: {
      apiVersion: `${GROUP}/v1`,
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'size' },
      spec: { failurePolicy: 'Fail', matchConstraints: { resourceRules: [rule()] }, ...spec },
    } as KubeObject,
  });
  const binding = (actions: string[]) => ({
    group: GROUP,
    plural: 'validatingadmissionpolicybindings',
    object: {
      apiVersion: `${GROUP}/v1`,
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: 'size-binding' },
      spec: { policyName: 'size', validationActions: actions },
    } as KubeObject,
  });
  const admit = (objects: ReturnType<typeof policy>[], req = request()) => {
    admitWithPolicies(req, fakeContext([namespace('dev'), ...objects]));
    return req.warnings;
  };

  test('a multi-line messageExpression result falls back to the message', () => {
    const validations = [
      { expression: 'int(object.data.size) < 2', messageExpression: "'a\\nb'", message: 'too big' },
    ];
    let err: unknown;
    try {
      admit([policy({ validations }), binding(['Deny'])]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).code).toBe(422);
    expect((err as StatusError).message).toBe(
      "configmaps \"settings\" is forbidden: ValidatingAdmissionPolicy 'size' with binding 'size-binding' denied request: too big",
    );
  });

  test('Warn and Audit admit; a runtime error under failurePolicy Ignore admits silently', () => {
    const validations = [{ expression: 'int(object.data.size) < 2' }];
    expect(admit([policy({ validations }), binding(['Warn', 'Audit'])])).toEqual([
      "Validation failed for ValidatingAdmissionPolicy 'size' with binding 'size-binding': failed expression: int(object.data.size) < 2",
    ]);
    const broken = [{ expression: 'object.data.missing == "x"' }];
    expect(
      admit([policy({ validations: broken, failurePolicy: 'Ignore' }), binding(['Deny'])]),
    ).toEqual([]);
  });
});
