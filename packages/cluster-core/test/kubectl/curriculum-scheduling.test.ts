/**
 * Curriculum: scheduling (seed 000 "Kube-scheduler", seed 003 第四章 资源调度, seed 004's
 * K8S之Schedule lesson): nodeSelector, node affinity, pod anti-affinity, nodeName, taints and
 * tolerations (NoSchedule, NoExecute eviction), resource requests that fit nowhere, and
 * cordon/drain/uncordon, with the scheduler's FailedScheduling texts.
 */
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const CONTROL_PLANE_TAINT =
  '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

const pod = (name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...spec },
  });

describe.each(KUBECTL_VERSIONS)('curriculum: scheduling with kubectl %s', (version) => {
  let t: TestCluster;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const rows = (out: string) => out.trim().split('\n').map(columns);
  const nodeOf = (name: string) => ok(['get', 'pod', name, '-o', 'jsonpath={.spec.nodeName}']);
  const scheduled = (name: string) =>
    eventually(
      () => nodeOf(name),
      (n) => n !== '',
    );
  const failedScheduling = (name: string) =>
    eventually(
      async () =>
        (
          await ok([
            'get',
            'events',
            '--field-selector',
            `involvedObject.name=${name},reason=FailedScheduling`,
            '-o',
            'jsonpath={range .items[*]}{.message}{"\\n"}{end}',
          ])
        )
          .split('\n')
          .filter(Boolean)
          .pop() ?? '',
      (m) => m.length > 0,
    );

  beforeAll(async () => {
    t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
  });
  afterAll(async () => {
    await t.close();
  });

  test('nodeSelector: Pending until a node carries the label, then scheduled there', async () => {
    await ok(['apply', '-f', '-'], pod('ssd-only', { nodeSelector: { disktype: 'ssd' } }));
    expect(await failedScheduling('ssd-only')).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    );
    const [, row] = rows(await ok(['get', 'pod', 'ssd-only', '-o', 'wide']));
    expect(row.slice(1, 3)).toEqual(['0/1', 'Pending']);
    expect(row.slice(5, 7)).toEqual(['<none>', '<none>']);
    const described = await ok(['describe', 'pod', 'ssd-only']);
    expect(described).toMatch(/\nNode: +<none>\n/);
    expect(described).toMatch(/\nNode-Selectors: +disktype=ssd\n/);
    expect(described).toMatch(/ {2}PodScheduled +False \n/);
    expect(await ok(['label', 'nodes', 'node02', 'disktype=ssd'])).toBe('node/node02 labeled\n');
    expect(await scheduled('ssd-only')).toBe('node02');
    expect(await ok(['get', 'nodes', '-l', 'disktype=ssd', '-o', 'name'])).toBe('node/node02\n');
    const [, labelled] = rows(await ok(['get', 'nodes', 'node02', '-L', 'disktype']));
    expect(labelled[labelled.length - 1]).toBe('ssd');
  });

  test('required node affinity with In and NotIn; preferred affinity is a preference', async () => {
    await ok(
      ['apply', '-f', '-'],
      pod('aff-in', {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd', 'nvme'] }],
                },
              ],
            },
          },
        },
      }),
    );
    expect(await scheduled('aff-in')).toBe('node02');
    await ok(
      ['apply', '-f', '-'],
      pod('aff-notin', {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'disktype', operator: 'NotIn', values: ['ssd'] }] },
              ],
            },
          },
        },
      }),
    );
    expect(await scheduled('aff-notin')).toBe('node01');
    await ok(
      ['apply', '-f', '-'],
      pod('aff-none', {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }],
            },
          },
        },
      }),
    );
    expect(await failedScheduling('aff-none')).toContain(
      "2 node(s) didn't match Pod's node affinity/selector",
    );
    await ok(
      ['apply', '-f', '-'],
      pod('aff-pref', {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                preference: {
                  matchExpressions: [{ key: 'zone', operator: 'In', values: ['east'] }],
                },
              },
            ],
          },
        },
      }),
    );
    expect(['node01', 'node02']).toContain(await scheduled('aff-pref'));
  });

  test('pod anti-affinity spreads replicas one per node and leaves the extra one Pending', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'spread' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'spread' } },
        template: {
          metadata: { labels: { app: 'spread' } },
          spec: {
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  {
                    labelSelector: { matchLabels: { app: 'spread' } },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                ],
              },
            },
            containers: [{ name: 'nginx', image: 'nginx' }],
          },
        },
      },
    };
    await ok(['apply', '-f', '-'], JSON.stringify(deployment));
    const placed = await eventually(
      () =>
        ok([
          'get',
          'pods',
          '-l',
          'app=spread',
          '-o',
          'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}',
        ]),
      (o) => o.split('\n').filter(Boolean).length === 2,
    );
    expect(placed.split('\n').filter(Boolean).sort()).toEqual(['node01', 'node02']);
    // The one left without a node (a bound pod may still be Pending while its container starts).
    const pending =
      (
        await ok([
          'get',
          'pods',
          '-l',
          'app=spread',
          '-o',
          'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName}{"\\n"}{end}',
        ])
      )
        .split('\n')
        .map((l) => l.trim().split(' '))
        .find((parts) => parts.length === 1 && parts[0])?.[0] ?? '';
    expect(await failedScheduling(pending)).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    );
    await ok(['delete', 'deployment', 'spread']);
  });

  test('nodeName bypasses the scheduler, even onto the control plane', async () => {
    await ok(['apply', '-f', '-'], pod('pinned', { nodeName: 'controlplane' }));
    await ok(['wait', '--for=condition=Ready', 'pod/pinned', '--timeout=30s']);
    expect(await nodeOf('pinned')).toBe('controlplane');
    const events = await ok([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=pinned',
      '-o',
      'jsonpath={.items[*].reason}',
    ]);
    expect(events.split(' ')).not.toContain('Scheduled');
  });

  test('taints repel pods without a matching toleration; the control plane taint is tolerated explicitly', async () => {
    const describedCp = await ok(['describe', 'node', 'controlplane']);
    expect(describedCp).toMatch(/\nTaints: +node-role\.kubernetes\.io\/control-plane:NoSchedule\n/);
    expect(await ok(['taint', 'nodes', 'node01', 'app=blue:NoSchedule'])).toBe(
      'node/node01 tainted\n',
    );
    expect(await ok(['taint', 'nodes', 'node02', 'app=blue:NoSchedule'])).toBe(
      'node/node02 tainted\n',
    );
    await ok(['apply', '-f', '-'], pod('intolerant', {}));
    expect(await failedScheduling('intolerant')).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) had untolerated taint {app: blue}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    await ok(
      ['apply', '-f', '-'],
      pod('tolerant', {
        tolerations: [{ key: 'app', operator: 'Equal', value: 'blue', effect: 'NoSchedule' }],
      }),
    );
    expect(['node01', 'node02']).toContain(await scheduled('tolerant'));
    await ok(
      ['apply', '-f', '-'],
      pod('cp-tolerant', {
        nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
        tolerations: [
          {
            key: 'node-role.kubernetes.io/control-plane',
            operator: 'Exists',
            effect: 'NoSchedule',
          },
        ],
      }),
    );
    expect(await scheduled('cp-tolerant')).toBe('controlplane');
    const refused = await k(['taint', 'nodes', 'node01', 'app=green:NoSchedule']);
    expect(refused.stderr).toBe(
      'error: node node01 already has app taint(s) with same effect(s) and --overwrite is false\n',
    );
    expect(await ok(['taint', 'nodes', 'node01', 'app:NoSchedule-'])).toBe(
      'node/node01 untainted\n',
    );
    expect(await ok(['taint', 'nodes', 'node02', 'app=blue:NoSchedule-'])).toBe(
      'node/node02 untainted\n',
    );
    expect(await scheduled('intolerant')).toMatch(/^node0[12]$/);
    expect(rows(await ok(['describe', 'node', 'node01'])).find((r) => r[0] === 'Taints:')).toEqual([
      'Taints:',
      '<none>',
    ]);
  });

  test('a NoExecute taint evicts running pods that do not tolerate it', async () => {
    await ok(['create', 'deployment', 'evictme', '--image=nginx', '--replicas=2']);
    await ok(['rollout', 'status', 'deployment/evictme', '--timeout=30s']);
    expect(await ok(['taint', 'node', 'node01', 'maintenance=true:NoExecute'])).toBe(
      'node/node01 tainted\n',
    );
    const nodes = await eventually(
      () =>
        ok([
          'get',
          'pods',
          '-l',
          'app=evictme',
          '--field-selector=status.phase=Running',
          '-o',
          'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}',
        ]),
      (o) => o.split('\n').filter(Boolean).length === 2 && !o.includes('node01'),
      20_000,
    );
    expect(nodes.split('\n').filter(Boolean)).toEqual(['node02', 'node02']);
    const evictions = await ok([
      'get',
      'events',
      '--field-selector',
      'reason=TaintManagerEviction',
      '-o',
      'jsonpath={range .items[*]}{.message}{"\\n"}{end}',
    ]);
    expect(evictions).toMatch(/^Marking for deletion Pod default\/\S+\n/m);
    await ok(['taint', 'node', 'node01', 'maintenance-']);
  });

  test('requests larger than any node stay Pending with Insufficient cpu and memory', async () => {
    await ok(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'huge' },
        spec: {
          containers: [
            { name: 'c', image: 'nginx', resources: { requests: { cpu: '64', memory: '512Gi' } } },
          ],
        },
      }),
    );
    expect(await failedScheduling('huge')).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 Insufficient cpu, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    );
    const allocatable = JSON.parse(
      await ok(['get', 'node', 'node01', '-o', 'jsonpath={.status.allocatable}']),
    );
    expect(allocatable).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
      pods: '110',
    });
    await ok(['delete', 'pod', 'huge']);
  });

  test('cordon, drain and uncordon move workloads and say what they do', async () => {
    // The evictme pods run on node02 since the NoExecute taint: cordon node01, drain node02.
    expect(await ok(['cordon', 'node01'])).toBe('node/node01 cordoned\n');
    const [, row] = rows(await ok(['get', 'node', 'node01']));
    expect(row.slice(0, 2)).toEqual(['node01', 'Ready,SchedulingDisabled']);
    const taints = JSON.parse(await ok(['get', 'node', 'node01', '-o', 'jsonpath={.spec.taints}']));
    expect(taints).toEqual([
      {
        effect: 'NoSchedule',
        key: 'node.kubernetes.io/unschedulable',
        timeAdded: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
    ]);
    const refused = await k(['drain', 'node02']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('node/node02 cordoned\n');
    // The wording of the list differs between kubectl versions (client side).
    expect(refused.stderr).toMatch(/^error: unable to drain node "node02" due to error:/);
    expect(refused.stderr).toMatch(
      /cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/kube-proxy-\w{5}/,
    );
    const drained = await k([
      'drain',
      'node02',
      '--ignore-daemonsets',
      '--delete-emptydir-data',
      '--force',
    ]);
    expect(drained.code).toBe(0);
    expect(drained.stdout).toMatch(/^node\/node02 already cordoned\n/);
    expect(drained.stdout).toContain('node/node02 drained\n');
    expect(drained.stdout).toMatch(/evicting pod default\/evictme-\S+\n/);
    expect(drained.stdout).toMatch(/pod\/evictme-\S+ evicted\n/);
    expect(drained.stderr).toMatch(
      /^Warning: .*ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-\w{5}/,
    );
    expect(drained.stderr).toMatch(
      /deleting Pods that declare no controller: default\/aff-in, default\/ssd-only/,
    );
    const stuck = await eventually(
      () =>
        ok([
          'get',
          'pods',
          '-l',
          'app=evictme',
          '-o',
          'jsonpath={range .items[*]}{.status.phase}{"\\n"}{end}',
        ]),
      (o) =>
        o.split('\n').filter(Boolean).length === 2 &&
        o
          .split('\n')
          .filter(Boolean)
          .every((p) => p === 'Pending'),
      20_000,
    );
    expect(stuck.trim().split('\n')).toEqual(['Pending', 'Pending']);
    expect(await ok(['uncordon', 'node01'])).toBe('node/node01 uncordoned\n');
    expect(await ok(['uncordon', 'node02'])).toBe('node/node02 uncordoned\n');
    await ok(['rollout', 'status', 'deployment/evictme', '--timeout=30s']);
    expect(await ok(['uncordon', 'node02'])).toBe('node/node02 already uncordoned\n');
  });
});
