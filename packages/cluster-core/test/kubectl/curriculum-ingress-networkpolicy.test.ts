/**
 * Curriculum: Ingress and NetworkPolicy (seed 000 "Ingress概述" with its three host rules,
 * seed 003 第六章 网络策略 with its allow-internal-communication policy): Ingress objects as
 * kubectl prints and describes them on a cluster without an ingress controller, and network
 * policies enforced on the traffic a pod sends (wget from busybox).
 */
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

/** Seed 000's Ingress: three hosts, each to one Service. */
const MY_INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: my-ingress
  annotations:
    kubernetes.io/ingress.class: "nginx"
spec:
  rules:
  - host: liruilongs.nginx1
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: pod-svc-svc
            port:
              number: 80
  - host: liruilongs.nginx2
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: pod-svc-1-svc
            port:
              number: 80
  - host: liruilongs.nginx3
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: pod-svc-2-svc
            port:
              number: 80
`;

/** Seed 003's policy: backends take traffic from frontends only and send only to frontends. */
const ALLOW_INTERNAL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-internal-communication
spec:
  podSelector:
    matchLabels:
      app: backend
  policyTypes:
    - Ingress
    - Egress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: frontend
  egress:
    - to:
        - podSelector:
            matchLabels:
              app: frontend
`;

const NGINX_PAGE = '<title>Welcome to nginx!</title>';

