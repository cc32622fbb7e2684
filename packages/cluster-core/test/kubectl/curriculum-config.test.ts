/**
 * Curriculum: ConfigMaps and Secrets (seed 000 "Kubernetes存储管理", seed 004's K8S存储Volume之
 * ConfigMap/Secret lessons): creating them from literals, files and env files, consuming them
 * as environment variables and as volumes, what a running container sees after an edit, and
 * the errors of a missing ConfigMap or Secret.
 */
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const APP_POD = `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "echo started; sleep 3600"]
    env:
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef:
          name: db-secret
          key: password
    - name: MODE
      valueFrom:
        configMapKeyRef:
          name: app-config
          key: APP_MODE
    - name: POD_NAME
      valueFrom:
        fieldRef:
          fieldPath: metadata.name
    - name: GREETING
      value: "hello from $(POD_NAME)"
    envFrom:
    - configMapRef:
        name: app-config
      prefix: CFG_
    volumeMounts:
    - name: config
      mountPath: /etc/config
    - name: secret
      mountPath: /etc/secret
      readOnly: true
    - name: nginx-conf
      mountPath: /etc/nginx/conf.d/default.conf
      subPath: default.conf
  volumes:
  - name: config
    configMap:
      name: app-config
  - name: secret
    secret:
      secretName: db-secret
  - name: nginx-conf
    configMap:
      name: nginx-config
`;

const NGINX_CONF = 'server {\n    listen 8080;\n    location / { return 200 "ok"; }\n}\n';

