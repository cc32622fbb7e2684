import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { Learner } from './platform-client';
import { killHard, startServer as startServerIn } from './server-process';

const PASSWORD = 'restart-password-1';

const startServer = (dir: string, port: number) =>
  startServerIn(dir, port, { KUBEBELT_DEMO_PASSWORD: PASSWORD });

describe('a lab session survives kill -9 of the server', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubebelt-restart-'));
  let server: ChildProcess | undefined;
  afterAll(async () => {
    await killHard(server);
    // the sandboxed shells go with the server, a moment later (bash may still write its history)
    rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  });

  it('keeps the objects, the files and the attempts, and the terminal reconnects', async () => {
    const port = await freePort();
    server = await startServer(dir, port);
    const base = `http://127.0.0.1:${port}`;
    let learner = await new Learner(base, 'student@kubebelt.local', PASSWORD).login();
    const session = (await learner.call('POST', '/api/labs/deployment-basics/sessions')).body;
    let terminal = await learner.terminal(session.id);
    await terminal.waitFor('learner@kubebelt');
    expect(
      (await terminal.run('kubectl create deployment web --image=nginx:1.26 --replicas=2'))
        .exitCode,
    ).toBe(0);
    expect(
      (await terminal.run('kubectl create configmap notes --from-literal=state=before-crash'))
        .exitCode,
    ).toBe(0);
    expect((await terminal.run('echo "written before the crash" > notes.txt')).exitCode).toBe(0);
    const attempt = await learner.call('POST', `/api/sessions/${session.id}/check`, {});
    expect(attempt.status).toBe(200);
    terminal.close();
    // snapshots are written two seconds after the last change
    await new Promise((r) => setTimeout(r, 3_000));
    server.kill('SIGKILL');
    await new Promise((r) => server?.once('exit', r));

    server = await startServer(dir, port);
    learner = await new Learner(base, 'student@kubebelt.local', PASSWORD).login();
    expect((await learner.call('GET', `/api/sessions/${session.id}`)).body.status).toBe('running');
    expect((await learner.call('GET', `/api/sessions/${session.id}/attempts`)).body).toHaveLength(
      1,
    );
    terminal = await learner.terminal(session.id);
    await terminal.waitFor('learner@kubebelt');
    expect((await terminal.run('cat notes.txt')).output).toContain('written before the crash');
    expect(
      (await terminal.run('kubectl get configmap notes -o jsonpath={.data.state}')).output,
    ).toContain('before-crash');
    expect((await terminal.run('kubectl get deployment web -o name')).output).toContain(
      'deployment.apps/web',
    );
    terminal.close();
  }, 120_000);

  it('keeps an exam attempt: its clock, its clusters, and grades it after the restart', async () => {
    const port = await freePort();
    server?.kill('SIGKILL');
    server = await startServer(dir, port);
    const base = `http://127.0.0.1:${port}`;
    let candidate = await new Learner(base, 'student@kubebelt.local', PASSWORD).login();
    const started = (await candidate.call('POST', '/api/exams/hccda-entry/attempts')).body;
    expect(started.status).toBe('running');
    let terminal = await candidate.terminal(started.sessionId);
    await terminal.waitFor('learner@kubebelt');
    const created = await terminal.run('kubectl --context k8s create namespace before-the-crash');
    expect(created.exitCode).toBe(0);
    terminal.close();
    await new Promise((r) => setTimeout(r, 3_000));
    server.kill('SIGKILL');
    await new Promise((r) => server?.once('exit', r));

    server = await startServer(dir, port);
    candidate = await new Learner(base, 'student@kubebelt.local', PASSWORD).login();
    const resumed = (await candidate.call('GET', `/api/exam-attempts/${started.id}`)).body;
    expect(resumed).toMatchObject({ status: 'running', endsAt: started.endsAt });
    expect(resumed.remainingSeconds).toBeLessThan(started.remainingSeconds);
    terminal = await candidate.terminal(started.sessionId);
    await terminal.waitFor('learner@kubebelt');
    const namespace = await terminal.run(
      'kubectl --context k8s get namespace before-the-crash -o name',
    );
    expect(namespace.output).toContain('namespace/before-the-crash');
    terminal.close();
    const submitted = await candidate.call('POST', `/api/exam-attempts/${started.id}/submit`);
    expect(submitted.body).toMatchObject({ status: 'submitted', submittedBy: 'candidate' });
    const report = (await candidate.call('GET', `/api/exam-attempts/${started.id}/report`)).body;
    expect(report.tasks).toHaveLength(6);
  }, 120_000);
});
