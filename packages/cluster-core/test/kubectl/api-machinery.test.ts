import { columns, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

describe.each(KUBECTL_VERSIONS)('API machinery with kubectl %s', (version) => {
  let t: TestCluster;
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });

  beforeAll(async () => {
    t = await startCluster();
  });
  afterAll(async () => {
    await t.close();
  });

  test('kubectl version reports the server as v1.33.0', async () => {
    const out = await ok(['version', '-o', 'json']);
    expect(JSON.parse(out).serverVersion).toMatchObject({
      major: '1',
      minor: '33',
      gitVersion: 'v1.33.0',
    });
  });

  test('kubectl api-resources lists configmaps with their short name', async () => {
    const out = await ok(['api-resources']);
    const header = out.split('\n')[0];
    expect(columns(header)).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const row = out.split('\n').find((l) => l.startsWith('configmaps '));
    expect(columns(row ?? '')).toEqual(['configmaps', 'cm', 'v1', 'true', 'ConfigMap']);
  });

  test('a ConfigMap created from YAML can be read back as YAML, JSON and a table', async () => {
    const name = `settings-${version.replace('.', '-')}`;
    const file = t.file(
      `${name}.yaml`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels:\n    app: web\ndata:\n  color: blue\n  size: large\n`,
    );
    expect(await ok(['apply', '-f', file])).toBe(`configmap/${name} created\n`);
    const table = await ok(['get', 'configmap', name]);
    const [header, row] = table.trim().split('\n');
    expect(columns(header)).toEqual(['NAME', 'DATA', 'AGE']);
    expect(columns(row).slice(0, 2)).toEqual([name, '2']);
    const obj = JSON.parse(await ok(['get', 'cm', name, '-o', 'json']));
    expect(obj).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'default', labels: { app: 'web' } },
      data: { color: 'blue', size: 'large' },
    });
    expect(obj.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(obj.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(await ok(['get', 'cm', name, '-o', 'jsonpath={.data.color}'])).toBe('blue');
    expect(await ok(['get', 'cm', '-l', 'app=web', '-o', 'name'])).toContain(`configmap/${name}\n`);
  });

  test('getting a missing object prints the upstream NotFound line', async () => {
    const result = await k(['get', 'configmap', 'nope']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
  });

  test('creating a duplicate prints the upstream AlreadyExists line', async () => {
    await ok(['create', 'configmap', `dup-${version.replace('.', '-')}`]);
    const result = await k(['create', 'configmap', `dup-${version.replace('.', '-')}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: failed to create configmap: configmaps "dup-${version.replace('.', '-')}" already exists\n`,
    );
  });

  test('an invalid name is rejected with the field error kubectl shows', async () => {
    const file = t.file(
      'bad.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n',
    );
    const result = await k(['create', '-f', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  });

  test('label and annotate with --overwrite change metadata', async () => {
    const name = `meta-${version.replace('.', '-')}`;
    await ok(['create', 'configmap', name]);
    expect(await ok(['label', 'cm', name, 'tier=backend'])).toBe(`configmap/${name} labeled\n`);
    const clash = await k(['label', 'cm', name, 'tier=frontend']);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain(
      "'tier' already has a value (backend), and --overwrite is false",
    );
    await ok(['label', 'cm', name, 'tier=frontend', '--overwrite']);
    await ok(['annotate', 'cm', name, 'owner=team-a']);
    const obj = JSON.parse(await ok(['get', 'cm', name, '-o', 'json']));
    expect(obj.metadata.labels).toEqual({ tier: 'frontend' });
    expect(obj.metadata.annotations).toEqual({ owner: 'team-a' });
  });

  test('delete -l removes only the selected objects', async () => {
    const v = version.replace('.', '-');
    await ok(['create', 'configmap', `sel-a-${v}`]);
    await ok(['create', 'configmap', `sel-b-${v}`]);
    await ok(['label', 'cm', `sel-a-${v}`, `batch=${v}`]);
    expect(await ok(['delete', 'cm', '-l', `batch=${v}`])).toBe(`configmap "sel-a-${v}" deleted\n`);
    expect((await k(['get', 'cm', `sel-a-${v}`])).code).toBe(1);
    await ok(['get', 'cm', `sel-b-${v}`]);
  });

  test('an unsupported field selector is a BadRequest', async () => {
    const result = await k(['get', 'cm', '--field-selector', 'spec.foo=bar']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "", field selector "spec.foo=bar": "spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"\n',
    );
    const pods = await k(['get', 'pods', '--field-selector', 'spec.nope=x']);
    expect(pods.stderr).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.nope=x": field label not supported: spec.nope\n',
    );
  });

  test('get -w prints later changes', async () => {
    const name = `watched-${version.replace('.', '-')}`;
    const watch = t.background(['get', 'cm', '-w']);
    await new Promise((r) => setTimeout(r, 700));
    await ok(['create', 'configmap', name, '--from-literal=a=b']);
    const deadline = Date.now() + 5000;
    while (!watch.output().includes(name) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const out = await watch.stop();
    expect(out).toMatch(new RegExp(`${name}\\s+1\\s+\\d+s`));
  });

  test('get --subresource prints the kind columns for status and the Scale columns for scale', async () => {
    const name = `sub-${version.replace('.', '-')}`;
    await ok(['create', 'deployment', name, '--image=nginx', '--replicas=2']);
    const scale = (await ok(['get', 'deployment', name, '--subresource=scale'])).trim().split('\n');
    expect(columns(scale[0])).toEqual(['NAME', 'DESIRED', 'AVAILABLE', 'AGE']);
    expect(columns(scale[1]).slice(0, 2)).toEqual([name, '2']);
    const status = (await ok(['get', 'deployment', name, '--subresource=status']))
      .trim()
      .split('\n');
    expect(columns(status[0])).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
  });

  test('a replace with resourceVersion "0" is unconditional', async () => {
    const name = `rv0-${version.replace('.', '-')}`;
    await ok(['create', 'configmap', name]);
    const replaced = await ok(
      ['replace', '-f', '-'],
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  resourceVersion: "0"\ndata:\n  a: b\n`,
    );
    expect(replaced).toBe(`configmap/${name} replaced\n`);
  });

  test('a wrongly typed field is a BadRequest naming the Go field, and nothing is stored', async () => {
    const manifest =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: typed\nspec:\n  replicas: "3"\n  selector:\n    matchLabels: {app: typed}\n  template:\n    metadata:\n      labels: {app: typed}\n    spec:\n      containers: [{name: c, image: nginx}]\n';
    const result = await k(['create', '-f', '-'], manifest);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n',
    );
    expect((await k(['get', 'deployment', 'typed'])).code).toBe(1);
  });

  test('a patch that gives a map field a string is rejected as upstream core.sh expects', async () => {
    const name = `patched-${version.replace('.', '-')}`;
    await ok(['create', 'configmap', name]);
    const result = await k(['patch', 'configmap', name, '-p', '{"metadata":{"labels":"invalid"}}']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'The request is invalid: patch: Invalid value: "map[metadata:map[labels:invalid]]": cannot restore map from string',
    );
  });

  test('delete --dry-run=server reports the deletion and keeps the object', async () => {
    const name = `dry-${version.replace('.', '-')}`;
    await ok(['create', 'configmap', name]);
    expect(await ok(['delete', 'configmap', name, '--dry-run=server'])).toBe(
      `configmap "${name}" deleted (server dry run)\n`,
    );
    await ok(['get', 'configmap', name]);
  });

  test('a body that is not JSON gets the decoder error a real apiserver gives', async () => {
    const file = t.file('raw-pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: raw\n');
    const result = await k(['create', '--raw', '/api/v1/namespaces', '-f', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "the object provided is unrecognized (must be of type Namespace): couldn't get version/kind; json parse error: invalid character 'a' looking for beginning of value (61706956657273696f6e3a2076310a6b696e643a20506f640a6d65746164 ...)",
    );
  });

  test('health endpoints answer ok and list their checks with ?verbose', async () => {
    expect(await ok(['get', '--raw', '/healthz'])).toBe('ok');
    const verbose = await ok(['get', '--raw', '/readyz?verbose']);
    expect(verbose).toContain('[+]etcd ok\n');
    expect(verbose.endsWith('readyz check passed\n')).toBe(true);
    expect((await k(['get', '--raw', '/livez/nope'])).stderr).toContain('NotFound');
  });
});
