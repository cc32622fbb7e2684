/**
 * kubectl 1.32+ sends typed-client bodies as application/vnd.kubernetes.protobuf; kubectl 1.27
 * sends JSON. The same `kubectl create ...` must store the same object either way.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { builtinResources } from '../../src/registry';
import { startCluster, type TestCluster } from './harness';

const KUBECTL = {
  '1.27': '/usr/lib/google-cloud-sdk/bin/kubectl.1.27',
  '1.31': '/usr/lib/google-cloud-sdk/bin/kubectl.1.31',
  '1.32': '/usr/lib/google-cloud-sdk/bin/kubectl.1.32',
  '1.33': '/usr/lib/google-cloud-sdk/bin/kubectl.1.33',
};
type Version = keyof typeof KUBECTL;
const VERSIONS: Version[] = ['1.27', '1.31', '1.32', '1.33'];
/** One namespace (or name suffix, for cluster-scoped kinds) per kubectl version. */
const space = (v: Version) => `v${v.replace('.', '-')}`;

function served(group: string, plural: string): boolean {
  return builtinResources.some((r) => r.group === group && r.plural === plural);
}

interface Case {
  title: string;
  group: string;
  plural: string;
  namespaced: boolean;
  /** `kubectl create` arguments for an object called `name` (in namespace `ns`). */
  create: (name: string, ns: string) => string[];
  /** Fields a server legitimately picks differently per object (allocated IPs and ports). */
  ignore?: string[];
  /** The JSON-sending kubectl to compare with, when 1.27 builds a different object (default 1.27). */
  json?: Version;
  /** A command kubectl 1.27 runs first in the namespace (JSON), e.g. to create a source object. */
  setup?: (ns: string) => string[];
}

