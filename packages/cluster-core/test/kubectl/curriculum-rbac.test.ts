/**
 * Curriculum: authorization with RBAC (seed 003 第九章 权限管理和 RBAC, seed 000's
 * kube-apiserver "验证和授权请求"): a namespaced Role and RoleBinding for a ServiceAccount, a
 * ClusterRole for a user, `kubectl auth can-i` (with --as, --list and subresources), what a
 * denied request prints, and the cluster's own architecture seen through kubectl.
 */
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const SA = 'system:serviceaccount:dev:dev-sa';

describe.each(KUBECTL_VERSIONS)(
  'curriculum: RBAC and cluster architecture with kubectl %s',
  (version) => {
    let t: TestCluster;
    const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
    const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
    const rows = (out: string) => out.trim().split('\n').map(columns);
    const canI = async (...args: string[]) => (await k(['auth', 'can-i', ...args])).stdout.trim();

    beforeAll(async () => {
      t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
    });
    afterAll(async () => {
      await t.close();
    });

    test('a Role and RoleBinding let a ServiceAccount read pods in its namespace only', async () => {
      expect(await ok(['create', 'namespace', 'dev'])).toBe('namespace/dev created\n');
      expect(await ok(['create', 'serviceaccount', 'dev-sa', '-n', 'dev'])).toBe(
        'serviceaccount/dev-sa created\n',
      );
      expect(
        await ok([
          'create',
          'role',
          'pod-reader',
          '--verb=get,list,watch',
          '--resource=pods,pods/log',
          '-n',
          'dev',
        ]),
      ).toBe('role.rbac.authorization.k8s.io/pod-reader created\n');
      expect(
        await ok([
          'create',
          'rolebinding',
          'read-pods',
          '--role=pod-reader',
          '--serviceaccount=dev:dev-sa',
          '-n',
          'dev',
        ]),
      ).toBe('rolebinding.rbac.authorization.k8s.io/read-pods created\n');
      expect(await canI('list', 'pods', '-n', 'dev', `--as=${SA}`)).toBe('yes');
      expect(await canI('get', 'pods/log', '-n', 'dev', `--as=${SA}`)).toBe('yes');
      expect(await canI('delete', 'pods', '-n', 'dev', `--as=${SA}`)).toBe('no');
      expect(await canI('list', 'pods', '-n', 'default', `--as=${SA}`)).toBe('no');
      expect(await canI('create', 'deployments.apps', '-n', 'dev', `--as=${SA}`)).toBe('no');
      const denied = await k(['auth', 'can-i', 'delete', 'pods', '-n', 'dev', `--as=${SA}`]);
      expect(denied.code).toBe(1);
      const empty = await k(['get', 'pods', '-n', 'dev', `--as=${SA}`]);
      expect(empty.stderr).toBe('No resources found in dev namespace.\n');
      const forbidden = await k(['get', 'pods', '-n', 'default', `--as=${SA}`]);
      expect(forbidden.code).toBe(1);
      expect(forbidden.stderr).toBe(
        `Error from server (Forbidden): pods is forbidden: User "${SA}" cannot list resource "pods" in API group "" in the namespace "default"\n`,
      );
      const create = await k([
        'create',
        'deployment',
        'web',
        '--image=nginx',
        '-n',
        'dev',
        `--as=${SA}`,
      ]);
      expect(create.stderr).toBe(
        `error: failed to create deployment: deployments.apps is forbidden: User "${SA}" cannot create resource "deployments" in API group "apps" in the namespace "dev"\n`,
      );
    });

    test('roles and bindings print their rules and subjects', async () => {
      const described = await ok(['describe', 'role', 'pod-reader', '-n', 'dev']);
      expect(described).toMatch(
        /PolicyRule:\n {2}Resources +Non-Resource URLs +Resource Names +Verbs\n {2}-+ +-+ +-+ +-+\n/,
      );
      expect(described).toMatch(/\n {2}pods +\[\] +\[\] +\[get list watch\]\n/);
      expect(described).toMatch(/\n {2}pods\/log +\[\] +\[\] +\[get list watch\]\n/);
      const [header, row] = rows(
        await ok(['get', 'rolebinding', 'read-pods', '-n', 'dev', '-o', 'wide']),
      );
      expect(header).toEqual(['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
      expect([row[0], row[1], row[3]]).toEqual(['read-pods', 'Role/pod-reader', 'dev/dev-sa']);
      const binding = await ok(['describe', 'rolebinding', 'read-pods', '-n', 'dev']);
      expect(binding).toMatch(
        /Role:\n {2}Kind: {2}Role\n {2}Name: {2}pod-reader\nSubjects:\n {2}Kind +Name +Namespace\n {2}-+ +-+ +-+\n {2}ServiceAccount {2}dev-sa {2}dev\n/,
      );
      const list = await ok(['auth', 'can-i', '--list', '-n', 'dev', `--as=${SA}`]);
      expect(list.split('\n')[0]).toMatch(/^Resources +Non-Resource URLs +Resource Names +Verbs$/);
      expect(list).toMatch(/\npods +\[\] +\[\] +\[get list watch\]\n/);
    });

    test('a ClusterRole bound to a user grants across namespaces; the admin may do anything', async () => {
      await ok(['create', 'clusterrole', 'node-viewer', '--verb=get,list', '--resource=nodes']);
      await ok([
        'create',
        'clusterrolebinding',
        'jane-nodes',
        '--clusterrole=node-viewer',
        '--user=jane',
      ]);
      expect(await canI('list', 'nodes', '--as=jane')).toBe('yes');
      expect(rows(await ok(['get', 'nodes', '--as=jane']))[0]).toEqual([
        'NAME',
        'STATUS',
        'ROLES',
        'AGE',
        'VERSION',
      ]);
      const denied = await k(['delete', 'node', 'node01', '--as=jane']);
      expect(denied.stderr).toBe(
        'Error from server (Forbidden): nodes "node01" is forbidden: User "jane" cannot delete resource "nodes" in API group "" at the cluster scope\n',
      );
      await ok([
        'create',
        'rolebinding',
        'jane-view',
        '--clusterrole=view',
        '--user=jane',
        '-n',
        'dev',
      ]);
      expect(await canI('list', 'configmaps', '-n', 'dev', '--as=jane')).toBe('yes');
      expect(await canI('list', 'secrets', '-n', 'dev', '--as=jane')).toBe('no');
      expect(await canI('list', 'configmaps', '-n', 'default', '--as=jane')).toBe('no');
      expect(await canI('*', '*')).toBe('yes');
      expect(
        await canI('create', 'pods', '--as=system:serviceaccount:dev:default', '-n', 'dev'),
      ).toBe('no');
    });

    test('the architecture a learner inspects: control plane endpoint, component health, versions, API groups', async () => {
      // kubectl 1.27 colours cluster-info even when its output is not a terminal.
      const info = (await ok(['cluster-info'])).replace(
        new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'),
        '',
      );
      expect(info).toMatch(
        /^Kubernetes control plane is running at https:\/\/127\.0\.0\.1:\d+\nCoreDNS is running at https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/kube-system\/services\/kube-dns:dns\/proxy\n/,
      );
      const cs = await k(['get', 'componentstatuses']);
      expect(cs.stderr).toBe('Warning: v1 ComponentStatus is deprecated in v1.19+\n');
      expect(rows(cs.stdout)).toEqual([
        ['NAME', 'STATUS', 'MESSAGE', 'ERROR'],
        ['controller-manager', 'Healthy', 'ok'],
        ['etcd-0', 'Healthy', 'ok'],
        ['scheduler', 'Healthy', 'ok'],
      ]);
      expect(
        await ok(['version', '-o', 'json']).then((v) => JSON.parse(v).serverVersion.gitVersion),
      ).toBe('v1.33.0');
      expect(await ok(['get', '--raw', '/healthz'])).toBe('ok');
      const groups = (await ok(['api-versions'])).split('\n');
      expect(groups).toEqual(
        expect.arrayContaining([
          'v1',
          'apps/v1',
          'batch/v1',
          'networking.k8s.io/v1',
          'rbac.authorization.k8s.io/v1',
          'autoscaling/v2',
          'storage.k8s.io/v1',
        ]),
      );
      const components = rows(
        await ok(['get', 'pods', '-n', 'kube-system', '-l', 'tier=control-plane']),
      );
      expect(components.slice(1).map((r) => r[0])).toEqual([
        'etcd-controlplane',
        'kube-apiserver-controlplane',
        'kube-controller-manager-controlplane',
        'kube-scheduler-controlplane',
      ]);
      const leases = rows(await ok(['get', 'leases', '-n', 'kube-system']));
      expect(leases.slice(1).map((r) => r[0])).toEqual(
        expect.arrayContaining(['kube-controller-manager', 'kube-scheduler']),
      );
    });
  },
);
