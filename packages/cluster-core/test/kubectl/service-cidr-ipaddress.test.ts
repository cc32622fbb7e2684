/**
 * ServiceCIDR and IPAddress with the real kubectl, as the Kubernetes documentation's
 * "Extend Service IP Ranges" task shows them: the default `kubernetes` ServiceCIDR, an IPAddress
 * per ClusterIP with the Service as parent, and an extra ServiceCIDR a learner adds.
 */
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const rows = (out: string) => out.trim().split('\n').map(columns);

describe.each(KUBECTL_VERSIONS)('ServiceCIDR and IPAddress with kubectl %s', (version) => {
  let t: TestCluster;
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });

  beforeAll(async () => {
    t = await startCluster({ nodes: 1 });
  });
  afterAll(async () => {
    await t.close();
  });

  test('the default ServiceCIDR holds the cluster service range and is Ready', async () => {
    const [header, row] = rows(await ok(['get', 'servicecidr']));
    expect(header).toEqual(['NAME', 'CIDRS', 'AGE']);
    expect(row.slice(0, 2)).toEqual(['kubernetes', '10.96.0.0/12']);
    const cidr = JSON.parse(await ok(['get', 'servicecidr', 'kubernetes', '-o', 'json']));
    expect(cidr.metadata.finalizers).toEqual(['networking.k8s.io/service-cidr-finalizer']);
    expect(cidr.status.conditions).toEqual([
      expect.objectContaining({
        type: 'Ready',
        status: 'True',
        reason: '',
        message: 'Kubernetes Service CIDR is ready',
      }),
    ]);
  });

  test('a Service gets an IPAddress whose parent is the Service, gone with the Service', async () => {
    await ok(['create', 'service', 'clusterip', 'web', '--tcp=80:8080']);
    const ip = await ok(['get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}']);
    const listed = await eventually(
      () => ok(['get', 'ipaddress']),
      (out) => out.includes(ip),
    );
    const table = rows(listed);
    expect(table[0]).toEqual(['NAME', 'PARENTREF']);
    expect(table).toEqual(
      expect.arrayContaining([
        ['10.96.0.1', 'services/default/kubernetes'],
        ['10.96.0.10', 'services/kube-system/kube-dns'],
        [ip, 'services/default/web'],
      ]),
    );
    const object = JSON.parse(await ok(['get', 'ipaddress', ip, '-o', 'json']));
    expect(object.metadata.labels).toEqual({
      'ipaddress.kubernetes.io/ip-family': 'IPv4',
      'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io',
    });
    expect(object.spec.parentRef).toEqual({
      group: '',
      resource: 'services',
      namespace: 'default',
      name: 'web',
    });
    await ok(['delete', 'svc', 'web']);
    await eventually(
      () => k(['get', 'ipaddress', ip]),
      (r) => r.code === 1,
    );
  });

  test('an IPAddress a learner creates reserves its address; a ServiceCIDR is validated', async () => {
    await ok(
      ['apply', '-f', '-'],
      'apiVersion: networking.k8s.io/v1\nkind: IPAddress\nmetadata:\n  name: 10.96.0.50\nspec:\n  parentRef:\n    group: ""\n    resource: services\n    namespace: default\n    name: reserved\n',
    );
    const taken = await k([
      'create',
      'service',
      'clusterip',
      'pinned',
      '--tcp=80',
      '--clusterip=10.96.0.50',
    ]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(
      'spec.clusterIPs: Invalid value: []string{"10.96.0.50"}: failed to allocate IP 10.96.0.50: provided IP is already allocated',
    );
    const bad = await k(
      ['apply', '-f', '-'],
      'apiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata:\n  name: bad\nspec:\n  cidrs: ["10.100.0.0/16", "10.101.0.0/16"]\n',
    );
    expect(bad.stderr).toContain(
      'The ServiceCIDR "bad" is invalid: spec.cidrs: Invalid value: []string{"10.100.0.0/16", "10.101.0.0/16"}: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64',
    );
    await ok(
      ['apply', '-f', '-'],
      'apiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata:\n  name: newcidr1\nspec:\n  cidrs: ["10.96.0.0/24"]\n',
    );
    await eventually(
      () => ok(['get', 'servicecidr', 'newcidr1', '-o', 'jsonpath={.status.conditions[0].status}']),
      (s) => s === 'True',
    );
    const resources = rows(await ok(['api-resources', '--api-group=networking.k8s.io']));
    expect(resources).toEqual(
      expect.arrayContaining([
        ['ipaddresses', 'ip', 'networking.k8s.io/v1', 'false', 'IPAddress'],
        ['servicecidrs', 'networking.k8s.io/v1', 'false', 'ServiceCIDR'],
      ]),
    );
  });
});