const CASES: Case[] = [
  {
    title: 'configmap',
    group: '',
    plural: 'configmaps',
    namespaced: true,
    create: (n, ns) => [
      'create',
      'configmap',
      n,
      '-n',
      ns,
      '--from-literal=a=b',
      '--from-literal=empty=',
      '--from-file=blob=/bin/true',
    ],
  },
  {
    title: 'secret generic',
    group: '',
    plural: 'secrets',
    namespaced: true,
    create: (n, ns) => [
      'create',
      'secret',
      'generic',
      n,
      '-n',
      ns,
      '--from-literal=user=admin',
      '--from-literal=blank=',
      '--type=Opaque',
    ],
  },
  {
    title: 'deployment',
    group: 'apps',
    plural: 'deployments',
    namespaced: true,
    create: (n, ns) => [
      'create',
      'deployment',
      n,
      '-n',
      ns,
      '--image=nginx:1.25',
      '--replicas=0',
      '--port=80',
    ],
  },
  {
    title: 'service clusterip',
    group: '',
    plural: 'services',
    namespaced: true,
    create: (n, ns) => [
      'create',
      'service',
      'clusterip',
      n,
      '-n',
      ns,
      '--tcp=80:8080',
      '--tcp=443',
    ],
    ignore: ['spec.clusterIP', 'spec.clusterIPs'],
  },
  {
    title: 'job',
    group: 'batch',
    plural: 'jobs',
    namespaced: true,
    create: (n, ns) => ['create', 'job', n, '-n', ns, '--image=busybox', '--', 'echo', 'hi'],
    ignore: ['status'],
  },
  {
    title: 'cronjob',
    group: 'batch',
    plural: 'cronjobs',
    namespaced: true,
    create: (n, ns) => [
      'create',
      'cronjob',
      n,
      '-n',
      ns,
      '--image=busybox',
      '--schedule=*/5 * * * *',
      '--',
      'echo',
      'hi',
    ],
  },
  {
    title: 'namespace',
    group: '',
    plural: 'namespaces',
    namespaced: false,
    create: (n) => ['create', 'namespace', n],
  },
  {
    title: 'serviceaccount',
    group: '',
    plural: 'serviceaccounts',
    namespaced: true,
    create: (n, ns) => ['create', 'serviceaccount', n, '-n', ns],
  },
  {
    title: 'role',
    group: 'rbac.authorization.k8s.io',
    plural: 'roles',
    namespaced: true,
    create: (n, ns) => [
      'create',
      'role',
      n,
      '-n',
      ns,
      '--verb=get,list',
      '--resource=configmaps,secrets',
    ],
  },
  {
    title: 'rolebinding',
    group: 'rbac.authorization.k8s.io',
    plural: 'rolebindings',
    namespaced: true,
    create: (n, ns) => [
      'create',
      'rolebinding',
      n,
      '-n',
      ns,
      '--role=r1',
      '--user=alice',
      `--serviceaccount=${ns}:sa1`,
      '--group=devs',
    ],
  },
  {
    title: 'clusterrole',
    group: 'rbac.authorization.k8s.io',
    plural: 'clusterroles',
    namespaced: false,
    create: (n) => [
      'create',
      'clusterrole',
      n,
      '--verb=get',
      '--resource=configmaps',
      '--non-resource-url=/healthz',
    ],
  },
  {
    title: 'clusterrolebinding',
    group: 'rbac.authorization.k8s.io',
    plural: 'clusterrolebindings',
    namespaced: false,
    create: (n) => ['create', 'clusterrolebinding', n, '--clusterrole=view', '--user=bob'],
  },
  {
    title: 'quota',
    group: '',
    plural: 'resourcequotas',
    namespaced: true,
    create: (n, ns) => [
      'create',
      'quota',
      n,
      '-n',
      ns,
      '--hard=cpu=1,memory=1Gi,pods=10',
      '--scopes=NotTerminating',
    ],
    ignore: ['status'],
  },
  {
    title: 'pdb',
    group: 'policy',
    plural: 'poddisruptionbudgets',
    namespaced: true,
    create: (n, ns) => ['create', 'pdb', n, '-n', ns, '--selector=app=web', '--min-available=50%'],
    ignore: ['status'],
  },
  {
    title: 'priorityclass',
    group: 'scheduling.k8s.io',
    plural: 'priorityclasses',
    namespaced: false,
    create: (n) => [
      'create',
      'priorityclass',
      n,
      '--value=1000',
      '--description=high',
      '--preemption-policy=Never',
    ],
  },
  {
    title: 'job --from=cronjob',
    group: 'batch',
    plural: 'jobs',
    namespaced: true,
    create: (n, ns) => ['create', 'job', n, '-n', ns, '--from=cronjob/nightly'],
    // kubectl 1.27 did not mark the CronJob owner reference as controller yet
    json: '1.31',
    ignore: ['status'],
    setup: (ns) => [
      'create',
      'cronjob',
      'nightly',
      '-n',
      ns,
      '--image=busybox',
      '--schedule=0 0 * * *',
      '--restart=Never',
      '--',
      'date',
    ],
  },
  {
    title: 'ingress',
    group: 'networking.k8s.io',
    plural: 'ingresses',
    namespaced: true,
    create: (n, ns) => [
      'create',
      'ingress',
      n,
      '-n',
      ns,
      '--class=nginx',
      '--rule=foo.com/bar*=svc1:80,tls=my-cert',
      '--rule=/x=svc2:http',
      '--default-backend=def:80',
    ],
  },
];

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The stored object minus what differs between any two creations: uid, times, versions, names. */
function normalize(
  obj: Record<string, unknown>,
  name: string,
  ns: string,
  ignore: string[],
): unknown {
  const meta = obj.metadata as Record<string, unknown>;
  delete meta.resourceVersion;
  for (const path of ignore) {
    const keys = path.split('.');
    let at = obj as Record<string, unknown> | undefined;
    for (const k of keys.slice(0, -1)) at = at?.[k] as Record<string, unknown> | undefined;
    if (at) delete at[keys[keys.length - 1]];
  }
  const text = JSON.stringify(obj).split(name).join('<name>').split(ns).join('<ns>');
  // uids appear in owner references and in a Job's labels and selector
  return JSON.parse(text, (_k, v) =>
    typeof v === 'string' ? v.replace(TIMESTAMP, '<time>').replace(UID, '<uid>') : v,
  );
}

