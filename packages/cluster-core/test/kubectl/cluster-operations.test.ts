import { scaledKubeletTimings } from '../../src/controllers';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

describe.each(KUBECTL_VERSIONS)('nodes, services and system pods with kubectl %s', (version) => {
  let t: TestCluster;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });

  beforeAll(async () => {
    t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
  });
  afterAll(async () => {
    await t.close();
  });

  test('kube-system has the kubeadm control plane, CoreDNS and kube-proxy running', async () => {
    const out = await eventually(
      () => ok(['get', 'pods', '-n', 'kube-system', '--no-headers']),
      (o) =>
        o
          .trim()
          .split('\n')
          .every((l) => columns(l)[2] === 'Running' && columns(l)[1] === '1/1'),
    );
    const names = out
      .trim()
      .split('\n')
      .map((l) =>
        columns(l)[0]
          .replace(/-[a-z0-9]{5}$/, '')
          .replace(/-[a-z0-9]{8,10}$/, ''),
      );
    expect(names).toEqual([
      'coredns',
      'coredns',
      'etcd-controlplane',
      'kube-apiserver-controlplane',
      'kube-controller-manager-controlplane',
      'kube-proxy',
      'kube-proxy',
      'kube-proxy',
      'kube-scheduler-controlplane',
    ]);
    expect(
      await ok([
        'get',
        'pod',
        '-n',
        'kube-system',
        'kube-apiserver-controlplane',
        '-o',
        'jsonpath={.spec.containers[0].command}',
      ]),
    ).toContain('--service-cluster-ip-range=10.96.0.0/12');
  });

  test('a service follows the readiness of the pods it selects', async () => {
    await ok(['create', 'deployment', 'api', '--image=nginx', '--replicas=2']);
    await ok(['expose', 'deployment', 'api', '--port=80', '--target-port=80']);
    await ok(['rollout', 'status', 'deployment/api', '--timeout=30s']);
    const ep = await eventually(
      () => ok(['get', 'endpoints', 'api', '-o', 'jsonpath={.subsets[*].addresses[*].ip}']),
      (o) => o.split(' ').filter(Boolean).length === 2,
    );
    expect(ep).toMatch(/^10\.244\.\d+\.\d+ 10\.244\.\d+\.\d+$/);
    const slices = await ok([
      'get',
      'endpointslices',
      '-l',
      'kubernetes.io/service-name=api',
      '--no-headers',
    ]);
    expect(columns(slices.trim()).slice(1, 3)).toEqual(['IPv4', '80']);
    await ok(['scale', 'deployment/api', '--replicas=0']);
    await eventually(
      () => ok(['get', 'endpoints', 'api', '-o', 'jsonpath={.subsets}']),
      (o) => o === '',
    );
  });

  test('cordon and drain move pods off a node', async () => {
    await ok(['create', 'deployment', 'spread', '--image=nginx', '--replicas=4']);
    await ok(['rollout', 'status', 'deployment/spread', '--timeout=30s']);
    expect(await ok(['cordon', 'node01'])).toBe('node/node01 cordoned\n');
    const nodes = await ok(['get', 'nodes', 'node01', '--no-headers']);
    expect(columns(nodes)[1]).toBe('Ready,SchedulingDisabled');
    const drain = await k([
      'drain',
      'node01',
      '--ignore-daemonsets',
      '--delete-emptydir-data',
      '--timeout=60s',
    ]);
    expect(drain.code).toBe(0);
    expect(drain.stdout).toContain('node/node01 drained');
    await ok(['rollout', 'status', 'deployment/spread', '--timeout=30s']);
    const where = await ok([
      'get',
      'pods',
      '-l',
      'app=spread',
      '-o',
      'jsonpath={.items[*].spec.nodeName}',
    ]);
    expect(where.split(' ').every((n) => n === 'node02')).toBe(true);
    expect(await ok(['uncordon', 'node01'])).toBe('node/node01 uncordoned\n');
  });

  test('a pod that fits nowhere stays Pending with the FailedScheduling event', async () => {
    await ok([
      'run',
      'huge',
      '--image=nginx',
      '--overrides={"spec":{"containers":[{"name":"huge","image":"nginx","resources":{"requests":{"cpu":"16"}}}]}}',
    ]);
    const describe = await eventually(
      () => ok(['describe', 'pod', 'huge']),
      (o) => o.includes('FailedScheduling'),
    );
    expect(describe).toContain(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
    expect(columns((await ok(['get', 'pod', 'huge', '--no-headers'])).trim()).slice(1, 3)).toEqual([
      '0/1',
      'Pending',
    ]);
  });
});
