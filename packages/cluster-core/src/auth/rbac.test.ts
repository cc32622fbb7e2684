import { describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../api/object';
import {
  BOOTSTRAP_CLUSTER_ROLE_BINDINGS,
  BOOTSTRAP_CLUSTER_ROLES,
} from '../registry/bootstrap-rbac';
import { type FakeObject, fakeContext } from '../registry/fake-strategy-context';
import {
  type AuthorizationAttributes,
  authorize,
  forbiddenError,
  impersonatedUser,
  rbacAuthorizer,
  rulesFor,
} from './rbac';

const G = 'rbac.authorization.k8s.io';
const obj = (plural: string, o: KubeObject): FakeObject => ({ group: G, plural, object: o });
const role = (ns: string, name: string, rules: unknown[]) =>
  obj('roles', { apiVersion: `${G}/v1`, kind: 'Role', metadata: { name, namespace: ns }, rules });
const clusterRole = (name: string, rules: unknown[], extra: Partial<KubeObject> = {}) =>
  obj('clusterroles', {
    apiVersion: `${G}/v1`,
    kind: 'ClusterRole',
    metadata: { name },
    rules,
    ...extra,
  });
const rb = (
  ns: string,
  name: string,
  roleRef: { kind: string; name: string },
  subjects: unknown[],
) =>
  obj('rolebindings', {
    apiVersion: `${G}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace: ns },
    roleRef: { apiGroup: G, ...roleRef },
    subjects,
  });
const crb = (name: string, roleRef: string, subjects: unknown[]) =>
  obj('clusterrolebindings', {
    apiVersion: `${G}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: G, kind: 'ClusterRole', name: roleRef },
    subjects,
  });

const attrs = (
  verb: string,
  resource: string,
  namespace = 'default',
  extra: Partial<AuthorizationAttributes> = {},
): AuthorizationAttributes => ({
  verb,
  group: '',
  version: 'v1',
  resource,
  subresource: '',
  namespace,
  name: '',
  ...extra,
});

const jane = impersonatedUser('jane');
const view = fakeContext([
  role('default', 'pod-reader', [
    { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
  ]),
  role('default', 'one-cm', [
    { apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'], verbs: ['get'] },
  ]),
  rb('default', 'read-pods', { kind: 'Role', name: 'pod-reader' }, [
    { kind: 'User', name: 'jane', apiGroup: G },
  ]),
  rb('default', 'cm', { kind: 'Role', name: 'one-cm' }, [
    { kind: 'Group', name: 'devs', apiGroup: G },
  ]),
  clusterRole('node-reader', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }]),
  crb('read-nodes', 'node-reader', [{ kind: 'ServiceAccount', name: 'monitor', namespace: 'ops' }]),
  rb('dev', 'dev-view', { kind: 'ClusterRole', name: 'view' }, [
    { kind: 'ServiceAccount', name: 'sa' },
  ]),
  ...BOOTSTRAP_CLUSTER_ROLES.map((r) => obj('clusterroles', r)),
  ...BOOTSTRAP_CLUSTER_ROLE_BINDINGS.map((b) => obj('clusterrolebindings', b)),
]);

describe('RBAC authorizer', () => {
  test('a RoleBinding grants its Role in its namespace only', () => {
    expect(authorize(jane, attrs('list', 'pods'), view)).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "read-pods/default" of Role "pod-reader" to User "jane"',
    });
    expect(authorize(jane, attrs('list', 'pods', 'kube-system'), view).allowed).toBe(false);
    expect(authorize(jane, attrs('delete', 'pods'), view).allowed).toBe(false);
  });

  test('subresources must be named as resource/subresource', () => {
    expect(
      authorize(jane, attrs('get', 'pods', 'default', { subresource: 'log', name: 'web' }), view)
        .allowed,
    ).toBe(true);
    expect(
      authorize(
        jane,
        attrs('create', 'pods', 'default', { subresource: 'exec', name: 'web' }),
        view,
      ).allowed,
    ).toBe(false);
  });

  test('resourceNames restrict the rule to those objects', () => {
    const dev = impersonatedUser('bob', ['devs']);
    expect(
      authorize(dev, attrs('get', 'configmaps', 'default', { name: 'app-config' }), view).allowed,
    ).toBe(true);
    expect(
      authorize(dev, attrs('get', 'configmaps', 'default', { name: 'other' }), view).allowed,
    ).toBe(false);
    expect(authorize(dev, attrs('list', 'configmaps'), view).allowed).toBe(false);
  });

  test('service account users match ServiceAccount subjects, defaulting to the binding namespace', () => {
    const monitor = impersonatedUser('system:serviceaccount:ops:monitor');
    expect(monitor.groups).toEqual([
      'system:serviceaccounts',
      'system:serviceaccounts:ops',
      'system:authenticated',
    ]);
    expect(authorize(monitor, attrs('list', 'nodes', ''), view).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "read-nodes" of ClusterRole "node-reader" to ServiceAccount "monitor/ops"',
    );
    const sa = impersonatedUser('system:serviceaccount:dev:sa');
    expect(
      authorize(sa, attrs('list', 'deployments', 'dev', { group: 'apps' }), view).allowed,
    ).toBe(true);
    expect(
      authorize(sa, attrs('create', 'deployments', 'dev', { group: 'apps' }), view).allowed,
    ).toBe(false);
    expect(authorize(sa, attrs('list', 'secrets', 'dev'), view).allowed).toBe(false);
  });

  test('service account groups can be bound', () => {
    const v = fakeContext([
      ...BOOTSTRAP_CLUSTER_ROLES.map((r) => obj('clusterroles', r)),
      rb('dev', 'all-sas', { kind: 'ClusterRole', name: 'edit' }, [
        { kind: 'Group', name: 'system:serviceaccounts:dev', apiGroup: G },
      ]),
    ]);
    expect(
      authorize(
        impersonatedUser('system:serviceaccount:dev:builder'),
        attrs('create', 'configmaps', 'dev'),
        v,
      ).allowed,
    ).toBe(true);
  });

  test('system:masters is always allowed, with no reason', () => {
    expect(
      authorize(
        { username: 'admin', groups: ['system:masters'] },
        attrs('delete', 'nodes', ''),
        fakeContext(),
      ),
    ).toEqual({ allowed: true, reason: '' });
  });

  test('a binding to a missing role denies with the lookup error as reason', () => {
    const v = fakeContext([
      rb('default', 'broken', { kind: 'ClusterRole', name: 'nope' }, [
        { kind: 'User', name: 'jane', apiGroup: G },
      ]),
    ]);
    expect(authorize(jane, attrs('get', 'pods'), v)).toEqual({
      allowed: false,
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "nope" not found',
    });
  });

  test('non-resource URLs match exactly or by a trailing *', () => {
    const nonResource = {
      verb: 'get',
      group: '',
      version: '',
      resource: '',
      subresource: '',
      namespace: '',
      name: '',
      path: '/apis/apps',
    };
    expect(authorize(jane, nonResource, view).allowed).toBe(true);
    expect(authorize(jane, { ...nonResource, path: '/metrics' }, view).allowed).toBe(false);
  });
});

