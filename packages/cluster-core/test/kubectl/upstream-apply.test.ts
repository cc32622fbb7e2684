/**
 * The API-machinery parts of upstream test/cmd/apply.sh (run_kubectl_apply_tests,
 * run_kubectl_server_side_apply_tests) and create.sh against the embedded server.
 */
import { KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';
import { nsFor, TEST_POD, TEST_POD_APPLIED, VALID_POD } from './upstream-fixtures';

describe.each(KUBECTL_VERSIONS)('upstream apply.sh with kubectl %s', (version) => {
  let t: TestCluster;
  const ns = nsFor('apply', version);
  const k = (args: string[], stdin?: string) => t.kubectl(['-n', ns, ...args], { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(['-n', ns, ...args], { version, stdin });
  const managers = async (...ref: string[]) =>
    (await ok(['get', ...ref, '-o', 'jsonpath={.metadata.managedFields[*].manager}'])).split(' ');
  const hasLastApplied = async (...ref: string[]) =>
    (await ok(['get', ...ref, '-o', 'yaml'])).includes(
      'kubectl.kubernetes.io/last-applied-configuration',
    );
  const forceDelete = (...ref: string[]) =>
    ok(['delete', ...ref, '--ignore-not-found', '--grace-period=0', '--force']);

  beforeAll(async () => {
    t = await startCluster();
    await t.ok(['create', 'namespace', ns], { version });
  });
  afterAll(async () => {
    await t.close();
  });

  test('apply creates a missing pod with last-applied-configuration and the client-side apply manager', async () => {
    expect(await ok(['apply', '-f', '-'], TEST_POD)).toBe('pod/test-pod created\n');
    expect(
      await ok(['get', 'pods', 'test-pod', '-o', 'go-template={{.metadata.labels.name}}']),
    ).toBe('test-pod-label');
    expect(await hasLastApplied('pods', 'test-pod')).toBe(true);
    expect(await managers('pod', 'test-pod')).toContain('kubectl-client-side-apply');
    expect(await ok(['apply', '-f', '-'], TEST_POD)).toBe('pod/test-pod unchanged\n');
    await forceDelete('pods', 'test-pod');
  });

  test('apply set-last-applied writes the annotation, except in a dry run', async () => {
    await ok(['create', '-f', '-'], TEST_POD);
    expect(await hasLastApplied('pods', 'test-pod')).toBe(false);
    const file = t.file(`pod-${version}.yaml`, TEST_POD);
    await ok([
      'apply',
      'set-last-applied',
      '--dry-run=client',
      '-f',
      file,
      '--create-annotation=true',
    ]);
    expect(
      await ok([
        'apply',
        'set-last-applied',
        '--dry-run=server',
        '-f',
        file,
        '--create-annotation=true',
      ]),
    ).toBe('pod/test-pod configured (server dry run)\n');
    expect(await hasLastApplied('pods', 'test-pod')).toBe(false);
    expect(await ok(['apply', 'set-last-applied', '-f', file, '--create-annotation=true'])).toBe(
      'pod/test-pod configured\n',
    );
    expect(await hasLastApplied('pods', 'test-pod')).toBe(true);
    const view = JSON.parse(await ok(['apply', 'view-last-applied', 'pod/test-pod', '-o', 'json']));
    expect(view).toMatchObject({
      kind: 'Pod',
      metadata: { name: 'test-pod', labels: { name: 'test-pod-label' } },
    });
    await forceDelete('pods', 'test-pod');
  });

  test('apply clears defaulted fields with retainKeys: RollingUpdate becomes Recreate, emptyDir becomes hostPath', async () => {
    expect(await ok(['apply', '-f', '-'], RETAINKEYS_BEFORE)).toBe(
      'deployment.apps/test-deployment-retainkeys created\n',
    );
    const before = await ok(['get', 'deployments', 'test-deployment-retainkeys', '-o', 'yaml']);
    for (const s of ['RollingUpdate', 'maxSurge', 'maxUnavailable', 'emptyDir'])
      expect(before).toContain(s);
    expect(await ok(['apply', '-f', '-'], RETAINKEYS_AFTER)).toBe(
      'deployment.apps/test-deployment-retainkeys configured\n',
    );
    const after = JSON.parse(
      await ok(['get', 'deployments', 'test-deployment-retainkeys', '-o', 'json']),
    );
    expect(after.spec.strategy).toEqual({ type: 'Recreate' });
    expect(after.spec.template.spec.volumes).toEqual([
      { name: 'test-volume', hostPath: { path: '/tmp', type: '' } },
    ]);
    await ok(['delete', 'deployments', 'test-deployment-retainkeys']);
  });

  test('apply and create with -l only touch the matching objects of a file', async () => {
    const filter = t.file(`filter-${version}.yaml`, FILTER_PODS);
    for (const verb of ['apply', 'create']) {
      await ok([verb, '-l', 'unique-label=bingbang', '-f', filter]);
      expect(
        await ok([
          'get',
          'pods',
          'selector-test-pod',
          '-o',
          'go-template={{.metadata.labels.name}}',
        ]),
      ).toBe('selector-test-pod');
      const missing = await k(['get', 'pods', 'selector-test-pod-dont-apply']);
      expect(missing.stderr).toBe(
        'Error from server (NotFound): pods "selector-test-pod-dont-apply" not found\n',
      );
      await forceDelete('pods', 'selector-test-pod');
    }
  });

  test('client and server dry runs of apply and create persist nothing and keep the resourceVersion', async () => {
    const testPodExists = async () => (await k(['get', 'pod', 'test-pod'])).code === 0;
    expect(await testPodExists()).toBe(false);
    expect(await ok(['apply', '--dry-run=client', '-f', '-'], TEST_POD)).toBe(
      'pod/test-pod created (dry run)\n',
    );
    expect(await ok(['apply', '--dry-run=server', '-f', '-'], TEST_POD)).toBe(
      'pod/test-pod created (server dry run)\n',
    );
    expect(await ok(['create', '--dry-run=server', '-f', '-'], TEST_POD)).toBe(
      'pod/test-pod created (server dry run)\n',
    );
    expect(await testPodExists()).toBe(false);
    await ok(['apply', '-f', '-'], TEST_POD);
    await ok(['apply', '--dry-run=client', '-f', '-'], TEST_POD_APPLIED);
    expect(await ok(['apply', '--dry-run=server', '-f', '-'], TEST_POD_APPLIED)).toBe(
      'pod/test-pod configured (server dry run)\n',
    );
    const server = JSON.parse(
      await ok(['apply', '--dry-run=server', '-f', '-', '-o', 'json'], TEST_POD_APPLIED),
    );
    expect(server.metadata.labels.name).toBe('test-pod-applied');
    expect(
      await ok(['get', 'pod', 'test-pod', '-o', 'go-template={{.metadata.labels.name}}']),
    ).toBe('test-pod-label');
    // a ConfigMap has no kubelet writing its status: the resourceVersion must not move
    const cm = (v: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dry\ndata:\n  v: "${v}"\n`;
    await ok(['apply', '-f', '-'], cm('1'));
    const rv = await ok(['get', 'cm', 'dry', '-o', 'go-template={{ .metadata.resourceVersion }}']);
    await ok(['apply', '--dry-run=server', '-f', '-'], cm('2'));
    await ok(['apply', '--server-side', '--dry-run=server', '-f', '-'], cm('3'));
    expect(
      await ok([
        'get',
        'cm',
        'dry',
        '-o',
        'go-template={{ .metadata.resourceVersion }} {{ .data.v }}',
      ]),
    ).toBe(`${rv} 1`);
    await forceDelete('pod', 'test-pod');
  });

  test('apply --dry-run=server of a custom resource does not create it', async () => {
    await t.ok(['create', '-f', '-'], { version, stdin: resourcesCrd(version) });
    const group = `mygroup${version.replace('.', '')}.example.com`;
    for (let i = 0; i < 20; i++) {
      if (
        (await ok(['api-resources', '--api-group', group, '-o', 'name'])).includes(
          `resources.${group}`,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const cr = `apiVersion: ${group}/v1alpha1\nkind: Kind\nmetadata:\n  name: myobj\n`;
    expect(await ok(['apply', '--dry-run=server', '-f', '-'], cr)).toBe(
      `kind.${group}/myobj created (server dry run)\n`,
    );
    expect(await ok(['apply', '--server-side', '--dry-run=server', '-f', '-'], cr)).toBe(
      `kind.${group}/myobj serverside-applied (server dry run)\n`,
    );
    expect((await k(['get', `resource.${group}/myobj`])).code).toBe(1);
    await t.ok(['delete', 'customresourcedefinition', `resources.${group}`], { version });
  });

  test('apply --prune deletes the labelled objects missing from the new file, and needs -l or --all', async () => {
    const nsb = nsFor('nsb', version);
    await t.ok(['create', 'ns', nsb], { version });
    const a = t.file(`prune-a-${version}.yaml`, prunePod('a'));
    const b = t.file(`prune-b-${version}.yaml`, prunePod('b', nsb));
    await t.ok(['apply', '--namespace', nsb, '-l', 'prune-group=true', '-f', a], { version });
    expect(await t.ok(['get', 'pods', 'a', '-n', nsb, '-o', 'name'], { version })).toBe('pod/a\n');
    const pruned = await t.kubectl(
      ['apply', '--namespace', nsb, '--prune', '-l', 'prune-group=true', '-f', b],
      { version },
    );
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toBe('pod/b created\npod/a pruned\n');
    expect(
      await t.ok(
        ['get', 'pods', '-n', nsb, '-o', 'go-template={{range.items}}{{.metadata.name}}:{{end}}'],
        { version },
      ),
    ).toBe('b:');
    const noAll = await t.kubectl(['apply', '--prune', '-f', a], { version });
    expect(noAll.code).toBe(1);
    expect(noAll.stderr).toContain(
      'all resources selected for prune without explicitly passing --all',
    );
    const other = await t.kubectl(['apply', '-n', 'foo', '-f', b], { version });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(
      `the namespace from the provided object "${nsb}" does not match the namespace "foo".`,
    );
    await t.ok(['delete', 'ns', nsb], { version });
  });

  test('apply --force recreates an object whose immutable field changed', async () => {
    await ok(['apply', '-f', '-'], serviceRevision('10.96.0.11'));
    const immutable = await k(['apply', '-f', '-'], serviceRevision('10.96.0.12'));
    expect(immutable.code).toBe(1);
    expect(immutable.stderr).toContain('may not change once set');
    expect(await ok(['get', 'service', 'a', '-o', 'go-template={{.spec.clusterIP}}'])).toBe(
      '10.96.0.11',
    );
    await ok(['apply', '-f', '-', '--force'], serviceRevision('10.96.0.12'));
    expect(await ok(['get', 'service', 'a', '-o', 'go-template={{.spec.clusterIP}}'])).toBe(
      '10.96.0.12',
    );
    await ok(['delete', 'service', 'a']);
  });

  test('one failing object does not stop the others: missing namespace, unknown kind, invalid name', async () => {
    const multiNs = nsFor('multi-resource-ns', version);
    const first = await t.kubectl(['apply', '-f', '-'], {
      version,
      stdin: multiResource1(multiNs),
    });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(`namespaces "${multiNs}" not found`);
    expect(
      (await t.kubectl(['get', 'pods', 'test-pod', '-n', multiNs], { version })).stderr,
    ).toContain('pods "test-pod" not found');
    await t.ok(['apply', '-f', '-'], { version, stdin: multiResource1(multiNs) });
    expect(await t.ok(['get', 'pods', 'test-pod', '-n', multiNs, '-o', 'name'], { version })).toBe(
      'pod/test-pod\n',
    );

    const bogus = await k(['apply', '-f', '-'], MULTI_RESOURCE_2);
    expect(bogus.code).toBe(1);
    expect(bogus.stderr).toContain('no matches for kind "Bogus" in version "example.com/v1"');
    expect(await ok(['get', 'configmaps', 'foo', '-o', 'name'])).toBe('configmap/foo\n');

    const invalid = await k(['apply', '-f', '-'], MULTI_RESOURCE_3);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('The Pod "POD-B" is invalid');
    expect(await ok(['get', 'pods', 'pod-a', 'pod-c', '-o', 'name'])).toBe(
      'pod/pod-a\npod/pod-c\n',
    );
    await forceDelete('pod', 'pod-a', 'pod-c');
  });

  test('a CRD and its custom resource in one file: the resource applies once the CRD serves', async () => {
    const group = `example${version.replace('.', '')}.com`;
    const file = multiResource4(group);
    const first = await k(['apply', '-f', '-'], file);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(`no matches for kind "Widget" in version "${group}/v1"`);
    expect((await k(['get', 'widgets', 'foo'])).stderr).toContain(
      `widgets.${group} "foo" not found`,
    );
    expect(await t.ok(['get', 'crds', `widgets.${group}`, '-o', 'name'], { version })).toBe(
      `customresourcedefinition.apiextensions.k8s.io/widgets.${group}\n`,
    );
    await ok(['apply', '-f', '-'], file);
    expect(await ok(['get', 'widget', 'foo', '-o', 'go-template={{.metadata.name}}'])).toBe('foo');
    // the CRD goes through its cleanup finalizer, so the widget is still there to delete
    expect(await ok(['delete', '-f', '-'], file)).toBe(
      `customresourcedefinition.apiextensions.k8s.io "widgets.${group}" deleted\nwidget.${group} "foo" deleted\n`,
    );
    expect((await t.kubectl(['get', 'crd', `widgets.${group}`], { version })).code).toBe(1);
  });

  test('server-side apply creates with the kubectl manager, honours --field-manager and dry runs', async () => {
    expect(await ok(['apply', '--server-side', '-f', '-'], TEST_POD)).toBe(
      'pod/test-pod serverside-applied\n',
    );
    expect(
      await ok(['get', 'pods', 'test-pod', '-o', 'go-template={{.metadata.labels.name}}']),
    ).toBe('test-pod-label');
    expect(await managers('pod', 'test-pod')).toContain('kubectl');
    await ok(
      [
        'apply',
        '--server-side',
        '--field-manager=my-field-manager',
        '--force-conflicts',
        '-f',
        '-',
      ],
      TEST_POD,
    );
    expect(await managers('pod', 'test-pod')).toContain('my-field-manager');
    await forceDelete('pods', 'test-pod');
    expect(await ok(['apply', '--server-side', '--dry-run=server', '-f', '-'], TEST_POD)).toBe(
      'pod/test-pod serverside-applied (server dry run)\n',
    );
    expect((await k(['get', 'pod', 'test-pod'])).code).toBe(1);
    await ok(['apply', '--server-side', '-f', '-'], TEST_POD);
    await ok(['apply', '--server-side', '--dry-run=server', '-f', '-'], TEST_POD_APPLIED);
    expect(
      await ok(['get', 'pods', 'test-pod', '-o', 'go-template={{.metadata.labels.name}}']),
    ).toBe('test-pod-label');
    await forceDelete('pods', 'test-pod');
  });

  test('server-side apply over client-side apply conflicts for another manager and upgrades for kubectl', async () => {
    await ok(['apply', '-f', '-'], TEST_POD);
    const other = await k(
      ['apply', '--server-side', '--field-manager=not-kubectl', '-f', '-'],
      TEST_POD_APPLIED,
    );
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .metadata.labels.name',
    );
    expect(other.stderr).toContain('command with the `--force-conflicts` flag.');
    expect(await ok(['apply', '--server-side', '-f', '-'], TEST_POD_APPLIED)).toBe(
      'pod/test-pod serverside-applied\n',
    );
    expect(await hasLastApplied('pods', 'test-pod')).toBe(true);
    const view = await ok(['apply', 'view-last-applied', 'pod/test-pod', '-o', 'json']);
    expect(view).toContain('"name": "test-pod-applied"');
    // downgrade: server-side apply keeps last-applied up to date, client-side apply takes over again
    expect(await ok(['apply', '--server-side', '-f', '-'], TEST_POD)).toBe(
      'pod/test-pod serverside-applied\n',
    );
    expect(await ok(['apply', 'view-last-applied', 'pod/test-pod', '-o', 'json'])).toContain(
      '"name": "test-pod-label"',
    );
    expect(await ok(['apply', '-f', '-'], TEST_POD_APPLIED)).toBe('pod/test-pod configured\n');
    // admission-set fields (service account volume, tolerations) were nobody's to remove
    const pod = JSON.parse(await ok(['get', 'pod', 'test-pod', '-o', 'json']));
    expect(pod.spec.serviceAccountName).toBe('default');
    expect(pod.spec.tolerations).toHaveLength(2);
    await forceDelete('pods', 'test-pod');
  });

  test('the creator of a Service does not own the clusterIP the server allocated', async () => {
    const svc = JSON.parse(
      await ok([
        'create',
        'service',
        'clusterip',
        'mf',
        '--tcp=80',
        '--show-managed-fields',
        '-o',
        'json',
      ]),
    );
    const owned = Object.keys(svc.metadata.managedFields[0].fieldsV1['f:spec']);
    expect(svc.metadata.managedFields[0].manager).toBe('kubectl-create');
    expect(owned).not.toContain('f:clusterIP');
    expect(owned).not.toContain('f:clusterIPs');
    expect(owned).toEqual(
      expect.arrayContaining(['f:ports', 'f:selector', 'f:type', 'f:sessionAffinity']),
    );
    await ok(['delete', 'service', 'mf']);
  });

  test('server-side apply removes a key its manager no longer applies, client-side apply keeps it', async () => {
    const cm = (extra: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: test\ndata:\n  key: value\n${extra}`;
    await ok(['apply', '-f', '-'], cm('  legacy: unused\n'));
    expect(await ok(['get', 'configmap', 'test', '-o', 'yaml'])).toContain('legacy: unused');
    await ok(['apply', '--server-side', '-f', '-'], cm('  legacy: unused\n'));
    expect(await ok(['get', 'configmap', 'test', '-o', 'yaml'])).toContain('legacy: unused');
    await ok(['apply', '--server-side', '-f', '-'], cm(''));
    expect(await ok(['get', 'configmap', 'test', '-o', 'jsonpath={.data}'])).toBe(
      '{"key":"value"}',
    );
    await ok(['delete', 'configmap', 'test']);
  });

  test('create: no arguments is an error, --raw and --edit exclude each other, job from a cronjob copies its command', async () => {
    expect((await k(['create'])).code).toBe(1);
    const pod = t.file(`valid-pod-${version}.yaml`, VALID_POD);
    const both = await k(['create', '--raw', '/api/v1/namespaces', '-f', pod, '--edit']);
    expect(both.stderr).toContain('--raw and --edit are mutually exclusive');
    await ok(['create', 'job', 'test-job', '--image=registry.k8s.io/nginx:test-cmd']);
    expect(
      await ok([
        'get',
        'job',
        'test-job',
        '-o',
        'go-template={{(index .spec.template.spec.containers 0).image}}',
      ]),
    ).toBe('registry.k8s.io/nginx:test-cmd');
    await ok(['delete', 'job', 'test-job']);
    await ok([
      'create',
      'cronjob',
      'test-pi',
      '--schedule=* */5 * * *',
      '--image=perl',
      '--',
      'perl',
      '-Mbignum=bpi',
      '-wle',
      'print bpi(10)',
    ]);
    expect(await ok(['create', 'job', 'my-pi', '--from=cronjob/test-pi'])).toBe(
      'job.batch/my-pi created\n',
    );
    const job = JSON.parse(await ok(['get', 'job', 'my-pi', '-o', 'json']));
    expect(job.spec.template.spec.containers[0].command).toEqual([
      'perl',
      '-Mbignum=bpi',
      '-wle',
      'print bpi(10)',
    ]);
    expect(job.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata.ownerReferences).toEqual([
      expect.objectContaining({ apiVersion: 'batch/v1', kind: 'CronJob', name: 'test-pi' }),
    ]);
    await ok(['delete', 'job', 'my-pi']);
    await ok(['delete', 'cronjob', 'test-pi']);
  });
});

/** hack/testdata/retainKeys/deployment/deployment-before.yaml */
const RETAINKEYS_BEFORE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: test-deployment-retainkeys
spec:
  selector:
    matchLabels:
      name: test-deployment-retainkeys
  template:
    metadata:
      labels:
        name: test-deployment-retainkeys
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts:
        - mountPath: /test-volume
          name: test-volume
      volumes:
      - name: test-volume
        emptyDir: {}
`;

/** hack/testdata/retainKeys/deployment/deployment-after.yaml */
const RETAINKEYS_AFTER = RETAINKEYS_BEFORE.replace(
  'spec:\n  selector:',
  'spec:\n  strategy:\n    type: Recreate\n  selector:',
).replace('        emptyDir: {}\n', '        hostPath:\n          path: /tmp\n');

/** hack/testdata/filter/: two pods, only one with unique-label=bingbang */
const FILTER_PODS = `apiVersion: v1
kind: Pod
metadata:
  name: selector-test-pod
  labels:
    name: selector-test-pod
    unique-label: bingbang
spec:
  containers:
  - name: kubernetes-pause
    image: registry.k8s.io/pause:3.10
---
apiVersion: v1
kind: Pod
metadata:
  name: selector-test-pod-dont-apply
  labels:
    name: selector-test-pod-dont-apply
spec:
  containers:
  - name: kubernetes-pause
    image: registry.k8s.io/pause:3.10
`;

/** hack/testdata/prune/a.yaml and b.yaml */
function prunePod(name: string, namespace?: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}  labels:
    prune-group: "true"
spec:
  containers:
  - name: kubernetes-pause
    image: registry.k8s.io/pause:3.10
`;
}

/** hack/testdata/service-revision1.yaml / revision2.yaml, with IPs from this cluster's range */
function serviceRevision(clusterIP: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: a
  labels:
    app: a
spec:
  clusterIP: ${clusterIP}
  ports:
  - port: 80
    targetPort: 80
  selector:
    app: a
`;
}

/** hack/testdata/multi-resource-1.yaml: the pod comes before its namespace */
function multiResource1(namespace: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: test-pod
  namespace: ${namespace}
spec:
  containers:
  - name: kubernetes-pause
    image: registry.k8s.io/pause:3.10
---
apiVersion: v1
kind: Namespace
metadata:
  name: ${namespace}
`;
}

/** hack/testdata/multi-resource-2.yaml */
const MULTI_RESOURCE_2 = `apiVersion: v1
kind: ConfigMap
metadata:
  name: foo
data:
  key: value
---
apiVersion: example.com/v1
kind: Bogus
metadata:
  name: foo
`;

/** hack/testdata/multi-resource-3.yaml */
const MULTI_RESOURCE_3 = ['pod-a', 'POD-B', 'pod-c']
  .map(
    (name) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: kubernetes-pause\n    image: registry.k8s.io/pause:3.10\n`,
  )
  .join('---\n');

/** hack/testdata/multi-resource-4.yaml */
function multiResource4(group: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.${group}
spec:
  group: ${group}
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
    listKind: WidgetList
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          key:
            type: string
---
apiVersion: ${group}/v1
kind: Widget
metadata:
  name: foo
key: value
`;
}

/** apply.sh's resources.mygroup.example.com CRD, in apiextensions.k8s.io/v1 */
function resourcesCrd(version: string): string {
  const group = `mygroup${version.replace('.', '')}.example.com`;
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: resources.${group}
spec:
  group: ${group}
  scope: Namespaced
  names:
    plural: resources
    singular: resource
    kind: Kind
    listKind: KindList
  versions:
  - name: v1alpha1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;
}
