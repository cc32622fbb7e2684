import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

function deployment(
  name: string,
  opts: { image: string; replicas?: number; sidecar?: boolean; note?: string; envValue?: string },
): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    ...(opts.note ? ['  annotations:', `    note: ${opts.note}`] : []),
    'spec:',
    `  replicas: ${opts.replicas ?? 2}`,
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '    spec:',
    '      containers:',
    '      - name: nginx',
    `        image: ${opts.image}`,
    '        env:',
    '        - name: MODE',
    `          value: "${opts.envValue ?? 'a'}"`,
    ...(opts.sidecar ? ['      - name: sidecar', '        image: busybox'] : []),
    '',
  ].join('\n');
}

function kubectlEntries(
  entries: Array<{ manager: string; operation: string; subresource?: string }>,
): string[] {
  return entries
    .filter((e) => e.manager.startsWith('kubectl'))
    .map((e) => `${e.manager}/${e.operation}`);
}

describe.each(KUBECTL_VERSIONS)('PATCH and apply with kubectl %s', (version) => {
  let t: TestCluster;
  const k = (args: string[]) => t.kubectl(args, { version });
  const ok = (args: string[]) => t.ok(args, { version });
  const json = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']));
  const v = version.replace('.', '');

  beforeAll(async () => {
    t = await startCluster();
  });
  afterAll(async () => {
    await t.close();
  });

  test('kubectl patch --type=json applies operations and a failing test operation is rejected', async () => {
    const name = `json-${v}`;
    await ok(['create', 'deployment', name, '--image=nginx:1.25', '--replicas=1']);
    expect(
      await ok([
        'patch',
        'deployment',
        name,
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/replicas","value":3}]',
      ]),
    ).toBe(`deployment.apps/${name} patched\n`);
    expect((await json(['get', 'deployment', name])).spec.replicas).toBe(3);
    const failed = await k([
      'patch',
      'deployment',
      name,
      '--type=json',
      '-p',
      '[{"op":"test","path":"/spec/replicas","value":9}]',
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(
      'The request is invalid: the server rejected our request due to an error in our request\n',
    );
  });

  test('kubectl patch merges labels and strategic patches merge containers by name', async () => {
    const name = `smp-${v}`;
    await ok([
      'apply',
      '-f',
      t.file(`${name}.yaml`, deployment(name, { image: 'nginx:1.25', sidecar: true })),
    ]);
    await ok([
      'patch',
      'deployment',
      name,
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"tier":"fe"}}}',
    ]);
    await ok([
      'patch',
      'deployment',
      name,
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}',
    ]);
    const obj = await json(['get', 'deployment', name]);
    expect(obj.metadata.labels).toEqual({ tier: 'fe' });
    expect(
      obj.spec.template.spec.containers.map(
        (c: { name: string; image: string }) => `${c.name}=${c.image}`,
      ),
    ).toEqual(['nginx=nginx:1.26', 'sidecar=busybox']);
  });

  test('kubectl apply twice with an edit between drops what left the file', async () => {
    const name = `csa-${v}`;
    expect(
      await ok([
        'apply',
        '-f',
        t.file(
          `${name}-1.yaml`,
          deployment(name, { image: 'nginx:1.25', sidecar: true, note: 'one' }),
        ),
      ]),
    ).toBe(`deployment.apps/${name} created\n`);
    const second = t.file(
      `${name}-2.yaml`,
      deployment(name, { image: 'nginx:1.26', envValue: 'b' }),
    );
    const diff = await k(['diff', '-f', second]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('-        image: nginx:1.25\n');
    expect(diff.stdout).toContain('+        image: nginx:1.26\n');
    expect(diff.stdout).toContain('-    note: one\n');
    expect(await ok(['apply', '-f', second])).toBe(`deployment.apps/${name} configured\n`);
    const obj = await json(['get', 'deployment', name]);
    expect(obj.metadata.annotations.note).toBeUndefined();
    expect(obj.spec.template.spec.containers).toHaveLength(1);
    expect(obj.spec.template.spec.containers[0]).toMatchObject({
      name: 'nginx',
      image: 'nginx:1.26',
      env: [{ name: 'MODE', value: 'b' }],
    });
    expect((await k(['diff', '-f', second])).code).toBe(0);
  });

  test('kubectl apply --server-side reports a conflict and --force-conflicts takes the field over', async () => {
    const name = `ssa-${v}`;
    const file = t.file(`${name}.yaml`, deployment(name, { image: 'nginx:1.25' }));
    expect(await ok(['apply', '--server-side', '-f', file])).toBe(
      `deployment.apps/${name} serverside-applied\n`,
    );
    await ok(['set', 'image', `deployment/${name}`, 'nginx=nginx:1.26']);
    const bumped = t.file(`${name}-2.yaml`, deployment(name, { image: 'nginx:1.27' }));
    const conflict = await k(['apply', '--server-side', '-f', bumped]);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr.split('\n')[0]).toBe(
      'error: Apply failed with 1 conflict: conflict with "kubectl-set" using apps/v1: .spec.template.spec.containers[name="nginx"].image',
    );
    expect(await ok(['apply', '--server-side', '--force-conflicts', '-f', bumped])).toBe(
      `deployment.apps/${name} serverside-applied\n`,
    );
    expect((await k(['diff', '--server-side', '-f', bumped])).code).toBe(0);
    const scaled = await k([
      'diff',
      '--server-side',
      '-f',
      t.file(`${name}-3.yaml`, deployment(name, { image: 'nginx:1.27', replicas: 6 })),
    ]);
    expect(scaled.code).toBe(1);
    expect(scaled.stdout).toContain('+  replicas: 6\n');
    const obj = await json(['get', 'deployment', name, '--show-managed-fields']);
    expect(obj.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    // controllers write too (status, the revision annotation); the kubectl writers left are:
    expect(kubectlEntries(obj.metadata.managedFields)).toEqual(['kubectl/Apply']);
  });

  test('managedFields name every writer with its operation', async () => {
    const name = `mf-${v}`;
    await ok(['create', 'deployment', name, '--image=nginx:1.25']);
    await ok(['label', 'deployment', name, 'env=prod']);
    await ok(['annotate', 'deployment', name, 'note=x']);
    const entries = (await json(['get', 'deployment', name, '--show-managed-fields'])).metadata
      .managedFields;
    // sorted by operation, time (whole seconds), then manager name
    expect(kubectlEntries(entries).sort()).toEqual([
      'kubectl-annotate/Update',
      'kubectl-create/Update',
      'kubectl-label/Update',
    ]);
    const label = entries.find((e: { manager: string }) => e.manager === 'kubectl-label');
    expect(label.fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { 'f:env': {} } } });
    const applied = await k([
      'apply',
      '--server-side',
      '-f',
      t.file(`${name}.yaml`, deployment(name, { image: 'nginx:1.25', replicas: 5 })),
    ]);
    expect(applied.stderr.split('\n')[0]).toBe(
      'error: Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas',
    );
  });
});