describe.each(KUBECTL_VERSIONS)('curriculum: configmaps and secrets with kubectl %s', (version) => {
  let t: TestCluster;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const rows = (out: string) => out.trim().split('\n').map(columns);

  beforeAll(async () => {
    t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
  });
  afterAll(async () => {
    await t.close();
  });

  test('ConfigMaps from literals, an env file and a file, as get and describe print them', async () => {
    expect(
      await ok([
        'create',
        'configmap',
        'app-config',
        '--from-literal=APP_MODE=prod',
        '--from-literal=LOG_LEVEL=debug',
      ]),
    ).toBe('configmap/app-config created\n');
    t.file('app.env', 'color=blue\n# a comment\nsize=10\n');
    expect(await ok(['create', 'cm', 'env-config', '--from-env-file=app.env'])).toBe(
      'configmap/env-config created\n',
    );
    t.file('default.conf', NGINX_CONF);
    expect(await ok(['create', 'configmap', 'nginx-config', '--from-file=default.conf'])).toBe(
      'configmap/nginx-config created\n',
    );
    const list = rows(await ok(['get', 'configmaps']));
    expect(list[0]).toEqual(['NAME', 'DATA', 'AGE']);
    expect(list.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ['app-config', '2'],
      ['env-config', '2'],
      ['kube-root-ca.crt', '1'],
      ['nginx-config', '1'],
    ]);
    expect(JSON.parse(await ok(['get', 'cm', 'env-config', '-o', 'jsonpath={.data}']))).toEqual({
      color: 'blue',
      size: '10',
    });
    const described = await ok(['describe', 'cm', 'app-config']);
    // kubectl walks the data in Go's map order, and 1.33 puts an empty line after each value.
    expect(described).toMatch(
      /^Name: {9}app-config\nNamespace: {4}default\nLabels: {7}<none>\nAnnotations: {2}<none>\n\nData\n====\n/,
    );
    expect(described).toMatch(/\nAPP_MODE:\n----\nprod\n/);
    expect(described).toMatch(/\nLOG_LEVEL:\n----\ndebug\n/);
    expect(described).toMatch(/\nBinaryData\n====\n\nEvents: {2}<none>\n$/);
  });

  test('Secrets: generic from literals, base64 in the API, sizes in describe, types in the list', async () => {
    expect(
      await ok([
        'create',
        'secret',
        'generic',
        'db-secret',
        '--from-literal=username=admin',
        '--from-literal=password=S3cr3t!',
      ]),
    ).toBe('secret/db-secret created\n');
    expect(await ok(['get', 'secret', 'db-secret', '-o', 'jsonpath={.data.password}'])).toBe(
      Buffer.from('S3cr3t!').toString('base64'),
    );
    const described = await ok(['describe', 'secret', 'db-secret']);
    // kubectl walks the data map in Go's random order.
    expect(described).toContain('Type:  Opaque\n\nData\n====\n');
    expect(described).toContain('password:  7 bytes\n');
    expect(described).toContain('username:  5 bytes\n');
    await ok([
      'create',
      'secret',
      'docker-registry',
      'regcred',
      '--docker-server=registry.example.com',
      '--docker-username=u',
      '--docker-password=p',
    ]);
    const list = rows(await ok(['get', 'secrets']));
    expect(list[0]).toEqual(['NAME', 'TYPE', 'DATA', 'AGE']);
    expect(list.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['db-secret', 'Opaque', '2'],
      ['regcred', 'kubernetes.io/dockerconfigjson', '1'],
    ]);
  });

  test('a pod sees ConfigMap and Secret keys as env vars and as files', async () => {
    expect(await ok(['apply', '-f', t.file('app.yaml', APP_POD)])).toBe('pod/app created\n');
    await ok(['wait', '--for=condition=Ready', 'pod/app', '--timeout=30s']);
    const env = await ok(['exec', 'app', '--', 'env']);
    expect(env).toContain('DB_PASSWORD=S3cr3t!\n');
    expect(env).toContain('MODE=prod\n');
    expect(env).toContain('CFG_APP_MODE=prod\nCFG_LOG_LEVEL=debug\n');
    expect(env).toContain('POD_NAME=app\n');
    expect(env).toContain('GREETING=hello from app\n');
    expect(await ok(['exec', 'app', '--', 'printenv', 'MODE', 'DB_PASSWORD'])).toBe(
      'prod\nS3cr3t!\n',
    );
    expect(await ok(['exec', 'app', '--', 'sh', '-c', 'echo $CFG_LOG_LEVEL'])).toBe('debug\n');
    expect(await ok(['exec', 'app', '--', 'ls', '/etc/config'])).toBe('APP_MODE\nLOG_LEVEL\n');
    expect(await ok(['exec', 'app', '--', 'cat', '/etc/config/APP_MODE'])).toBe('prod');
    expect(await ok(['exec', 'app', '--', 'cat', '/etc/secret/password'])).toBe('S3cr3t!');
    expect(await ok(['exec', 'app', '--', 'cat', '/etc/nginx/conf.d/default.conf'])).toBe(
      NGINX_CONF,
    );
    const readOnly = await k(['exec', 'app', '--', 'sh', '-c', 'echo x > /etc/config/APP_MODE']);
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toContain("can't create /etc/config/APP_MODE: Read-only file system");
    expect(await ok(['logs', 'app'])).toBe('started\n');
  });

  test('describe pod names where each variable and volume comes from', async () => {
    const described = await ok(['describe', 'pod', 'app']);
    expect(described).toMatch(
      / {6}DB_PASSWORD: {2}<set to the key 'password' in secret 'db-secret'> +Optional: false\n/,
    );
    expect(described).toMatch(
      / {6}MODE: {9}<set to the key 'APP_MODE' of config map 'app-config'> +Optional: false\n/,
    );
    expect(described).toContain('      POD_NAME:     app (v1:metadata.name)\n');
    expect(described).toContain(
      "    Environment Variables from:\n      app-config  ConfigMap with prefix 'CFG_'  Optional: false\n",
    );
    expect(described).toContain('      /etc/config from config (rw)\n');
    expect(described).toContain('      /etc/secret from secret (ro)\n');
    expect(described).toContain(
      '      /etc/nginx/conf.d/default.conf from nginx-conf (rw,path="default.conf")\n',
    );
    expect(described).toMatch(
      / {2}config:\n {4}Type: +ConfigMap \(a volume populated by a ConfigMap\)\n {4}Name: +app-config\n {4}Optional: +false\n/,
    );
    expect(described).toMatch(
      / {2}secret:\n {4}Type: +Secret \(a volume populated by a Secret\)\n {4}SecretName: +db-secret\n {4}Optional: +false\n/,
    );
  });

  test('an edited ConfigMap reaches the mounted files but not the environment of the running container', async () => {
    await ok(['patch', 'configmap', 'app-config', '-p', '{"data":{"APP_MODE":"staging"}}']);
    await eventually(
      () => ok(['exec', 'app', '--', 'cat', '/etc/config/APP_MODE']),
      (v) => v === 'staging',
    );
    expect(await ok(['exec', 'app', '--', 'printenv', 'MODE'])).toBe('prod\n');
    // A new container reads the ConfigMap as it is then.
    await ok(['delete', 'pod', 'app', '--grace-period=1']);
    await ok(['apply', '-f', 'app.yaml']);
    await ok(['wait', '--for=condition=Ready', 'pod/app', '--timeout=30s']);
    expect(await ok(['exec', 'app', '--', 'printenv', 'MODE'])).toBe('staging\n');
  });

  test('a Service created after a pod started is not in its environment', async () => {
    await ok(['create', 'service', 'clusterip', 'late-svc', '--tcp=80:80']);
    const env = await ok(['exec', 'app', '--', 'env']);
    expect(env).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1\n');
    expect(env).not.toContain('LATE_SVC_SERVICE_HOST');
  });

  test('a missing ConfigMap key stops the container with CreateContainerConfigError until it exists', async () => {
    await ok([
      'run',
      'needs-cm',
      '--image=nginx',
      '--overrides',
      JSON.stringify({
        spec: {
          containers: [
            {
              name: 'needs-cm',
              image: 'nginx',
              envFrom: [{ configMapRef: { name: 'later-config' } }],
            },
          ],
        },
      }),
    ]);
    const waiting = await eventually(
      () => ok(['get', 'pod', 'needs-cm']),
      (o) => o.includes('CreateContainerConfigError'),
    );
    expect(rows(waiting)[1].slice(1, 3)).toEqual(['0/1', 'CreateContainerConfigError']);
    const described = await ok(['describe', 'pod', 'needs-cm']);
    expect(described).toContain('      Reason:       CreateContainerConfigError\n');
    expect(described).toMatch(
      /Warning {2}Failed +\S+ +kubelet +Error: configmap "later-config" not found\n/,
    );
    await ok(['create', 'configmap', 'later-config', '--from-literal=K=V']);
    await ok(['wait', '--for=condition=Ready', 'pod/needs-cm', '--timeout=30s']);
    expect(await ok(['exec', 'needs-cm', '--', 'printenv', 'K'])).toBe('V\n');
  });

  test('a missing Secret volume keeps the pod in ContainerCreating with FailedMount', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'needs-secret' },
      spec: {
        containers: [
          { name: 'c', image: 'nginx', volumeMounts: [{ name: 'tls', mountPath: '/tls' }] },
        ],
        volumes: [{ name: 'tls', secret: { secretName: 'missing-tls' } }],
      },
    };
    await ok(['apply', '-f', '-'], JSON.stringify(pod));
    const events = await eventually(
      () =>
        ok([
          'get',
          'events',
          '--field-selector',
          'involvedObject.name=needs-secret,reason=FailedMount',
          '-o',
          'jsonpath={.items[*].message}',
        ]),
      (m) => m.length > 0,
    );
    expect(events).toBe(
      'MountVolume.SetUp failed for volume "tls" : secret "missing-tls" not found',
    );
    expect(rows(await ok(['get', 'pod', 'needs-secret']))[1].slice(1, 3)).toEqual([
      '0/1',
      'ContainerCreating',
    ]);
    await ok(['create', 'secret', 'generic', 'missing-tls', '--from-literal=tls.crt=x']);
    await ok(['wait', '--for=condition=Ready', 'pod/needs-secret', '--timeout=40s']);
  });

  test('an immutable ConfigMap refuses data changes', async () => {
    await ok(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frozen\ndata:\n  a: "1"\nimmutable: true\n',
    );
    const refused = await k(['patch', 'cm', 'frozen', '-p', '{"data":{"a":"2"}}']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'The ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set\n',
    );
  });
});
