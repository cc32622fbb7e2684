import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { repoRoot } from '../src/paths';
import { Learner, type Terminal } from './platform-client';
import { testPostgresUrl, throwawaySchema } from './postgresql-schema';

const PASSWORD = 'journey-password-1';
const LAB = 'deployment-basics';
const solution = readFileSync(
  path.join(repoRoot, 'labs/kubernetes/deployments/deployment-basics/solution.sh'),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'));

describe.each(
  (process.env.JOURNEY_DB ? [process.env.JOURNEY_DB] : ['sqlite', 'postgresql']) as (
    | 'sqlite'
    | 'postgresql'
  )[],
)('a learner in a lab (%s)', (provider) => {
  const dir = mkdtempSync(path.join(tmpdir(), `kubebelt-journey-${provider}-`));
  const schema = provider === 'postgresql' ? throwawaySchema() : undefined;
  let app: INestApplication;
  let base: string;
  let student: Learner;
  let sessionId: string;
  let terminal: Terminal;

  beforeAll(async () => {
    const url = schema ? new URL(testPostgresUrl) : undefined;
    if (url && schema)
      url.searchParams.set('schema', String((schema.target as { schema?: string }).schema));
    const config = loadConfig({
      KUBEBELT_DATA_DIR: dir,
      KUBEBELT_WEB_DIR: dir,
      KUBEBELT_DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: process.env.JOURNEY_LOG ?? 'error',
      ...(url ? { DATABASE_URL: url.toString() } : {}),
    });
    const database = await Database.open(config.database);
    app = await createApp(config, database);
    await app.listen(0, '127.0.0.1');
    await app.get((await import('../src/auth/demo-accounts.seeder')).DemoAccountsSeeder).seed();
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    student = await new Learner(base, 'student@kubebelt.local', PASSWORD).login();
  });

  afterAll(async () => {
    terminal?.close();
    await app?.close();
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  });

  it('signs in with the demo password and answers who is signed in', async () => {
    const me = await student.call('GET', '/api/auth/me');
    expect(me.body).toMatchObject({ email: 'student@kubebelt.local', role: 'student' });
    const bad = await new Learner(base, 'student@kubebelt.local', 'wrong').call(
      'POST',
      '/api/auth/login',
      { email: 'student@kubebelt.local', password: 'wrong' },
    );
    expect(bad).toMatchObject({ status: 401, body: { message: 'Invalid email or password' } });
  });

  it('shows the lab in the language asked for, without expected values or solutions', async () => {
    const zh = await student.call('GET', `/api/labs/${LAB}`, undefined, {
      'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8',
    });
    expect(zh.body.title).toBe('创建、扩缩容并更新 Deployment');
    expect(zh.body.tasks.map((t: { id: string }) => t.id)).toEqual(['create', 'scale', 'update']);
    expect(zh.text).not.toContain('nginx:1.277');
    expect(zh.text).not.toContain('"value"');
    const en = await student.call('GET', `/api/labs/${LAB}`);
    expect(en.body.tasks[1].instructions).toContain('Scale `web` to **4 replicas**');
  });

  it('starts a session and gets a shell with kubectl on its own cluster', async () => {
    const started = await student.call('POST', `/api/labs/${LAB}/sessions`);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      labId: LAB,
      status: 'running',
      clusters: [{ name: 'default', context: 'default' }],
    });
    sessionId = started.body.id;
    if (process.env.JOURNEY_LOG) console.log('session started');
    terminal = await student.terminal(sessionId);
    if (process.env.JOURNEY_LOG) console.log('terminal attached');
    await terminal.waitFor('learner@kubebelt');
    const created = await terminal.run('kubectl create deployment web --image=nginx --replicas=2');
    expect(created).toEqual({
      output: expect.stringContaining('deployment.apps/web created'),
      exitCode: 0,
    });
    expect((await terminal.run('kubectl delete deployment web')).exitCode).toBe(0);
  });

  it('tells which step a start is at while the browser waits for it', async () => {
    // this lab's set-up script runs kubectl for a while: long enough to be seen
    const lab = 'fix-image-pull';
    const starting = student.call('POST', `/api/labs/${lab}/sessions`);
    let answered = false;
    void starting.then(() => {
      answered = true;
    });
    const steps: string[] = [];
    while (!answered) {
      const { body } = await student.call('GET', `/api/labs/${lab}/sessions/starting`);
      if (body.step && steps.at(-1) !== body.step) steps.push(body.step);
    }
    const started = await starting;
    expect(started.status).toBe(201);
    expect(steps).toContain('setup');
    expect(['cluster', 'setup', 'terminal'].filter((s) => steps.includes(s))).toEqual(steps);
    expect((await student.call('GET', `/api/labs/${lab}/sessions/starting`)).body).toEqual({
      labId: lab,
      step: null,
    });
    await student.call('POST', `/api/sessions/${started.body.id}/end`);
  });

  it("runs the lab's solution typed into the terminal and passes every task", async () => {
    for (const line of solution) {
      const { exitCode, output } = await terminal.run(line, 90_000);
      expect({ line, exitCode, output: exitCode ? output : '' }).toEqual({
        line,
        exitCode: 0,
        output: '',
      });
    }
    const graded = await student.call('POST', `/api/sessions/${sessionId}/check`, {});
    expect(graded.status).toBe(200);
    expect(graded.body.tasks.map((t: { id: string; passed: boolean }) => [t.id, t.passed])).toEqual(
      [
        ['create', true],
        ['scale', true],
        ['update', true],
      ],
    );
    expect(graded.body).toMatchObject({ score: 3, maxScore: 3, passed: true });
    const attempts = await student.call('GET', `/api/sessions/${sessionId}/attempts`);
    expect(attempts.body).toHaveLength(1);
    const progress = await student.call('GET', '/api/me/progress');
    expect(progress.body.courses[0].labResults).toContainEqual(
      expect.objectContaining({ labId: LAB, completed: true }),
    );
    expect(progress.body.history.at(-1)).toMatchObject({
      kind: 'lab',
      id: LAB,
      title: 'Create, scale and update a Deployment',
      score: 3,
      maxScore: 3,
    });
  });

  it('pushes live task status to the terminal socket', async () => {
    const allPassed = () =>
      terminal.statuses.at(-1)?.tasks.every((t: { passed: boolean }) => t.passed);
    for (let i = 0; i < 100 && !allPassed(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(terminal.statuses.at(-1)).toMatchObject({ score: 3, maxScore: 3, passed: true });
  });

  it('completes kubectl and its alias k with TAB, from the cluster', async () => {
    let from = terminal.output.length;
    terminal.socket.emit('input', 'kubectl get deployme\t');
    await terminal.waitFor(/deployments/, 20_000, from);
    from = terminal.output.length;
    terminal.socket.emit('input', '\x15k rollou\t');
    await terminal.waitFor(/rollout/, 20_000, from);
    // Ctrl-C: the line is dropped and a new prompt drawn
    from = terminal.output.length;
    terminal.socket.emit('input', '\x03');
    await terminal.waitFor('learner@kubebelt', 20_000, from);
  });

  it('resets to a fresh cluster, then ends the session', async () => {
    // the new shell may print its prompt before the reset's answer arrives
    const from = terminal.output.length;
    const reset = await student.call('POST', `/api/sessions/${sessionId}/reset`);
    expect(reset.body.status).toBe('running');
    await terminal.waitFor('learner@kubebelt', 20_000, from);
    const ended = await student.call('POST', `/api/sessions/${sessionId}/end`);
    expect(ended.body).toMatchObject({ status: 'ended', endedAt: expect.any(String) });
    expect((await student.call('POST', `/api/sessions/${sessionId}/check`, {})).status).toBe(409);
  });
});
