import { scaledKubeletTimings } from '../../src/controllers';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

describe.each(KUBECTL_VERSIONS)('workloads come alive with kubectl %s', (version) => {
  let t: TestCluster;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });

  beforeAll(async () => {
    t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
  });
  afterAll(async () => {
    await t.close();
  });

  test('kubectl get nodes shows a Ready control plane and two workers', async () => {
    const out = await ok(['get', 'nodes']);
    const rows = out.trim().split('\n').map(columns);
    expect(rows[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ['controlplane', 'Ready', 'control-plane', 'v1.33.0'],
      ['node01', 'Ready', '<none>', 'v1.33.0'],
      ['node02', 'Ready', '<none>', 'v1.33.0'],
    ]);
  });

  test('kubectl create deployment reaches 3/3 and rollout status says so', async () => {
    expect(await ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=3'])).toBe(
      'deployment.apps/web created\n',
    );
    const status = await ok(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    expect(status.trim().split('\n').pop()).toBe('deployment "web" successfully rolled out');
    const row = columns((await ok(['get', 'deployment', 'web'])).trim().split('\n')[1]);
    expect(row.slice(0, 4)).toEqual(['web', '3/3', '3', '3']);
  });

  test('kubectl get pods -o wide shows the pods on the workers with pod IPs', async () => {
    const out = await ok(['get', 'pods', '-l', 'app=web', '-o', 'wide']);
    const rows = out.trim().split('\n').slice(1).map(columns);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r[0]).toMatch(
        /^web-[bcdfghjklmnpqrstvwxz2456789]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      );
      expect(r.slice(1, 3)).toEqual(['1/1', 'Running']);
      expect(r[5]).toMatch(/^10\.244\.[12]\.\d+$/);
      expect(['node01', 'node02']).toContain(r[6]);
    }
  });

  test('set image, rollout status, history and undo', async () => {
    await ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.27']);
    const status = await ok(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    expect(status.trim().split('\n').pop()).toBe('deployment "web" successfully rolled out');
    const history = await ok(['rollout', 'history', 'deployment/web']);
    expect(history.trim().split('\n').map(columns)).toEqual([
      ['deployment.apps/web'],
      ['REVISION', 'CHANGE-CAUSE'],
      ['1', '<none>'],
      ['2', '<none>'],
    ]);
    expect(await ok(['rollout', 'undo', 'deployment/web'])).toBe(
      'deployment.apps/web rolled back\n',
    );
    await ok(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    expect(
      await ok([
        'get',
        'deployment',
        'web',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].image}',
      ]),
    ).toBe('nginx');
    const rs = await ok([
      'get',
      'rs',
      '-l',
      'app=web',
      '-o',
      'jsonpath={range .items[*]}{.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.spec.replicas}{"\\n"}{end}',
    ]);
    expect(rs.trim().split('\n').sort()).toEqual(['2 0', '3 3']);
  });

  test('kubectl scale changes the number of pods', async () => {
    expect(await ok(['scale', 'deployment/web', '--replicas=5'])).toBe(
      'deployment.apps/web scaled\n',
    );
    await ok(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    await eventually(
      () => ok(['get', 'pods', '-l', 'app=web', '--no-headers']),
      (out) =>
        out
          .trim()
          .split('\n')
          .filter((l) => l.includes('Running')).length === 5,
    );
    await ok(['scale', 'deployment/web', '--replicas=2']);
    await eventually(
      () => ok(['get', 'pods', '-l', 'app=web', '--no-headers']),
      (out) => out.trim().split('\n').filter(Boolean).length === 2,
    );
  });

  test('an image that does not exist shows ImagePullBackOff and describe shows why', async () => {
    await ok(['run', 'typo', '--image=nginxx:1.99']);
    const line = await eventually(
      () => ok(['get', 'pod', 'typo', '--no-headers']),
      (out) => out.includes('ImagePullBackOff'),
    );
    expect(columns(line).slice(1, 3)).toEqual(['0/1', 'ImagePullBackOff']);
    const describe = await ok(['describe', 'pod', 'typo']);
    expect(describe).toMatch(/Successfully assigned default\/typo to node0[12]/);
    expect(describe).toContain('Pulling image "nginxx:1.99"');
    expect(describe).toContain('Back-off pulling image "nginxx:1.99"');
    expect(describe).toContain('Error: ImagePullBackOff');
  });

  test('kubectl delete pod returns promptly', async () => {
    await ok(['run', 'short', '--image=nginx']);
    await ok(['wait', '--for=condition=Ready', 'pod/short', '--timeout=30s']);
    const started = Date.now();
    expect(await ok(['delete', 'pod', 'short'])).toBe('pod "short" deleted\n');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await k(['get', 'pod', 'short'])).code).toBe(1);
  });
});
