/**
 * The API-machinery parts of upstream test/cmd/core.sh: configmaps, pods (create, describe,
 * delete forms, label, annotate, patch, replace, edit), secrets, service accounts, services,
 * replication controllers, namespaces, quotas, pod templates and nodes.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { columns, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';
import {
  editorScript,
  FRONTEND_CONTROLLER,
  kubectlWithEnv,
  nsFor,
  REDIS_MASTER_SERVICE,
  TEST_POD,
  VALID_POD,
} from './upstream-fixtures';

describe.each(KUBECTL_VERSIONS)('upstream core.sh with kubectl %s', (version) => {
  let t: TestCluster;
  const ns = nsFor('core', version);
  const k = (args: string[], stdin?: string) => t.kubectl(['-n', ns, ...args], { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(['-n', ns, ...args], { version, stdin });
  const podNames = async () =>
    await ok(['get', 'pods', '-o', 'go-template={{range.items}}{{.metadata.name}}:{{end}}']);
  const jsonOf = async (...args: string[]) => JSON.parse(await ok(['get', ...args, '-o', 'json']));

  beforeAll(async () => {
    t = await startCluster();
    await t.ok(['create', 'namespace', ns], { version });
  });
  afterAll(async () => {
    await t.close();
  });

  test('configmaps: server dry run creates nothing, literal and binary data round-trip', async () => {
    expect(
      await ok([
        'create',
        'configmap',
        'test-configmap',
        '--dry-run=server',
        '--from-literal=key1=value1',
      ]),
    ).toBe('configmap/test-configmap created (server dry run)\n');
    expect((await k(['get', 'cm', 'test-configmap'])).stderr).toContain(
      'configmaps "test-configmap" not found',
    );
    await ok(['create', 'configmap', 'test-configmap', '--from-literal=key1=value1']);
    const binary = join(t.dir, `binary-${version}`);
    writeFileSync(binary, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x7f]));
    await ok(['create', 'configmap', 'test-binary-configmap', `--from-file=${binary}`]);
    expect(await ok(['get', 'configmap/test-configmap', '-o', 'yaml'])).toContain('key1: value1');
    const bin = await jsonOf('configmap/test-binary-configmap');
    expect(bin.binaryData).toEqual({
      [`binary-${version}`]: Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x7f]).toString('base64'),
    });
    expect(bin.data).toBeUndefined();
    const describe = await k(['describe', 'configmaps', '--chunk-size=10', '-v=6']);
    expect(describe.stderr).toMatch(/configmaps\?limit=10/);
    expect(describe.stderr).toMatch(/events\?fieldSelector=[^" ]+&limit=10/);
    await ok(['delete', 'configmap', 'test-configmap', 'test-binary-configmap']);
  });

  test('a created pod carries the kubectl-create field manager and describes its containers and events', async () => {
    await ok(['create', '-f', '-'], VALID_POD);
    expect(await podNames()).toBe('valid-pod:');
    for (const ref of [['pod', 'valid-pod'], ['pod/valid-pod'], ['pods/valid-pod']]) {
      expect(await ok(['get', ...ref, '-o', 'jsonpath={.metadata.name}'])).toBe('valid-pod');
    }
    const managers = await ok([
      'get',
      '--show-managed-fields',
      'pod',
      'valid-pod',
      '-o',
      'jsonpath={.metadata.managedFields[*].manager}',
    ]);
    expect(managers.split(' ')).toContain('kubectl-create');
    const describe = await ok(['describe', 'pods', 'valid-pod']);
    for (const field of ['Name:', 'Image:', 'Node:', 'Labels:', 'Status:'])
      expect(describe).toContain(field);
    expect(describe).toMatch(/\nEvents:/);
    expect(await ok(['describe', 'pods', 'valid-pod', '--show-events=false'])).not.toMatch(
      /\nEvents:/,
    );
    const all = await ok(['describe', 'pods']);
    expect(all).toContain('Name:             valid-pod');
    const chunked = await k(['describe', 'pods', '--chunk-size=10', '-v=6']);
    expect(chunked.stderr).toMatch(/pods\?limit=10/);
  });

  test('pods go with --grace-period=0 --force, --now, --grace-period=0 and by label selector', async () => {
    await ok(['apply', '-f', '-'], VALID_POD);
    const forced = await k(['delete', 'pod', 'valid-pod', '--grace-period=0', '--force']);
    expect(forced.stdout).toBe('pod "valid-pod" force deleted\n');
    expect(forced.stderr).toContain(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated.',
    );
    expect(await podNames()).toBe('');
    for (const flags of [['--now'], ['--grace-period=0']]) {
      await ok(['create', '-f', '-'], VALID_POD);
      expect(await ok(['delete', 'pod', 'valid-pod', ...flags])).toBe('pod "valid-pod" deleted\n');
      expect(await podNames()).toBe('');
    }
    await ok(['create', '-f', '-'], VALID_POD);
    expect(await ok(['get', 'pods', '-lname in (valid-pod)', '-o', 'name'])).toBe(
      'pod/valid-pod\n',
    );
    await ok(['delete', 'pods', '-lname in (valid-pod)', '--grace-period=0', '--force']);
    expect(await podNames()).toBe('');
  });

  test('field selectors on metadata.name and status.phase, and delete without names is refused', async () => {
    await ok(['create', '-f', '-'], VALID_POD);
    expect(await ok(['get', 'pods', '--field-selector', 'metadata.name=valid-pod'])).toContain(
      'valid-pod',
    );
    const phase = await ok(['get', 'pod', 'valid-pod', '-o', 'go-template={{ .status.phase }}']);
    expect(await ok(['get', 'pods', '--field-selector', `status.phase=${phase}`])).toContain(
      'valid-pod',
    );
    const bad = await k(['get', 'pods', '--field-selector', 'spec.nope=x']);
    expect(bad.code).toBe(1);
    // kubectl adds the "Unable to find" prefix to the server's "field label not supported" message
    expect(bad.stderr).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.nope=x": field label not supported: spec.nope\n',
    );
    const noName = await k(['delete', 'pods']);
    expect(noName.code).toBe(1);
    expect(noName.stderr).toBe('error: resource(s) were provided, but no name was specified\n');
    const allAndSelector = await k(['delete', '--all', 'pods', '-lname in (valid-pod)']);
    expect(allAndSelector.code).toBe(1);
    expect(allAndSelector.stderr).toContain(
      "error: setting 'all' parameter but found a non empty selector.",
    );
    expect(await podNames()).toBe('valid-pod:');
    await ok(['delete', '--all', 'pods', '--grace-period=0', '--force']);
    expect(await podNames()).toBe('');
  });

  test('secrets, configmaps and pdbs feed the env and describe of a pod, pdb flags are validated', async () => {
    const d = nsFor('describe-pod', version);
    const dk = (args: string[], stdin?: string) =>
      t.kubectl(['-n', d, ...args], { version, stdin });
    const dok = (args: string[], stdin?: string) => t.ok(['-n', d, ...args], { version, stdin });
    await t.ok(['create', 'namespace', d], { version });
    expect(
      await dok([
        'create',
        'secret',
        'generic',
        'test-secret',
        '--dry-run=server',
        '--from-literal=key-1=value1',
        '--type=test-type',
      ]),
    ).toBe('secret/test-secret created (server dry run)\n');
    expect(await dok(['get', 'secrets', '-o', 'name'])).toBe('');
    await dok([
      'create',
      'secret',
      'generic',
      'test-secret',
      '--from-literal=key-1=value1',
      '--type=test-type',
    ]);
    expect(await dok(['get', 'secret/test-secret', '-o', 'go-template={{.type}}'])).toBe(
      'test-type',
    );
    await dok(['create', 'configmap', 'test-configmap', '--from-literal=key-2=value2']);
    expect(
      await dok([
        'create',
        'pdb',
        'test-pdb-1',
        '--dry-run=server',
        '--selector=app=rails',
        '--min-available=2',
      ]),
    ).toBe('poddisruptionbudget.policy/test-pdb-1 created (server dry run)\n');
    await dok(['create', 'pdb', 'test-pdb-1', '--selector=app=rails', '--min-available=2']);
    await dok(['create', 'pdb', 'test-pdb-2', '--selector=app=rails', '--min-available=50%']);
    await dok(['create', 'pdb', 'test-pdb-3', '--selector=app=rails', '--max-unavailable=2']);
    await dok(['create', 'pdb', 'test-pdb-4', '--selector=app=rails', '--max-unavailable=50%']);
    expect(await dok(['get', 'pdb/test-pdb-1', '-o', 'go-template={{.spec.minAvailable}}'])).toBe(
      '2',
    );
    expect(await dok(['get', 'pdb/test-pdb-2', '-o', 'go-template={{.spec.minAvailable}}'])).toBe(
      '50%',
    );
    expect(await dok(['get', 'pdb/test-pdb-3', '-o', 'go-template={{.spec.maxUnavailable}}'])).toBe(
      '2',
    );
    expect(await dok(['get', 'pdb/test-pdb-4', '-o', 'go-template={{.spec.maxUnavailable}}'])).toBe(
      '50%',
    );
    const table = (await dok(['get', 'pdb'])).trim().split('\n').map(columns);
    expect(table[0]).toEqual([
      'NAME',
      'MIN AVAILABLE',
      'MAX UNAVAILABLE',
      'ALLOWED DISRUPTIONS',
      'AGE',
    ]);
    expect(table.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['test-pdb-1', '2', 'N/A'],
      ['test-pdb-2', '50%', 'N/A'],
      ['test-pdb-3', 'N/A', '2'],
      ['test-pdb-4', 'N/A', '50%'],
    ]);
    const both = await dk([
      'create',
      'pdb',
      'test-pdb',
      '--selector=app=rails',
      '--min-available=2',
      '--max-unavailable=3',
    ]);
    expect(both.code).toBe(1);
    await dok(['create', '-f', '-'], ENV_TEST_POD);
    for (const out of [
      await dok(['describe', 'pods', 'env-test-pod']),
      await dok(['describe', 'pods']),
    ]) {
      expect(out).toMatch(/TEST_CMD_1:\s+<set to the key 'key-1' in secret 'test-secret'>/);
      expect(out).toMatch(/TEST_CMD_2:\s+<set to the key 'key-2' of config map 'test-configmap'>/);
      expect(out).toMatch(/TEST_CMD_3:\s+env-test-pod \(v1:metadata.name\)/);
    }
    expect(
      await dok(['delete', 'pdb/test-pdb-1', 'pdb/test-pdb-2', 'pdb/test-pdb-3', 'pdb/test-pdb-4']),
    ).toBe(
      [1, 2, 3, 4].map((n) => `poddisruptionbudget.policy "test-pdb-${n}" deleted\n`).join(''),
    );
  });

  test('a priority class is created (and not by a server dry run) and deleted', async () => {
    const name = nsFor('test-priorityclass', version);
    await t.ok(['create', 'priorityclass', name, '--dry-run=server'], { version });
    expect((await t.kubectl(['get', 'priorityclass', name], { version })).code).toBe(1);
    expect(await t.ok(['create', 'priorityclass', name], { version })).toBe(
      `priorityclass.scheduling.k8s.io/${name} created\n`,
    );
    const row = (await t.ok(['get', 'priorityclasses', name], { version }))
      .trim()
      .split('\n')
      .map(columns);
    expect(row[0]).toEqual(['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY']);
    expect(row[1]).toEqual([name, '0', 'false', expect.any(String), 'PreemptLowerPriority']);
    expect(await t.ok(['delete', 'priorityclass', name], { version })).toBe(
      `priorityclass.scheduling.k8s.io "${name}" deleted\n`,
    );
    // the Priority admission plugin keeps one global default
    await t.ok(
      ['create', 'priorityclass', `${name}-default`, '--value=1000', '--global-default=true'],
      { version },
    );
    const second = await t.kubectl(
      ['create', 'priorityclass', `${name}-second`, '--value=1001', '--global-default=true'],
      { version },
    );
    expect(second.stderr).toBe(
      `error: failed to create priorityclass: priorityclasses.scheduling.k8s.io "${name}-second" is forbidden: PriorityClass ${name}-default is already marked as default. Only one default can exist\n`,
    );
    const system = await t.kubectl(['create', 'priorityclass', 'system-custom', '--value=10'], {
      version,
    });
    expect(system.stderr).toContain(
      `metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-custom is not a known system priority class`,
    );
    await t.ok(['delete', 'priorityclass', `${name}-default`], { version });
  });

  test('label and annotate: dry runs change nothing, empty values, --record, field managers and --overwrite --all', async () => {
    await ok(['delete', 'pod', 'valid-pod', '--ignore-not-found', '--grace-period=0', '--force']);
    await ok(['create', '-f', '-'], VALID_POD);
    const labels = async () =>
      ok(['get', 'pod', 'valid-pod', '-o', 'go-template={{range .metadata.labels}}{{.}}:{{end}}']);
    expect(
      await ok(['label', 'pods', 'valid-pod', 'new-name=new-valid-pod', '--dry-run=server']),
    ).toBe('pod/valid-pod labeled (server dry run)\n');
    expect(await labels()).toBe('valid-pod:');
    expect(await ok(['label', 'pods', 'valid-pod', 'new-name=new-valid-pod'])).toBe(
      'pod/valid-pod labeled\n',
    );
    expect(await labels()).toBe('valid-pod:new-valid-pod:');
    await ok(['label', 'pods', 'valid-pod', 'emptylabel=']);
    expect(
      await ok(['get', 'pod', 'valid-pod', '-o', 'go-template={{.metadata.labels.emptylabel}}']),
    ).toBe('');
    await ok(['annotate', 'pods', 'valid-pod', 'emptyannotation=', '--dry-run=server']);
    expect(
      await ok([
        'get',
        'pod',
        'valid-pod',
        '-o',
        'go-template={{.metadata.annotations.emptyannotation}}',
      ]),
    ).toBe('<no value>');
    // kubectl 1.27 itself prints "annotate" here
    expect(await ok(['annotate', 'pods', 'valid-pod', 'emptyannotation='])).toMatch(
      /^pod\/valid-pod annotated?\n$/,
    );
    expect(
      await ok([
        'get',
        'pod',
        'valid-pod',
        '-o',
        'go-template={{.metadata.annotations.emptyannotation}}',
      ]),
    ).toBe('');
    await ok(['label', 'pods', 'valid-pod', 'record-change=true', '--record=true']);
    const cause = await ok([
      'get',
      'pod',
      'valid-pod',
      '-o',
      'jsonpath={.metadata.annotations.kubernetes\\.io/change-cause}',
    ]);
    expect(cause).toContain('--record=true');
    await ok(['label', 'pods', 'valid-pod', 'no-record-change=true', '--record=false']);
    expect(
      await ok([
        'get',
        'pod',
        'valid-pod',
        '-o',
        'jsonpath={.metadata.annotations.kubernetes\\.io/change-cause}',
      ]),
    ).toContain('--record=true');
    const managers = (
      await ok(['get', 'pod', 'valid-pod', '-o', 'jsonpath={.metadata.managedFields[*].manager}'])
    ).split(' ');
    expect(managers).toEqual(
      expect.arrayContaining(['kubectl-create', 'kubectl-label', 'kubectl-annotate']),
    );
    const clash = await k(['label', 'pods', 'valid-pod', 'name=valid-pod-super-sayan']);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toBe(
      "error: 'name' already has a value (valid-pod), and --overwrite is false\n",
    );
    await ok(['label', '--overwrite', 'pods', '--all', 'name=valid-pod-super-sayan']);
    expect(
      await ok(['get', 'pod', 'valid-pod', '-o', 'go-template={{.metadata.labels.name}}']),
    ).toBe('valid-pod-super-sayan');
    expect(await ok(['label', 'pods', 'valid-pod', 'emptylabel-'])).toBe(
      'pod/valid-pod unlabeled\n',
    );
    expect(await ok(['label', 'pods', 'valid-pod', 'emptylabel-'])).toContain(
      'pod/valid-pod not labeled\n',
    );
    const local = await ok(
      ['label', '--local', '--overwrite', '-f', '-', 'name=localonlyvalue', '-o', 'yaml'],
      TEST_POD,
    );
    expect(local).toContain('localonlyvalue');
    expect(
      await ok(['get', 'pod', 'valid-pod', '-o', 'go-template={{.metadata.labels.name}}']),
    ).toBe('valid-pod-super-sayan');
    await ok([
      'delete',
      'pods',
      '-lname in (valid-pod-super-sayan)',
      '--grace-period=0',
      '--force',
    ]);
  });

  test('annotate: --overwrite, removal with key-, --all, --list and a missing key', async () => {
    await ok(['create', 'cm', 'ann-a']);
    await ok(['create', 'cm', 'ann-b']);
    expect(await ok(['annotate', 'cm', '--all', 'team=blue'])).toMatch(
      /configmap\/ann-a annotated?\nconfigmap\/ann-b annotated?\n/,
    );
    const clash = await k(['annotate', 'cm', 'ann-a', 'team=red']);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toBe(
      "error: --overwrite is false but found the following declared annotation(s): 'team' already has a value (blue)\n",
    );
    await ok(['annotate', 'cm', 'ann-a', 'team=red', '--overwrite']);
    expect(await ok(['annotate', 'cm', 'ann-a', '--list'])).toBe('team=red\n');
    await ok(['annotate', 'cm', 'ann-a', 'team-']);
    expect(await ok(['get', 'cm', 'ann-a', '-o', 'jsonpath={.metadata.annotations}'])).toBe('');
    const missing = await k(['annotate', 'cm', 'ann-a', 'team-']);
    expect(missing.code).toBe(0);
    expect(missing.stdout).toMatch(/configmap\/ann-a annotated?\n/);
  });

  test('label --resource-version is a precondition', async () => {
    await ok(['create', 'cm', 'rv-label']);
    const rv = await ok(['get', 'cm', 'rv-label', '-o', 'jsonpath={.metadata.resourceVersion}']);
    expect(await ok(['label', 'cm', 'rv-label', 'a=b', `--resource-version=${rv}`])).toBe(
      'configmap/rv-label labeled\n',
    );
    const stale = await k(['label', 'cm', 'rv-label', 'c=d', `--resource-version=${rv}`]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(
      'Error from server (Conflict): Operation cannot be fulfilled on configmaps "rv-label": the object has been modified; please apply your changes to the latest version and try again\n',
    );
  });

  test('patch: precision kept, no-op reported, json and yaml patches, local patch, resourceVersion precondition', async () => {
    await ok(['create', '-f', '-'], POD_WITH_PRECISION);
    await ok([
      'patch',
      'pod',
      'pod-with-precision',
      '-p={"metadata":{"annotations":{"patchkey": "patchvalue"}}}',
    ]);
    await ok(['label', 'pods', 'pod-with-precision', 'labelkey=labelvalue']);
    await ok(['annotate', 'pods', 'pod-with-precision', 'annotatekey=annotatevalue']);
    const p = await jsonOf('pod', 'pod-with-precision');
    expect(p.spec.securityContext.supplementalGroups).toEqual([0, 1000030003, 2147483647]);
    expect(p.metadata.annotations).toMatchObject({
      patchkey: 'patchvalue',
      annotatekey: 'annotatevalue',
    });
    expect(p.metadata.labels).toEqual({ labelkey: 'labelvalue' });
    await ok(['delete', 'pod', 'pod-with-precision', '--grace-period=0', '--force']);

    await ok(['create', 'cm', 'patched', '--from-literal=a=b']);
    expect(await ok(['patch', 'cm', 'patched', '-p={"metadata":{"labels":{"name":"x"}}}'])).toBe(
      'configmap/patched patched\n',
    );
    expect(await ok(['patch', 'cm', 'patched', '-p={"metadata":{"labels":{"name":"x"}}}'])).toBe(
      'configmap/patched patched (no change)\n',
    );
    await ok([
      'patch',
      'cm',
      'patched',
      '--type=json',
      '-p=[{"op": "replace", "path": "/data/a", "value":"json"}]',
    ]);
    expect(await ok(['get', 'cm', 'patched', '-o', 'jsonpath={.data.a}'])).toBe('json');
    await ok(['patch', 'cm', 'patched', '-p', 'data:\n  a: yaml\n']);
    expect(await ok(['get', 'cm', 'patched', '-o', 'jsonpath={.data.a}'])).toBe('yaml');
    // kubectl patch completes its printer before it knows the operation: no "(server dry run)"
    expect(
      await ok(['patch', 'cm', 'patched', '--dry-run=server', '-p={"data":{"a":"dry"}}']),
    ).toBe('configmap/patched patched\n');
    expect(await ok(['get', 'cm', 'patched', '-o', 'jsonpath={.data.a}'])).toBe('yaml');
    expect(
      (
        await ok(['get', 'cm', 'patched', '-o', 'jsonpath={.metadata.managedFields[*].manager}'])
      ).split(' '),
    ).toContain('kubectl-patch');
    const local = await ok(
      ['patch', '--local', '-f', '-', '--patch={"spec": {"restartPolicy":"Never"}}', '-o', 'yaml'],
      TEST_POD,
    );
    expect(local).toContain('restartPolicy: Never');

    const rv = await ok([
      'get',
      'cm',
      'patched',
      '-o',
      'go-template={{ .metadata.resourceVersion }}',
    ]);
    await ok([
      'patch',
      'cm',
      'patched',
      `-p={"data":{"a":"rv"},"metadata":{"resourceVersion":"${rv}"}}`,
    ]);
    expect(await ok(['get', 'cm', 'patched', '-o', 'jsonpath={.data.a}'])).toBe('rv');
    const stale = await k([
      'patch',
      'cm',
      'patched',
      `-p={"data":{"a":"stale"},"metadata":{"resourceVersion":"${Number(rv) + 100}"}}`,
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(
      'Error from server (Conflict): Operation cannot be fulfilled on configmaps "patched": the object has been modified; please apply your changes to the latest version and try again\n',
    );
  });

  test('wrongly typed fields fail as Go decoding fails them instead of being stored', async () => {
    await ok(['create', 'cm', 'typed']);
    const patch = await k(['patch', 'cm', 'typed', '-p={"metadata":{"labels":"invalid"}}']);
    expect(patch.code).toBe(1);
    expect(patch.stderr).toBe(
      'The request is invalid: patch: Invalid value: "map[metadata:map[labels:invalid]]": cannot restore map from string\n',
    );
    expect(await ok(['get', 'cm', 'typed', '-o', 'jsonpath={.metadata.labels}'])).toBe('');
    const body = t.file(
      `typed-${version}.json`,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'typed2' },
        data: { a: 1 },
      }),
    );
    const raw = await k(['create', '--raw', `/api/v1/namespaces/${ns}/configmaps`, '-f', body]);
    expect(raw.code).toBe(1);
    expect(raw.stderr).toBe(
      'Error from server (BadRequest): ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string\n',
    );
    // kubectl 1.27+ leaves schema checks to the server (fieldValidation=Strict): a quoted number is the server's error
    const quoted = await k(['create', '-f', '-', '--dry-run=server'], QUOTED_REPLICAS);
    expect(quoted.code).toBe(1);
    expect(quoted.stderr).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n',
    );
    // json and merge patches decode the patched object: the whole object is the invalid value
    const merge = await k(['patch', 'cm', 'typed', '--type=merge', '-p={"data":{"a":1}}']);
    expect(merge.stderr).toMatch(
      /^The request is invalid: patch: Invalid value: "\{\\"kind\\":\\"ConfigMap\\",.*\\"data\\":\{\\"a\\":1\}\}": json: cannot unmarshal number into Go struct field ConfigMap.data of type string\n$/,
    );
    const json = await k([
      'patch',
      'cm',
      'typed',
      '--type=json',
      '-p=[{"op":"add","path":"/data","value":"x"}]',
    ]);
    expect(json.stderr).toMatch(
      /json: cannot unmarshal string into Go struct field ConfigMap.data of type map\[string\]string\n$/,
    );
  });

  test('replace --force recreates a pod with a changed container name; --grace-period and --timeout need --force', async () => {
    await ok(['delete', 'pod', 'valid-pod', '--ignore-not-found', '--grace-period=0', '--force']);
    await ok(['create', '-f', '-'], VALID_POD);
    // kubectl replace reads the pod's resourceVersion first: a status the kubelet writes in
    // between would be a Conflict (upstream's test/cmd runs without kubelets).
    await ok(['wait', '--for=condition=Ready', 'pod/valid-pod', '--timeout=30s']);
    const json = (await ok(['get', 'pod', 'valid-pod', '-o', 'json']))
      .replace(/"kubernetes-serve-hostname"/g, '"replaced-k8s-serve-hostname"')
      .replace(/\n\s+"resourceVersion": "\d+",/, '');
    const file = t.file(`tmp-valid-pod-${version}.json`, json);
    const plain = await k(['replace', '-f', file]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain(
      'The Pod "valid-pod" is invalid: spec: Forbidden: pod updates may not change fields other than',
    );
    expect(await ok(['replace', '--force', '-f', file])).toBe(
      'pod "valid-pod" deleted\npod/valid-pod replaced\n',
    );
    expect(
      await ok([
        'get',
        'pod',
        'valid-pod',
        '-o',
        'go-template={{(index .spec.containers 0).name}}',
      ]),
    ).toBe('replaced-k8s-serve-hostname');
    expect(
      (
        await ok(['get', 'pod', 'valid-pod', '-o', 'jsonpath={.metadata.managedFields[*].manager}'])
      ).split(' '),
    ).toContain('kubectl-replace');
    expect((await k(['replace', '--grace-period=1', '-f', file])).stderr).toContain(
      '--grace-period must have --force specified',
    );
    expect((await k(['replace', '--timeout=1s', '-f', file])).stderr).toContain(
      '--timeout must have --force specified',
    );
    await ok(['delete', 'pod', 'valid-pod', '--grace-period=0', '--force']);
  });

  test('a Node can be created, dry-run replaced and replaced with resourceVersion "0" (unconditional)', async () => {
    const node = nsFor('node-v1-test', version);
    await t.ok(['create', '-f', '-'], {
      version,
      stdin: JSON.stringify({ kind: 'Node', apiVersion: 'v1', metadata: { name: node } }),
    });
    const annotated = JSON.stringify({
      kind: 'Node',
      apiVersion: 'v1',
      metadata: { name: node, annotations: { a: 'b' }, resourceVersion: '0' },
    });
    expect(
      await t.ok(['replace', '--dry-run=server', '-f', '-'], { version, stdin: annotated }),
    ).toBe(`node/${node} replaced (server dry run)\n`);
    expect(
      await t.ok(['get', 'node', node, '-o', 'go-template={{.metadata.annotations.a}}'], {
        version,
      }),
    ).toBe('<no value>');
    expect(await t.ok(['replace', '-f', '-'], { version, stdin: annotated })).toBe(
      `node/${node} replaced\n`,
    );
    expect(
      await t.ok(['get', 'node', node, '-o', 'go-template={{.metadata.annotations.a}}'], {
        version,
      }),
    ).toBe('b');
    await t.ok(['delete', 'node', node], { version });
  });

  test('kubectl edit patches what the editor changed, and cancels when nothing changed', async () => {
    await ok(['create', 'cm', 'edited', '--from-literal=image=nginx']);
    const editor = editorScript(t, `edit-${version}.sh`, 's/nginx/serve_hostname/g');
    const edited = await kubectlWithEnv(
      t,
      version,
      ['-n', ns, 'edit', 'cm/edited', '--output-patch=true'],
      { EDITOR: editor },
    );
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('Patch: {"data":{"image":"serve_hostname"}}');
    expect(edited.stdout).toContain('configmap/edited edited');
    expect(await ok(['get', 'cm', 'edited', '-o', 'jsonpath={.data.image}'])).toBe(
      'serve_hostname',
    );
    expect(
      (
        await ok(['get', 'cm', 'edited', '-o', 'jsonpath={.metadata.managedFields[*].manager}'])
      ).split(' '),
    ).toContain('kubectl-edit');
    const cancelled = await kubectlWithEnv(t, version, ['-n', ns, 'edit', 'cm/edited'], {
      EDITOR: 'cat',
    });
    expect(cancelled.stderr).toContain('Edit cancelled, no changes made.');
    expect(cancelled.stdout).toContain('name: edited');
    const list = await kubectlWithEnv(t, version, ['edit', 'ns'], { EDITOR: 'cat' });
    expect(list.stdout).toContain('kind: List');
  });

  test('kubectl edit that adds an unknown field is invalid: the editor reopens with the strict decoding error', async () => {
    await ok(['create', 'deployment', 'typo', '--image=nginx']);
    const editor = editorScript(t, `typo-${version}.sh`, 's/^  selector:/  selectorx:/');
    const r = await kubectlWithEnv(t, version, ['-n', ns, 'edit', 'deployment/typo'], {
      EDITOR: editor,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: deployments.apps "typo" is invalid\nA copy of your changes has been stored to "[^"]+"\nerror: Edit cancelled, no valid changes were saved.\n$/,
    );
    const saved = /stored to "([^"]+)"/.exec(r.stderr)?.[1] ?? '';
    const header = readFileSync(saved, 'utf8').split('\napiVersion:')[0];
    rmSync(saved, { force: true });
    expect(header).toContain(
      '# deployments.apps "typo" was not valid:\n# * patch: Invalid value: "map[spec:map[selector:<nil> selectorx:map[matchLabels:map[app:typo]]]]": strict decoding error: unknown field "spec.selectorx"',
    );
  });

  test('create --edit on a List creates the edited objects with the kubectl-create manager', async () => {
    const e = nsFor('create-edit', version);
    await t.ok(['create', 'namespace', e], { version });
    const editor = editorScript(t, `create-edit-${version}.sh`, 's/mock/modified/g');
    const file = t.file(`multi-list-${version}.json`, MULTI_LIST_FOR_EDIT);
    const r = await kubectlWithEnv(t, version, ['-n', e, 'create', '--edit', '-f', file], {
      EDITOR: editor,
    });
    expect(r.stdout).toBe('service/modified created\nreplicationcontroller/modified created\n');
    for (const kind of ['service/modified', 'rc/modified']) {
      expect(
        await t.ok(['-n', e, 'get', kind, '-o', 'jsonpath={.metadata.managedFields[*].manager}'], {
          version,
        }),
      ).toContain('kubectl-create');
    }
    const pod = t.file(`valid-pod-${version}.yaml`, VALID_POD);
    const unchanged = await kubectlWithEnv(
      t,
      version,
      ['-n', e, 'create', '--edit', '-f', pod, '-o', 'json'],
      { EDITOR: 'cat' },
    );
    expect(unchanged.stderr + unchanged.stdout).toContain('Edit cancelled');
  });

  test('apply only writes last-applied-configuration once apply was used; replace keeps it up to date', async () => {
    await ok(['create', '-f', '-'], TEST_POD);
    const lastApplied = async () =>
      (await ok(['get', 'pods', 'test-pod', '-o', 'yaml'])).includes(
        'kubectl.kubernetes.io/last-applied-configuration',
      );
    expect(await lastApplied()).toBe(false);
    // kubectl replace fills a missing resourceVersion from a GET of its own (resource.Helper's
    // Replace with overwrite), so a kubelet status write between that GET and the PUT is a
    // conflict, as on a real cluster: the pod is settled first
    await ok(['wait', '--for=condition=Ready', 'pod/test-pod', '--timeout=30s']);
    const withoutRv = async () =>
      (await ok(['get', 'pods', 'test-pod', '-o', 'yaml'])).replace(
        /\n\s+resourceVersion: .*\n/,
        '\n',
      );
    const replaced = (await withoutRv()).replace(/test-pod-label/g, 'test-pod-replaced');
    await ok(['replace', '-f', '-'], replaced);
    expect(
      await ok(['get', 'pod', 'test-pod', '-o', 'go-template={{.metadata.labels.name}}']),
    ).toBe('test-pod-replaced');
    expect(await lastApplied()).toBe(false);
    expect(
      await ok(['apply', '-f', '-'], TEST_POD.replace('test-pod-label', 'test-pod-applied')),
    ).toBe('pod/test-pod configured\n');
    expect(await lastApplied()).toBe(true);
    const before = await ok([
      'get',
      'pod',
      'test-pod',
      '-o',
      'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}',
    ]);
    const again = (await withoutRv()).replace(/test-pod-applied/g, 'test-pod-replaced');
    await ok(['replace', '-f', '-'], again);
    const after = await ok([
      'get',
      'pod',
      'test-pod',
      '-o',
      'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}',
    ]);
    expect(after).not.toBe(before);
    await ok(['delete', 'pods', 'test-pod', '--grace-period=0', '--force']);
  });

  test('secrets: docker-registry, tls, stringData merged into data, go-template output', async () => {
    const s = nsFor('test-secrets', version);
    const sok = (args: string[], stdin?: string) => t.ok(['-n', s, ...args], { version, stdin });
    await t.ok(['create', 'namespace', s], { version });
    await sok([
      'create',
      'secret',
      'docker-registry',
      'test-secret',
      '--docker-username=test-user',
      '--docker-password=test-password',
      '--docker-email=test-user@test.com',
    ]);
    expect(await sok(['get', 'secret/test-secret', '-o', 'go-template={{.type}}'])).toBe(
      'kubernetes.io/dockerconfigjson',
    );
    expect(await sok(['get', 'secret/test-secret', '-o', 'yaml'])).toContain(
      '.dockerconfigjson: eyJhdXRocyI6eyJodHRwczovL2luZGV4LmRvY2tlci5pby92MS8iOnsidXNlcm5hbWUiOiJ0ZXN0LXVzZXIiLCJwYXNzd29yZCI6InRlc3QtcGFzc3dvcmQiLCJlbWFpbCI6InRlc3QtdXNlckB0ZXN0LmNvbSIsImF1dGgiOiJkR1Z6ZEMxMWMyVnlPblJsYzNRdGNHRnpjM2R2Y21RPSJ9fX0=',
    );
    await sok(['delete', 'secret', 'test-secret']);
    await sok(
      ['create', '-f', '-'],
      JSON.stringify({
        kind: 'Secret',
        apiVersion: 'v1',
        metadata: { name: 'secret-string-data' },
        data: { k1: 'djE=', k2: '' },
        stringData: { k2: 'v2' },
      }),
    );
    expect(await sok(['get', 'secret/secret-string-data', '-o', 'go-template={{.data}}'])).toBe(
      'map[k1:djE= k2:djI=]',
    );
    expect(
      await sok(['get', 'secret/secret-string-data', '-o', 'go-template={{.stringData}}']),
    ).toBe('<no value>');
    expect(
      await sok([
        'create',
        'secret',
        'generic',
        'test-secret',
        '--from-literal=key1=value1',
        '--output=go-template',
        '--template={{.metadata.name}}:',
      ]),
    ).toBe('test-secret:');
    expect(await sok(['get', 'secret/test-secret', '-o', 'yaml'])).toContain('key1: dmFsdWUx');
    const describe = await sok(['describe', 'secret', 'test-secret']);
    expect(describe).toMatch(/Type:\s+Opaque\n\nData\n====\nkey1:\s+6 bytes/);
  });

  test('service accounts: server dry run, create, describe with chunked secrets and events', async () => {
    await ok(['create', 'serviceaccount', 'test-service-account', '--dry-run=server']);
    expect((await k(['get', 'sa', 'test-service-account'])).code).toBe(1);
    expect(await ok(['create', 'serviceaccount', 'test-service-account'])).toBe(
      'serviceaccount/test-service-account created\n',
    );
    const describe = await ok(['describe', 'sa', 'test-service-account']);
    expect(describe).toMatch(
      /Image pull secrets:\s+<none>\nMountable secrets:\s+<none>\nTokens:\s+<none>\nEvents:\s+<none>/,
    );
    const chunked = await k(['describe', 'serviceaccounts', '--chunk-size=10', '-v=6']);
    expect(chunked.stderr).toMatch(/serviceaccounts\?limit=10/);
    expect(chunked.stderr).toMatch(/secrets\?limit=10/);
  });

  test('services: describe, set selector (local, dry run, live, --resource-version), recreate from JSON, identity replace', async () => {
    await ok(['create', '-f', '-'], REDIS_MASTER_SERVICE);
    const describe = await ok(['describe', 'services', 'redis-master']);
    for (const field of [
      'Name:',
      'Labels:',
      'Selector:',
      'IP:',
      'Port:',
      'Endpoints:',
      'Session Affinity:',
    ])
      expect(describe).toContain(field);
    const selector = async () =>
      ok([
        'get',
        'services',
        'redis-master',
        '-o',
        'go-template={{range .spec.selector}}{{.}}:{{end}}',
      ]);
    expect(await selector()).toBe('redis:master:backend:');
    const file = t.file(`redis-master-service-${version}.yaml`, REDIS_MASTER_SERVICE);
    expect(
      await ok(['set', 'selector', '-f', file, 'role=padawan', '--local', '-o', 'yaml']),
    ).toContain('role: padawan');
    expect(await ok(['set', 'selector', '-f', file, 'role=padawan'])).toBe(
      'service/redis-master selector updated\n',
    );
    expect(await selector()).toBe('padawan:');
    await ok(['set', 'selector', '-f', file, 'app=redis,role=master,tier=backend']);
    expect(await selector()).toBe('redis:master:backend:');
    expect(
      await ok([
        'set',
        'selector',
        'services',
        'redis-master',
        'role=padawan',
        '--dry-run=server',
        '-o',
        'yaml',
      ]),
    ).toContain('role: padawan');
    expect(await selector()).toBe('redis:master:backend:');
    expect(
      await ok([
        'get',
        'services',
        'redis-master',
        '--show-managed-fields',
        '-o=jsonpath={.metadata.managedFields[*].manager}',
      ]),
    ).toContain('kubectl-set');
    const rv = await ok([
      'get',
      'services',
      'redis-master',
      '-o',
      'jsonpath={.metadata.resourceVersion}',
    ]);
    await ok([
      'set',
      'selector',
      'services',
      'redis-master',
      'rvtest1=true',
      `--resource-version=${rv}`,
    ]);
    const stale = await k([
      'set',
      'selector',
      'services',
      'redis-master',
      'rvtest1=true',
      '--resource-version=1',
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('Conflict');
    const dumped = await ok(['get', 'service', 'redis-master', '-o', 'json']);
    await ok(['delete', 'service', 'redis-master']);
    expect(await ok(['create', '-f', '-'], dumped)).toBe('service/redis-master created\n');
    await ok(
      ['create', '-f', '-'],
      JSON.stringify({
        kind: 'Service',
        apiVersion: 'v1',
        metadata: { name: 'service-v1-test' },
        spec: { ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }] },
      }),
    );
    expect(
      await ok(
        ['replace', '-f', '-'],
        await ok(['get', 'service', 'service-v1-test', '-o', 'json']),
      ),
    ).toBe('service/service-v1-test replaced\n');
    expect(await ok(['delete', 'services', 'redis-master', 'service-v1-test'])).toBe(
      'service "redis-master" deleted\nservice "service-v1-test" deleted\n',
    );
  });

  test('services: externalname, run --expose, expose with overrides, expose errors', async () => {
    expect(
      await ok([
        'create',
        'service',
        'externalname',
        'beep-boop',
        '--dry-run=server',
        '--external-name',
        'bar.com',
      ]),
    ).toBe('service/beep-boop created (server dry run)\n');
    await ok(['create', 'service', 'externalname', 'beep-boop', '--external-name', 'bar.com']);
    const row = columns((await ok(['get', 'svc', 'beep-boop'])).trim().split('\n')[1]);
    expect(row).toEqual([
      'beep-boop',
      'ExternalName',
      '<none>',
      'bar.com',
      '<none>',
      expect.any(String),
    ]);
    expect(
      await ok(['get', 'svc', '--field-selector', 'spec.type=ExternalName', '-o', 'name']),
    ).toBe('service/beep-boop\n');
    // services/proxy, as `kubectl proxy` users reach a Service
    const noEndpoints = await k([
      'get',
      '--raw',
      `/api/v1/namespaces/${ns}/services/beep-boop:80/proxy/`,
    ]);
    expect(noEndpoints.code).toBe(1);
    const missing = await k(['get', '--raw', `/api/v1/namespaces/${ns}/services/nope:80/proxy/`]);
    expect(missing.stderr).toBe('Error from server (NotFound): services "nope" not found\n');
    expect(
      await t.ok(
        ['get', 'svc', '-A', '--field-selector', 'spec.clusterIP=10.96.0.1', '-o', 'name'],
        { version },
      ),
    ).toBe('service/kubernetes\n');
    expect(
      await ok([
        'run',
        'testmetadata',
        '--image=nginx',
        '--port=80',
        '--expose',
        '--dry-run=server',
      ]),
    ).toBe(
      'service/testmetadata created (server dry run)\npod/testmetadata created (server dry run)\n',
    );
    expect(await ok(['run', 'testmetadata', '--image=nginx', '--port=80', '--expose'])).toBe(
      'service/testmetadata created\npod/testmetadata created\n',
    );
    expect(
      await ok([
        'get',
        'service',
        'testmetadata',
        '-o',
        'go-template={{(index .spec.ports 0).port}}',
      ]),
    ).toBe('80');
    expect(
      await ok(['get', 'pod', 'testmetadata', '-o=jsonpath={.metadata.managedFields[*].manager}']),
    ).toContain('kubectl-run');
    await ok([
      'expose',
      'pod',
      'testmetadata',
      '--port=1000',
      '--target-port=80',
      '--type=NodePort',
      '--name=exposemetadata',
      '--overrides={ "metadata": { "annotations": { "zone-context": "work" } } } ',
    ]);
    expect(
      await ok(['get', 'service', 'exposemetadata', '-o', 'go-template={{.metadata.annotations}}']),
    ).toBe('map[zone-context:work]');
    expect(
      await ok([
        'get',
        'service',
        'exposemetadata',
        '-o=jsonpath={.metadata.managedFields[*].manager}',
      ]),
    ).toContain('kubectl-expose');
    expect((await k(['expose', 'nodes', 'controlplane'])).stderr).toContain('cannot expose');
    const longName = await k([
      'expose',
      'pod',
      'testmetadata',
      '--name=invalid-large-service-name-that-has-more-than-sixty-three-characters',
      '--port=8081',
    ]);
    expect(longName.code).toBe(1);
    expect(longName.stderr).toContain('metadata.name: Invalid value');
    await ok(['delete', 'service', 'exposemetadata', 'testmetadata', 'beep-boop']);
    await ok(['delete', 'pod', 'testmetadata', '--grace-period=0', '--force']);
  });

  test('replication controllers: describe, scale with preconditions, expose, autoscale', async () => {
    const rc = nsFor('rc', version);
    const rok = (args: string[], stdin?: string) => t.ok(['-n', rc, ...args], { version, stdin });
    const rk = (args: string[], stdin?: string) =>
      t.kubectl(['-n', rc, ...args], { version, stdin });
    await t.ok(['create', 'namespace', rc], { version });
    const file = t.file(`frontend-controller-${version}.yaml`, FRONTEND_CONTROLLER);
    await rok(['create', '-f', file]);
    const describe = await rok(['describe', 'rc', 'frontend']);
    for (const field of [
      'Name:',
      'Pod Template:',
      'Labels:',
      'Selector:',
      'Replicas:',
      'Pods Status:',
      'Volumes:',
      'GET_HOSTS_FROM:',
    ])
      expect(describe).toContain(field);
    const replicas = async () =>
      rok(['get', 'rc', 'frontend', '-o', 'go-template={{.spec.replicas}}']);
    expect(
      await rok([
        'scale',
        '--current-replicas=3',
        '--replicas=2',
        'replicationcontrollers',
        'frontend',
      ]),
    ).toBe('replicationcontroller/frontend scaled\n');
    expect(await replicas()).toBe('2');
    const wrong = await rk([
      'scale',
      '--current-replicas=3',
      '--replicas=2',
      'replicationcontrollers',
      'frontend',
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('error: Expected replicas to be 3, was 2\n');
    await rok(['scale', '--replicas=3', 'replicationcontrollers', 'frontend']);
    expect(await replicas()).toBe('3');
    await rok(['scale', '--replicas=2', '-f', file]);
    expect(await replicas()).toBe('2');
    expect(await rok(['expose', 'rc', 'frontend', '--port=80'])).toBe('service/frontend exposed\n');
    expect(
      await rok([
        'get',
        'service',
        'frontend',
        '-o',
        'go-template={{(index .spec.ports 0).name}} {{(index .spec.ports 0).port}}',
      ]),
    ).toBe('<no value> 80');
    await rok(['expose', 'service', 'frontend', '--port=443', '--name=frontend-2']);
    expect(
      await rok([
        'get',
        'service',
        'frontend-2',
        '-o',
        'go-template={{(index .spec.ports 0).port}}',
      ]),
    ).toBe('443');
    await rok(['expose', 'service', 'frontend', '--name=frontend-4']);
    expect(
      await rok([
        'get',
        'service',
        'frontend-4',
        '-o',
        'go-template={{(index .spec.ports 0).port}}',
      ]),
    ).toBe('80');
    await rok(['autoscale', '-f', file, '--max=2', '--cpu-percent=70']);
    expect(
      await rok([
        'get',
        'hpa',
        'frontend',
        '-o',
        'go-template={{.spec.minReplicas}} {{.spec.maxReplicas}} {{(index .spec.metrics 0).resource.target.averageUtilization}}',
      ]),
    ).toBe('1 2 70');
    await rok(['delete', 'hpa', 'frontend']);
    await rok(['autoscale', 'rc', 'frontend', '--min=2', '--max=3']);
    expect(
      await rok([
        'get',
        'hpa',
        'frontend',
        '-o',
        'go-template={{.spec.minReplicas}} {{.spec.maxReplicas}}',
      ]),
    ).toBe('2 3');
    expect((await rk(['autoscale', 'rc', 'frontend'])).code).toBe(1);
    expect(await rok(['delete', 'rc', 'frontend'])).toBe(
      'replicationcontroller "frontend" deleted\n',
    );
  });

  test('namespaces: dry run, describe, wait --for=delete; quotas: dry run, create, chunked describe', async () => {
    const name = nsFor('my-namespace', version);
    expect((await t.kubectl(['get', `ns/${name}`], { version })).stderr).toContain(' not found');
    await t.ok(['create', 'namespace', name, '--dry-run=server'], { version });
    expect((await t.kubectl(['get', `ns/${name}`], { version })).stderr).toContain(' not found');
    await t.ok(['create', 'namespace', name], { version });
    expect(await t.ok(['describe', 'namespace', name], { version })).toMatch(
      /Status:\s+Active\n\nNo resource quota.\n\nNo LimitRange resource.\n/,
    );
    await t.ok(['delete', 'namespace', name, '--wait=false'], { version });
    await t.ok(['wait', '--for=delete', `ns/${name}`], { version });
    expect((await t.kubectl(['get', `ns/${name}`], { version })).stderr).toContain(' not found');
    const quotas = nsFor('quotas', version);
    await t.ok(['create', 'namespace', quotas], { version });
    await t.ok(['create', 'quota', 'test-quota', '--dry-run=server', `--namespace=${quotas}`], {
      version,
    });
    expect(await t.ok(['get', 'quota', `--namespace=${quotas}`, '-o', 'name'], { version })).toBe(
      '',
    );
    expect(
      await t.ok(['create', 'quota', 'test-quota', `--namespace=${quotas}`], { version }),
    ).toBe('resourcequota/test-quota created\n');
    const chunked = await t.kubectl(
      ['describe', 'resourcequotas', `--namespace=${quotas}`, '--chunk-size=10', '-v=6'],
      { version },
    );
    expect(chunked.stderr).toMatch(/resourcequotas\?limit=10/);
    await t.ok(['delete', 'quota', 'test-quota', `--namespace=${quotas}`], { version });
  });

  test('pod templates are created, printed and deleted', async () => {
    await ok(['create', '-f', '-'], POD_TEMPLATE);
    expect(
      await ok([
        'get',
        'podtemplates',
        '-o',
        'go-template={{range.items}}{{.metadata.name}}:{{end}}',
      ]),
    ).toBe('nginx:');
    const table = (await ok(['get', 'podtemplates'])).trim().split('\n').map(columns);
    expect(table).toEqual([
      ['NAME', 'CONTAINERS', 'IMAGES', 'POD LABELS'],
      ['nginx', 'nginx', 'nginx', 'name=nginx'],
    ]);
    expect(await ok(['get', 'podtemplates', '-o', 'yaml'])).toContain('nginx');
    expect(await ok(['delete', 'podtemplate', 'nginx'])).toBe('podtemplate "nginx" deleted\n');
  });

  test('nodes: describe shows the sections upstream checks, patch marks unschedulable and back', async () => {
    const describe = await t.ok(['describe', 'nodes', 'node01'], { version });
    for (const field of [
      'Name:',
      'Labels:',
      'CreationTimestamp:',
      'Conditions:',
      'Addresses:',
      'Capacity:',
      'Pods:',
    ])
      expect(describe).toContain(field);
    const chunked = await t.kubectl(['describe', 'nodes', '--chunk-size=10', '-v=6'], { version });
    expect(chunked.stderr).toMatch(/nodes\?limit=10/);
    expect(chunked.stderr).toMatch(/pods\?fieldSelector=spec.nodeName%3D[^&" ]+&limit=10/);
    const unschedulable = async () =>
      t.ok(['get', 'nodes', 'node02', '-o', 'go-template={{.spec.unschedulable}}'], { version });
    expect(await unschedulable()).toBe('<no value>');
    await t.ok(['patch', 'nodes', 'node02', '-p={"spec":{"unschedulable":true}}'], { version });
    expect(await unschedulable()).toBe('true');
    await t.ok(['patch', 'nodes', 'node02', '-p={"spec":{"unschedulable":null}}'], { version });
    expect(await unschedulable()).toBe('<no value>');
  });
});

/** A Deployment whose replicas and containerPort are quoted strings (a frequent slip). */
const QUOTED_REPLICAS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: typed
spec:
  replicas: "3"
  selector:
    matchLabels: {app: typed}
  template:
    metadata:
      labels: {app: typed}
    spec:
      containers:
      - name: c
        image: nginx
        ports:
        - containerPort: "80"
