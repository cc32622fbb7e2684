/**
 * The cluster-wide controllers seen through real kubectl: volumes binding and provisioning,
 * namespace defaults, quota usage, the metrics API, autoscaling and disruption budgets.
 */
import { ManualClock } from '../../src/clock';
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const rows = (out: string) => out.trim().split('\n').map(columns);

const podYaml = (
  name: string,
  image: string,
  resources: Record<string, unknown>,
  command?: string[],
) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name, image, resources, ...(command ? { command } : {}) }] },
  });

describe.each(KUBECTL_VERSIONS)('cluster controllers with kubectl %s', (version) => {
  let t: TestCluster;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });

  beforeAll(async () => {
    t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.05) } });
  });
  afterAll(async () => {
    await t.close();
  });

  test('a claim binds to the smallest fitting static volume', async () => {
    const pv = (name: string, size: string) => `apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${name}
spec:
  capacity:
    storage: ${size}
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  persistentVolumeReclaimPolicy: Retain
  hostPath:
    path: /mnt/${name}
`;
    await ok(['apply', '-f', '-'], `${pv('pv-big', '5Gi')}---\n${pv('pv-small', '1Gi')}`);
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: claim
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources:
    requests:
      storage: 500Mi
`,
    );
    await eventually(
      () => ok(['get', 'pvc', 'claim', '-o', 'jsonpath={.status.phase}']),
      (p) => p === 'Bound',
    );
    const out = rows(await ok(['get', 'pv,pvc']));
    expect(out[0]).toEqual([
      'NAME',
      'CAPACITY',
      'ACCESS MODES',
      'RECLAIM POLICY',
      'STATUS',
      'CLAIM',
      'STORAGECLASS',
      ...out[0].slice(7),
    ]);
    const small = out.find((r) => r[0] === 'persistentvolume/pv-small');
    expect(small?.slice(1, 7)).toEqual([
      '1Gi',
      'RWO',
      'Retain',
      'Bound',
      'default/claim',
      'manual',
    ]);
    expect(out.find((r) => r[0] === 'persistentvolume/pv-big')?.[4]).toBe('Available');
    const claim = out.find((r) => r[0] === 'persistentvolumeclaim/claim');
    expect(claim?.slice(1, 6)).toEqual(['Bound', 'pv-small', '1Gi', 'RWO', 'manual']);
    expect(await ok(['get', 'pv', 'pv-small', '-o', 'jsonpath={.metadata.annotations}'])).toContain(
      '"pv.kubernetes.io/bound-by-controller":"yes"',
    );
    expect(
      await ok([
        'get',
        'pvc',
        'claim',
        '-o',
        'jsonpath={.metadata.annotations.pv\\.kubernetes\\.io/bind-completed}',
      ]),
    ).toBe('yes');
    // Retain keeps the volume, Released, once the claim is gone
    await ok(['delete', 'pvc', 'claim']);
    await eventually(
      () => ok(['get', 'pv', 'pv-small', '-o', 'jsonpath={.status.phase}']),
      (p) => p === 'Released',
    );
  });

  test('the default StorageClass provisions a volume once a pod uses the claim', async () => {
    const sc = rows(await ok(['get', 'storageclass']));
    expect(sc[1].slice(0, 5)).toEqual([
      'standard (default)',
      'rancher.io/local-path',
      'Delete',
      'WaitForFirstConsumer',
      'false',
    ]);
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 2Gi
`,
    );
    await eventually(
      () => ok(['describe', 'pvc', 'data']),
      (out) =>
        /Status:\s+Pending/.test(out) &&
        out.includes('waiting for first consumer to be created before binding'),
    );
    await ok([
      'run',
      'writer',
      '--image=busybox',
      '--overrides',
      JSON.stringify({
        spec: {
          containers: [
            {
              name: 'writer',
              image: 'busybox',
              command: ['sleep', '3600'],
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
          ],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
        },
      }),
    ]);
    await eventually(
      () => ok(['get', 'pvc', 'data', '-o', 'jsonpath={.status.phase}']),
      (p) => p === 'Bound',
    );
    const uid = await ok(['get', 'pvc', 'data', '-o', 'jsonpath={.metadata.uid}']);
    expect(await ok(['get', 'pvc', 'data', '-o', 'jsonpath={.spec.volumeName}'])).toBe(
      `pvc-${uid}`,
    );
    expect(
      await ok([
        'get',
        'pvc',
        'data',
        '-o',
        'jsonpath={.metadata.annotations.volume\\.kubernetes\\.io/selected-node}',
      ]),
    ).toMatch(/^node0[12]$/);
    const pv = rows(await ok(['get', 'pv', `pvc-${uid}`]))[1];
    expect(pv.slice(1, 7)).toEqual(['2Gi', 'RWO', 'Delete', 'Bound', 'default/data', 'standard']);
    const reasons = rows(
      await ok([
        'get',
        'events',
        '--field-selector',
        'involvedObject.name=data',
        '-o',
        'custom-columns=REASON:.reason',
        '--no-headers',
      ]),
    ).map((r) => r[0]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'WaitForFirstConsumer',
        'ExternalProvisioning',
        'ProvisioningSucceeded',
      ]),
    );
    await eventually(
      () => ok(['get', 'pod', 'writer', '-o', 'jsonpath={.status.phase}']),
      (p) => p === 'Running',
    );
  });

  test('a new namespace gets the default ServiceAccount and kube-root-ca.crt with the cluster CA', async () => {
    await ok(['create', 'namespace', 'team-a']);
    await eventually(
      () => k(['get', 'serviceaccount', 'default', '-n', 'team-a', '-o', 'name']),
      (r) => r.code === 0,
    );
    const pem = await eventually(
      () =>
        ok([
          'get',
          'configmap',
          'kube-root-ca.crt',
          '-n',
          'team-a',
          '-o',
          'jsonpath={.data.ca\\.crt}',
        ]).catch(() => ''),
      (v) => v.length > 0,
    );
    const kubeconfigCa = Buffer.from(
      await ok([
        'config',
        'view',
        '--raw',
        '-o',
        'jsonpath={.clusters[0].cluster.certificate-authority-data}',
      ]),
      'base64',
    ).toString();
    expect(pem).toBe(kubeconfigCa);
  });

  test('deleting a namespace with running pods goes through Terminating and completes', async () => {
    await ok(['create', 'namespace', 'doomed']);
    await ok(['run', 'web', '--image=nginx', '-n', 'doomed']);
    await eventually(
      () => ok(['get', 'pod', 'web', '-n', 'doomed', '-o', 'jsonpath={.status.phase}']),
      (p) => p === 'Running',
    );
    const deletion = k(['delete', 'namespace', 'doomed', '--timeout=30s']);
    await eventually(
      () =>
        ok(['get', 'namespace', 'doomed', '-o', 'jsonpath={.status.phase}']).catch(() => 'gone'),
      (p) => p === 'Terminating' || p === 'gone',
    );
    const done = await deletion;
    expect(done.stdout).toBe('namespace "doomed" deleted\n');
    expect((await k(['get', 'namespace', 'doomed'])).stderr).toContain(
      'namespaces "doomed" not found',
    );
  });

  test('kubectl describe quota and get quota show real usage; a ConfigMap over the quota is refused', async () => {
    await ok(['create', 'namespace', 'quota']);
    await ok([
      'create',
      'quota',
      'q',
      '-n',
      'quota',
      '--hard=pods=4,requests.cpu=1,limits.memory=1Gi,configmaps=2',
    ]);
    await ok(
      ['apply', '-n', 'quota', '-f', '-'],
      podYaml('p1', 'nginx', {
        requests: { cpu: '250m' },
        limits: { cpu: '500m', memory: '256Mi' },
      }),
    );
    const describe = await eventually(
      () => ok(['describe', 'quota', 'q', '-n', 'quota']),
      (out) => /pods\s+1\s+4/.test(out),
    );
    expect(describe).toMatch(/configmaps\s+1\s+2/);
    expect(describe).toMatch(/limits\.memory\s+256Mi\s+1Gi/);
    expect(describe).toMatch(/requests\.cpu\s+250m\s+1/);
    const row = rows(await ok(['get', 'quota', '-n', 'quota']))[1];
    expect(row[1]).toBe('configmaps: 1/2, pods: 1/4, requests.cpu: 250m/1');
    expect(row[2]).toBe('limits.memory: 256Mi/1Gi');
    await ok(['create', 'configmap', 'one', '-n', 'quota']);
    const refused = await k(['create', 'configmap', 'two', '-n', 'quota']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'error: failed to create configmap: configmaps "two" is forbidden: exceeded quota: q, requested: configmaps=1, used: configmaps=2, limited: configmaps=2\n',
    );
  });

  test('kubectl top shows node and pod usage from the metrics API', async () => {
    await ok(
      ['apply', '-f', '-'],
      podYaml('burn', 'busybox', { limits: { cpu: '300m' } }, [
        'sh',
        '-c',
        'while true; do :; done',
      ]),
    );
    await eventually(
      () => ok(['get', 'pod', 'burn', '-o', 'jsonpath={.status.phase}']),
      (p) => p === 'Running',
    );
    const nodes = rows(await ok(['top', 'nodes']));
    expect(nodes[0]).toEqual([
      'NAME',
      'CPU(cores)',
      version === '1.27' ? 'CPU%' : 'CPU(%)',
      'MEMORY(bytes)',
      version === '1.27' ? 'MEMORY%' : 'MEMORY(%)',
    ]);
    expect(nodes.map((r) => r[0])).toEqual(['NAME', 'controlplane', 'node01', 'node02']);
    for (const r of nodes.slice(1))
      expect(r.slice(1)).toEqual([
        expect.stringMatching(/^\d+m$/),
        expect.stringMatching(/^\d+%$/),
        expect.stringMatching(/^\d+Mi$/),
        expect.stringMatching(/^\d+%$/),
      ]);
    const pods = rows(await ok(['top', 'pod', 'burn']));
    expect(pods).toEqual([
      ['NAME', 'CPU(cores)', 'MEMORY(bytes)'],
      ['burn', '300m', '0Mi'],
    ]);
    const containers = rows(
      await ok(['top', 'pods', '--containers', '-n', 'kube-system', '-l', 'component=etcd']),
    );
    expect(containers[0]).toEqual(['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(containers[1].slice(0, 2)).toEqual(['etcd-controlplane', 'etcd']);
    expect(rows(await ok(['get', 'apiservice', 'v1beta1.metrics.k8s.io']))[1].slice(0, 3)).toEqual([
      'v1beta1.metrics.k8s.io',
      'kube-system/metrics-server',
      'True',
    ]);
  });

  test('kubectl get pdb shows allowed disruptions and drain respects the budget', async () => {
    await ok(['create', 'namespace', 'pdb']);
    await ok(['create', 'deployment', 'db', '-n', 'pdb', '--image=redis', '--replicas=2']);
    await ok([
      'create',
      'poddisruptionbudget',
      'db',
      '-n',
      'pdb',
      '--selector=app=db',
      '--min-available=2',
    ]);
    await eventually(
      () => ok(['get', 'pdb', 'db', '-n', 'pdb', '-o', 'jsonpath={.status.currentHealthy}']),
      (v) => v === '2',
    );
    expect(rows(await ok(['get', 'pdb', '-n', 'pdb']))).toEqual([
      ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
      ['db', '2', 'N/A', '0', expect.any(String)],
    ]);
    const [pod, node] = (
      await ok([
        'get',
        'pods',
        '-n',
        'pdb',
        '-o',
        'jsonpath={.items[0].metadata.name} {.items[0].spec.nodeName}',
      ])
    ).split(' ');
    // what kubectl drain posts for each pod (drain itself would retry every 5 s until its timeout)
    const eviction = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: pod, namespace: 'pdb' },
    };
    const blocked = await k([
      'create',
      '--raw',
      `/api/v1/namespaces/pdb/pods/${pod}/eviction`,
      '-f',
      t.file('eviction.json', JSON.stringify(eviction)),
    ]);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toBe(
      "Error from server (TooManyRequests): Cannot evict pod as it would violate the pod's disruption budget.\n",
    );
    await ok([
      'patch',
      'pdb',
      'db',
      '-n',
      'pdb',
      '--type=merge',
      '-p',
      '{"spec":{"minAvailable":1}}',
    ]);
    await eventually(
      () => ok(['get', 'pdb', 'db', '-n', 'pdb', '-o', 'jsonpath={.status.disruptionsAllowed}']),
      (v) => v === '1',
    );
    const drained = await k([
      'drain',
      node,
      '--ignore-daemonsets',
      '--pod-selector=app=db',
      '--timeout=30s',
    ]);
    expect(drained.code).toBe(0);
    expect(drained.stdout).toContain(`node/${node} drained`);
    await ok(['uncordon', node]);
  });
});

