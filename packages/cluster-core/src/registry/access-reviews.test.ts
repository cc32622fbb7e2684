import { describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../api/object';
import { impersonatedUser } from '../auth/rbac';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES } from './bootstrap-rbac';
import { fakeContext } from './fake-strategy-context';
import { localSubjectAccessReviews } from './localsubjectaccessreviews';
import { selfSubjectAccessReviews } from './selfsubjectaccessreviews';
import { selfSubjectRulesReviews } from './selfsubjectrulesreviews';
import { subjectAccessReviews } from './subjectaccessreviews';
import { tokenReviews } from './tokenreviews';

const G = 'rbac.authorization.k8s.io';
const policy = [
  ...BOOTSTRAP_CLUSTER_ROLES.map((object) => ({ group: G, plural: 'clusterroles', object })),
  ...BOOTSTRAP_CLUSTER_ROLE_BINDINGS.map((object) => ({
    group: G,
    plural: 'clusterrolebindings',
    object,
  })),
  {
    group: G,
    plural: 'rolebindings',
    object: {
      apiVersion: `${G}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'jane-view', namespace: 'dev' },
      roleRef: { apiGroup: G, kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', name: 'jane', apiGroup: G }],
    },
  },
];
const review = (kind: string, spec: unknown, namespace?: string): KubeObject => ({
  apiVersion: 'authorization.k8s.io/v1',
  kind,
  metadata: namespace ? { namespace } : {},
  spec,
});

describe('SelfSubjectAccessReview', () => {
  test('answers for the requesting user', () => {
    const ctx = fakeContext(policy, impersonatedUser('jane'));
    const yes = selfSubjectAccessReviews.computeOnCreate?.(
      review('SelfSubjectAccessReview', {
        resourceAttributes: { namespace: 'dev', verb: 'list', resource: 'pods' },
      }),
      ctx,
    );
    expect(yes?.status).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "jane-view/dev" of ClusterRole "view" to User "jane"',
    });
    const no = selfSubjectAccessReviews.computeOnCreate?.(
      review('SelfSubjectAccessReview', {
        resourceAttributes: { namespace: 'dev', verb: 'delete', resource: 'pods' },
      }),
      ctx,
    );
    expect(no?.status).toEqual({ allowed: false });
  });

  test('exactly one kind of attributes is allowed', () => {
    expect(() =>
      selfSubjectAccessReviews.computeOnCreate?.(
        review('SelfSubjectAccessReview', {}),
        fakeContext(),
      ),
    ).toThrow(
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  });
});

describe('SubjectAccessReview and LocalSubjectAccessReview', () => {
  test('answer for the user in spec', () => {
    const sar = subjectAccessReviews.computeOnCreate?.(
      review('SubjectAccessReview', {
        user: 'jane',
        groups: ['system:authenticated'],
        resourceAttributes: { namespace: 'dev', verb: 'get', resource: 'secrets' },
      }),
      fakeContext(policy),
    );
    expect(sar?.status).toEqual({ allowed: false });
  });

  test('a user or group is required, and the local namespace must match', () => {
    expect(() =>
      subjectAccessReviews.computeOnCreate?.(
        review('SubjectAccessReview', { nonResourceAttributes: { path: '/x', verb: 'get' } }),
        fakeContext(),
      ),
    ).toThrow('spec.user: Invalid value: "": at least one of user or group must be specified');
    expect(() =>
      localSubjectAccessReviews.computeOnCreate?.(
        review(
          'LocalSubjectAccessReview',
          {
            user: 'jane',
            resourceAttributes: { namespace: 'other', verb: 'get', resource: 'pods' },
          },
          'dev',
        ),
        fakeContext(),
      ),
    ).toThrow('spec.resourceAttributes.namespace must match namespace: dev');
  });
});

describe('SelfSubjectRulesReview', () => {
  test('lists the rules held in the namespace', () => {
    const out = selfSubjectRulesReviews.computeOnCreate?.(
      review('SelfSubjectRulesReview', { namespace: 'dev' }),
      fakeContext(policy, impersonatedUser('jane')),
    );
    expect(out?.status.incomplete).toBe(false);
    expect(out?.status.resourceRules).toContainEqual({
      verbs: ['create'],
      apiGroups: ['authentication.k8s.io'],
      resources: ['selfsubjectreviews'],
    });
    expect(out?.status.resourceRules).toContainEqual(
      expect.objectContaining({ apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'] }),
    );
  });

  test('system:masters holds everything', () => {
    const out = selfSubjectRulesReviews.computeOnCreate?.(
      review('SelfSubjectRulesReview', { namespace: 'default' }),
      fakeContext(),
    );
    expect(out?.status.resourceRules[0]).toEqual({
      verbs: ['*'],
      apiGroups: ['*'],
      resources: ['*'],
    });
    expect(out?.status.nonResourceRules[0]).toEqual({ verbs: ['*'], nonResourceURLs: ['*'] });
  });
});

describe('TokenReview', () => {
  test('an unknown token is not authenticated; an empty one is a bad request', () => {
    const tr: KubeObject = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      metadata: {},
      spec: { token: 'abc' },
    };
    expect(tokenReviews.computeOnCreate?.(tr, fakeContext())?.status).toEqual({
      user: {},
      error: 'invalid bearer token',
    });
    expect(() => tokenReviews.computeOnCreate?.({ ...tr, spec: {} }, fakeContext())).toThrow(
      'token is required for TokenReview in authentication',
    );
  });

  test('a token the server authenticates names its user', () => {
    const ctx = {
      ...fakeContext(),
      authenticate: (t: string) =>
        t === 'good' ? impersonatedUser('system:serviceaccount:dev:sa') : undefined,
    };
    const tr: KubeObject = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      metadata: {},
      spec: { token: 'good' },
    };
    expect(tokenReviews.computeOnCreate?.(tr, ctx)?.status).toEqual({
      authenticated: true,
      user: {
        username: 'system:serviceaccount:dev:sa',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'],
      },
      audiences: ['https://kubernetes.default.svc.cluster.local'],
    });
  });
});
