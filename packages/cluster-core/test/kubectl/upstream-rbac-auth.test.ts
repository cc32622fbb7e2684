/**
 * Upstream test/cmd/rbac.sh (create clusterrole/role/…binding, set subject) and
 * authorization.sh (SubjectAccessReview, impersonation), plus kubectl auth can-i / whoami.
 */
import { columns, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';
import { nsFor } from './upstream-fixtures';

describe.each(KUBECTL_VERSIONS)(
  'upstream rbac.sh and authorization.sh with kubectl %s',
  (version) => {
    let t: TestCluster;
    const ns = nsFor('rbac', version);
    const sfx = version.replace('.', '');
    const k = (args: string[], stdin?: string) =>
      t.kubectl(['-n', ns, ...args], { version, stdin });
    const ok = (args: string[], stdin?: string) => t.ok(['-n', ns, ...args], { version, stdin });
    const rules = (ref: string, field: string) =>
      ok(['get', ref, '-o', `go-template={{range.rules}}{{range.${field}}}{{.}}:{{end}}{{end}}`]);
    const subjects = (ref: string, field = 'name') =>
      ok(['get', ref, '-o', `go-template={{range.subjects}}{{.${field}}}:{{end}}`]);

    beforeAll(async () => {
      t = await startCluster();
      await t.ok(['create', 'namespace', ns], { version });
    });
    afterAll(async () => {
      await t.close();
    });

    test('the server is bootstrapped with cluster-admin', async () => {
      expect(
        await ok(['get', 'clusterroles/cluster-admin', '-o', 'go-template={{.metadata.name}}']),
      ).toBe('cluster-admin');
      expect(
        await ok([
          'get',
          'clusterrolebindings/cluster-admin',
          '-o',
          'go-template={{.metadata.name}}',
        ]),
      ).toBe('cluster-admin');
    });

    test('kubectl create clusterrole writes verbs, resources, groups, names, URLs and aggregation rules', async () => {
      await ok(['create', 'clusterrole', `pod-admin-${sfx}`, '--verb=*', '--resource=pods']);
      expect(await rules(`clusterrole/pod-admin-${sfx}`, 'verbs')).toBe('*:');
      const del = await k(['delete', 'clusterrole', `pod-admin-${sfx}`, '-n', 'test']);
      expect(del.stderr).toContain(
        'Warning: deleting cluster-scoped resources, not scoped to the provided namespace',
      );
      expect(del.stdout).toBe(`clusterrole.rbac.authorization.k8s.io "pod-admin-${sfx}" deleted\n`);
      await ok(['create', 'clusterrole', `pod-admin-${sfx}`, '--verb=*', '--resource=pods']);
      expect(await rules(`clusterrole/pod-admin-${sfx}`, 'resources')).toBe('pods:');
      expect(await rules(`clusterrole/pod-admin-${sfx}`, 'apiGroups')).toBe(':');
      await ok([
        'create',
        'clusterrole',
        `resource-reader-${sfx}`,
        '--verb=get,list',
        '--resource=pods,deployments.apps',
      ]);
      expect(await rules(`clusterrole/resource-reader-${sfx}`, 'verbs')).toBe('get:list:get:list:');
      expect(await rules(`clusterrole/resource-reader-${sfx}`, 'resources')).toBe(
        'pods:deployments:',
      );
      expect(await rules(`clusterrole/resource-reader-${sfx}`, 'apiGroups')).toBe(':apps:');
      await ok([
        'create',
        'clusterrole',
        `resourcename-reader-${sfx}`,
        '--verb=get,list',
        '--resource=pods',
        '--resource-name=foo',
      ]);
      expect(await rules(`clusterrole/resourcename-reader-${sfx}`, 'resourceNames')).toBe('foo:');
      await ok([
        'create',
        'clusterrole',
        `url-reader-${sfx}`,
        '--verb=get',
        '--non-resource-url=/logs/*',
        '--non-resource-url=/healthz/*',
      ]);
      expect(await rules(`clusterrole/url-reader-${sfx}`, 'nonResourceURLs')).toBe(
        '/logs/*:/healthz/*:',
      );
      await ok([
        'create',
        'clusterrole',
        `aggregation-reader-${sfx}`,
        '--aggregation-rule=foo1=foo2',
      ]);
      const aggregated = JSON.parse(
        await ok(['get', `clusterrole/aggregation-reader-${sfx}`, '-o', 'json']),
      );
      expect(aggregated.aggregationRule).toEqual({
        clusterRoleSelectors: [{ matchLabels: { foo1: 'foo2' } }],
      });
      expect(aggregated.rules).toBeNull();
    });

    test('clusterrolebindings and rolebindings take users, groups and service accounts; set subject adds more', async () => {
      await ok([
        'create',
        'clusterrolebinding',
        `super-admin-${sfx}`,
        '--clusterrole=admin',
        '--user=super-admin',
      ]);
      await ok(['set', 'subject', 'clusterrolebinding', `super-admin-${sfx}`, '--user=foo']);
      expect(await subjects(`clusterrolebinding/super-admin-${sfx}`)).toBe('super-admin:foo:');
      await ok([
        'create',
        'clusterrolebinding',
        `multi-users-${sfx}`,
        '--clusterrole=admin',
        '--user=user-1',
        '--user=user-2',
      ]);
      expect(await subjects(`clusterrolebinding/multi-users-${sfx}`)).toBe('user-1:user-2:');
      await ok([
        'create',
        'clusterrolebinding',
        `super-group-${sfx}`,
        '--clusterrole=admin',
        '--group=the-group',
      ]);
      await ok(['set', 'subject', 'clusterrolebinding', `super-group-${sfx}`, '--group=foo']);
      expect(await subjects(`clusterrolebinding/super-group-${sfx}`)).toBe('the-group:foo:');
      await ok([
        'create',
        'clusterrolebinding',
        `super-sa-${sfx}`,
        '--clusterrole=admin',
        '--serviceaccount=otherns:sa-name',
      ]);
      await ok([
        'set',
        'subject',
        'clusterrolebinding',
        `super-sa-${sfx}`,
        '--serviceaccount=otherfoo:foo',
      ]);
      expect(await subjects(`clusterrolebinding/super-sa-${sfx}`, 'namespace')).toBe(
        'otherns:otherfoo:',
      );
      expect(await subjects(`clusterrolebinding/super-sa-${sfx}`)).toBe('sa-name:foo:');
      await ok(['create', 'rolebinding', 'admin', '--clusterrole=admin', '--user=default-admin']);
      expect(await ok(['get', 'rolebinding/admin', '-o', 'go-template={{.roleRef.kind}}'])).toBe(
        'ClusterRole',
      );
      await ok(['set', 'subject', 'rolebinding', 'admin', '--user=foo']);
      await ok(['create', 'rolebinding', 'localrole', '--role=localrole', '--group=the-group']);
      expect(
        await ok(['get', 'rolebinding/localrole', '-o', 'go-template={{.roleRef.kind}}']),
      ).toBe('Role');
      await ok([
        'create',
        'rolebinding',
        'sarole',
        '--role=localrole',
        '--serviceaccount=otherns:sa-name',
      ]);
      await ok(['set', 'subject', 'rolebinding', '--all', '--user=test-all-user']);
      expect(await subjects('rolebinding/admin')).toBe('default-admin:foo:test-all-user:');
      expect(await subjects('rolebinding/localrole')).toBe('the-group:test-all-user:');
      expect(await subjects('rolebinding/sarole')).toBe('sa-name:test-all-user:');
      const table = (await ok(['get', 'rolebinding', 'sarole', '-o', 'wide']))
        .trim()
        .split('\n')
        .map(columns);
      expect(table[0]).toEqual(['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
      expect(table[1]).toEqual([
        'sarole',
        'Role/localrole',
        expect.any(String),
        'test-all-user',
        'otherns/sa-name',
      ]);
    });

    test('kubectl create role resolves resources and subresources and rejects unknown ones', async () => {
      await ok(['create', 'role', 'pod-admin', '--verb=*', '--resource=pods']);
      expect(await rules('role/pod-admin', 'verbs')).toBe('*:');
      const bad = await k([
        'create',
        'role',
        'invalid-pod-admin',
        '--verb=*',
        '--resource=invalid-resource',
      ]);
      expect(bad.stderr).toContain('the server doesn\'t have a resource type "invalid-resource"');
      await ok([
        'create',
        'role',
        'group-reader',
        '--verb=get,list',
        '--resource=deployments.apps',
      ]);
      expect(await rules('role/group-reader', 'apiGroups')).toBe('apps:');
      const badGroup = await k([
        'create',
        'role',
        'invalid-group',
        '--verb=get,list',
        '--resource=deployments.invalid-group',
      ]);
      expect(badGroup.stderr).toContain(
        'the server doesn\'t have a resource type "deployments" in group "invalid-group"',
      );
      await ok([
        'create',
        'role',
        'subresource-reader',
        '--verb=get,list',
        '--resource=pods/status',
      ]);
      expect(await rules('role/subresource-reader', 'resources')).toBe('pods/status:');
      await ok([
        'create',
        'role',
        'group-subresource-reader',
        '--verb=get,list',
        '--resource=replicasets.apps/scale',
      ]);
      expect(await rules('role/group-subresource-reader', 'resources')).toBe('replicasets/scale:');
      expect(await rules('role/group-subresource-reader', 'apiGroups')).toBe('apps:');
      await ok([
        'create',
        'role',
        'resource-reader',
        '--verb=get,list',
        '--resource=pods/status,deployments.apps',
      ]);
      expect(await rules('role/resource-reader', 'resources')).toBe('pods/status:deployments:');
      expect(await rules('role/resource-reader', 'apiGroups')).toBe(':apps:');
    });

    test('a SubjectAccessReview is answered, impersonating a group needs a user', async () => {
      const sar = JSON.stringify({
        kind: 'SubjectAccessReview',
        apiVersion: 'authorization.k8s.io/v1',
        spec: {
          resourceAttributes: {
            namespace: 'ns',
            verb: 'create',
            group: 'autoscaling',
            resource: 'horizontalpodautoscalers',
          },
          user: 'bob',
          groups: ['system:masters'],
        },
      });
      expect(await ok(['create', '-f', '-', '--validate=false'], sar)).toBe(
        'subjectaccessreview.authorization.k8s.io/<unknown> created\n',
      );
      const review = JSON.parse(await ok(['create', '-f', '-', '-o', 'json'], sar));
      expect(review.status).toMatchObject({ allowed: true });
      const groupOnly = await k(['get', 'pods', '--as-group=foo']);
      expect(groupOnly.code).toBe(1);
      expect(groupOnly.stderr).toContain('without impersonating a user');
    });

    test('auth can-i answers for the admin, impersonated users and service accounts, and --list their rules', async () => {
      expect(await ok(['auth', 'can-i', 'create', 'pods'])).toBe('yes\n');
      await ok(['create', 'role', 'viewer', '--verb=get,list', '--resource=pods']);
      await ok([
        'create',
        'rolebinding',
        'viewer',
        '--role=viewer',
        '--user=jane',
        `--serviceaccount=${ns}:default`,
      ]);
      expect(await ok(['auth', 'can-i', 'list', 'pods', '--as=jane'])).toBe('yes\n');
      const no = await k(['auth', 'can-i', 'delete', 'pods', '--as=jane']);
      expect(no).toMatchObject({ code: 1, stdout: 'no\n' });
      expect(
        await ok(['auth', 'can-i', 'get', 'pods', `--as=system:serviceaccount:${ns}:default`]),
      ).toBe('yes\n');
      expect((await k(['auth', 'can-i', 'get', 'pods', '--as=jane', '-n', 'default'])).stdout).toBe(
        'no\n',
      );
      const list = (await ok(['auth', 'can-i', '--list', '--as=jane']))
        .trim()
        .split('\n')
        .map(columns);
      expect(list[0]).toEqual(['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']);
      expect(list).toEqual(
        expect.arrayContaining([
          ['pods', '[]', '[]', '[get list]'],
          ['selfsubjectaccessreviews.authorization.k8s.io', '[]', '[]', '[create]'],
        ]),
      );
      const whoami = (await ok(['auth', 'whoami', '--as=jane', '--as-group=g1']))
        .trim()
        .split('\n')
        .map(columns);
      expect(whoami).toEqual([
        ['ATTRIBUTE', 'VALUE'],
        ['Username', 'jane'],
        ['Groups', '[g1 system:authenticated]'],
      ]);
    });

    test('a user without rights gets the RBAC Forbidden message', async () => {
      const r = await k(['get', 'secrets', '--as=nobody']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `Error from server (Forbidden): secrets is forbidden: User "nobody" cannot list resource "secrets" in API group "" in the namespace "${ns}"\n`,
      );
      const named = await k(['get', 'secret', 'x', '--as=nobody']);
      expect(named.stderr).toBe(
        `Error from server (Forbidden): secrets "x" is forbidden: User "nobody" cannot get resource "secrets" in API group "" in the namespace "${ns}"\n`,
      );
      const cluster = await k(['get', 'nodes', '--as=nobody']);
      expect(cluster.stderr).toBe(
        'Error from server (Forbidden): nodes is forbidden: User "nobody" cannot list resource "nodes" in API group "" at the cluster scope\n',
      );
    });
  },
);
