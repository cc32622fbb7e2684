/**
 * Upstream test/cmd/crd.sh (run_crd_tests, run_non_native_resource_tests) with v1 CRDs that
 * preserve unknown fields, as upstream's v1beta1 fixtures did.
 */
import { eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';
import { nsFor } from './upstream-fixtures';

describe.each(KUBECTL_VERSIONS)('upstream crd.sh with kubectl %s', (version) => {
  let t: TestCluster;
  const ns = nsFor('crd', version);
  const group = `company${version.replace('.', '')}.com`;
  const k = (args: string[], stdin?: string) => t.kubectl(['-n', ns, ...args], { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(['-n', ns, ...args], { version, stdin });
  const names = (resource: string) =>
    ok(['get', resource, '-o', 'go-template={{range.items}}{{.metadata.name}}:{{end}}']);
  const field = (ref: string, template: string) =>
    ok(['get', ref, '-o', `go-template=${template}`]);

  beforeAll(async () => {
    t = await startCluster();
    await t.ok(['create', 'namespace', ns], { version });
    for (const [plural, kind] of [
      ['foos', 'Foo'],
      ['bars', 'Bar'],
    ]) {
      await t.ok(['create', '-f', '-'], { version, stdin: crd(group, plural, kind) });
    }
    await eventually(
      () => t.kubectl(['get', '--raw', `/apis/${group}/v1/bars`], { version }),
      (r) => r.code === 0,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  test('the group is discoverable and the new kinds list empty', async () => {
    const list = JSON.parse(await ok(['get', '--raw', `/apis/${group}/v1`]));
    expect(list.resources.map((r: { name: string }) => r.name).sort()).toEqual(['bars', 'foos']);
    expect(await names('foos')).toBe('');
    expect(await names('bars')).toBe('');
  });

  test('a custom resource answers to every resource form and prints kind.group/name', async () => {
    await ok(['create', '-f', '-'], foo(group, { someField: 'field1' }));
    for (const form of ['foos', 'foo', `foos.${group}`, `foos.v1.${group}`])
      expect(await names(form)).toBe('test:');
    expect(await ok(['get', 'foos/test', '-o', 'name'])).toBe(`foo.${group}/test\n`);
    expect(await ok(['get', `foo.${group}/test`, '-o', 'name'])).toBe(`foo.${group}/test\n`);
    for (const out of [[], ['-o', 'name'], ['-o', 'wide'], ['-o', 'json'], ['-o', 'yaml']]) {
      await ok(['get', 'foos', ...out]);
      await ok(['get', 'foos/test', ...out]);
    }
    expect(
      await ok([
        'get',
        'foos',
        '-o',
        'jsonpath={.items[*].someField}',
        '--allow-missing-template-keys=false',
      ]),
    ).toBe('field1');
    expect(
      await ok([
        'get',
        'foos/test',
        '-o',
        'go-template={{.someField}}',
        '--allow-missing-template-keys=false',
      ]),
    ).toBe('field1');
  });

  test('merge patches set and remove fields; strategic merge is refused locally and by the server', async () => {
    await ok(['apply', '-f', '-'], foo(group, { someField: 'field1' }));
    await ok(['patch', 'foos/test', '-p', '{"patched":"value1"}', '--type=merge']);
    expect(await field('foos/test', '{{.patched}}')).toBe('value1');
    await ok(['patch', 'foos/test', '-p', '{"patched":"value2"}', '--type=merge', '--record']);
    expect(await field('foos/test', '{{.patched}}')).toBe('value2');
    await ok(['patch', 'foos/test', '-p', '{"patched":null}', '--type=merge', '--record']);
    expect(await field('foos/test', '{{.patched}}')).toBe('<no value>');
    const json = t.file(
      `crd-foos-test-${version}.json`,
      await ok(['get', 'foos/test', '-o', 'json']),
    );
    const local = await k(['patch', '--local', '-f', json, '-p', '{"patched":"value3"}']);
    expect(local.code).toBe(1);
    expect(local.stderr).toContain('try --type merge');
    expect(
      JSON.parse(
        await ok([
          'patch',
          '--local',
          '-f',
          json,
          '-p',
          '{"patched":"value3"}',
          '--type=merge',
          '-o',
          'json',
        ]),
      ).patched,
    ).toBe('value3');
    const remote = await k(['patch', 'foos/test', '-p', '{"patched":"value3"}']);
    expect(remote.code).toBe(1);
    expect(remote.stderr).toContain(
      `application/strategic-merge-patch+json is not supported by ${group}/v1, Kind=Foo: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
    );
    await ok([
      'patch',
      '--record',
      '-f',
      json,
      '-p',
      '{"patched":"value3"}',
      '--type=merge',
      '-o',
      'json',
    ]);
    expect(await field('foos/test', '{{.patched}}')).toBe('value3');
  });

  test('label, annotate and describe custom resources', async () => {
    await ok(['apply', '-f', '-'], foo(group, { someField: 'field1' }));
    expect(await ok(['label', 'foos', '--all', 'listlabel=true'])).toBe(
      `foo.${group}/test labeled\n`,
    );
    await ok(['label', 'foo/test', 'itemlabel=true']);
    await ok(['annotate', 'foos', '--all', 'listannotation=true']);
    await ok(['annotate', 'foo/test', 'itemannotation=true']);
    const describe = await ok(['describe', 'foos']);
    expect(describe).toContain('listlabel=true');
    expect(describe).toContain('itemlabel=true');
    expect(describe).toMatch(/API Version:\s+company\d+\.com\/v1\nKind:\s+Foo\n/);
    expect(await ok(['describe', 'foos/test'])).toMatch(/Some Field:\s+field1/);
    expect(await ok(['delete', 'foos', 'test', '--cascade=background'])).toBe(
      `foo.${group} "test" deleted\n`,
    );
    expect(await names('foos')).toBe('');
  });

  test('a watch on a custom resource sees its changes', async () => {
    await ok(['create', '-f', '-'], bar(group, {}));
    const watch = t.background(
      ['-n', ns, 'get', 'bars', '--request-timeout=1m', '--watch-only', '-o', 'name'],
      { version },
    );
    await eventually(
      async () => {
        await ok(['patch', 'bars/test', '-p', `{"patched":"${Date.now()}"}`, '--type=merge']);
        return watch.output();
      },
      (o) => o.includes(`bar.${group}/test`),
    );
    await watch.stop();
    await ok(['delete', 'bars', 'test', '--cascade=orphan']);
    expect(await names('bars')).toBe('');
  });

  test('client-side apply updates, deletes and adds nested fields', async () => {
    await ok(
      ['apply', '-f', '-'],
      foo(group, {
        someField: 'field1',
        nestedField: { someSubfield: 'subfield1', otherSubfield: 'subfield2' },
      }),
    );
    expect(await field('foos/test', '{{.someField}}')).toBe('field1');
    expect(
      await ok(
        ['apply', '-f', '-'],
        foo(group, {
          someField: 'field1',
          nestedField: { someSubfield: 'subfield1', otherSubfield: 'subfield2' },
        }),
      ),
    ).toBe(`foo.${group}/test unchanged\n`);
    expect(await field('foos/test', '{{.nestedField.someSubfield}}')).toBe('subfield1');
    await ok(
      ['apply', '-f', '-'],
      foo(group, {
        someField: 'field1',
        nestedField: { someSubfield: 'modifiedSubfield', otherSubfield: 'subfield2' },
      }),
    );
    expect(await field('foos/test', '{{.nestedField.someSubfield}}')).toBe('modifiedSubfield');
    expect(await field('foos/test', '{{.nestedField.otherSubfield}}')).toBe('subfield2');
    await ok(
      ['apply', '-f', '-'],
      foo(group, { someField: 'field1', nestedField: { someSubfield: 'modifiedSubfield' } }),
    );
    expect(await field('foos/test', '{{.nestedField.otherSubfield}}')).toBe('<no value>');
    expect(await field('foos/test', '{{.nestedField.newSubfield}}')).toBe('<no value>');
    await ok(
      ['apply', '-f', '-'],
      foo(group, {
        someField: 'field1',
        nestedField: { someSubfield: 'modifiedSubfield', newSubfield: 'subfield3' },
      }),
    );
    expect(await field('foos/test', '{{.nestedField.newSubfield}}')).toBe('subfield3');
    await ok(['delete', 'foos', 'test']);
  });

  test('a v1 List of custom resources applies, re-applies unchanged, updates and deletes', async () => {
    const list = (fields: Record<string, unknown>) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: `${group}/v1`, kind: 'Foo', metadata: { name: 'test-list' }, ...fields },
          { apiVersion: `${group}/v1`, kind: 'Bar', metadata: { name: 'test-list' }, ...fields },
        ],
      });
    await ok(['apply', '-f', '-'], list({ someField: 'field1', otherField: 'field2' }));
    expect(await names('foos')).toBe('test-list:');
    expect(await names('bars')).toBe('test-list:');
    expect(
      await ok(['apply', '-f', '-'], list({ someField: 'field1', otherField: 'field2' })),
    ).toBe(`foo.${group}/test-list unchanged\nbar.${group}/test-list unchanged\n`);
    await ok(['apply', '-f', '-'], list({ someField: 'modifiedField', otherField: 'field2' }));
    expect(await field('foos/test-list', '{{.someField}}')).toBe('modifiedField');
    expect(await field('bars/test-list', '{{.someField}}')).toBe('modifiedField');
    await ok(['apply', '-f', '-'], list({ someField: 'modifiedField' }));
    expect(await field('foos/test-list', '{{.otherField}}')).toBe('<no value>');
    await ok(['apply', '-f', '-'], list({ someField: 'modifiedField', newField: 'field3' }));
    expect(await field('bars/test-list', '{{.newField}}')).toBe('field3');
    await ok(['delete', '-f', '-'], list({}));
    expect(await names('foos')).toBe('');
    expect(await names('bars')).toBe('');
  });

  test('apply --prune with an allow-list prunes custom resources of the other kind', async () => {
    const allow = [`--prune-allowlist=${group}/v1/Foo`, `--prune-allowlist=${group}/v1/Bar`];
    await ok(
      ['apply', '--prune', '-l', 'pruneGroup=true', '-f', '-', ...allow],
      foo(group, { someField: 'field1' }),
    );
    expect(await names('foos')).toBe('test:');
    expect(await names('bars')).toBe('');
    const r = await ok(
      ['apply', '--prune', '-l', 'pruneGroup=true', '-f', '-', ...allow],
      bar(group, { someField: 'field1' }),
    );
    expect(r).toBe(`bar.${group}/test created\nfoo.${group}/test pruned\n`);
    expect(await names('foos')).toBe('');
    expect(await names('bars')).toBe('test:');
    await ok(['delete', 'bars', 'test']);
  });

  test('custom resources go with their namespace', async () => {
    const other = nsFor('non-native-resources', version);
    await t.ok(['create', 'namespace', other], { version });
    await t.ok(['create', '-f', '-', `--namespace=${other}`], { version, stdin: bar(group, {}) });
    expect(
      await t.ok(['get', 'bars', '-n', other, '-o', 'go-template={{len .items}}'], { version }),
    ).toBe('1');
    await t.ok(['delete', 'namespace', other], { version });
    await eventually(
      () => t.kubectl(['get', 'namespace', other], { version }),
      (r) => r.code === 1,
    );
    expect(
      await t.ok(['get', 'bars', '-n', other, '-o', 'go-template={{len .items}}'], { version }),
    ).toBe('0');
  });
});

function crd(group: string, plural: string, kind: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
spec:
  group: ${group}
  scope: Namespaced
  names:
    plural: ${plural}
    kind: ${kind}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;
}

/** hack/testdata/CRD/foo.yaml and its updated/deleted/added-subfield variants */
function foo(group: string, fields: Record<string, unknown>): string {
  return JSON.stringify({
    kind: 'Foo',
    apiVersion: `${group}/v1`,
    metadata: { name: 'test', labels: { pruneGroup: 'true' } },
    ...fields,
  });
}

/** hack/testdata/CRD/bar.yaml */
function bar(group: string, fields: Record<string, unknown>): string {
  return JSON.stringify({
    kind: 'Bar',
    apiVersion: `${group}/v1`,
    metadata: { name: 'test', labels: { pruneGroup: 'true' } },
    ...fields,
  });
}
