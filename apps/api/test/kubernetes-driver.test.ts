/**
 * The kubernetes driver against a real Kubernetes API server: our own cluster-core, served over
 * HTTPS in this process as the host. The learner's side is the real kubectl with a kubeconfig
 * holding their ServiceAccount token, straight to the host and through the session's endpoint
 * (what the sandbox socket and the /clusters/ gateway forward to).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cluster, createCluster } from '@kubebelt/cluster-core';
import type { LoadedLab } from '@kubebelt/labs';
import { authorize } from '../src/sessions/cluster-gateway';
import type { LabEnvironment } from '../src/sessions/drivers/cluster-driver';
import { HostCluster } from '../src/sessions/drivers/kubernetes/host-cluster';
import { namespaceName } from '../src/sessions/drivers/kubernetes/session-namespace';
import {
  KubernetesDriver,
  kubernetesDriverConfig,
} from '../src/sessions/drivers/kubernetes-driver';

const KUBECTL = '/usr/bin/kubectl';

let host: Cluster;
let dir: string;
let hostKubeconfig: string;
let admin: HostCluster;
let driver: KubernetesDriver;

function kubectl(kubeconfig: string, args: string[], stdin?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      KUBECTL,
      args,
      {
        env: { PATH: '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig },
        timeout: 30_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });
}

async function ok(kubeconfig: string, args: string[], stdin?: string) {
  const r = await kubectl(kubeconfig, args, stdin);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const admins = (args: string[], stdin?: string) => ok(hostKubeconfig, args, stdin);

function lab(id: string, setupObjects: LoadedLab['setupObjects'] = []): LoadedLab {
  return {
    lab: { id, kubernetesVersion: '1.33' },
    setupObjects,
  } as unknown as LoadedLab;
}

/** A kubeconfig for the learner straight to the host with their token (what kubectl sends over TLS). */
function learnerKubeconfig(name: string, env: LabEnvironment): string {
  const file = join(dir, `${name}.kubeconfig`);
  const base = JSON.parse(
    admin.kubeconfigFor(env.token('default'), env.namespace?.('default') ?? ''),
  );
  writeFileSync(file, JSON.stringify(base));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubebelt-k8s-driver-'));
  host = createCluster({ name: 'host' });
  await host.serve();
  hostKubeconfig = join(dir, 'host.kubeconfig');
  writeFileSync(hostKubeconfig, host.kubeconfig());
  admin = await HostCluster.connect({ kubeconfig: hostKubeconfig });
  driver = new KubernetesDriver(
    kubernetesDriverConfig({
      KUBEBELT_KUBERNETES_KUBECONFIG: hostKubeconfig,
      KUBEBELT_KUBERNETES_QUOTA: 'requests.cpu=1',
    }),
  );
  await driver.check();
});

