import { columns, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const DEPLOYMENT = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
${extra}`;

describe.each(KUBECTL_VERSIONS)('workloads with kubectl %s', (version) => {
  let t: TestCluster;
  const suffix = version.replace('.', '-');
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });

  beforeAll(async () => {
    t = await startCluster();
  });
  afterAll(async () => {
    await t.close();
  });

  test('kubectl api-resources lists the workload kinds with their short names and groups', async () => {
    const out = await ok(['api-resources']);
    const row = (name: string, group: string) =>
      columns(out.split('\n').find((l) => l.startsWith(`${name} `) && l.includes(group)) ?? '');
    expect(row('pods', 'v1')).toEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(row('deployments', 'apps/v1')).toEqual([
      'deployments',
      'deploy',
      'apps/v1',
      'true',
      'Deployment',
    ]);
    expect(row('replicasets', 'apps/v1')).toEqual([
      'replicasets',
      'rs',
      'apps/v1',
      'true',
      'ReplicaSet',
    ]);
    expect(row('statefulsets', 'apps/v1')).toEqual([
      'statefulsets',
      'sts',
      'apps/v1',
      'true',
      'StatefulSet',
    ]);
    expect(row('daemonsets', 'apps/v1')).toEqual([
      'daemonsets',
      'ds',
      'apps/v1',
      'true',
      'DaemonSet',
    ]);
    expect(row('cronjobs', 'batch/v1')).toEqual(['cronjobs', 'cj', 'batch/v1', 'true', 'CronJob']);
    expect(row('jobs', 'batch/v1')).toEqual(['jobs', 'batch/v1', 'true', 'Job']);
    expect(row('replicationcontrollers', 'v1')).toEqual([
      'replicationcontrollers',
      'rc',
      'v1',
      'true',
      'ReplicationController',
    ]);
    expect(row('controllerrevisions', 'apps/v1')).toEqual([
      'controllerrevisions',
      'apps/v1',
      'true',
      'ControllerRevision',
    ]);
    expect(row('podtemplates', 'v1')).toEqual(['podtemplates', 'v1', 'true', 'PodTemplate']);
  });

  test('kubectl create deployment --dry-run=server shows the server defaults', async () => {
    const obj = JSON.parse(
      await ok([
        'create',
        'deployment',
        `dry-${suffix}`,
        '--image=nginx',
        '--replicas=3',
        '--dry-run=server',
        '-o',
        'json',
      ]),
    );
    expect(obj.metadata.generation).toBe(1);
    expect(obj.spec).toMatchObject({
      replicas: 3,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
    });
    expect(obj.spec.template.metadata.creationTimestamp).toBeNull();
    expect(obj.spec.template.spec).toMatchObject({
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    });
    expect(obj.spec.template.spec.containers[0]).toEqual({
      name: 'nginx',
      image: 'nginx',
      imagePullPolicy: 'Always',
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    });
    expect(obj.status).toEqual({});
    expect((await k(['get', 'deploy', `dry-${suffix}`])).code).toBe(1);
  });

  test('a Deployment from YAML prints NAME READY UP-TO-DATE AVAILABLE AGE and the wide columns', async () => {
    const name = `web-${suffix}`;
    expect(await ok(['apply', '-f', t.file(`${name}.yaml`, DEPLOYMENT(name))])).toBe(
      `deployment.apps/${name} created\n`,
    );
    const [header, row] = (await ok(['get', 'deployment', name])).trim().split('\n');
    expect(columns(header)).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    // The counts depend on whether controllers run; the definition's part is the column layout.
    expect(columns(row)[0]).toBe(name);
    expect(columns(row)[1]).toMatch(/^\d\/2$/);
    const [wideHeader, wideRow] = (await ok(['get', 'deploy', name, '-o', 'wide']))
      .trim()
      .split('\n');
    expect(columns(wideHeader)).toEqual([
      'NAME',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'AGE',
      'CONTAINERS',
      'IMAGES',
      'SELECTOR',
    ]);
    expect(columns(wideRow).slice(5)).toEqual(['nginx', 'nginx:1.25', `app=${name}`]);
    const described = await ok(['describe', 'deployment', name]);
    expect(described).toContain('StrategyType:           RollingUpdate');
    expect(described).toContain('RollingUpdateStrategy:  25% max unavailable, 25% max surge');
  });

  test('a Deployment without a selector fails with both upstream errors', async () => {
    const yaml = DEPLOYMENT(`nosel-${suffix}`).replace(
      / {2}selector:\n {4}matchLabels:\n {6}app: .*\n/,
      '',
    );
    const result = await k(['apply', '-f', t.file(`nosel-${suffix}.yaml`, yaml)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The Deployment "nosel-${suffix}" is invalid:`);
    expect(result.stderr).toContain('* spec.selector: Required value');
    expect(result.stderr).toContain(
      `* spec.template.metadata.labels: Invalid value: map[string]string{"app":"nosel-${suffix}"}: \`selector\` does not match template \`labels\``,
    );
  });

  test('a Deployment template must restart Always', async () => {
    const yaml = `${DEPLOYMENT(`never-${suffix}`)}      restartPolicy: Never\n`;
    const result = await k(['create', '-f', t.file(`never-${suffix}.yaml`, yaml)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `The Deployment "never-${suffix}" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"`,
    );
  });

  test('a Deployment selector is immutable', async () => {
    const name = `immut-${suffix}`;
    await ok(['create', '-f', t.file(`${name}.yaml`, DEPLOYMENT(name))]);
    const changed = DEPLOYMENT(name)
      .replace(
        `matchLabels:\n      app: ${name}`,
        `matchLabels:\n      app: ${name}\n      tier: web`,
      )
      .replace(`labels:\n        app: ${name}`, `labels:\n        app: ${name}\n        tier: web`);
    const result = await k(['apply', '-f', t.file(`${name}-2.yaml`, changed)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"${name}", "tier":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable`,
    );
  });

  test('kubectl scale and set image change a Deployment and bump its generation', async () => {
    const name = `scale-${suffix}`;
    await ok(['create', 'deployment', name, '--image=nginx:1.25']);
    expect(await ok(['scale', 'deployment', name, '--replicas=4'])).toBe(
      `deployment.apps/${name} scaled\n`,
    );
    expect(await ok(['set', 'image', `deployment/${name}`, 'nginx=nginx:1.26'])).toBe(
      `deployment.apps/${name} image updated\n`,
    );
    const obj = JSON.parse(await ok(['get', 'deploy', name, '-o', 'json']));
    expect(obj.spec.replicas).toBe(4);
    expect(obj.spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(obj.metadata.generation).toBe(3);
  });

  test('kubectl run creates a Pod with the admission additions of a real cluster', async () => {
    const name = `run-${suffix}`;
    expect(await ok(['run', name, '--image=nginx:1.25'])).toBe(`pod/${name} created\n`);
    const pod = JSON.parse(await ok(['get', 'pod', name, '-o', 'json']));
    expect(pod.spec).toMatchObject({
      serviceAccountName: 'default',
      priority: 0,
      enableServiceLinks: true,
    });
    expect(pod.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(pod.spec.volumes[0].name).toMatch(/^kube-api-access-/);
    expect(pod.status.qosClass).toBe('BestEffort');
    const [header, row] = (await ok(['get', 'pod', name, '-o', 'wide'])).trim().split('\n');
    expect(columns(header)).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
      'IP',
      'NODE',
      'NOMINATED NODE',
      'READINESS GATES',
    ]);
    expect(columns(row)[0]).toBe(name);
    // the pod may move from Pending to Running between two commands: select by the phase it has now
    const selectedByPhase = async () => {
      const phase = (await ok(['get', 'pod', name, '-o', 'jsonpath={.status.phase}'])).trim();
      return ok(['get', 'pods', '--field-selector', `status.phase=${phase}`, '-o', 'name']);
    };
    let selected = await selectedByPhase();
    for (let i = 0; i < 5 && !selected.includes(`pod/${name}\n`); i++)
      selected = await selectedByPhase();
    expect(selected).toContain(`pod/${name}\n`);
  });

  test('changing a Pod spec beyond the image is forbidden', async () => {
    const name = `frozen-${suffix}`;
    await ok(['run', name, '--image=nginx:1.25']);
    const result = await k(['patch', 'pod', name, '-p', '{"spec":{"activeDeadlineSeconds":-5}}']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'spec.activeDeadlineSeconds: Invalid value: -5: must be between 0 and 2147483647, inclusive',
    );
    const env = await k(['set', 'env', `pod/${name}`, 'A=b']);
    expect(env.code).toBe(1);
    expect(env.stderr).toContain(
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
    const image = '[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.26"}]';
    expect(await ok(['patch', 'pod', name, '--type=json', '-p', image])).toBe(
      `pod/${name} patched\n`,
    );
  });

  test('a Pod without containers and with a bad container name is rejected', async () => {
    const empty = await k(
      ['create', '-f', '-'],
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: empty\nspec:\n  containers: []\n',
    );
    expect(empty.stderr).toContain('The Pod "empty" is invalid: spec.containers: Required value');
    const bad = await k(
      ['create', '-f', '-'],
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n  - name: Web_1\n    image: nginx\n',
    );
    expect(bad.stderr).toContain(
      'spec.containers[0].name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters',
    );
  });

  test('a Pod with an unparsable quantity is a BadRequest', async () => {
    const result = await k(
      ['create', '-f', '-'],
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: q\nspec:\n  containers:\n  - name: c\n    image: nginx\n    resources:\n      limits:\n        cpu: lots\n',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });

  test('kubectl create job generates the selector and controller labels', async () => {
    const name = `job-${suffix}`;
    expect(await ok(['create', 'job', name, '--image=busybox'])).toBe(
      `job.batch/${name} created\n`,
    );
    const job = JSON.parse(await ok(['get', 'job', name, '-o', 'json']));
    const uid = job.metadata.uid;
    expect(job.spec).toMatchObject({
      backoffLimit: 6,
      completions: 1,
      parallelism: 1,
      completionMode: 'NonIndexed',
      suspend: false,
      manualSelector: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
    });
    expect(job.spec.template.metadata.labels).toEqual({
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
    });
    const [header, row] = (await ok(['get', 'jobs', name])).trim().split('\n');
    expect(columns(header)).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(columns(row)[0]).toBe(name);
    expect(columns(row)[2]).toMatch(/^\d\/1$/);
    const result = await k(['set', 'image', `job/${name}`, `${name}=busybox:1.36`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('spec.template: Invalid value: core.PodTemplateSpec{');
    expect(result.stderr).toContain(': field is immutable');
  });

  test('a Job template must not restart Always', async () => {
    const yaml =
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: always\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox\n';
    const result = await k(['create', '-f', '-'], yaml);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'The Job "always" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    );
  });

  test('a CronJob prints its schedule, timezone and suspension', async () => {
    const name = `cj-${suffix}`;
    await ok(['create', 'cronjob', name, '--image=busybox', '--schedule=*/5 * * * *']);
    const [header, row] = (await ok(['get', 'cronjob', name])).trim().split('\n');
    expect(columns(header)).toEqual([
      'NAME',
      'SCHEDULE',
      'TIMEZONE',
      'SUSPEND',
      'ACTIVE',
      'LAST SCHEDULE',
      'AGE',
    ]);
    expect(columns(row).slice(0, 6)).toEqual([
      name,
      '*/5 * * * *',
      '<none>',
      'False',
      '0',
      '<none>',
    ]);
    const cj = JSON.parse(await ok(['get', 'cj', name, '-o', 'json']));
    expect(cj.spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
  });

  test('a CronJob with a malformed schedule gets the robfig/cron error', async () => {
    const result = await k([
      'create',
      'cronjob',
      `badcj-${suffix}`,
      '--image=busybox',
      '--schedule=61 * * * *',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61`,
    );
  });

  test('StatefulSets and DaemonSets get their defaults and columns', async () => {
    const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db-${suffix}
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: postgres:16
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
`;
    await ok(['apply', '-f', t.file(`sts-${suffix}.yaml`, sts)]);
    const obj = JSON.parse(await ok(['get', 'sts', `db-${suffix}`, '-o', 'json']));
    expect(obj.spec).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      replicas: 1,
      revisionHistoryLimit: 10,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(obj.spec.volumeClaimTemplates[0]).toMatchObject({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      spec: { volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
    const [stsHeader] = (await ok(['get', 'sts'])).split('\n');
    expect(columns(stsHeader)).toEqual(['NAME', 'READY', 'AGE']);
    const forbidden = await k([
      'patch',
      'sts',
      `db-${suffix}`,
      '-p',
      '{"spec":{"serviceName":"other"}}',
    ]);
    expect(forbidden.stderr).toContain(
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );

    const ds = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent-${suffix}
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      nodeSelector:
        kubernetes.io/os: linux
      containers:
      - name: agent
        image: busybox
`;
    await ok(['apply', '-f', t.file(`ds-${suffix}.yaml`, ds)]);
    const dsObj = JSON.parse(await ok(['get', 'ds', `agent-${suffix}`, '-o', 'json']));
    expect(dsObj.metadata.annotations['deprecated.daemonset.template.generation']).toBe('1');
    expect(dsObj.spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    const [dsHeader, dsRow] = (await ok(['get', 'ds', `agent-${suffix}`])).trim().split('\n');
    expect(columns(dsHeader)).toEqual([
      'NAME',
      'DESIRED',
      'CURRENT',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'NODE SELECTOR',
      'AGE',
    ]);
    expect(columns(dsRow)[0]).toBe(`agent-${suffix}`);
    expect(columns(dsRow)[6]).toBe('kubernetes.io/os=linux');
  });

  test('a ReplicaSet and a ReplicationController print DESIRED CURRENT READY', async () => {
    const rs = DEPLOYMENT(`rs-${suffix}`).replace('kind: Deployment', 'kind: ReplicaSet');
    await ok(['create', '-f', t.file(`rs-${suffix}.yaml`, rs)]);
    const [rsHeader, rsRow] = (await ok(['get', 'rs', `rs-${suffix}`])).trim().split('\n');
    expect(columns(rsHeader)).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
    expect(columns(rsRow).slice(0, 2)).toEqual([`rs-${suffix}`, '2']);
    const rc = `apiVersion: v1
kind: ReplicationController
metadata:
  name: rc-${suffix}
spec:
  template:
    metadata:
      labels:
        app: legacy
    spec:
      containers:
      - name: c
        image: nginx
`;
    await ok(['create', '-f', t.file(`rc-${suffix}.yaml`, rc)]);
    const obj = JSON.parse(await ok(['get', 'rc', `rc-${suffix}`, '-o', 'json']));
    expect(obj.spec.selector).toEqual({ app: 'legacy' });
    expect(obj.metadata.labels).toEqual({ app: 'legacy' });
    expect(obj.spec.replicas).toBe(1);
  });

  test('kubectl create job and cronjob pass the command after --', async () => {
    const job = JSON.parse(
      await ok([
        'create',
        'job',
        `cmd-${suffix}`,
        '--image=busybox',
        '--dry-run=server',
        '-o',
        'json',
        '--',
        'echo',
        'hi',
      ]),
    );
    expect(job.spec.template.spec.containers[0]).toMatchObject({
      name: `cmd-${suffix}`,
      command: ['echo', 'hi'],
      imagePullPolicy: 'Always',
    });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    const cj = JSON.parse(
      await ok([
        'create',
        'cronjob',
        `cmdcj-${suffix}`,
        '--image=busybox',
        '--schedule=@hourly',
        '--dry-run=server',
        '-o',
        'json',
        '--',
        'date',
      ]),
    );
    expect(cj.spec.schedule).toBe('@hourly');
    expect(cj.spec.jobTemplate.spec.template.spec.containers[0].command).toEqual(['date']);
    expect(cj.spec.jobTemplate.metadata).toEqual({
      creationTimestamp: null,
      name: `cmdcj-${suffix}`,
    });
    expect(cj.status).toEqual({});
  });

  test('kubectl set image on a Pod, describe and delete', async () => {
    const name = `img-${suffix}`;
    await ok(['run', name, '--image=nginx:1.25']);
    expect(await ok(['set', 'image', `pod/${name}`, `${name}=nginx:1.26`])).toBe(
      `pod/${name} image updated\n`,
    );
    const described = await ok(['describe', 'pod', name]);
    expect(described).toMatch(/^Name: +img-/);
    expect(described).toMatch(/Image: +nginx:1\.26/);
    expect(described).toMatch(/QoS Class: +BestEffort/);
    expect(described).toContain('node.kubernetes.io/not-ready:NoExecute op=Exists for 300s');
    expect(await ok(['delete', 'pod', name, '--wait=false'])).toBe(`pod "${name}" deleted\n`);
  });

  test('a LimitRange fills in container resources and a ResourceQuota rejects what exceeds it', async () => {
    const ns = `limits-${suffix}`;
    await ok(['create', 'namespace', ns]);
    const limitRange = `apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
spec:
  limits:
  - type: Container
    default:
      cpu: 500m
      memory: 256Mi
    defaultRequest:
      cpu: 100m
      memory: 128Mi
    max:
      cpu: "1"
`;
    await ok(['create', '-n', ns, '-f', t.file(`lr-${suffix}.yaml`, limitRange)]);
    await ok(['run', '-n', ns, 'filled', '--image=nginx']);
    const pod = JSON.parse(await ok(['get', 'pod', '-n', ns, 'filled', '-o', 'json']));
    expect(pod.spec.containers[0].resources).toEqual({
      limits: { cpu: '500m', memory: '256Mi' },
      requests: { cpu: '100m', memory: '128Mi' },
    });
    expect(pod.metadata.annotations['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu, memory request for container filled; cpu, memory limit for container filled',
    );
    expect(pod.status.qosClass).toBe('Burstable');
    const tooBig = await k([
      'run',
      '-n',
      ns,
      'big',
      '--image=nginx',
      '--overrides={"spec":{"containers":[{"name":"big","image":"nginx","resources":{"limits":{"cpu":"2"}}}]}}',
    ]);
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toContain(
      'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    );

    await ok(['create', 'quota', '-n', ns, 'small', '--hard=pods=1']);
    const over = await k(['run', '-n', ns, 'second', '--image=nginx']);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain(
      'pods "second" is forbidden: exceeded quota: small, requested: pods=1, used: pods=1, limited: pods=1',
    );
  });
});
