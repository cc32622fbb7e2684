/**
 * Core, networking, storage, policy and autoscaling kinds through the real kubectl:
 * imperative create forms, apply, get (also -o wide), describe and the server's errors.
 */
import { columns, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

describe.each(KUBECTL_VERSIONS)('core kinds with kubectl %s', (version) => {
  let t: TestCluster;
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const rows = (out: string) => out.trim().split('\n').map(columns);

  beforeAll(async () => {
    t = await startCluster();
  });
  afterAll(async () => {
    await t.close();
  });

  test('kubectl api-resources lists the kinds with their short names, groups and scope', async () => {
    const out = await ok(['api-resources']);
    const row = (name: string, group: string) =>
      columns(
        out.split('\n').find((l) => l.startsWith(`${name} `) && l.includes(` ${group} `)) ?? '',
      );
    expect(row('namespaces', 'v1')).toEqual(['namespaces', 'ns', 'v1', 'false', 'Namespace']);
    expect(row('services', 'v1')).toEqual(['services', 'svc', 'v1', 'true', 'Service']);
    expect(row('persistentvolumeclaims', 'v1')).toEqual([
      'persistentvolumeclaims',
      'pvc',
      'v1',
      'true',
      'PersistentVolumeClaim',
    ]);
    expect(row('resourcequotas', 'v1')).toEqual([
      'resourcequotas',
      'quota',
      'v1',
      'true',
      'ResourceQuota',
    ]);
    expect(row('limitranges', 'v1')).toEqual(['limitranges', 'limits', 'v1', 'true', 'LimitRange']);
    expect(row('ingresses', 'networking.k8s.io/v1')).toEqual([
      'ingresses',
      'ing',
      'networking.k8s.io/v1',
      'true',
      'Ingress',
    ]);
    expect(row('networkpolicies', 'networking.k8s.io/v1')).toEqual([
      'networkpolicies',
      'netpol',
      'networking.k8s.io/v1',
      'true',
      'NetworkPolicy',
    ]);
    expect(row('horizontalpodautoscalers', 'autoscaling/v2')).toEqual([
      'horizontalpodautoscalers',
      'hpa',
      'autoscaling/v2',
      'true',
      'HorizontalPodAutoscaler',
    ]);
    expect(row('customresourcedefinitions', 'apiextensions.k8s.io/v1')).toEqual([
      'customresourcedefinitions',
      'crd,crds',
      'apiextensions.k8s.io/v1',
      'false',
      'CustomResourceDefinition',
    ]);
    const wide = await ok(['api-resources', '-o', 'wide']);
    const ns = columns(wide.split('\n').find((l) => l.startsWith('namespaces ')) ?? '');
    expect(ns[5]).toBe('create,delete,get,list,patch,update,watch');
  });

  test('namespaces are Active with the kubernetes finalizer and the metadata.name label', async () => {
    await ok(['create', 'namespace', 'team-a']);
    const ns = JSON.parse(await ok(['get', 'ns', 'team-a', '-o', 'json']));
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team-a' });
    expect(rows(await ok(['get', 'ns', 'team-a']))).toEqual([
      ['NAME', 'STATUS', 'AGE'],
      ['team-a', 'Active', expect.stringMatching(/^\d+s$/)],
    ]);
    const bad = await k(['create', 'namespace', 'Team_B']);
    expect(bad.stderr).toContain(
      `The Namespace "Team_B" is invalid: metadata.name: Invalid value: "Team_B": a lowercase RFC 1123 label must consist of`,
    );
  });

  test('kubectl create service clusterip --dry-run=server shows the allocated IP and the defaults', async () => {
    const svc = JSON.parse(
      await ok([
        'create',
        'service',
        'clusterip',
        'web',
        '--tcp=80:8080',
        '--dry-run=server',
        '-o',
        'json',
      ]),
    );
    expect(svc.spec).toMatchObject({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      ports: [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }],
      selector: { app: 'web' },
    });
    expect(svc.spec.clusterIP).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(svc.spec.clusterIPs).toEqual([svc.spec.clusterIP]);
    expect(svc.status).toEqual({ loadBalancer: {} });
    expect((await k(['get', 'svc', 'web'])).stderr).toContain('services "web" not found');
  });

  test('services print type, IPs, ports and, wide, the selector', async () => {
    await ok(['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080']);
    await ok(['create', 'service', 'externalname', 'db', '--external-name=db.example.com']);
    const out = rows(await ok(['get', 'svc', 'np', 'db', '-o', 'wide']));
    expect(out[0]).toEqual([
      'NAME',
      'TYPE',
      'CLUSTER-IP',
      'EXTERNAL-IP',
      'PORT(S)',
      'AGE',
      'SELECTOR',
    ]);
    expect(out[1]).toEqual([
      'np',
      'NodePort',
      expect.stringMatching(/^10\./),
      '<none>',
      '80:30080/TCP',
      expect.any(String),
      'app=np',
    ]);
    expect(out[2]).toEqual([
      'db',
      'ExternalName',
      '<none>',
      'db.example.com',
      '<none>',
      expect.any(String),
      'app=db',
    ]);
    const taken = await k([
      'create',
      'service',
      'nodeport',
      'np2',
      '--tcp=81:8080',
      '--node-port=30080',
    ]);
    expect(taken.stderr).toContain(
      'Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    const describe = await ok(['describe', 'svc', 'np']);
    expect(describe).toMatch(/Type:\s+NodePort/);
    expect(describe).toMatch(/NodePort:\s+80-8080\s+30080\/TCP/);
    expect(describe).toMatch(/External Traffic Policy:\s+Cluster/);
  });

  test('an invalid Service is refused with the upstream field errors', async () => {
    const res = await k(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: bad\nspec:\n  type: Public\n  ports:\n  - port: 80\n',
    );
    expect(res.stderr).toContain(
      'The Service "bad" is invalid: spec.type: Unsupported value: "Public": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
    const noPorts = await k(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: noports\nspec:\n  selector:\n    app: x\n',
    );
    expect(noPorts.stderr).toContain(
      'The Service "noports" is invalid: spec.ports: Required value',
    );
  });

  test('secrets: generic, docker-registry and stringData', async () => {
    await ok([
      'create',
      'secret',
      'generic',
      'creds',
      '--from-literal=user=admin',
      '--from-literal=pass=s3cret',
    ]);
    await ok([
      'create',
      'secret',
      'docker-registry',
      'reg',
      '--docker-server=r.io',
      '--docker-username=u',
      '--docker-password=p',
    ]);
    await ok(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: plain\nstringData:\n  token: abc\n',
    );
    const out = rows(await ok(['get', 'secrets', 'creds', 'reg', 'plain']));
    expect(out.map((r) => r.slice(0, 3))).toEqual([
      ['NAME', 'TYPE', 'DATA'],
      ['creds', 'Opaque', '2'],
      ['reg', 'kubernetes.io/dockerconfigjson', '1'],
      ['plain', 'Opaque', '1'],
    ]);
    const plain = JSON.parse(await ok(['get', 'secret', 'plain', '-o', 'json']));
    expect(plain.data).toEqual({ token: Buffer.from('abc').toString('base64') });
    expect(plain.stringData).toBeUndefined();
    expect(
      await ok([
        'get',
        'secrets',
        '--field-selector',
        'type=kubernetes.io/dockerconfigjson',
        '-o',
        'name',
      ]),
    ).toBe('secret/reg\n');
    const tls = await k(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: t\ntype: kubernetes.io/tls\ndata: {}\n',
    );
    expect(tls.stderr).toContain(
      'The Secret "t" is invalid: \n* data[tls.crt]: Required value\n* data[tls.key]: Required value',
    );
  });

  test('configmaps and service accounts print their counts', async () => {
    await ok(['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=2']);
    await ok(['create', 'serviceaccount', 'robot']);
    expect(rows(await ok(['get', 'cm', 'cfg']))[1].slice(0, 2)).toEqual(['cfg', '2']);
    expect(rows(await ok(['get', 'sa', 'robot']))).toEqual([
      ['NAME', 'SECRETS', 'AGE'],
      ['robot', '0', expect.any(String)],
    ]);
    const immutable =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frozen\nimmutable: true\ndata:\n  a: "1"\n';
    await ok(['apply', '-f', '-'], immutable);
    const changed = await k(['apply', '-f', '-'], immutable.replace('a: "1"', 'a: "2"'));
    expect(changed.stderr).toContain(
      'The ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
  });

  test('persistent volumes and claims print as 1.33 does', async () => {
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-data
spec:
  capacity:
    storage: 1024Mi
  accessModes: [ReadWriteOnce]
  hostPath:
    path: /mnt/data
  storageClassName: manual
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 500Mi
  storageClassName: manual
`,
    );
    const pv = rows(await ok(['get', 'pv', 'pv-data', '-o', 'wide']));
    expect(pv[0]).toEqual([
      'NAME',
      'CAPACITY',
      'ACCESS MODES',
      'RECLAIM POLICY',
      'STATUS',
      'CLAIM',
      'STORAGECLASS',
      'VOLUMEATTRIBUTESCLASS',
      'REASON',
      'AGE',
      'VOLUMEMODE',
    ]);
    expect(pv[1].slice(0, 3)).toEqual(['pv-data', '1Gi', 'RWO']);
    expect(pv[1]).toContain('Retain');
    const pvc = rows(await ok(['get', 'pvc', 'data']));
    expect(pvc[0]).toEqual([
      'NAME',
      'STATUS',
      'VOLUME',
      'CAPACITY',
      'ACCESS MODES',
      'STORAGECLASS',
      'VOLUMEATTRIBUTESCLASS',
      'AGE',
    ]);
    const claim = JSON.parse(await ok(['get', 'pvc', 'data', '-o', 'json']));
    expect(claim.spec.volumeMode).toBe('Filesystem');
    const bad = await k(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: nothing\nspec:\n  resources: {}\n',
    );
    expect(bad.stderr).toContain(
      'spec.accessModes: Required value: at least 1 access mode is required',
    );
  });

  test('storage classes, ingresses, ingress classes and network policies print their columns', async () => {
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: example.com/fast
allowVolumeExpansion: true
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-db
spec:
  podSelector:
    matchLabels:
      app: db
`,
    );
    expect(rows(await ok(['get', 'sc', 'fast']))).toEqual([
      ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
      ['fast (default)', 'example.com/fast', 'Delete', 'Immediate', 'true', expect.any(String)],
    ]);
    expect(rows(await ok(['get', 'ingressclass', 'nginx']))[1].slice(0, 3)).toEqual([
      'nginx',
      'k8s.io/ingress-nginx',
      '<none>',
    ]);
    expect(rows(await ok(['get', 'netpol', 'deny-db']))).toEqual([
      ['NAME', 'POD-SELECTOR', 'AGE'],
      ['deny-db', 'app=db', expect.any(String)],
    ]);
    const np = JSON.parse(await ok(['get', 'netpol', 'deny-db', '-o', 'json']));
    expect(np.spec.policyTypes).toEqual(['Ingress']);
    await ok(['create', 'ingress', 'simple', '--rule=foo.com/bar=svc1:8080,tls=my-cert']);
    expect(rows(await ok(['get', 'ing', 'simple']))).toEqual([
      ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
      ['simple', '<none>', 'foo.com', '80, 443', expect.any(String)],
    ]);
    const noPathType = await k(
      ['apply', '-f', '-'],
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: bad\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        backend:\n          service:\n            name: web\n            port:\n              number: 80\n',
    );
    expect(noPathType.stderr).toContain(
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    );
  });

  test('quotas, limit ranges, pod disruption budgets and autoscalers', async () => {
    await ok(['create', 'quota', 'q', '--hard=pods=10,requests.cpu=2']);
    expect(rows(await ok(['get', 'quota', 'q']))[0]).toEqual(['NAME', 'REQUEST', 'LIMIT', 'AGE']);
    await ok(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: lr\nspec:\n  limits:\n  - type: Container\n    max:\n      cpu: "1"\n',
    );
    const lr = JSON.parse(await ok(['get', 'limits', 'lr', '-o', 'json']));
    expect(lr.spec.limits[0]).toEqual({
      type: 'Container',
      max: { cpu: '1' },
      default: { cpu: '1' },
      defaultRequest: { cpu: '1' },
    });
    expect(rows(await ok(['get', 'limits', 'lr']))[0]).toEqual(['NAME', 'CREATED AT']);
    await ok(['create', 'pdb', 'web-pdb', '--selector=app=web', '--min-available=1']);
    expect(rows(await ok(['get', 'pdb', 'web-pdb']))).toEqual([
      ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
      ['web-pdb', '1', 'N/A', expect.stringMatching(/^\d+$/), expect.any(String)],
    ]);
    await ok(
      ['apply', '-f', '-'],
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 5\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: 60\n',
    );
    expect(rows(await ok(['get', 'hpa', 'web']))).toEqual([
      ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
      ['web', 'Deployment/web', 'cpu: <unknown>/60%', '2', '5', '0', expect.any(String)],
    ]);
    const v1 = JSON.parse(
      await ok([
        'get',
        '--raw',
        '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web',
      ]),
    );
    expect(v1.spec.targetCPUUtilizationPercentage).toBe(60);
    const bad = await k(
      ['apply', '-f', '-'],
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: bad\nspec:\n  scaleTargetRef:\n    kind: Deployment\n    name: web\n  minReplicas: 3\n  maxReplicas: 2\n',
    );
    expect(bad.stderr).toContain(
      'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
    );
  });

  test('events print last seen, type, reason, object and message, and select by involved object', async () => {
    await ok(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: Event\nmetadata:\n  name: web.1\ninvolvedObject:\n  kind: Pod\n  name: web\n  namespace: default\nreason: Pulled\nmessage: pulled the image\ntype: Normal\nsource:\n  component: kubelet\n',
    );
    const out = await ok(['get', 'events', '--field-selector', 'involvedObject.name=web']);
    expect(rows(out)).toEqual([
      ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
      [expect.any(String), 'Normal', 'Pulled', 'pod/web', 'pulled the image'],
    ]);
    const v1 = JSON.parse(await ok(['get', 'events.events.k8s.io', 'web.1', '-o', 'json']));
    expect(v1.regarding).toEqual({ kind: 'Pod', name: 'web', namespace: 'default' });
    expect(v1.note).toBe('pulled the image');
  });

  test('a CustomResourceDefinition without a root type is refused', async () => {
    const res = await k(
      ['apply', '-f', '-'],
      `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: widgets
    kind: Widget
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        properties:
          spec:
            type: object
`,
    );
    expect(res.stderr).toContain(
      'spec.versions[0].schema.openAPIV3Schema.type: Required value: must not be empty at the root',
    );
    expect((await k(['get', 'crd'])).stderr).toContain('No resources found');
  });
});
