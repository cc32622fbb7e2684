/**
 * A lab marked `driver: kubernetes` through the platform: started over HTTP, its namespace on a
 * host cluster (cluster-core over HTTPS), used from the learner's terminal and from their own
 * kubectl with the session's kubeconfig (through /clusters/), graded, ended.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cluster, createCluster } from '@kubebelt/cluster-core';
import { Learner, type Terminal } from './platform-client';
import { startTestApp, type TestApp } from './test-app';

const PASSWORD = 'kubernetes-lab-password';
const LAB = 'kubernetes-lab';

let host: Cluster;
let dir: string;
let hostKubeconfig: string;
let platform: TestApp;
let student: Learner;
let sessionId: string;
let namespace: string;
let terminal: Terminal | undefined;
const saved = process.env.KUBEBELT_KUBERNETES_KUBECONFIG;

function kubectl(kubeconfig: string, args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      '/usr/bin/kubectl',
      args,
      {
        env: { PATH: '/usr/bin:/bin', HOME: platform.dir, KUBECONFIG: kubeconfig },
        timeout: 30_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  host = createCluster({ name: 'host' });
  await host.serve();
  dir = mkdtempSync(join(tmpdir(), 'kubebelt-kubernetes-host-'));
  hostKubeconfig = join(dir, 'host.kubeconfig');
  writeFileSync(hostKubeconfig, host.kubeconfig());
  // the driver reads its host from the environment when the sessions service is created
  process.env.KUBEBELT_KUBERNETES_KUBECONFIG = hostKubeconfig;
  platform = await startTestApp('kubernetes-lab', { password: PASSWORD, contentFixture: LAB });
  student = await new Learner(platform.base, 'student@kubebelt.local', PASSWORD).login();
});

afterAll(async () => {
  terminal?.close();
  await platform?.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.KUBEBELT_KUBERNETES_KUBECONFIG;
  else process.env.KUBEBELT_KUBERNETES_KUBECONFIG = saved;
});

test('/api/health says the kubernetes driver can be used', async () => {
  let drivers: Record<string, { usable: boolean }> = {};
  for (let i = 0; i < 100 && !drivers.kubernetes?.usable; i++) {
    drivers = (await student.call('GET', '/api/health')).body.drivers;
    if (!drivers.kubernetes?.usable) await new Promise((r) => setTimeout(r, 100));
  }
  expect(drivers.kubernetes).toEqual({ usable: true });
});

test("starting the lab makes the session's namespace on the host, with the lab's set-up", async () => {
  const started = await student.call('POST', `/api/labs/${LAB}/sessions`);
  expect(started.status).toBe(201);
  sessionId = started.body.id;
  const ns = await kubectl(hostKubeconfig, [
    'get',
    'namespaces',
    '-l',
    `kubebelt.session=${sessionId}`,
    '-o',
    'jsonpath={.items[*].metadata.name}',
  ]);
  namespace = ns.stdout;
  expect(namespace).toBe(`kubebelt-${sessionId}-default`);
  const release = await kubectl(hostKubeconfig, [
    'get',
    'configmap',
    'release',
    '-n',
    namespace,
    '-o',
    'jsonpath={.data.image}',
  ]);
  expect(release.stdout).toBe('nginx');
});

test('the terminal works in the namespace and nowhere else', async () => {
  const health = (await student.call('GET', '/api/health')).body;
  if (health.terminal.mode === 'refused') {
    console.warn(`terminal not tested: ${health.terminal.reason}`);
    return;
  }
  terminal = await student.terminal(sessionId);
  await terminal.waitFor('learner@kubebelt');
  const created = await terminal.run(
    `kubectl create deployment web --image="$(kubectl get configmap release -o jsonpath='{.data.image}')"`,
  );
  expect(created).toEqual({
    output: expect.stringContaining('deployment.apps/web created'),
    exitCode: 0,
  });
  const elsewhere = await terminal.run('kubectl get pods -n kube-system');
  expect(elsewhere.exitCode).toBe(1);
  expect(elsewhere.output).toContain(
    `Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:${namespace}:learner" cannot list resource "pods" in API group "" in the namespace "kube-system"`,
  );
});

test("the learner's own kubectl reaches the namespace through the platform", async () => {
  const kubeconfig = await student.call('GET', `/api/sessions/${sessionId}/kubeconfig`);
  expect(kubeconfig.status).toBe(200);
  const file = join(platform.dir, 'learner.kubeconfig');
  writeFileSync(file, kubeconfig.text);
  if (!terminal) await kubectl(file, ['create', 'deployment', 'web', '--image=nginx']);
  const web = await kubectl(file, [
    'get',
    'deployment',
    'web',
    '-o',
    'jsonpath={.metadata.namespace}',
  ]);
  expect(web).toMatchObject({ code: 0, stdout: namespace });
  const nodes = await kubectl(file, ['get', 'nodes']);
  expect(nodes.stderr).toContain('Error from server (Forbidden): nodes is forbidden');
});

test("Check grades the namespace's objects", async () => {
  const graded = await student.call('POST', `/api/sessions/${sessionId}/check`, {});
  expect(graded.status).toBe(200);
  expect(graded.body).toMatchObject({ score: 1, maxScore: 1, passed: true });
});

test('ending the session deletes the namespace on the host', async () => {
  terminal?.close();
  terminal = undefined;
  const ended = await student.call('POST', `/api/sessions/${sessionId}/end`);
  expect(ended.body.status).toBe('ended');
  let left = '';
  for (let i = 0; i < 50; i++) {
    const r = await kubectl(hostKubeconfig, ['get', 'namespace', namespace]);
    left = r.stderr;
    if (left.includes('NotFound')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(left).toBe(`Error from server (NotFound): namespaces "${namespace}" not found\n`);
});