afterAll(async () => {
  driver?.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('namespace names', () => {
  test('are DNS labels unique per session and cluster, hashed when too long', () => {
    const session = '11111111-aaaa-4aaa-8aaa-111111111111';
    const long = 'a-cluster-name-that-is-quite-long';
    const names = [
      namespaceName('kubebelt-', session, 'default'),
      namespaceName('kubebelt-', session, long),
      namespaceName('kubebelt-', session, `${long}-too`),
    ];
    expect(names[0]).toBe(`kubebelt-${session}-default`);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    expect(new Set(names).size).toBe(3);
  });
});

describe('settings', () => {
  test('the quota takes name=quantity pairs over its defaults', () => {
    const config = kubernetesDriverConfig({ KUBEBELT_KUBERNETES_QUOTA: 'requests.cpu=1,pods=5' });
    expect(config.limits.quota).toMatchObject({
      'requests.cpu': '1',
      pods: '5',
      'requests.memory': '4Gi',
    });
    expect(config).toMatchObject({ namespacePrefix: 'kubebelt-', ttlMinutes: 1440 });
    expect(config.limits.podSecurity).toBe('baseline');
  });

  test('a bad value stops start-up with one line naming it', () => {
    expect(() =>
      kubernetesDriverConfig({
        KUBEBELT_KUBERNETES_TTL_MINUTES: 'soon',
        KUBEBELT_KUBERNETES_POD_SECURITY: 'lax',
      }),
    ).toThrow(
      'Invalid configuration: KUBEBELT_KUBERNETES_TTL_MINUTES must be an integer between 5 and 43200 (got "soon"); KUBEBELT_KUBERNETES_POD_SECURITY must be one of privileged, baseline, restricted (got "lax")',
    );
    expect(() => kubernetesDriverConfig({ KUBEBELT_KUBERNETES_QUOTA: 'pods' })).toThrow(
      'KUBEBELT_KUBERNETES_QUOTA must be name=quantity pairs separated by commas',
    );
  });
});

describe('capability', () => {
  test('is unusable with the reason when no kubeconfig is configured', () => {
    const unset = new KubernetesDriver(kubernetesDriverConfig({}));
    expect(unset.capability()).toEqual({
      usable: false,
      reason: 'KUBEBELT_KUBERNETES_KUBECONFIG is not set',
    });
  });

  test('is unusable with the reason when the host cluster does not answer', async () => {
    const file = join(dir, 'unreachable.kubeconfig');
    // the same kubeconfig, with a port nothing listens on
    writeFileSync(file, host.kubeconfig().replace(/(https:\/\/127\.0\.0\.1:)\d+/g, '$11'));
    const down = new KubernetesDriver(
      kubernetesDriverConfig({ KUBEBELT_KUBERNETES_KUBECONFIG: file }),
    );
    const result = await down.check();
    expect(result.usable).toBe(false);
    expect(result.reason).toMatch(/^the host cluster cannot be used: .*ECONNREFUSED/);
    expect(down.capability()).toEqual(result);
  });

  test('is usable once the host cluster answered', () => {
    expect(driver.capability()).toEqual({ usable: true });
  });
});

describe('a session on the host cluster', () => {
  let a: LabEnvironment;
  let b: LabEnvironment;
  let nsA: string;
  let nsB: string;
  let kubeconfigA: string;

  beforeAll(async () => {
    a = await driver.create(
      lab('first', [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings', namespace: 'default' },
          data: { color: 'blue' },
        },
      ]),
      { sessionId: '11111111-aaaa-4aaa-8aaa-111111111111' },
    );
    b = await driver.create(lab('second'), { sessionId: '22222222-bbbb-4bbb-8bbb-222222222222' });
    nsA = a.namespace?.('default') ?? '';
    nsB = b.namespace?.('default') ?? '';
    kubeconfigA = learnerKubeconfig('a', a);
  });

  afterAll(async () => {
    await a?.destroy().catch(() => {});
    await b?.destroy().catch(() => {});
  });

  test('gets its own namespace labelled with the session, with its guard objects', async () => {
    expect(nsA).toBe('kubebelt-11111111-aaaa-4aaa-8aaa-111111111111-default');
    const ns = JSON.parse(await admins(['get', 'namespace', nsA, '-o', 'json']));
    expect(ns.metadata.labels).toMatchObject({
      'kubebelt.session': '11111111-aaaa-4aaa-8aaa-111111111111',
      'app.kubernetes.io/managed-by': 'kubebelt',
      'pod-security.kubernetes.io/enforce': 'baseline',
    });
    const names = await admins([
      'get',
      'serviceaccount/learner',
      'role/learner',
      'rolebinding/learner',
      'resourcequota/learner',
      'limitrange/learner',
      'networkpolicy/default-deny',
      'networkpolicy/allow-same-namespace',
      '-n',
      nsA,
      '-o',
      'name',
    ]);
    expect(names.trim().split('\n')).toEqual([
      'serviceaccount/learner',
      'role.rbac.authorization.k8s.io/learner',
      'rolebinding.rbac.authorization.k8s.io/learner',
      'resourcequota/learner',
      'limitrange/learner',
      'networkpolicy.networking.k8s.io/default-deny',
      'networkpolicy.networking.k8s.io/allow-same-namespace',
    ]);
    const deny = JSON.parse(
      await admins(['get', 'networkpolicy', 'default-deny', '-n', nsA, '-o', 'json']),
    );
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const same = JSON.parse(
      await admins(['get', 'networkpolicy', 'allow-same-namespace', '-n', nsA, '-o', 'json']),
    );
    expect(same.spec.ingress).toEqual([{ from: [{ podSelector: {} }] }]);
  });

  test("the lab's setup objects are in the session's namespace", async () => {
    expect(
      await admins(['get', 'configmap', 'settings', '-n', nsA, '-o', 'jsonpath={.data.color}']),
    ).toBe('blue');
  });

  test("the learner's token can create a Deployment in its namespace, and gets LimitRange defaults", async () => {
    expect(
      await ok(kubeconfigA, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']),
    ).toBe(`system:serviceaccount:${nsA}:learner`);
    expect(
      await ok(kubeconfigA, ['create', 'deployment', 'web', '--image=nginx', '--replicas=2']),
    ).toBe('deployment.apps/web created\n');
    await waitFor(async () => {
      const pods = JSON.parse(
        await ok(kubeconfigA, ['get', 'pods', '-l', 'app=web', '-o', 'json']),
      );
      return pods.items.length === 2 ? pods : undefined;
    }).then((pods) => {
      expect(pods.items[0].spec.containers[0].resources).toEqual({
        requests: { cpu: '50m', memory: '64Mi' },
        limits: { cpu: '500m', memory: '256Mi' },
      });
    });
  });

  test("the learner's token cannot read another session's namespace (403 from kubectl)", async () => {
    const r = await kubectl(kubeconfigA, ['get', 'pods', '-n', nsB]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:${nsA}:learner" cannot list resource "pods" in API group "" in the namespace "${nsB}"\n`,
    );
    const nodes = await kubectl(kubeconfigA, ['get', 'nodes']);
    expect(nodes.stderr).toContain('(Forbidden)');
  });

  test('the learner cannot raise their own quota', async () => {
    const r = await kubectl(kubeconfigA, ['delete', 'resourcequota', 'learner']);
    expect(r.stderr).toBe(
      `Error from server (Forbidden): resourcequotas "learner" is forbidden: User "system:serviceaccount:${nsA}:learner" cannot delete resource "resourcequotas" in API group "" in the namespace "${nsA}"\n`,
    );
  });

  test('a pod over the quota is refused with the upstream message', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'big' },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'nginx',
            resources: { requests: { cpu: '2' }, limits: { cpu: '2' } },
          },
        ],
      },
    };
    const r = await kubectl(kubeconfigA, ['create', '-f', '-'], JSON.stringify(pod));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error from server (Forbidden): error when creating "STDIN": pods "big" is forbidden: exceeded quota: learner, requested: requests.cpu=2, used: requests.cpu=100m, limited: requests.cpu=1\n',
    );
  });

  test("through the session's endpoint kubectl acts as the learner, without sending a token", async () => {
    const server = await listen(
      (req, res) => {
        authorize(req, a.token('default'));
        a.endpoint('default').request(req, res);
      },
      (req, socket, head) => {
        authorize(req, a.token('default'));
        a.endpoint('default').upgrade(req, socket, head);
      },
    );
    try {
      const { port } = server.address() as { port: number };
      const file = join(dir, 'through-endpoint.kubeconfig');
      writeFileSync(
        file,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 's', cluster: { server: `http://127.0.0.1:${port}` } }],
          users: [{ name: 'u', user: {} }],
          contexts: [{ name: 's', context: { cluster: 's', user: 'u', namespace: nsA } }],
          'current-context': 's',
        }),
      );
      expect(await ok(file, ['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe(
        '2',
      );
      const other = await kubectl(file, ['get', 'configmaps', '-n', nsB]);
      expect(other.stderr).toContain(
        `User "system:serviceaccount:${nsA}:learner" cannot list resource "configmaps"`,
      );
      const pod = (await ok(file, ['get', 'pods', '-l', 'app=web', '-o', 'name'])).split('\n')[0];
      await waitFor(async () =>
        (await ok(file, ['get', pod, '-o', 'jsonpath={.status.phase}'])) === 'Running'
          ? true
          : undefined,
      );
      expect(await ok(file, ['exec', pod, '--', 'echo', 'hello from the host'])).toBe(
        'hello from the host\n',
      );
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test("the grader's client reads the session's namespace as the lab's default", async () => {
    const client = a.client();
    const deployments = await client.resource('Deployment');
    const configmaps = await client.resource('ConfigMap');
    if (!deployments || !configmaps)
      throw new Error('the host serves no Deployments or ConfigMaps');
    const web = await client.get(deployments, 'default', 'web');
    expect(web?.metadata?.namespace).toBe('default');
    expect(web?.spec?.replicas).toBe(2);
    const listed = await client.list(configmaps, { namespace: 'default' });
    expect(listed.map((c) => c.metadata?.name)).toContain('settings');
  });

  test('ending the session deletes its namespace', async () => {
    await b.destroy();
    await waitFor(async () => {
      const r = await kubectl(hostKubeconfig, ['get', 'namespace', nsB]);
      return r.code === 1 && r.stderr.includes('NotFound') ? true : undefined;
    });
    expect(await admins(['get', 'namespace', nsA, '-o', 'name'])).toBe(`namespace/${nsA}\n`);
  });

  test('a restart adopts the namespace the snapshot names instead of starting over', async () => {
    const snapshot = a.snapshot();
    await a.release?.();
    const again = await driver.create(lab('first'), {
      sessionId: '11111111-aaaa-4aaa-8aaa-111111111111',
      restore: snapshot,
    });
    expect(again.namespace?.('default')).toBe(nsA);
    const file = learnerKubeconfig('again', again);
    expect(await ok(file, ['get', 'deployment', 'web', '-o', 'name'])).toBe(
      'deployment.apps/web\n',
    );
    a = again;
  });

  test('a reset starts over in a fresh namespace of the same name', async () => {
    await a.destroy();
    const fresh = await driver.create(
      lab('first', [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings' },
          data: { color: 'green' },
        },
      ]),
      { sessionId: '11111111-aaaa-4aaa-8aaa-111111111111' },
    );
    a = fresh;
    expect(fresh.namespace?.('default')).toBe(nsA);
    const file = learnerKubeconfig('fresh', fresh);
    expect(await ok(file, ['get', 'deployments', '-o', 'name'])).toBe('');
    expect(await ok(file, ['get', 'configmap', 'settings', '-o', 'jsonpath={.data.color}'])).toBe(
      'green',
    );
  });
});