`;

/** hack/testdata/pod-with-api-env.yaml */
const ENV_TEST_POD = `apiVersion: v1
kind: Pod
metadata:
  name: env-test-pod
spec:
  containers:
  - name: test-container
    image: registry.k8s.io/busybox
    command: [ "/bin/sh", "-c", "env" ]
    env:
    - name: TEST_CMD_1
      valueFrom:
        secretKeyRef:
          name: test-secret
          key: key-1
    - name: TEST_CMD_2
      valueFrom:
        configMapKeyRef:
          name: test-configmap
          key: key-2
    - name: TEST_CMD_3
      valueFrom:
        fieldRef:
          fieldPath: metadata.name
  restartPolicy: Never
`;

/** hack/testdata/pod-with-precision.json */
const POD_WITH_PRECISION = JSON.stringify({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'pod-with-precision' },
  spec: {
    containers: [{ name: 'kubernetes-pause', image: 'registry.k8s.io/pause:3.10' }],
    restartPolicy: 'Never',
    securityContext: { supplementalGroups: [0, 1000030003, 2147483647] },
  },
});

/** hack/testdata/multi-resource-list.json as create --edit uses it (names "mock"). */
const MULTI_LIST_FOR_EDIT = JSON.stringify({
  kind: 'List',
  apiVersion: 'v1',
  items: [
    {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'mock' },
      spec: { ports: [{ port: 80 }] },
    },
    {
      kind: 'ReplicationController',
      apiVersion: 'v1',
      metadata: { name: 'mock' },
      spec: {
        replicas: 1,
        selector: { app: 'mock' },
        template: {
          metadata: { labels: { app: 'mock' } },
          spec: { containers: [{ name: 'mock', image: 'registry.k8s.io/pause:3.10' }] },
        },
      },
    },
  ],
});

/** test/fixtures/doc-yaml/user-guide/walkthrough/podtemplate.json */
const POD_TEMPLATE = JSON.stringify({
  apiVersion: 'v1',
  kind: 'PodTemplate',
  metadata: { name: 'nginx' },
  template: {
    metadata: { labels: { name: 'nginx' }, generateName: 'nginx-' },
    spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] },
  },
});