describe.each(KUBECTL_VERSIONS)('horizontal pod autoscaling with kubectl %s', (version) => {
  let t: TestCluster;
  let clock: ManualClock;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  /** Moves the cluster clock in half-second steps, letting controllers and kubelets react. */
  const advance = async (ms: number) => {
    for (let done = 0; done < ms; done += 500) {
      await clock.advance(500);
      await new Promise((r) => setTimeout(r, 1));
    }
  };

  beforeAll(async () => {
    clock = new ManualClock(Date.now());
    t = await startCluster({
      clock,
      simulation: { kubelet: scaledKubeletTimings(0.1), systemWorkloads: false },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  test('kubectl autoscale scales a busy deployment and kubectl get hpa shows the utilization', async () => {
    await ok([
      'create',
      'deployment',
      'web',
      '--image=busybox',
      '--replicas=2',
      '--',
      'sh',
      '-c',
      'while true; do :; done',
    ]);
    await ok(['set', 'resources', 'deployment/web', '--requests=cpu=200m', '--limits=cpu=500m']);
    await advance(5_000);
    expect(await ok(['autoscale', 'deploy', 'web', '--cpu-percent=50', '--min=1', '--max=5'])).toBe(
      'horizontalpodautoscaler.autoscaling/web autoscaled\n',
    );
    const before = rows(await ok(['get', 'hpa', 'web']));
    expect(before[0]).toEqual([
      'NAME',
      'REFERENCE',
      'TARGETS',
      'MINPODS',
      'MAXPODS',
      'REPLICAS',
      'AGE',
    ]);
    expect(before[1].slice(0, 6)).toEqual([
      'web',
      'Deployment/web',
      'cpu: <unknown>/50%',
      '1',
      '5',
      '0',
    ]);
    await advance(16_000);
    expect(rows(await ok(['get', 'hpa', 'web']))[1].slice(0, 6)).toEqual([
      'web',
      'Deployment/web',
      'cpu: 250%/50%',
      '1',
      '5',
      '2',
    ]);
    expect(await ok(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('4');
    const events = await ok([
      'get',
      'events',
      '--field-selector',
      'involvedObject.kind=HorizontalPodAutoscaler',
      '-o',
      'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}',
    ]);
    expect(events).toContain(
      'SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target',
    );
    await advance(45_000);
    expect(await ok(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('5');
    const describe = await ok(['describe', 'hpa', 'web']);
    expect(describe).toMatch(
      /ScalingLimited\s+True\s+TooManyReplicas\s+the desired replica count is more than the maximum replica count/,
    );
  });
});
