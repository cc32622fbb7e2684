/**
 * RBAC through the real kubectl: roles and bindings from the imperative forms, `kubectl auth
 * can-i` (also --list) as impersonated users and service accounts, Forbidden texts, roleRef
 * immutability and escalation prevention.
 */
import { columns, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

describe.each(KUBECTL_VERSIONS)('RBAC with kubectl %s', (version) => {
  let t: TestCluster;
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const rows = (out: string) => out.trim().split('\n').map(columns);

  beforeAll(async () => {
    t = await startCluster();
    await t.ok(['create', 'namespace', 'dev'], { version });
    await t.ok(['create', 'serviceaccount', 'builder', '-n', 'dev'], { version });
  });
  afterAll(async () => {
    await t.close();
  });

  test('kubectl create role and rolebinding, printed with CREATED AT and -o wide subjects', async () => {
    await ok(['create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods,pods/log']);
    await ok([
      'create',
      'rolebinding',
      'jane-pods',
      '--role=pod-reader',
      '--user=jane',
      '--group=devs',
      '--serviceaccount=dev:builder',
    ]);
    const role = JSON.parse(await ok(['get', 'role', 'pod-reader', '-o', 'json']));
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(rows(await ok(['get', 'roles']))[0]).toEqual(['NAME', 'CREATED AT']);
    expect(rows(await ok(['get', 'rolebinding', 'jane-pods', '-o', 'wide']))).toEqual([
      ['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS'],
      ['jane-pods', 'Role/pod-reader', expect.any(String), 'jane', 'devs', 'dev/builder'],
    ]);
    const describe = await ok(['describe', 'role', 'pod-reader']);
    expect(describe).toMatch(/pods\/log\s+\[\]\s+\[\]\s+\[get list watch\]/);
  });

  test('kubectl auth can-i answers for impersonated users, groups and service accounts', async () => {
    expect((await k(['auth', 'can-i', 'list', 'pods', '--as=jane'])).stdout).toBe('yes\n');
    expect(
      (await k(['auth', 'can-i', 'get', 'pods', '--subresource=log', '--as=jane'])).stdout,
    ).toBe('yes\n');
    const no = await k(['auth', 'can-i', 'delete', 'pods', '--as=jane']);
    expect(no.stdout).toBe('no\n');
    expect(no.code).toBe(1);
    expect((await k(['auth', 'can-i', 'list', 'pods', '-n', 'dev', '--as=jane'])).stdout).toBe(
      'no\n',
    );
    expect((await k(['auth', 'can-i', 'list', 'pods', '--as=bob', '--as-group=devs'])).stdout).toBe(
      'yes\n',
    );
    expect(
      (await k(['auth', 'can-i', 'watch', 'pods', '--as=system:serviceaccount:dev:builder']))
        .stdout,
    ).toBe('yes\n');
    expect(
      (
        await k([
          'auth',
          'can-i',
          'create',
          'deployments',
          '-n',
          'dev',
          '--as=system:serviceaccount:dev:builder',
        ])
      ).stdout,
    ).toBe('no\n');
    expect((await k(['auth', 'can-i', '*', '*'])).stdout).toBe('yes\n');
  });

  test('cluster roles bound to service account groups, and the aggregated edit role', async () => {
    await ok([
      'create',
      'rolebinding',
      'sa-edit',
      '--clusterrole=edit',
      '--group=system:serviceaccounts:dev',
      '-n',
      'dev',
    ]);
    expect(
      (
        await k([
          'auth',
          'can-i',
          'create',
          'deployments',
          '-n',
          'dev',
          '--as=system:serviceaccount:dev:builder',
        ])
      ).stdout,
    ).toBe('yes\n');
    expect(
      (
        await k([
          'auth',
          'can-i',
          'create',
          'roles',
          '-n',
          'dev',
          '--as=system:serviceaccount:dev:builder',
        ])
      ).stdout,
    ).toBe('no\n');
    await ok(['create', 'clusterrole', 'node-reader', '--verb=get,list', '--resource=nodes']);
    await ok([
      'create',
      'clusterrolebinding',
      'read-nodes',
      '--clusterrole=node-reader',
      '--serviceaccount=dev:builder',
    ]);
    expect(
      (await k(['auth', 'can-i', 'list', 'nodes', '--as=system:serviceaccount:dev:builder']))
        .stdout,
    ).toBe('yes\n');
    expect(rows(await ok(['get', 'clusterrolebinding', 'read-nodes', '-o', 'wide']))[1]).toEqual([
      'read-nodes',
      'ClusterRole/node-reader',
      expect.any(String),
      'dev/builder',
    ]);
  });

  test('a denied request gets the upstream Forbidden text', async () => {
    const list = await k(['get', 'secrets', '--as=jane']);
    expect(list.stderr).toContain(
      'Error from server (Forbidden): secrets is forbidden: User "jane" cannot list resource "secrets" in API group "" in the namespace "default"',
    );
    const node = await k(['get', 'node', 'node01', '--as=jane']);
    expect(node.stderr).toContain(
      'nodes "node01" is forbidden: User "jane" cannot get resource "nodes" in API group "" at the cluster scope',
    );
    const deploy = await k(['get', 'deployments', '-n', 'dev', '--as=jane']);
    expect(deploy.stderr).toContain(
      'User "jane" cannot list resource "deployments" in API group "apps" in the namespace "dev"',
    );
  });

  test('kubectl auth can-i --list shows the rules held', async () => {
    const out = await ok(['auth', 'can-i', '--list', '--as=jane']);
    expect(columns(out.split('\n')[0])).toEqual([
      'Resources',
      'Non-Resource URLs',
      'Resource Names',
      'Verbs',
    ]);
    expect(out).toMatch(/pods\/log\s+\[\]\s+\[\]\s+\[get list watch\]/);
    expect(out).toMatch(
      /selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/,
    );
  });

  test('roleRef cannot change', async () => {
    const binding = (role: string) =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: switch\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${role}\nsubjects:\n- kind: User\n  name: joe\n  apiGroup: rbac.authorization.k8s.io\n`;
    await ok(['apply', '-f', '-'], binding('view'));
    const res = await k(['apply', '-f', '-'], binding('edit'));
    expect(res.stderr).toContain(
      'The RoleBinding "switch" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    );
  });

  test('a user who may write roles still cannot grant what they do not hold', async () => {
    await ok([
      'create',
      'role',
      'role-admin',
      '--verb=create,get,list',
      '--resource=roles',
      '-n',
      'dev',
    ]);
    await ok([
      'create',
      'rolebinding',
      'alice-roles',
      '--role=role-admin',
      '--user=alice',
      '-n',
      'dev',
    ]);
    const res = await k([
      'create',
      'role',
      'secret-reader',
      '--verb=get',
      '--resource=secrets',
      '-n',
      'dev',
      '--as=alice',
    ]);
    expect(res.stderr).toContain(
      'roles.rbac.authorization.k8s.io "secret-reader" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
    );
    await ok([
      'create',
      'role',
      'role-lister',
      '--verb=list',
      '--resource=roles',
      '-n',
      'dev',
      '--as=alice',
    ]);
  });

  test('the bootstrap roles and bindings of a kubeadm cluster are there', async () => {
    const names = (await ok(['get', 'clusterroles', '-o', 'name'])).split('\n');
    for (const name of [
      'cluster-admin',
      'admin',
      'edit',
      'view',
      'system:basic-user',
      'system:discovery',
    ]) {
      expect(names).toContain(`clusterrole.rbac.authorization.k8s.io/${name}`);
    }
    expect(rows(await ok(['get', 'clusterrolebinding', 'cluster-admin', '-o', 'wide']))[1]).toEqual(
      ['cluster-admin', 'ClusterRole/cluster-admin', expect.any(String), 'system:masters'],
    );
  });
});
