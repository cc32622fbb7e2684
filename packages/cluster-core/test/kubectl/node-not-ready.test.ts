/**
 * A node whose kubelet stops (Cluster.stopKubelet, what a lab uses for "node02 is down"), seen
 * with real kubectl: NotReady, the unreachable taints, its pods evicted and left Terminating
 * until the kubelet comes back.
 */
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const pinnedPod = `apiVersion: v1
kind: Pod
metadata:
  name: stranded
spec:
  nodeSelector:
    kubernetes.io/hostname: node02
  tolerations:
  - key: node.kubernetes.io/unreachable
    operator: Exists
    effect: NoExecute
    tolerationSeconds: 2
  containers:
  - name: nginx
    image: nginx
`;

describe.each(KUBECTL_VERSIONS)('a node whose kubelet stopped, with kubectl %s', (version) => {
  let t: TestCluster;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });

  beforeAll(async () => {
    t = await startCluster();
  });
  afterAll(async () => {
    await t.close();
  });

  test('is NotReady and tainted unreachable, its pod is evicted and stays Terminating until the kubelet is back', async () => {
    await ok(['apply', '-f', '-'], pinnedPod);
    await ok(['wait', '--for=condition=Ready', 'pod/stranded', '--timeout=20s']);
    t.cluster.stopKubelet('node02', { gracePeriodMs: 500 });
    const row = async () =>
      columns(
        (await ok(['get', 'nodes', '--no-headers']))
          .split('\n')
          .find((l) => l.startsWith('node02')) ?? '',
      );
    const notReady = await eventually(row, (r) => r[1] === 'NotReady');
    expect(notReady.slice(0, 3)).toEqual(['node02', 'NotReady', '<none>']);
    const described = await ok(['describe', 'node', 'node02']);
    expect(described).toContain(
      'Taints:             node.kubernetes.io/unreachable:NoExecute\n                    node.kubernetes.io/unreachable:NoSchedule\n',
    );
    expect(described).toMatch(
      /\n {2}Ready +Unknown +.+ NodeStatusUnknown +Kubelet stopped posting node status\.\n/,
    );
    // tolerationSeconds 2: the taint eviction controller deletes the pod, the silent kubelet never confirms it.
    const pod = await eventually(
      async () => columns((await ok(['get', 'pod', 'stranded', '--no-headers'])).trim()),
      (r) => r[2] === 'Terminating',
    );
    expect(pod.slice(0, 3)).toEqual(['stranded', '1/1', 'Terminating']);
    expect(
      await ok([
        'get',
        'pod',
        'stranded',
        '-o',
        'jsonpath={.status.conditions[?(@.type=="DisruptionTarget")].reason} {.status.conditions[?(@.type=="Ready")].status}',
      ]),
    ).toBe('DeletionByTaintManager False');
    t.cluster.startKubelet('node02');
    await eventually(row, (r) => r[1] === 'Ready');
    await eventually(
      () => t.kubectl(['get', 'pod', 'stranded'], { version }),
      (r) => r.code !== 0,
    );
    expect(await ok(['get', 'node', 'node02', '-o', 'jsonpath={.spec.taints}'])).toBe('');
  }, 40_000);
});