describe('kubectl create with protobuf bodies (1.32, 1.33) stores what JSON bodies (1.27) store', () => {
  let t: TestCluster;
  // flags go first: the harness appends its own after the arguments, i.e. after a `--`
  const kubectl = (version: Version, args: string[]) =>
    new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
      const flags = [
        `--kubeconfig=${t.kubeconfig}`,
        `--cache-dir=${join(t.dir, `cache-${version}`)}`,
      ];
      execFile(
        KUBECTL[version],
        [...flags, ...args],
        { env: { PATH: process.env.PATH, HOME: t.dir } },
        (err, stdout, stderr) => resolve({ stdout, stderr, code: err ? Number(err.code ?? 1) : 0 }),
      );
    });

  beforeAll(async () => {
    t = await startCluster();
    for (const v of VERSIONS)
      expect((await kubectl('1.27', ['create', 'namespace', space(v)])).code).toBe(0);
  });
  afterAll(async () => {
    await t?.close();
  });

  for (const c of CASES) {
    test(`kubectl create ${c.title}`, async () => {
      // Every kind here is one a 1.33 cluster serves: a missing one fails, it is not skipped.
      expect({ kind: c.plural, served: served(c.group, c.plural) }).toEqual({
        kind: c.plural,
        served: true,
      });
      const stored: Record<string, unknown> = {};
      for (const v of VERSIONS) {
        const slug = c.title.replace(/[^a-z]+/g, '-').replace(/-$/, '');
        const name = c.namespaced ? slug : `${slug}-${space(v)}`;
        if (c.setup) expect((await kubectl('1.27', c.setup(space(v)))).stderr).toBe('');
        const created = await kubectl(v, c.create(name, space(v)));
        expect({ version: v, code: created.code, stderr: created.stderr }).toEqual({
          version: v,
          code: 0,
          stderr: '',
        });
        const get = await t.ok([
          'get',
          c.plural + (c.group ? `.${c.group}` : ''),
          name,
          ...(c.namespaced ? ['-n', space(v)] : []),
          '-o',
          'json',
        ]);
        stored[v] = normalize(JSON.parse(get), name, space(v), c.ignore ?? []);
      }
      const json = c.json ?? '1.27';
      expect(stored['1.33']).toEqual(stored[json]);
      expect(stored['1.32']).toEqual(stored[json]);
    });
  }

  test('kubectl create token sends a TokenRequest and prints the token', async () => {
    for (const v of VERSIONS) {
      expect(
        (await kubectl('1.27', ['create', 'serviceaccount', 'robot', '-n', space(v)])).code,
      ).toBe(0);
      const out = await kubectl(v, [
        'create',
        'token',
        'robot',
        '-n',
        space(v),
        '--duration=1h',
        '--audience=api',
      ]);
      expect({ v, code: out.code, stderr: out.stderr }).toEqual({ v, code: 0, stderr: '' });
      // the spec's audiences and expirationSeconds made it into the token
      const claims = JSON.parse(
        Buffer.from(out.stdout.trim().split('.')[1], 'base64url').toString('utf8'),
      );
      expect({ aud: claims.aud, lifetime: claims.exp - claims.iat, sub: claims.sub }).toEqual({
        aud: ['api'],
        lifetime: 3600,
        sub: `system:serviceaccount:${space(v)}:robot`,
      });
    }
  });

  test('kubectl auth whoami sends a SelfSubjectReview', async () => {
    expect(served('authentication.k8s.io', 'selfsubjectreviews')).toBe(true);
    const [v132, v133] = [
      await kubectl('1.32', ['auth', 'whoami']),
      await kubectl('1.33', ['auth', 'whoami']),
    ];
    expect(v133.code).toBe(0);
    expect(v133.stdout).toMatch(/^ATTRIBUTE +VALUE\nUsername +kubernetes-admin\n/);
    expect(v132).toEqual(v133);
  });

  test('kubectl auth can-i sends a SelfSubjectAccessReview', async () => {
    expect(served('authorization.k8s.io', 'selfsubjectaccessreviews')).toBe(true);
    for (const args of [
      ['auth', 'can-i', 'get', 'configmaps'],
      ['auth', 'can-i', 'list', 'deployments.apps', '--subresource=scale', '-n', 'kube-system'],
      ['auth', 'can-i', 'get', '/healthz'],
    ]) {
      const json = await kubectl('1.27', args);
      expect(await kubectl('1.32', args)).toEqual(json);
      expect(await kubectl('1.33', args)).toEqual(json);
    }
  });

  test('kubectl auth can-i --list sends a SelfSubjectRulesReview', async () => {
    expect(served('authorization.k8s.io', 'selfsubjectrulesreviews')).toBe(true);
    const json = await kubectl('1.27', ['auth', 'can-i', '--list', '-n', space('1.27')]);
    expect(json.code).toBe(0);
    expect(await kubectl('1.33', ['auth', 'can-i', '--list', '-n', space('1.27')])).toEqual(json);
  });

  test('kubectl 1.33 really sends protobuf', async () => {
    const out = await kubectl('1.33', [
      'create',
      'configmap',
      'wire-check',
      '-n',
      space('1.33'),
      '-v=8',
    ]);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('application/vnd.kubernetes.protobuf');
  });

  test('errors answer protobuf bodies as they answer JSON ones', async () => {
    const args = ['create', 'configmap', 'elsewhere', '-n', 'no-such-namespace'];
    const [json, protobuf] = [await kubectl('1.27', args), await kubectl('1.33', args)];
    expect(protobuf).toEqual(json);
    expect(protobuf.code).not.toBe(0);
  });
});
