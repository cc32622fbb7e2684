/**
 * Upstream test/cmd/discovery.sh (RESTMapper, short names, singular names, categories, CRD
 * re-creation with another scope, explain) plus the api-resources / api-versions / get --raw
 * forms kubectl builds on discovery.
 */
import { columns, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';
import { nsFor } from './upstream-fixtures';

describe.each(KUBECTL_VERSIONS)('upstream discovery.sh with kubectl %s', (version) => {
  let t: TestCluster;
  const ns = nsFor('discovery', version);
  const k = (args: string[], stdin?: string) => t.kubectl(['-n', ns, ...args], { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(['-n', ns, ...args], { version, stdin });
  const rowsOf = (out: string) => out.trim().split('\n').map(columns);

  beforeAll(async () => {
    t = await startCluster();
    await t.ok(['create', 'namespace', ns], { version });
  });
  afterAll(async () => {
    await t.close();
  });

  test('an unknown resource type is a recognizable error', async () => {
    const r = await k(['get', 'unknownresourcetype']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: the server doesn\'t have a resource type "unknownresourcetype"\n',
    );
  });

  test('/api/v1 discovery carries short names, verbs, categories and storage version hashes', async () => {
    const raw = await ok(['get', '--raw=/api/v1']);
    expect(raw).toMatch(
      /\{"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":\["create","delete","deletecollection","get","list","patch","update","watch"\],"shortNames":\["cm"\],"storageVersionHash":"[^"]+"\}/,
    );
    expect(raw.match(/"name":"pods"[^}]*}/)?.[0]).toContain('"categories":["all"]');
    const list = JSON.parse(raw);
    expect(list).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    const subresources = list.resources
      .filter((r: { name: string }) => r.name.startsWith('pods/'))
      .map((r: { name: string }) => r.name);
    expect(subresources).toEqual(
      expect.arrayContaining([
        'pods/log',
        'pods/exec',
        'pods/status',
        'pods/eviction',
        'pods/binding',
      ]),
    );
  });

  test('a CRD whose short name is "pod" does not shadow pods, before and after the cache is refreshed', async () => {
    await t.ok(['create', '-f', '-'], {
      version,
      stdin: examplesCrd(version, { shortNames: ['pod'] }),
    });
    const group = groupFor(version);
    await waitForResource(`examples.${group}`);
    await ok(
      ['create', '-f', '-'],
      `apiVersion: ${group}/v1\nkind: Example\nmetadata:\n  name: test-crd-example\nspec:\n  test: test\n`,
    );
    expect(await ok(['get', 'examples'])).toContain('test-crd-example');
    expect((await k(['get', 'pod'])).stdout + (await k(['get', 'pod'])).stderr).not.toContain(
      'test-crd-example',
    );
    await ok(['api-resources']);
    expect(await ok(['get', 'examples'])).toContain('test-crd-example');
    expect((await k(['get', 'pod'])).stdout).not.toContain('test-crd-example');
    expect(await ok(['delete', 'examples/test-crd-example'])).toBe(
      `example.${group} "test-crd-example" deleted\n`,
    );
    await t.ok(['delete', 'customresourcedefinition', `examples.${group}`], { version });
  });

  test('a CRD whose singular name is "pod" does not shadow pods either', async () => {
    await t.ok(['create', '-f', '-'], {
      version,
      stdin: examplesCrd(version, { singular: 'pod' }),
    });
    const group = groupFor(version);
    await waitForResource(`examples.${group}`);
    await ok(
      ['create', '-f', '-'],
      `apiVersion: ${group}/v1\nkind: Example\nmetadata:\n  name: test-crd-example\nspec:\n  test: test\n`,
    );
    expect(await ok(['get', 'examples'])).toContain('test-crd-example');
    expect((await k(['get', 'pod'])).stdout).not.toContain('test-crd-example');
    await ok(['delete', 'examples/test-crd-example']);
    await t.ok(['delete', 'customresourcedefinition', `examples.${group}`], { version });
  });

  test('a CRD deleted and re-created with another scope serves the new scope', async () => {
    const group = `recreate${version.replace('.', '')}.example.com`;
    const crd = (scope: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: examples.${group}
spec:
  group: ${group}
  scope: ${scope}
  names: {plural: examples, singular: example, kind: Example}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;
    const cr = `apiVersion: ${group}/v1\nkind: Example\nmetadata:\n  name: test-crd-example\n`;
    expect(await t.ok(['apply', '-f', '-'], { version, stdin: crd('Cluster') })).toContain(
      'created',
    );
    await waitForResource(`examples.${group}`);
    expect(await t.ok(['apply', '-f', '-'], { version, stdin: cr })).toContain('created');
    expect(await t.ok(['delete', 'crd', `examples.${group}`], { version })).toContain('deleted');
    await t.ok(['api-resources'], { version });
    expect(await t.ok(['apply', '-f', '-'], { version, stdin: crd('Namespaced') })).toContain(
      'created',
    );
    await waitForResource(`examples.${group}`);
    expect(await ok(['apply', '-f', '-'], cr)).toBe(`example.${group}/test-crd-example created\n`);
    expect(await ok(['get', 'examples', '-o', 'jsonpath={.items[*].metadata.namespace}'])).toBe(ns);
    await ok(['delete', 'examples', 'test-crd-example']);
    await t.ok(['delete', 'crd', `examples.${group}`], { version });
  });

  test('kubectl explain works for full names, short names, fields and cronjobs', async () => {
    expect(await ok(['explain', 'pods'])).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n/);
    expect(await ok(['explain', 'po'])).toMatch(/^KIND:\s+Pod\n/);
    expect(await ok(['explain', 'po.status.message'])).toMatch(/FIELD:\s+message <string>/);
    expect(await ok(['explain', 'cronjob'])).toMatch(
      /^GROUP:\s+batch\nKIND:\s+CronJob\nVERSION:\s+v1\n/,
    );
    const missing = await k(['explain', 'pods.spec.nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: field "nope" does not exist\n');
  });

  test('kubectl api-resources filters by scope, group, verbs and category and prints names or wide rows', async () => {
    const all = rowsOf(await ok(['api-resources']));
    expect(all[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const wide = rowsOf(await ok(['api-resources', '-o', 'wide']));
    expect(wide[0]).toEqual([
      'NAME',
      'SHORTNAMES',
      'APIVERSION',
      'NAMESPACED',
      'KIND',
      'VERBS',
      'CATEGORIES',
    ]);
    expect(wide.find((r) => r[0] === 'pods')).toEqual([
      'pods',
      'po',
      'v1',
      'true',
      'Pod',
      'create,delete,deletecollection,get,list,patch,update,watch',
      'all',
    ]);
    const clusterScoped = rowsOf(await ok(['api-resources', '--namespaced=false'])).slice(1);
    expect(clusterScoped.every((r) => r.includes('false'))).toBe(true);
    expect(clusterScoped.map((r) => r[0])).toEqual(
      expect.arrayContaining([
        'namespaces',
        'nodes',
        'persistentvolumes',
        'clusterroles',
        'storageclasses',
      ]),
    );
    const apps = rowsOf(await ok(['api-resources', '--api-group=apps']))
      .slice(1)
      .map((r) => r[0]);
    expect(apps).toEqual([
      'controllerrevisions',
      'daemonsets',
      'deployments',
      'replicasets',
      'statefulsets',
    ]);
    const names = (await ok(['api-resources', '--verbs=list', '--namespaced', '-o', 'name']))
      .trim()
      .split('\n');
    expect(names).toEqual(
      expect.arrayContaining([
        'pods',
        'configmaps',
        'deployments.apps',
        'jobs.batch',
        'roles.rbac.authorization.k8s.io',
      ]),
    );
    expect(names).not.toContain('bindings');
    expect(names).not.toContain('nodes');
    const category = rowsOf(await ok(['api-resources', '--categories=all']))
      .slice(1)
      .map((r) => r[0]);
    expect(category).toEqual([
      'pods',
      'replicationcontrollers',
      'services',
      'daemonsets',
      'deployments',
      'replicasets',
      'statefulsets',
      'horizontalpodautoscalers',
      'cronjobs',
      'jobs',
    ]);
  });

  test('kubectl api-versions lists every served group version, core last', async () => {
    const versions = (await ok(['api-versions'])).trim().split('\n');
    expect(versions[versions.length - 1]).toBe('v1');
    expect(versions).toEqual(
      expect.arrayContaining([
        'apps/v1',
        'autoscaling/v1',
        'autoscaling/v2',
        'batch/v1',
        'networking.k8s.io/v1',
        'policy/v1',
        'rbac.authorization.k8s.io/v1',
        'storage.k8s.io/v1',
      ]),
    );
    expect([...versions].sort()).toEqual(versions);
  });

  test('kubectl get --raw reads objects, /version, and reports NotFound paths', async () => {
    await ok(['create', 'cm', 'raw']);
    const cm = JSON.parse(await ok(['get', '--raw', `/api/v1/namespaces/${ns}/configmaps/raw`]));
    expect(cm).toMatchObject({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'raw', namespace: ns },
    });
    expect(JSON.parse(await ok(['get', '--raw', '/version']))).toMatchObject({
      major: '1',
      minor: '33',
    });
    const missing = await k(['get', '--raw', `/api/v1/namespaces/${ns}/configmaps/zzz`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('Error from server (NotFound): configmaps "zzz" not found\n');
    const nowhere = await k(['get', '--raw', '/nope']);
    expect(nowhere.stderr).toBe(
      'Error from server (NotFound): the server could not find the requested resource\n',
    );
    expect(await ok(['get', '--raw', '/readyz?verbose'])).toMatch(/\nreadyz check passed\n$/);
    const openapi = await ok(['get', '--raw', '/openapi/v2']);
    expect(openapi).toContain('List of services');
  });

  async function waitForResource(name: string): Promise<void> {
    for (let i = 0; i < 50; i++) {
      const r = await t.kubectl(['api-resources', '-o', 'name'], { version });
      if (r.stdout.split('\n').includes(name)) return;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error(`${name} never served`);
  }
});

function groupFor(version: string): string {
  return `test${version.replace('.', '')}.com`;
}

/** discovery.sh's examples.test.com CRD (group made unique per kubectl version). */
function examplesCrd(version: string, names: { shortNames?: string[]; singular?: string }): string {
  const group = groupFor(version);
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: examples.${group}
spec:
  group: ${group}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                test:
                  type: string
  names:
    plural: examples
    singular: ${names.singular ?? 'example'}
${names.shortNames ? `    shortNames:\n${names.shortNames.map((s) => `      - ${s}`).join('\n')}\n` : ''}    kind: Example
`;
}
