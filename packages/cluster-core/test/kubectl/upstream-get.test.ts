/**
 * The API-machinery parts of upstream test/cmd/get.sh (run_kubectl_get_tests,
 * run_retrieve_multiple_tests, run_kubectl_sort_by_tests, run_kubectl_all_namespace_tests)
 * against the embedded server with the real kubectl.
 */
import { columns, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';
import { MULTI_POD, nsFor, sortedPod, VALID_POD } from './upstream-fixtures';

describe.each(KUBECTL_VERSIONS)('upstream get.sh with kubectl %s', (version) => {
  let t: TestCluster;
  const ns = nsFor('get', version);
  const k = (args: string[], stdin?: string) => t.kubectl(['-n', ns, ...args], { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(['-n', ns, ...args], { version, stdin });
  const names = (out: string) =>
    out
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => columns(l)[0]);
  /** A `--v=6` request line, in 1.27's (`GET url 200 OK`) or 1.33's (`url="..." status="200 OK"`) form. */
  const got200 = (pathPattern: string) =>
    new RegExp(`https://[^" ]+${pathPattern}("? status="| )200 OK`);
  const escapePath = (path: string) => path.replace(/[/?]/g, (c) => `\\${c}`);

  beforeAll(async () => {
    t = await startCluster();
    await t.ok(['create', 'namespace', ns], { version });
  });
  afterAll(async () => {
    await t.close();
  });

  test('getting a missing pod fails with NotFound whatever the output format', async () => {
    for (const extra of [[], ['-o', 'name'], ['-o', 'json']]) {
      const r = await k(['get', 'pods', 'abc', ...extra]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('Error from server (NotFound): pods "abc" not found\n');
      expect(r.stdout).not.toContain('List');
    }
  });

  test('an empty list prints "No resources found" only for human-readable output', async () => {
    expect((await k(['get', 'pods'])).stderr).toBe(`No resources found in ${ns} namespace.\n`);
    expect((await k(['get', 'pods', '-o', 'wide'])).stderr).toBe(
      `No resources found in ${ns} namespace.\n`,
    );
    expect((await k(['get', 'pods', '--ignore-not-found'])).stderr).toBe('');
    for (const out of [
      ['-o', 'json'],
      ['-o', 'yaml'],
      ['-o', 'name'],
      ['-o', 'jsonpath={.items}'],
      ['-o', 'go-template={{.items}}'],
      ['-o', 'custom-columns=NAME:.metadata.name'],
    ]) {
      const r = await k(['get', 'pods', ...out]);
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toContain('No resources found');
    }
    const json = JSON.parse(await ok(['get', 'pods', '-o', 'json']));
    expect(json).toEqual({
      apiVersion: 'v1',
      items: [],
      kind: 'List',
      metadata: { resourceVersion: '' },
    });
    const unknown = await k(['get', 'foobar']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: the server doesn\'t have a resource type "foobar"\n');
  });

  test('kubectl get all lists every workload kind of the namespace with 200 OK', async () => {
    const r = await k(['--v=6', 'get', 'all', '--chunk-size=0']);
    expect(r.code).toBe(0);
    for (const path of [
      `/api/v1/namespaces/${ns}/pods`,
      `/api/v1/namespaces/${ns}/replicationcontrollers`,
      `/api/v1/namespaces/${ns}/services`,
      `/apis/apps/v1/namespaces/${ns}/daemonsets`,
      `/apis/apps/v1/namespaces/${ns}/deployments`,
      `/apis/apps/v1/namespaces/${ns}/replicasets`,
      `/apis/apps/v1/namespaces/${ns}/statefulsets`,
      `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`,
      `/apis/batch/v1/namespaces/${ns}/jobs`,
      `/apis/batch/v1/namespaces/${ns}/cronjobs`,
    ]) {
      expect(r.stderr).toMatch(got200(escapePath(path)));
    }
    expect(r.stderr).not.toContain('/apis/extensions/v1beta1');
  });

  test('--chunk-size pages the list with limit and continue, 500 by default', async () => {
    const paged = await k(['--v=6', 'get', 'clusterrole', '--chunk-size=10']);
    expect(paged.stderr).toMatch(got200(escapePath('/clusterroles?limit=10')));
    expect(paged.stderr).toMatch(
      got200(`${escapePath('/v1/clusterroles?continue=')}[^"& ]+&limit=10`),
    );
    const plain = await k(['--v=6', 'get', 'clusterrole']);
    expect(plain.stderr).toMatch(got200(escapePath('/clusterroles?limit=500')));
    const namespaces = await t.ok(['get', 'namespaces', '--chunk-size=1', '--no-headers'], {
      version,
    });
    const listed = namespaces
      .trim()
      .split('\n')
      .map((l) => columns(l)[0]);
    expect(listed).toEqual(expect.arrayContaining(['default', 'kube-public', 'kube-system', ns]));
  });

  test('a watch over a list served in chunks starts without error', async () => {
    for (const name of ['one', 'two', 'three']) await ok(['create', 'cm', name]);
    for (const flag of ['--watch', '--watch-only']) {
      const r = await k(['get', 'configmap', '--chunk-size=1', flag, '--request-timeout=1s']);
      expect(r.stderr).not.toContain('watch is only supported on individual resources');
    }
    const listed = await k([
      'get',
      'configmap',
      '--chunk-size=1',
      '--watch',
      '--request-timeout=1s',
    ]);
    expect(names(listed.stdout)).toEqual(expect.arrayContaining(['one', 'two', 'three']));
  });

  test('templates tolerate missing keys unless --allow-missing-template-keys=false', async () => {
    await ok(['create', '-f', '-'], VALID_POD);
    expect(await ok(['get', 'pod', 'valid-pod', '-o', 'jsonpath={.missing}'])).toBe('');
    expect(await ok(['get', 'pod', 'valid-pod', '-o', 'go-template={{.missing}}'])).toBe(
      '<no value>',
    );
    expect(await ok(['get', 'pod', 'valid-pod', '--template={{.metadata.name}}:'])).toBe(
      'valid-pod:',
    );
    const jp = await k([
      'get',
      'pod',
      'valid-pod',
      '--allow-missing-template-keys=false',
      '-o',
      'jsonpath={.missing}',
    ]);
    expect(jp.code).toBe(1);
    expect(jp.stderr).toContain('missing is not found');
    const gt = await k([
      'get',
      'pod',
      'valid-pod',
      '--allow-missing-template-keys=false',
      '-o',
      'go-template={{.missing}}',
    ]);
    expect(gt.code).toBe(1);
    expect(gt.stderr).toContain('map has no entry for key "missing"');
  });

  test("--subresource=status prints the kind's columns, scale the Scale columns, and a pod has no scale", async () => {
    await ok(['apply', '-f', '-'], VALID_POD);
    const r = await k(['get', 'pod', 'valid-pod', '--subresource=scale']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error from server (NotFound): the server could not find the requested resource\n',
    );
    const status = (await ok(['get', 'pod', 'valid-pod', '--subresource=status']))
      .trim()
      .split('\n')
      .map(columns);
    expect(status[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(status[1][0]).toBe('valid-pod');
    await ok(['create', 'deployment', 'scaled', '--image=nginx', '--replicas=2']);
    const scale = (await ok(['get', 'deployment', 'scaled', '--subresource=scale']))
      .trim()
      .split('\n')
      .map(columns);
    expect(scale[0]).toEqual(['NAME', 'DESIRED', 'AVAILABLE', 'AGE']);
    expect(scale[1].slice(0, 2)).toEqual(['scaled', '2']);
  });

  test('kubectl get -w prints the table, -o name and -o yaml without headers, and NotFound for a missing name', async () => {
    await ok(['apply', '-f', '-'], VALID_POD);
    const table = await k(['get', 'pods', '-w', '--request-timeout=1']);
    expect(table.stdout).toContain('STATUS');
    expect(table.stdout).toContain('valid-pod');
    const byName = await k(['get', 'pods/valid-pod', '-o', 'name', '-w', '--request-timeout=1']);
    expect(byName.stdout).not.toContain('STATUS');
    expect(byName.stdout).toContain('pod/valid-pod');
    const yaml = await k(['get', 'pods/valid-pod', '-o', 'yaml', '-w', '--request-timeout=1']);
    expect(yaml.stdout).not.toContain('STATUS');
    expect(yaml.stdout).toContain('name: valid-pod');
    const missing = await k(['get', 'pods/invalid-pod', '-w', '--request-timeout=1']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('"invalid-pod" not found');
  });

  test('kubectl get -f on a multi-document file prints every object', async () => {
    const file = t.file(`multi-pod-${version}.yaml`, MULTI_POD);
    await ok(['delete', 'pod', 'valid-pod', '--ignore-not-found', '--grace-period=0', '--force']);
    await ok(['create', '-f', file]);
    expect(await ok(['get', '-f', file, '-o', 'jsonpath={..metadata.name}'])).toBe(
      'redis-master valid-pod',
    );
    await ok(['delete', '-f', file, '--grace-period=0', '--force']);
  });

  test('a node and a service can be fetched in one multi-kind get', async () => {
    const out = await t.ok(
      [
        'get',
        'nodes/controlplane',
        'service/kubernetes',
        '-n',
        'default',
        '-o',
        'go-template={{range.items}}{{.metadata.name}}:{{end}}',
      ],
      { version },
    );
    expect(out).toBe('controlplane:kubernetes:');
  });

  test('--sort-by orders by any field, quantities by value, and asks for Table with the full object', async () => {
    const sortNs = nsFor('sortby', version);
    await t.ok(['create', 'namespace', sortNs], { version });
    const s = (args: string[]) => t.ok(['-n', sortNs, ...args], { version });
    // sort-by must not fail on an empty list
    await s(['get', 'pods', '--sort-by={metadata.name}']);
    await s(['get', 'pods', '--sort-by={metadata.creationTimestamp}']);
    for (const n of [1, 2, 3] as const) {
      await t.ok(['-n', sortNs, 'create', '-f', '-'], { version, stdin: sortedPod(n) });
      // distinct creationTimestamps (whole seconds)
      if (n < 3) await new Promise((r) => setTimeout(r, 1100));
    }
    const order = async (key: string, extra: string[] = []) =>
      names(await s(['get', 'pods', `--sort-by=${key}`, ...extra])).join(':');
    expect(await order('{metadata.name}')).toBe('sorted-pod1:sorted-pod2:sorted-pod3');
    expect(await order('{metadata.labels.name}')).toBe('sorted-pod3:sorted-pod2:sorted-pod1');
    expect(await order('{spec.containers[0].name}')).toBe('sorted-pod2:sorted-pod1:sorted-pod3');
    expect(await order('{metadata.creationTimestamp}')).toBe('sorted-pod1:sorted-pod2:sorted-pod3');
    expect(await order('{.spec.containers[0].resources.requests.memory}')).toBe(
      'sorted-pod3:sorted-pod1:sorted-pod2',
    );
    expect(await order('{.spec.containers[0].resources.requests.cpu}')).toBe(
      'sorted-pod3:sorted-pod1:sorted-pod2',
    );
    expect(await order('{.spec.containers[0].resources.limits.memory}')).toBe(
      'sorted-pod3:sorted-pod1:sorted-pod2',
    );
    expect(await order('{.spec.containers[0].resources.limits.cpu}')).toBe(
      'sorted-pod3:sorted-pod1:sorted-pod2',
    );
    expect(await order('{spec.containers[0].name}', ['--server-print=false'])).toBe(
      'sorted-pod2:sorted-pod1:sorted-pod3',
    );
    const verbose = await t.kubectl(
      ['-n', sortNs, 'get', 'pods', '--v=8', '--sort-by={metadata.name}'],
      { version },
    );
    expect(verbose.stderr).toContain('as=Table');
    expect(verbose.stderr).toContain('includeObject=Object');
    await s(['delete', 'pod', '--grace-period=0', '--force', '--all']);
    expect((await t.kubectl(['-n', sortNs, 'get', 'pods'], { version })).stderr).toBe(
      `No resources found in ${sortNs} namespace.\n`,
    );
  });

  test('--all-namespaces and -A add a NAMESPACE column, ignore --namespace, and not for cluster-scoped kinds', async () => {
    const a = nsFor('all-ns-test-1', version);
    const b = nsFor('all-ns-test-2', version);
    for (const n of [a, b]) {
      await t.ok(['create', 'namespace', n], { version });
      await t.ok(['create', 'serviceaccount', 'test', '-n', n], { version });
    }
    for (const flag of ['--all-namespaces', '-A']) {
      const out = await t.ok(['get', 'serviceaccounts', flag, '--namespace=default'], { version });
      expect(columns(out.split('\n')[0])).toEqual(['NAMESPACE', 'NAME', 'SECRETS', 'AGE']);
      const rows = out.trim().split('\n').map(columns);
      expect(rows).toEqual(
        expect.arrayContaining([
          [a, 'test', '0', expect.any(String)],
          [b, 'test', '0', expect.any(String)],
        ]),
      );
    }
    const nodes = await t.ok(['get', 'nodes', '--all-namespaces'], { version });
    expect(nodes).not.toContain('NAMESPACE');
    const byName = await t.kubectl(['get', 'pod', 'valid-pod', '--all-namespaces'], { version });
    expect(byName.code).toBe(1);
    expect(byName.stderr).toContain('a resource cannot be retrieved by name across all namespaces');
  });

  test('--show-kind, --show-labels and -L add their columns', async () => {
    await ok(['create', 'cm', 'labelled']);
    await ok(['label', 'cm', 'labelled', 'tier=web', 'env=prod']);
    const kind = await ok(['get', 'cm', 'labelled', '--show-kind']);
    expect(columns(kind.trim().split('\n')[1])[0]).toBe('configmap/labelled');
    const labels = await ok(['get', 'cm', 'labelled', '--show-labels']);
    expect(columns(labels.split('\n')[0])).toEqual(['NAME', 'DATA', 'AGE', 'LABELS']);
    expect(columns(labels.trim().split('\n')[1])[3]).toBe('env=prod,tier=web');
    const L = await ok(['get', 'cm', 'labelled', '-L', 'tier', '-L', 'missing']);
    expect(columns(L.split('\n')[0])).toEqual(['NAME', 'DATA', 'AGE', 'TIER', 'MISSING']);
    expect(L.trim().split('\n')[1].trim().split(/\s+/).slice(-1)).toEqual(['web']);
    const custom = await ok([
      'get',
      'cm',
      'labelled',
      '-o',
      'custom-columns=NAME:.metadata.name,RSRC:.metadata.resourceVersion',
    ]);
    expect(columns(custom.split('\n')[0])).toEqual(['NAME', 'RSRC']);
    expect(columns(custom.trim().split('\n')[1])[1]).toMatch(/^\d+$/);
  });
});
