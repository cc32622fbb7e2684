import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const CRD = readFileSync(join(__dirname, 'crontab-crd.yaml'), 'utf8');
const cronTab = (name: string, replicas: number) =>
  `apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: ${name}\nspec:\n  cronSpec: "* * * * */5"\n  image: my-awesome-cron-image\n  replicas: ${replicas}\n`;

describe.each(KUBECTL_VERSIONS)('CustomResourceDefinitions with kubectl %s', (version) => {
  let t: TestCluster;
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });

  beforeEach(async () => {
    t = await startCluster();
    await ok(['apply', '-f', '-'], CRD);
    await eventually(
      () =>
        k([
          'get',
          'crd',
          'crontabs.stable.example.com',
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Established")].status}',
        ]),
      (r) => r.stdout === 'True',
    );
  });
  afterEach(async () => {
    await t.close();
  });

  test('a CRD is established and its kind is served with its short name and printer columns', async () => {
    const resources = await ok(['api-resources', '--api-group=stable.example.com']);
    expect(columns(resources.trim().split('\n')[1])).toEqual([
      'crontabs',
      'ct',
      'stable.example.com/v1',
      'true',
      'CronTab',
    ]);
    expect(await ok(['apply', '-f', '-'], cronTab('nightly', 2))).toBe(
      'crontab.stable.example.com/nightly created\n',
    );
    const [header, row] = (await ok(['get', 'ct'])).trim().split('\n');
    expect(columns(header)).toEqual(['NAME', 'SPEC', 'REPLICAS', 'AGE']);
    expect(columns(row).slice(0, 3)).toEqual(['nightly', '* * * * */5', '2']);
  });

  test('custom resources are validated against the schema and unknown fields are rejected', async () => {
    const invalid = await k(['apply', '-f', '-'], cronTab('broken', 0));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain(
      'The CronTab "broken" is invalid: spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1',
    );
    const unknown = await k(
      ['apply', '-f', '-'],
      'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: extra\nspec:\n  colour: red\n',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('strict decoding error: unknown field "spec.colour"');
  });

  test('the scale subresource of a CRD drives kubectl scale', async () => {
    await ok(['apply', '-f', '-'], cronTab('scaled', 1));
    expect(await ok(['scale', 'ct', 'scaled', '--replicas=4'])).toBe(
      'crontab.stable.example.com/scaled scaled\n',
    );
    expect(await ok(['get', 'ct', 'scaled', '-o', 'jsonpath={.spec.replicas}'])).toBe('4');
  });

  test('kubectl explain describes the custom kind from its schema', async () => {
    const out = await ok(['explain', 'crontab.spec']);
    expect(out).toContain('KIND:       CronTab');
    expect(out).toMatch(/cronSpec\s+<string>/);
    expect(out).toMatch(/replicas\s+<integer>/);
  });

  test('deleting the CRD removes its custom resources', async () => {
    await ok(['apply', '-f', '-'], cronTab('doomed', 1));
    await ok(['delete', 'crd', 'crontabs.stable.example.com']);
    const raw = await k([
      'get',
      '--raw',
      '/apis/stable.example.com/v1/namespaces/default/crontabs',
    ]);
    expect(raw.code).toBe(1);
    expect(raw.stderr).toContain('NotFound');
  });

  test('kubectl delete -f of a CRD and its instances deletes both, the kind staying served meanwhile', async () => {
    const file = t.file('bundle.yaml', `${CRD}---\n${cronTab('bundled', 1)}`);
    await ok(['apply', '-f', file]);
    await ok(['apply', '-f', file]);
    const out = await ok(['delete', '-f', file]);
    expect(out).toBe(
      'customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\ncrontab.stable.example.com "bundled" deleted\n',
    );
    await eventually(
      () => k(['get', 'crd', 'crontabs.stable.example.com']),
      (r) => r.code === 1,
    );
  });
});
