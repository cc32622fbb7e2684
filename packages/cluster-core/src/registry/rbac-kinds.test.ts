import { describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../api/object';
import { impersonatedUser } from '../auth/rbac';
import { clusterRoleBindings } from './clusterrolebindings';
import { clusterRoles } from './clusterroles';
import { type FakeObject, fakeContext } from './fake-strategy-context';
import { roleBindings } from './rolebindings';
import { roles } from './roles';

const G = 'rbac.authorization.k8s.io';
const ctx = fakeContext();
const NOW = { now: Date.parse('2024-01-01T01:00:00Z') };
const msgs = (errs: { message(): string }[] | undefined) => (errs ?? []).map((e) => e.message());

const binding = (roleRef: Record<string, string>, subjects: unknown[]): KubeObject => ({
  apiVersion: `${G}/v1`,
  kind: 'RoleBinding',
  metadata: { name: 'b', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' },
  roleRef,
  subjects,
});

describe('Role and ClusterRole', () => {
  test('rules need verbs, groups and resources', () => {
    const r: KubeObject = {
      apiVersion: `${G}/v1`,
      kind: 'Role',
      metadata: { name: 'r', namespace: 'default' },
      rules: [
        { resources: ['pods'], resourceNames: ['a'] },
        { nonResourceURLs: ['/x'], verbs: ['get'] },
      ],
    };
    expect(msgs(roles.validate?.(r, ctx))).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[1].nonResourceURLs: Invalid value: []string{"/x"}: namespaced rules cannot apply to non-resource URLs',
    ]);
  });

  test('roles print NAME and CREATED AT', () => {
    const r: KubeObject = {
      apiVersion: `${G}/v1`,
      kind: 'Role',
      metadata: { name: 'r', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' },
    };
    expect(roles.columns.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(roles.row(r, NOW)).toEqual(['r', '2024-01-01T00:00:00Z']);
  });

  test('an aggregationRule needs selectors', () => {
    const cr: KubeObject = {
      apiVersion: `${G}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'x' },
      aggregationRule: { clusterRoleSelectors: [] },
    };
    expect(msgs(clusterRoles.validate?.(cr, ctx))).toEqual([
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    ]);
  });
});

describe('RoleBinding and ClusterRoleBinding', () => {
  test('subject and roleRef apiGroups are defaulted', () => {
    const b = binding({ kind: 'Role', name: 'r' }, [
      { kind: 'User', name: 'jane' },
      { kind: 'ServiceAccount', name: 'sa' },
    ]);
    roleBindings.defaults?.(b);
    expect(b.roleRef.apiGroup).toBe(G);
    expect(b.subjects).toEqual([
      { kind: 'User', name: 'jane', apiGroup: G },
      { kind: 'ServiceAccount', name: 'sa' },
    ]);
    expect(msgs(roleBindings.validate?.(b, ctx))).toEqual([]);
  });

  test('roleRef cannot change, printed as the Go struct', () => {
    const old = binding({ apiGroup: G, kind: 'Role', name: 'a' }, []);
    const next = binding({ apiGroup: G, kind: 'ClusterRole', name: 'view' }, []);
    expect(msgs(roleBindings.validateUpdate?.(next, old, ctx))).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef',
    ]);
  });

  test('cluster role bindings need ClusterRole refs and service account namespaces', () => {
    const b = {
      ...binding({ apiGroup: G, kind: 'Role', name: 'a' }, [
        { kind: 'ServiceAccount', name: 'sa' },
        { kind: 'Robot', name: 'r' },
      ]),
      kind: 'ClusterRoleBinding',
    };
    expect(msgs(clusterRoleBindings.validate?.(b, ctx))).toEqual([
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'subjects[0].namespace: Required value',
      'subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ]);
  });

  test('the row shows the role and, wide, users, groups and service accounts', () => {
    const b = binding({ apiGroup: G, kind: 'ClusterRole', name: 'view' }, [
      { kind: 'User', name: 'jane' },
      { kind: 'User', name: 'joe' },
      { kind: 'Group', name: 'devs' },
      { kind: 'ServiceAccount', name: 'sa', namespace: 'dev' },
    ]);
    expect(roleBindings.row(b, NOW)).toEqual([
      'b',
      'ClusterRole/view',
      '60m',
      'jane, joe',
      'devs',
      'dev/sa',
    ]);
  });
});

describe('RBAC escalation prevention', () => {
  const own = (o: KubeObject): FakeObject => ({
    group: G,
    plural: `${o.kind.toLowerCase()}s`,
    object: o,
  });
  const janeCtx = (objects: FakeObject[]) => fakeContext(objects, impersonatedUser('jane'));
  const roleObj = (rules: unknown[]): KubeObject => ({
    apiVersion: `${G}/v1`,
    kind: 'Role',
    metadata: { name: 'pod-reader', namespace: 'default' },
    rules,
  });

  test('a user cannot grant what they do not hold', () => {
    expect(() =>
      roles.prepareForCreate?.(
        roleObj([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]),
        janeCtx([]),
      ),
    ).toThrow(
      'roles.rbac.authorization.k8s.io "pod-reader" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}',
    );
  });

  test('holding the rules, or the escalate verb, allows it', () => {
    const holder = own({
      apiVersion: `${G}/v1`,
      kind: 'Role',
      metadata: { name: 'admin', namespace: 'default' },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    });
    const bindingObj = own({
      apiVersion: `${G}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'jane-admin', namespace: 'default' },
      roleRef: { apiGroup: G, kind: 'Role', name: 'admin' },
      subjects: [{ kind: 'User', name: 'jane', apiGroup: G }],
    });
    expect(() =>
      roles.prepareForCreate?.(
        roleObj([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]),
        janeCtx([holder, bindingObj]),
      ),
    ).not.toThrow();
  });

  test('binding a missing role as a non-admin is a bad request; admins skip the check', () => {
    const b = binding({ apiGroup: G, kind: 'Role', name: 'missing' }, [
      { kind: 'User', name: 'joe', apiGroup: G },
    ]);
    expect(() => roleBindings.prepareForCreate?.(b, janeCtx([]))).toThrow(
      'role.rbac.authorization.k8s.io "missing" not found',
    );
    expect(() => roleBindings.prepareForCreate?.(b, ctx)).not.toThrow();
  });
});

describe('ClusterRole aggregation', () => {
  test('a new aggregated role gets the rules of the roles it selects', () => {
    const label = { 'rbac.example.com/aggregate-to-monitoring': 'true' };
    const part = {
      apiVersion: `${G}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'm-pods', labels: label },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    };
    const c = fakeContext([{ group: G, plural: 'clusterroles', object: part }]);
    const agg: KubeObject = {
      apiVersion: `${G}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'monitoring' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: label }] },
    };
    clusterRoles.prepareForCreate?.(agg, c);
    expect(agg.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
  });
});