describe('Forbidden messages', () => {
  test('namespaced, cluster-scoped, subresource and non-resource texts match upstream', () => {
    expect(forbiddenError(jane, attrs('list', 'pods'), '').message).toBe(
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    expect(forbiddenError(jane, attrs('get', 'nodes', '', { name: 'node-1' }), '').message).toBe(
      'nodes "node-1" is forbidden: User "jane" cannot get resource "nodes" in API group "" at the cluster scope',
    );
    expect(
      forbiddenError(
        jane,
        attrs('create', 'deployments', 'dev', { group: 'apps', subresource: 'scale', name: 'web' }),
        '',
      ).message,
    ).toBe(
      'deployments.apps "web" is forbidden: User "jane" cannot create resource "deployments/scale" in API group "apps" in the namespace "dev"',
    );
    expect(
      forbiddenError(
        jane,
        { ...attrs('get', ''), resource: '', path: '/metrics', namespace: '' },
        '',
      ).message,
    ).toBe('forbidden: User "jane" cannot get path "/metrics"');
  });

  test('the bound authorizer appends the denial reason', () => {
    const v = fakeContext([
      rb('default', 'broken', { kind: 'Role', name: 'gone' }, [
        { kind: 'User', name: 'jane', apiGroup: G },
      ]),
    ]);
    expect(rbacAuthorizer(v).forbiddenMessage(jane, attrs('get', 'pods'))).toBe(
      'User "jane" cannot get resource "pods" in API group "" in the namespace "default": RBAC: role.rbac.authorization.k8s.io "gone" not found',
    );
  });
});

describe('Bootstrap policy', () => {
  test('admin aggregates edit, which aggregates view', () => {
    const byName = new Map(BOOTSTRAP_CLUSTER_ROLES.map((r) => [r.metadata.name, r]));
    const has = (name: string, group: string, resource: string, verb: string) =>
      (byName.get(name)?.rules ?? []).some(
        (r: { apiGroups: string[]; resources: string[]; verbs: string[] }) =>
          r.apiGroups?.includes(group) && r.resources?.includes(resource) && r.verbs.includes(verb),
      );
    expect(has('view', '', 'pods', 'list')).toBe(true);
    expect(has('view', '', 'secrets', 'get')).toBe(false);
    expect(has('edit', '', 'secrets', 'get')).toBe(true);
    expect(has('edit', 'apps', 'deployments', 'create')).toBe(true);
    expect(has('edit', G, 'roles', 'create')).toBe(false);
    expect(has('admin', G, 'roles', 'create')).toBe(true);
    expect(has('admin', 'apps', 'deployments', 'list')).toBe(true);
  });

  test('authenticated users may review themselves', () => {
    const rules = rulesFor(jane, 'default', view);
    expect(rules.resourceRules).toContainEqual({
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    });
    expect(rules.nonResourceRules).toContainEqual({
      verbs: ['get'],
      nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'],
    });
    expect(rules.resourceRules).toContainEqual({
      verbs: ['get', 'list', 'watch'],
      apiGroups: [''],
      resources: ['pods', 'pods/log'],
    });
    expect(rules.incomplete).toBe(false);
  });
});