describe('clean-up', () => {
  test('at start-up the namespaces of sessions no longer running are removed', async () => {
    const make = (name: string, session: string) =>
      admins(
        ['apply', '-f', '-'],
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name,
            labels: { 'kubebelt.session': session, 'app.kubernetes.io/managed-by': 'kubebelt' },
            annotations: {
              'kubebelt.io/expires-at': new Date(Date.now() + 3_600_000).toISOString(),
            },
          },
        }),
      );
    await make('kubebelt-ended-default', 'ended');
    await make('kubebelt-running-default', 'running');
    await make('other-platform-ended', 'ended');
    // just created: perhaps a session another process is starting right now
    expect(await driver.removeOrphans(new Set(['running']))).toEqual([]);
    const later = new Date(Date.now() + 10 * 60_000);
    expect(await driver.removeOrphans(new Set(['running']), later)).toEqual(['ended']);
    const left = await admins(['get', 'namespaces', '-o', 'name']);
    expect(left).not.toContain('namespace/kubebelt-ended-default\n');
    expect(left).toContain('namespace/kubebelt-running-default\n');
    expect(left).toContain('namespace/other-platform-ended\n');
  });

  test('the sweep deletes expired session namespaces and leaves the others', async () => {
    const make = (name: string, expires: string) =>
      admins(
        ['apply', '-f', '-'],
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name,
            labels: { 'kubebelt.session': name, 'app.kubernetes.io/managed-by': 'kubebelt' },
            annotations: { 'kubebelt.io/expires-at': expires },
          },
        }),
      );
    await make('kubebelt-old', '2020-01-01T00:00:00.000Z');
    await make('kubebelt-current', new Date(Date.now() + 3_600_000).toISOString());
    await admins(['create', 'namespace', 'someone-elses']);
    expect(await driver.sweep()).toEqual(['kubebelt-old']);
    const left = await admins(['get', 'namespaces', '-o', 'name']);
    expect(left).toContain('namespace/kubebelt-current\n');
    expect(left).toContain('namespace/someone-elses\n');
  });
});

function listen(
  onRequest: Parameters<typeof createServer>[1],
  onUpgrade: (
    req: import('node:http').IncomingMessage,
    socket: import('node:stream').Duplex,
    head: Buffer,
  ) => void,
): Promise<Server> {
  const server = createServer(onRequest);
  server.on('upgrade', onUpgrade);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}