describe.each(KUBECTL_VERSIONS)(
  'curriculum: ingress and network policies with kubectl %s',
  (version) => {
    let t: TestCluster;
    const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
    const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
    const rows = (out: string) => out.trim().split('\n').map(columns);
    const ipOf = (pod: string, ns = 'default') =>
      ok(['get', 'pod', pod, '-n', ns, '-o', 'jsonpath={.status.podIP}']);
    const wget = (pod: string, target: string, ns = 'default') =>
      k(['exec', '-n', ns, pod, '--', 'wget', '-qO-', '-T', '2', target]);

    beforeAll(async () => {
      t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
      for (const name of ['pod-svc', 'pod-svc-1', 'pod-svc-2']) {
        await t.ok(['run', name, '--image=nginx', '--port=80']);
        await t.ok(['expose', 'pod', name, '--port=80', `--name=${name}-svc`]);
      }
      await t.ok([
        'run',
        'frontend',
        '--image=busybox',
        '--labels=app=frontend',
        '--',
        'sleep',
        '3600',
      ]);
      await t.ok(['run', 'backend', '--image=nginx', '--labels=app=backend']);
      await t.ok([
        'run',
        'outsider',
        '--image=busybox',
        '--labels=app=other',
        '--',
        'sleep',
        '3600',
      ]);
      await t.ok(['wait', '--for=condition=Ready', 'pod', '--all', '--timeout=40s']);
    });
    afterAll(async () => {
      await t.close();
    });

    test('seed 000: the three Services the Ingress routes to', async () => {
      const svc = rows(await ok(['get', 'svc', '-o', 'wide', '-l', 'run']));
      expect(svc.slice(1).map((r) => [r[0], r[1], r[3], r[4], r[6]])).toEqual([
        ['pod-svc-1-svc', 'ClusterIP', '<none>', '80/TCP', 'run=pod-svc-1'],
        ['pod-svc-2-svc', 'ClusterIP', '<none>', '80/TCP', 'run=pod-svc-2'],
        ['pod-svc-svc', 'ClusterIP', '<none>', '80/TCP', 'run=pod-svc'],
      ]);
    });

    test('seed 000: the Ingress with the deprecated class annotation is created with a warning and listed with its hosts', async () => {
      const created = await k(['apply', '-f', t.file('ingress.yaml', MY_INGRESS)]);
      expect(created.code).toBe(0);
      expect(created.stdout).toBe('ingress.networking.k8s.io/my-ingress created\n');
      expect(created.stderr).toBe(
        'Warning: annotation "kubernetes.io/ingress.class" is deprecated, please use \'spec.ingressClassName\' instead\n',
      );
      const [header, row] = rows(await ok(['get', 'ingress']));
      expect(header).toEqual(['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE']);
      // No ingress controller has written an address.
      expect(row.slice(0, 3)).toEqual([
        'my-ingress',
        '<none>',
        'liruilongs.nginx1,liruilongs.nginx2,liruilongs.nginx3',
      ]);
      expect(row[3]).toBe('80');
      const described = await ok(['describe', 'ingress', 'my-ingress']);
      expect(described).toMatch(/\nIngress Class: +<none>\n/);
      expect(described).toMatch(/\nDefault backend: +<default>\n/);
      const podIP = await ipOf('pod-svc-1');
      expect(described).toMatch(
        new RegExp(
          ` {2}liruilongs\\.nginx2 +\\n +/ +pod-svc-1-svc:80 \\(${podIP.replace(/\./g, '\\.')}:80\\)\\n`,
        ),
      );
      expect(described).toMatch(/\nAnnotations: +kubernetes\.io\/ingress\.class: nginx\n/);
    });

    test('kubectl create ingress with a class, a rule and TLS; an IngressClass can be the default', async () => {
      const created = await ok([
        'create',
        'ingress',
        'simple',
        '--class=nginx',
        '--rule=foo.com/bar*=pod-svc-svc:80,tls=my-cert',
      ]);
      expect(created).toBe('ingress.networking.k8s.io/simple created\n');
      const ing = JSON.parse(await ok(['get', 'ingress', 'simple', '-o', 'json']));
      expect(ing.spec).toEqual({
        ingressClassName: 'nginx',
        rules: [
          {
            host: 'foo.com',
            http: {
              paths: [
                {
                  backend: { service: { name: 'pod-svc-svc', port: { number: 80 } } },
                  path: '/bar',
                  pathType: 'Prefix',
                },
              ],
            },
          },
        ],
        tls: [{ hosts: ['foo.com'], secretName: 'my-cert' }],
      });
      expect(rows(await ok(['get', 'ing', 'simple']))[1].slice(0, 5)).toEqual([
        'simple',
        'nginx',
        'foo.com',
        '80, 443',
        expect.stringMatching(/^\d+s$/),
      ]);
      await ok(
        ['apply', '-f', '-'],
        'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\n  annotations:\n    ingressclass.kubernetes.io/is-default-class: "true"\nspec:\n  controller: k8s.io/ingress-nginx\n',
      );
      const classes = rows(await ok(['get', 'ingressclass']));
      expect(classes[0]).toEqual(['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE']);
      expect(classes[1].slice(0, 3)).toEqual(['nginx', 'k8s.io/ingress-nginx', '<none>']);
      // The DefaultIngressClass admission plugin fills in the class of a new Ingress without one.
      await ok(['create', 'ingress', 'defaulted', '--rule=bar.com/=pod-svc-svc:80']);
      expect(await ok(['get', 'ing', 'defaulted', '-o', 'jsonpath={.spec.ingressClassName}'])).toBe(
        'nginx',
      );
      const bad = await k(['create', 'ingress', 'bad', '--rule=foo.com/=svc:http,tls']);
      expect(bad.code).toBe(0);
      const invalid = await k(
        ['apply', '-f', '-'],
        'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: nopath\nspec:\n  rules:\n  - host: a.com\n    http:\n      paths:\n      - path: /\n        backend:\n          service:\n            name: s\n            port:\n              number: 80\n',
      );
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toBe(
        'The Ingress "nopath" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified\n',
      );
    });

    test('without policies every pod reaches every pod', async () => {
      const backend = await ipOf('backend');
      expect((await wget('frontend', backend)).stdout).toContain(NGINX_PAGE);
      expect((await wget('outsider', backend)).stdout).toContain(NGINX_PAGE);
      expect((await wget('outsider', 'pod-svc-svc')).stdout).toContain(NGINX_PAGE);
    });

    test('seed 003: backends accept only frontends, and reach only frontends (not even DNS)', async () => {
      expect(await ok(['apply', '-f', t.file('np.yaml', ALLOW_INTERNAL)])).toBe(
        'networkpolicy.networking.k8s.io/allow-internal-communication created\n',
      );
      const [header, row] = rows(await ok(['get', 'networkpolicy']));
      expect(header).toEqual(['NAME', 'POD-SELECTOR', 'AGE']);
      expect(row.slice(0, 2)).toEqual(['allow-internal-communication', 'app=backend']);
      const backend = await ipOf('backend');
      expect((await wget('frontend', backend)).stdout).toContain(NGINX_PAGE);
      const blocked = await wget('outsider', backend);
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toBe(
        'wget: download timed out\ncommand terminated with exit code 1\n',
      );
      // Without -T busybox waits for the kernel to give up the connection (127 s): still nothing after 2 s.
      const noTimeout = await t.kubectl(['exec', 'outsider', '--', 'wget', '-qO-', backend], {
        version,
        timeoutMs: 2_000,
      });
      expect([noTimeout.stdout, noTimeout.stderr, noTimeout.code === 0]).toEqual(['', '', false]);
      // Other pods are not selected by the policy.
      expect((await wget('outsider', 'pod-svc-svc')).stdout).toContain(NGINX_PAGE);
      // Egress from the backend: only frontends; the cluster DNS is not among them.
      const fromBackend = await k([
        'exec',
        'backend',
        '--',
        'curl',
        '-s',
        '-m',
        '2',
        'pod-svc-svc',
      ]);
      // -s keeps curl's error to itself (its manual: "Do not show progress meter or error messages").
      expect(fromBackend.code).toBe(6);
      expect(fromBackend.stderr).toBe('command terminated with exit code 6\n');
      const described = await ok(['describe', 'networkpolicy', 'allow-internal-communication']);
      expect(described).toContain('  PodSelector:     app=backend\n');
      expect(described).toContain(
        '  Allowing ingress traffic:\n    To Port: <any> (traffic allowed to all ports)\n    From:\n      PodSelector: app=frontend\n',
      );
      expect(described).toContain('  Policy Types: Ingress, Egress\n');
    });

    test('a default-deny policy isolates a namespace until a namespaceSelector lets one namespace in', async () => {
      await ok(['create', 'namespace', 'secure']);
      await ok(['run', 'db', '--image=nginx', '-n', 'secure', '--labels=app=db']);
      await ok(['create', 'namespace', 'trusted']);
      await ok(['run', 'client', '--image=busybox', '-n', 'trusted', '--', 'sleep', '3600']);
      await ok(['wait', '--for=condition=Ready', 'pod/db', '-n', 'secure', '--timeout=30s']);
      await ok(['wait', '--for=condition=Ready', 'pod/client', '-n', 'trusted', '--timeout=30s']);
      const db = await ipOf('db', 'secure');
      expect((await wget('client', db, 'trusted')).stdout).toContain(NGINX_PAGE);
      await ok(
        ['apply', '-n', 'secure', '-f', '-'],
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-ingress\nspec:\n  podSelector: {}\n  policyTypes:\n  - Ingress\n',
      );
      expect(rows(await ok(['get', 'netpol', '-n', 'secure']))[1].slice(0, 2)).toEqual([
        'default-deny-ingress',
        '<none>',
      ]);
      expect((await wget('client', db, 'trusted')).code).toBe(1);
      expect((await wget('outsider', db)).code).toBe(1);
      await ok(
        ['apply', '-n', 'secure', '-f', '-'],
        JSON.stringify({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'allow-trusted' },
          spec: {
            podSelector: { matchLabels: { app: 'db' } },
            ingress: [
              {
                from: [
                  {
                    namespaceSelector: {
                      matchLabels: { 'kubernetes.io/metadata.name': 'trusted' },
                    },
                  },
                ],
                ports: [{ protocol: 'TCP', port: 80 }],
              },
            ],
          },
        }),
      );
      expect((await wget('client', db, 'trusted')).stdout).toContain(NGINX_PAGE);
      expect((await wget('outsider', db)).code).toBe(1);
      // Only port 80 is opened.
      expect(
        (
          await k([
            'exec',
            '-n',
            'trusted',
            'client',
            '--',
            'wget',
            '-qO-',
            '-T',
            '1',
            `${db}:8080`,
          ])
        ).stderr,
      ).toContain('wget: download timed out');
      await ok(['delete', 'netpol', '--all', '-n', 'secure']);
      expect((await wget('outsider', db)).stdout).toContain(NGINX_PAGE);
    });
  },
);
