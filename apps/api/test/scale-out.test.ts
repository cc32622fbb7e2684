import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { Learner } from './platform-client';
import { throwawaySchema } from './postgresql-schema';
import { killHard, startServer } from './server-process';

const run = promisify(execFile);
const PASSWORD = 'scale-out-password-1';
const REDIS_URL = process.env.KUBEBELT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two API processes on one PostgreSQL database and one Redis, as behind a load balancer: a
 * session started through one is usable, gradable and attachable through the other, and the
 * other adopts it when its owner is killed.
 */
describe('two API processes sharing PostgreSQL and Redis', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubebelt-scale-out-'));
  const schema = throwawaySchema();
  let a: ChildProcess | undefined;
  let b: ChildProcess | undefined;
  let baseA: string;
  let baseB: string;
  let sessionId: string;
  let throughA: Learner;
  let throughB: Learner;

  const env = (id: string) => ({
    DATABASE_URL: schema.url,
    KUBEBELT_REDIS_URL: REDIS_URL,
    KUBEBELT_INSTANCE_ID: id,
    KUBEBELT_INSTANCE_TIMEOUT_SECONDS: '3',
    KUBEBELT_DEMO_PASSWORD: PASSWORD,
  });

  beforeAll(async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    baseA = `http://127.0.0.1:${portA}`;
    baseB = `http://127.0.0.1:${portB}`;
    // one after the other: the first seeds the demo accounts
    a = await startServer(dir, portA, env('api-a'));
    b = await startServer(dir, portB, env('api-b'));
    throughA = await new Learner(baseA, 'student@kubebelt.local', PASSWORD).login();
    // the same browser session, sent to the other process by the load balancer
    throughB = new Learner(baseB, 'student@kubebelt.local', PASSWORD);
    throughB.cookie = throughA.cookie;
  }, 60_000);

  afterAll(async () => {
    await killHard(a);
    await killHard(b);
    await schema.drop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  });

  it('serves a session started through one process through the other: API, terminal, kubectl', async () => {
    const started = await throughA.call('POST', '/api/labs/deployment-basics/sessions');
    expect(started.status).toBe(201);
    sessionId = started.body.id;

    expect((await throughB.call('GET', `/api/sessions/${sessionId}`)).body).toMatchObject({
      id: sessionId,
      status: 'running',
    });

    // the shell runs in process A; typed and read through B (over Redis)
    const terminal = await throughB.terminal(sessionId);
    await terminal.waitFor('learner@kubebelt');
    const created = await terminal.run(
      'kubectl create deployment web --image=nginx:1.26 --replicas=2 && kubectl rollout status deployment web --timeout=60s',
      60_000,
    );
    expect(created.output).toContain('deployment.apps/web created');
    expect(created.exitCode).toBe(0);
    terminal.close();

    const graded = await throughB.call('POST', `/api/sessions/${sessionId}/check`, {});
    expect(graded.status).toBe(200);
    const create = graded.body.tasks.find((t: { id: string }) => t.id === 'create');
    expect(create.checks.find((c: { id: string }) => c.id === 'image').passed).toBe(true);

    // the learner's own kubectl through B's port: requests and an exec upgrade reach A's cluster
    const kubeconfig = await throughB.call('GET', `/api/sessions/${sessionId}/kubeconfig`);
    expect(kubeconfig.text).toContain(`${baseB}/clusters/`);
    const file = path.join(dir, 'kubeconfig');
    writeFileSync(file, kubeconfig.text);
    const get = await run('kubectl', [
      '--kubeconfig',
      file,
      'get',
      'deployment',
      'web',
      '-o',
      'name',
    ]);
    expect(get.stdout.trim()).toBe('deployment.apps/web');
    const exec = await run('kubectl', [
      '--kubeconfig',
      file,
      'exec',
      'deploy/web',
      '--',
      'echo',
      'hello from A',
    ]);
    expect(exec.stdout.trim()).toBe('hello from A');
  }, 120_000);

  it('is adopted by the other process from its snapshot when its owner is killed', async () => {
    // snapshots are written two seconds after the last change
    await sleep(3_000);
    await killHard(a);
    // B waits for A's heartbeat to be older than the timeout (3 s), then takes the session over
    await sleep(4_000);
    const graded = await throughB.call('POST', `/api/sessions/${sessionId}/check`, {});
    expect(graded.status).toBe(200);
    const create = graded.body.tasks.find((t: { id: string }) => t.id === 'create');
    expect(create.checks.find((c: { id: string }) => c.id === 'image').passed).toBe(true);

    const terminal = await throughB.terminal(sessionId);
    await terminal.waitFor('learner@kubebelt');
    const listed = await terminal.run('kubectl get deployment web -o jsonpath={.spec.replicas}');
    expect(listed.output).toContain('2');
    terminal.close();
  }, 60_000);
});
