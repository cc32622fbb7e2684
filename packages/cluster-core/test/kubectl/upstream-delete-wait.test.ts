/**
 * Upstream test/cmd/delete.sh and wait.sh, plus the delete propagation flags and the watch
 * output forms (get -w, --watch-only, --output-watch-events) the API machinery serves.
 */
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';
import { nsFor } from './upstream-fixtures';

describe.each(KUBECTL_VERSIONS)('upstream delete.sh and wait.sh with kubectl %s', (version) => {
  let t: TestCluster;
  const ns = nsFor('delwait', version);
  const k = (args: string[], stdin?: string) => t.kubectl(['-n', ns, ...args], { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(['-n', ns, ...args], { version, stdin });

  beforeAll(async () => {
    t = await startCluster();
    await t.ok(['create', 'namespace', ns], { version });
  });
  afterAll(async () => {
    await t.close();
  });

  test('delete -l --all-namespaces removes the labelled objects of every namespace, dry runs remove none', async () => {
    const one = nsFor('namespace-one', version);
    const two = nsFor('namespace-two', version);
    for (const [n, cm] of [
      [one, 'one'],
      [two, 'two'],
    ]) {
      await t.ok(['create', 'namespace', n], { version });
      await t.ok(['create', 'configmap', cm, `--namespace=${n}`], { version });
      await t.ok(['label', 'configmap', cm, `--namespace=${n}`, 'deletetest=true'], { version });
    }
    const names = async (n: string) =>
      t.ok(
        [
          'get',
          'configmap',
          '-l',
          'deletetest',
          '-n',
          n,
          '-o',
          'go-template={{range.items}}{{.metadata.name}}:{{end}}',
        ],
        { version },
      );
    expect(
      await t.ok(
        ['delete', 'configmap', '--dry-run=client', '-l', 'deletetest=true', '--all-namespaces'],
        { version },
      ),
    ).toBe('configmap "one" deleted (dry run)\nconfigmap "two" deleted (dry run)\n');
    // kubectl sends the dry run in the DELETE body only
    expect(
      await t.ok(
        ['delete', 'configmap', '--dry-run=server', '-l', 'deletetest=true', '--all-namespaces'],
        { version },
      ),
    ).toBe('configmap "one" deleted (server dry run)\nconfigmap "two" deleted (server dry run)\n');
    expect(await names(one)).toBe('one:');
    expect(await names(two)).toBe('two:');
    expect(
      await t.ok(['delete', 'configmap', '-l', 'deletetest=true', '--all-namespaces'], { version }),
    ).toBe('configmap "one" deleted\nconfigmap "two" deleted\n');
    expect(await names(one)).toBe('');
    expect(await names(two)).toBe('');
  });

  test('delete --all --dry-run=server lists every object and deletes none', async () => {
    await ok(['create', 'configmap', 'kept']);
    expect(await ok(['delete', 'configmap', 'kept', '--dry-run=server'])).toBe(
      'configmap "kept" deleted (server dry run)\n',
    );
    expect(await ok(['delete', 'configmap', '--all', '--dry-run=server'])).toContain(
      'configmap "kept" deleted (server dry run)\n',
    );
    expect(await ok(['get', 'configmap', 'kept', '-o', 'name'])).toBe('configmap/kept\n');
  });

  test('delete of a missing object is NotFound unless --ignore-not-found', async () => {
    const missing = await k(['delete', 'configmap', 'nonexistent']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      'Error from server (NotFound): configmaps "nonexistent" not found\n',
    );
    const ignored = await k(['delete', 'configmap', 'nonexistent', '--ignore-not-found']);
    expect(ignored).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('wait --for=jsonpath times out on a field that never appears and --for=delete --all sees every deletion', async () => {
    await ok(['create', 'deployment', 'test-1', '--image=busybox']);
    await ok(['create', 'deployment', 'test-2', '--image=busybox']);
    expect(
      await ok([
        'get',
        'deployments',
        '-o',
        'go-template={{range .items}}{{.metadata.name}},{{end}}',
      ]),
    ).toBe('test-1,test-2,');
    const timedOut = await k([
      'wait',
      '--for=jsonpath=.status.nope=1',
      'deploy/test-1',
      '--timeout=1s',
    ]);
    expect(timedOut.code).toBe(1);
    expect(timedOut.stderr).toBe(
      'error: timed out waiting for the condition on deployments/test-1\n',
    );
    const waiting = k(['wait', 'deployment', '--for=delete', '--all', '--timeout=20s']);
    await new Promise((r) => setTimeout(r, 1000));
    await ok(['delete', 'deployment', '--all']);
    const done = await waiting;
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('deployment.apps/test-1 condition met');
    expect(done.stdout).toContain('deployment.apps/test-2 condition met');
  });

  test('wait --for=condition on a condition no object has times out after --timeout', async () => {
    await ok(['create', 'configmap', 'cond', '--from-literal=a=b']);
    const started = Date.now();
    const r = await k([
      'wait',
      'configmap/cond',
      '--for=condition=InvalidCondition',
      '--timeout=1s',
    ]);
    const elapsed = Date.now() - started;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: timed out waiting for the condition on configmaps/cond\n');
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(5000);
  });

  test('wait --for=jsonpath is met once the field has the value (1.33: or merely exists)', async () => {
    await ok(['create', 'configmap', 'present', '--from-literal=key=value']);
    expect(
      await ok(['wait', '--for=jsonpath={.data.key}=value', 'configmap/present', '--timeout=5s']),
    ).toBe('configmap/present condition met\n');
    if (version !== '1.27') {
      expect(
        await ok(['wait', '--for=jsonpath={.data.key}', 'configmap/present', '--timeout=5s']),
      ).toBe('configmap/present condition met\n');
    }
  });

  test('delete --cascade=orphan leaves the dependents without owner, foreground deletes them first', async () => {
    await ok(['create', '-f', '-'], OWNER_AND_DEPENDENT('orphan'));
    const owner = JSON.parse(await ok(['get', 'configmap', 'orphan-owner', '-o', 'json']));
    await ok([
      'patch',
      'configmap',
      'orphan-dependent',
      '--type=merge',
      `-p={"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"orphan-owner","uid":"${owner.metadata.uid}"}]}}`,
    ]);
    expect(await ok(['delete', 'configmap', 'orphan-owner', '--cascade=orphan'])).toBe(
      'configmap "orphan-owner" deleted\n',
    );
    await eventually(
      () =>
        ok(['get', 'configmap', 'orphan-dependent', '-o', 'jsonpath={.metadata.ownerReferences}']),
      (refs) => refs === '',
    );

    await ok(['create', '-f', '-'], OWNER_AND_DEPENDENT('fg'));
    const fgOwner = JSON.parse(await ok(['get', 'configmap', 'fg-owner', '-o', 'json']));
    await ok([
      'patch',
      'configmap',
      'fg-dependent',
      '--type=merge',
      `-p={"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"fg-owner","uid":"${fgOwner.metadata.uid}","blockOwnerDeletion":true}]}}`,
    ]);
    expect(await ok(['delete', 'configmap', 'fg-owner', '--cascade=foreground'])).toBe(
      'configmap "fg-owner" deleted\n',
    );
    await eventually(
      () => k(['get', 'configmap', 'fg-dependent']),
      (r) => r.code === 1,
    );
    expect((await k(['get', 'configmap', 'fg-owner'])).code).toBe(1);

    await ok(['create', '-f', '-'], OWNER_AND_DEPENDENT('bg'));
    const bgOwner = JSON.parse(await ok(['get', 'configmap', 'bg-owner', '-o', 'json']));
    await ok([
      'patch',
      'configmap',
      'bg-dependent',
      '--type=merge',
      `-p={"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"bg-owner","uid":"${bgOwner.metadata.uid}"}]}}`,
    ]);
    await ok(['delete', 'configmap', 'bg-owner']);
    await eventually(
      () => k(['get', 'configmap', 'bg-dependent']),
      (r) => r.code === 1,
    );
  });

  test('a finalizer keeps a deleted object with a deletionTimestamp until it is removed', async () => {
    await ok(
      ['create', '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers: [example.com/hold]\n',
    );
    expect(await ok(['delete', 'configmap', 'held', '--wait=false'])).toBe(
      'configmap "held" deleted\n',
    );
    const held = JSON.parse(await ok(['get', 'configmap', 'held', '-o', 'json']));
    expect(held.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(held.metadata.deletionGracePeriodSeconds).toBe(0);
    const add = await k(['label', 'configmap', 'held', 'a=b']);
    expect(add.code).toBe(0);
    await ok([
      'patch',
      'configmap',
      'held',
      '--type=json',
      '-p=[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    expect((await k(['get', 'configmap', 'held'])).stderr).toBe(
      'Error from server (NotFound): configmaps "held" not found\n',
    );
  });

  test('get -w prints the table then changes; --output-watch-events and --watch-only as upstream', async () => {
    await ok(['create', 'configmap', 'watched']);
    const events = t.background(['-n', ns, 'get', 'configmap', '-w', '--output-watch-events'], {
      version,
    });
    const only = t.background(['-n', ns, 'get', 'configmap', '--watch-only', '-o', 'name'], {
      version,
    });
    await eventually(
      () => events.output(),
      (o) => o.includes('watched'),
    );
    await new Promise((r) => setTimeout(r, 300));
    await ok(['create', 'configmap', 'second']);
    await ok(['label', 'configmap', 'watched', 'x=y']);
    await ok(['delete', 'configmap', 'second']);
    await eventually(
      () => events.output(),
      (o) => /DELETED\s+second/.test(o),
    );
    await eventually(
      () => only.output(),
      (o) => o.split('\n').filter(Boolean).length >= 3,
    );
    const rows = (await events.stop()).trim().split('\n').map(columns);
    expect(rows[0]).toEqual(['EVENT', 'NAME', 'DATA', 'AGE']);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['ADDED', 'watched', '0', expect.any(String)],
        ['ADDED', 'second', '0', expect.any(String)],
        ['MODIFIED', 'watched', '0', expect.any(String)],
        ['DELETED', 'second', '0', expect.any(String)],
      ]),
    );
    const onlyLines = (await only.stop()).trim().split('\n');
    expect(onlyLines).not.toContain('configmap/kube-root-ca.crt');
    expect(onlyLines).toEqual(['configmap/second', 'configmap/watched', 'configmap/second']);
  });

  test('watching several named objects at once is refused by kubectl', async () => {
    const r = await k(['get', 'configmap/watched', 'configmap/kube-root-ca.crt', '--watch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: you may only watch a single resource or type of resource at a time\n',
    );
  });
});

function OWNER_AND_DEPENDENT(prefix: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${prefix}-owner\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${prefix}-dependent\n`;
}
