/**
 * Upstream test/cmd/node-management.sh: taint, cordon, uncordon and drain (dry runs, pod
 * selectors, node selectors, chunked lists) against a simulated worker node.
 */
import { KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';
import { nsFor } from './upstream-fixtures';

describe.each(KUBECTL_VERSIONS)('upstream node-management.sh with kubectl %s', (version) => {
  let t: TestCluster;
  const ns = nsFor('nodes', version);
  const node = 'node02';
  const k = (args: string[]) => t.kubectl(['-n', ns, ...args], { version });
  const ok = (args: string[], stdin?: string) => t.ok(['-n', ns, ...args], { version, stdin });
  const taints = () =>
    ok([
      'get',
      'nodes',
      node,
      '-o',
      'go-template={{range .spec.taints}}{{if eq .key "dedicated"}}{{.key}}={{.value}}:{{.effect}}{{end}}{{end}}',
    ]);
  const unschedulable = () =>
    ok(['get', 'nodes', node, '-o', 'go-template={{.spec.unschedulable}}']);

  beforeAll(async () => {
    t = await startCluster();
    await t.ok(['create', 'namespace', ns], { version });
    for (const [name, labels] of [
      ['test-pod-1', { e: 'f', type: 'test-pod' }],
      ['test-pod-2', { c: 'd', type: 'test-pod' }],
    ] as const) {
      await ok(
        ['create', '-f', '-'],
        JSON.stringify({
          kind: 'Pod',
          apiVersion: 'v1',
          metadata: { name, labels },
          spec: {
            nodeName: node,
            containers: [{ name: 'container-1', resources: {}, image: 'test-image' }],
          },
        }),
      );
    }
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await ok(['uncordon', node]);
  });

  test('taint adds and removes taints, dry runs change nothing, and kubectl-taint manages them', async () => {
    expect(await taints()).toBe('');
    await ok(['taint', 'node', node, '--dry-run=client', 'dedicated=foo:PreferNoSchedule']);
    // kubectl taint prints no dry-run suffix
    expect(
      await ok(['taint', 'node', node, '--dry-run=server', 'dedicated=foo:PreferNoSchedule']),
    ).toBe(`node/${node} tainted\n`);
    expect(await taints()).toBe('');
    expect(await ok(['taint', 'node', node, 'dedicated=foo:PreferNoSchedule'])).toBe(
      `node/${node} tainted\n`,
    );
    expect(await taints()).toBe('dedicated=foo:PreferNoSchedule');
    expect(await ok(['taint', 'node', node, 'dedicated-'])).toBe(`node/${node} untainted\n`);
    await ok(['taint', 'node', node, 'dedicated:PreferNoSchedule']);
    expect(await taints()).toBe('dedicated=<no value>:PreferNoSchedule');
    expect(
      await ok([
        'get',
        'node',
        node,
        '--show-managed-fields',
        '-o=jsonpath={.metadata.managedFields[*].manager}',
      ]),
    ).toContain('kubectl-taint');
    await ok(['taint', 'node', node, '--dry-run=server', 'dedicated-']);
    expect(await taints()).toBe('dedicated=<no value>:PreferNoSchedule');
    await ok(['taint', 'node', node, 'dedicated-']);
    expect(await taints()).toBe('');
    const missing = await k(['taint', 'node', node, 'dedicated-']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: taint "dedicated" not found\n');
  });

  test('cordon and drain dry runs leave the node schedulable', async () => {
    expect(await unschedulable()).toBe('<no value>');
    await ok(['cordon', node, '--dry-run=client']);
    expect(await ok(['cordon', node, '--dry-run=server'])).toBe(
      `node/${node} cordoned (server dry run)\n`,
    );
    expect(await unschedulable()).toBe('<no value>');
    await ok(['drain', node, '--dry-run=client', '--force', '--ignore-daemonsets']);
    // kubectl sends the dry run inside the Eviction's deleteOptions
    const dry = await ok(['drain', node, '--dry-run=server', '--force', '--ignore-daemonsets']);
    expect(dry).toContain(`evicting pod ${ns}/test-pod-1 (server dry run)`);
    expect(await unschedulable()).toBe('<no value>');
    expect(
      await ok(['get', 'pods', '-o', 'go-template={{range .items}}{{.metadata.name}},{{end}}']),
    ).toBe('test-pod-1,test-pod-2,');
  });

  test('drain --pod-selector evicts only the matching pods and uncordon reports an uncordoned node', async () => {
    const drained = await ok([
      'drain',
      node,
      '--force',
      '--pod-selector',
      'e in (f)',
      '--ignore-daemonsets',
      '--skip-wait-for-delete-timeout=1',
    ]);
    expect(drained).toMatch(new RegExp(`evicting pod ${ns}/test-pod-1\\n`));
    expect(drained).toContain(`node/${node} drained`);
    expect(
      await ok(['get', 'pods/test-pod-2', '-o', 'go-template={{.metadata.deletionTimestamp}}']),
    ).toBe('<no value>');
    expect(await unschedulable()).toBe('true');
    expect(await ok(['uncordon', node])).toBe(`node/${node} uncordoned\n`);
    expect(await unschedulable()).toBe('<no value>');
    expect(await ok(['uncordon', node, '--dry-run=client'])).toContain('already uncordoned');
    expect(await ok(['uncordon', node, '--dry-run=server'])).toContain('already uncordoned');
  });

  test('drain lists nodes and pods in chunks and refuses a node name with --selector', async () => {
    await ok(['label', 'node', node, 'test=label', '--overwrite']);
    const both = await k(['drain', node, '--selector', 'test=label']);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('cannot specify both a node name');
    const chunked = await k([
      '--v=6',
      'drain',
      '--force',
      '--pod-selector',
      'type=test-pod',
      '--selector',
      'test=label',
      '--chunk-size=1',
      '--dry-run=client',
      '--ignore-daemonsets',
    ]);
    expect(chunked.stderr).toMatch(
      /\/v1\/nodes\?labelSelector=test%3Dlabel&limit=1("? status="| )200 OK/,
    );
    expect(chunked.stderr).toMatch(
      new RegExp(
        `/v1/pods\\?fieldSelector=spec.nodeName%3D${node}&labelSelector=type%3Dtest-pod&limit=1("? status="| )200 OK`,
      ),
    );
    expect(chunked.stdout).toMatch(new RegExp(`evicting pod ${ns}/test-pod-2`));
    const defaults = await k([
      '--v=6',
      'drain',
      '--force',
      '--selector',
      'test=label',
      '--dry-run=client',
      '--ignore-daemonsets',
    ]);
    expect(defaults.stderr).toMatch(
      /\/v1\/nodes\?labelSelector=test%3Dlabel&limit=500("? status="| )200 OK/,
    );
    expect(defaults.stderr).toMatch(
      new RegExp(`/v1/pods\\?fieldSelector=spec.nodeName%3D${node}&limit=500("? status="| )200 OK`),
    );
    await ok(['uncordon', node]);
  });

  test('cordon needs a node or a selector and cordons only the selected nodes', async () => {
    const none = await k(['cordon']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('error: USAGE: cordon NODE');
    const empty = await k(['cordon', '--selector=']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('must provide one or more resources');
    await ok(['label', 'node', node, 'test=label', '--overwrite']);
    expect(await ok(['cordon', '--selector', 'test=label'])).toBe(`node/${node} cordoned\n`);
    expect(await ok(['cordon', '--selector', 'invalid=label'])).not.toContain('cordoned');
    expect(await unschedulable()).toBe('true');
    await ok(['uncordon', node]);
  });
});
