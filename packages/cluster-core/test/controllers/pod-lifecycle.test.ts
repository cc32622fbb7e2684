import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

const pod = (name: string, spec: Record<string, unknown>, namespace = 'default') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec,
});

describe('simulated nodes, scheduler and kubelet', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster();
  });
  afterEach(async () => {
    await c.close();
  });

  test('a kubeadm-like cluster has a tainted control plane and two workers', async () => {
    await c.settle();
    const nodes = c.list('', 'nodes');
    expect(nodes.map((n) => n.metadata.name)).toEqual(['controlplane', 'node01', 'node02']);
    const cp = nodes[0];
    expect(cp.metadata.labels).toMatchObject({ 'node-role.kubernetes.io/control-plane': '' });
    expect(cp.spec.taints).toEqual([
      { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
    ]);
    const ready = nodes[1].status.conditions.find((x: { type: string }) => x.type === 'Ready');
    expect(ready).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
    });
    expect(nodes[1].status.nodeInfo.kubeletVersion).toBe('v1.33.0');
  });

  test('an nginx pod is scheduled to a worker and runs with an IP from its pod CIDR', async () => {
    c.create('', 'pods', pod('web', { containers: [{ name: 'nginx', image: 'nginx' }] }));
    await c.advance(10_000);
    const p = c.get('', 'pods', 'default', 'web');
    expect(['node01', 'node02']).toContain(p?.spec.nodeName);
    expect(p?.status.phase).toBe('Running');
    expect(p?.status.podIP).toMatch(/^10\.244\.[12]\.\d+$/);
    const cs = p?.status.containerStatuses[0];
    expect(cs).toMatchObject({
      name: 'nginx',
      ready: true,
      started: true,
      restartCount: 0,
      image: 'docker.io/library/nginx:latest',
    });
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(p?.status.conditions.map((x: { type: string }) => x.type)).toEqual([
      'PodReadyToStartContainers',
      'Initialized',
      'Ready',
      'ContainersReady',
      'PodScheduled',
    ]);
    const reasons = c
      .events('default')
      .filter((e) => e.involvedObject.name === 'web')
      .map((e) => `${e.reason}: ${e.message}`);
    expect(reasons[0]).toBe(`Scheduled: Successfully assigned default/web to ${p?.spec.nodeName}`);
    expect(reasons).toContain('Pulling: Pulling image "nginx"');
    expect(reasons).toContain('Created: Created container: nginx');
    expect(reasons).toContain('Started: Started container nginx');
  });

  test('an unknown image ends in ImagePullBackOff', async () => {
    c.create('', 'pods', pod('typo', { containers: [{ name: 'app', image: 'nginxx:1.0' }] }));
    await c.advance(8_000);
    const p = c.get('', 'pods', 'default', 'typo');
    expect(p?.status.phase).toBe('Pending');
    expect(p?.status.containerStatuses[0].state.waiting).toEqual({
      reason: 'ImagePullBackOff',
      // 1.32+ (kubernetes#127918): the back-off message carries the last pull error.
      message:
        'Back-off pulling image "nginxx:1.0": ErrImagePull: rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginxx:1.0": failed to resolve reference "docker.io/library/nginxx:1.0": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    });
  });

  test('a pod too big for any node stays Pending with the scheduler message', async () => {
    c.create(
      '',
      'pods',
      pod('big', {
        containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '8' } } }],
      }),
    );
    await c.advance(1_000);
    const p = c.get('', 'pods', 'default', 'big');
    const cond = p?.status.conditions.find((x: { type: string }) => x.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(cond.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
    const ev = c.events('default').find((e) => e.reason === 'FailedScheduling');
    expect(ev?.message).toBe(cond.message);
  });

  test('a busybox that exits is restarted with a growing back-off', async () => {
    c.create(
      '',
      'pods',
      pod('b', { containers: [{ name: 'b', image: 'busybox', command: ['sh', '-c', 'echo hi'] }] }),
    );
    await c.advance(60_000, 250);
    const p = c.get('', 'pods', 'default', 'b');
    const cs = p?.status.containerStatuses[0];
    expect(cs.restartCount).toBeGreaterThanOrEqual(3);
    expect(p?.status.phase).toBe('Running');
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  test('a pod with restartPolicy Never that exits 0 Succeeds', async () => {
    c.create(
      '',
      'pods',
      pod('once', {
        restartPolicy: 'Never',
        containers: [{ name: 'b', image: 'busybox', command: ['sleep', '2'] }],
      }),
    );
    await c.advance(10_000);
    const p = c.get('', 'pods', 'default', 'once');
    expect(p?.status.phase).toBe('Succeeded');
    expect(p?.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
  });

  test('deleting a running pod takes about a second of clock time', async () => {
    c.create('', 'pods', pod('web', { containers: [{ name: 'nginx', image: 'nginx' }] }));
    await c.advance(10_000);
    c.remove('', 'pods', 'default', 'web');
    expect(c.get('', 'pods', 'default', 'web')?.metadata.deletionTimestamp).toBeDefined();
    await c.advance(1_500);
    expect(c.get('', 'pods', 'default', 'web')).toBeUndefined();
  });
});
