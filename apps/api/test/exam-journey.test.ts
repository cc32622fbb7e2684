import { Clock } from '../src/exams/clock';
import { ManualClock } from './manual-clock';
import { Learner, type Terminal } from './platform-client';
import { startTestApp, type TestApp } from './test-app';

const PASSWORD = 'exam-password-1';
const EXAM = 'exam-two-clusters';
const MINUTE = 60_000;

/**
 * A candidate's exam through the HTTP contract: start, tasks on two clusters in the terminal,
 * leave and resume, the time running out with nobody connected, the report; and what the
 * candidate (or another one) cannot do to the score or the time.
 */
describe('an exam candidate', () => {
  let platform: TestApp;
  let clock: ManualClock;
  let candidate: Learner;
  let other: Learner;
  let attempt: { id: string; sessionId: string; tasks: { id: string; cluster: string }[] };
  let terminal: Terminal | undefined;

  beforeAll(async () => {
    platform = await startTestApp('exam', { password: PASSWORD, contentFixture: EXAM });
    clock = new ManualClock(platform.app.get(Clock));
    const base = platform.base;
    candidate = await new Learner(base, 'student@kubebelt.local', PASSWORD).login();
    other = await new Learner(base, 'instructor@kubebelt.local', PASSWORD).login();
  });

  afterAll(async () => {
    terminal?.close();
    await platform?.close();
  });

  it('lists the exam with its duration, pass mark and clusters', async () => {
    const list = await candidate.call('GET', '/api/exams');
    expect(list.body).toEqual([
      expect.objectContaining({
        id: EXAM,
        durationMinutes: 10,
        passPercent: 60,
        tasks: 2,
        questions: 1,
        clusters: ['k8s-c1', 'k8s-c2'],
        running: null,
      }),
    ]);
    const one = await candidate.call('GET', `/api/exams/${EXAM}`);
    expect(one.body).toEqual(list.body[0]);
    expect((await candidate.call('GET', '/api/exams/no-such-exam')).status).toBe(404);
  });

  it('starts an attempt: tasks drawn, clusters up, ten minutes on the server clock', async () => {
    const started = await candidate.call('POST', `/api/exams/${EXAM}/attempts`);
    expect(started.status).toBe(201);
    attempt = started.body;
    expect(started.body).toMatchObject({
      status: 'running',
      remainingSeconds: 600,
      clusters: [
        { name: 'k8s-c1', context: 'k8s-c1' },
        { name: 'k8s-c2', context: 'k8s-c2' },
      ],
      questions: [{ id: 'smallest-unit', choices: [{ id: 'a' }, { id: 'b' }] }],
    });
    expect(Date.parse(started.body.endsAt) - Date.parse(started.body.startedAt)).toBe(10 * MINUTE);
    expect(started.body.tasks.map((t: { id: string }) => t.id)).toEqual([
      'web',
      expect.stringMatching(/^team-[ab]$/),
    ]);
    expect(started.body.tasks[0]).toMatchObject({ cluster: 'k8s-c1', weight: 4, flagged: false });
    // no answer, solution or expected value leaks while the exam runs
    expect(started.text).not.toContain('correct');
    expect(started.text).not.toContain('--context');
    const again = await candidate.call('POST', `/api/exams/${EXAM}/attempts`);
    expect(again.body.id).toBe(attempt.id);
  });

  it('has no Check, no reset and no report while the time runs', async () => {
    const check = await candidate.call('POST', `/api/sessions/${attempt.sessionId}/check`, {});
    expect(check).toMatchObject({
      status: 403,
      body: { message: 'Checks are not available during an exam' },
    });
    const reset = await candidate.call('POST', `/api/sessions/${attempt.sessionId}/reset`);
    expect(reset.status).toBe(403);
    const end = await candidate.call('POST', `/api/sessions/${attempt.sessionId}/end`);
    expect(end.status).toBe(403);
    const report = await candidate.call('GET', `/api/exam-attempts/${attempt.id}/report`);
    expect(report).toMatchObject({
      status: 409,
      body: { message: 'The report is available once the exam has been submitted' },
    });
  });

  it('does the tasks in the terminal, one kubeconfig context per cluster', async () => {
    terminal = await candidate.terminal(attempt.sessionId);
    await terminal.waitFor('learner@kubebelt');
    const contexts = await terminal.run('kubectl config get-contexts -o name');
    expect(contexts.output.split('\n').filter(Boolean)).toEqual(['k8s-c1', 'k8s-c2']);
    expect((await terminal.run('kubectl config use-context k8s-c1')).exitCode).toBe(0);
    expect((await terminal.run('kubectl run web --image=nginx')).output).toContain(
      'pod/web created',
    );
    const pooled = attempt.tasks[1].id;
    const created = await terminal.run(`kubectl --context k8s-c2 create namespace ${pooled}`);
    expect(created.output).toContain(`namespace/${pooled} created`);
    // the other cluster has no such pod: the contexts are two clusters, not two names
    const elsewhere = await terminal.run('kubectl --context k8s-c2 get pod web');
    expect(elsewhere.output).toContain('pods "web" not found');
    terminal.close();
    terminal = undefined;
  });

  it('keeps flags, notes and answers, and refuses anything else in a request', async () => {
    const flagged = await candidate.call('POST', `/api/exam-attempts/${attempt.id}/flags`, {
      taskId: 'web',
    });
    expect(flagged.body.tasks[0].flagged).toBe(true);
    const notes = await candidate.call('PUT', `/api/exam-attempts/${attempt.id}/notes`, {
      notes: 'check web again',
    });
    expect(notes.status).toBe(200);
    const answered = await candidate.call('PUT', `/api/exam-attempts/${attempt.id}/answers`, {
      answers: { 'smallest-unit': ['b'] },
    });
    expect(answered.body.answers).toEqual({ 'smallest-unit': ['b'] });
    const longer = await candidate.call('PUT', `/api/exam-attempts/${attempt.id}/notes`, {
      notes: '',
      endsAt: '2099-01-01T00:00:00Z',
    });
    expect(longer.status).toBe(400);
    const scored = await candidate.call('POST', `/api/exam-attempts/${attempt.id}/submit`, {
      score: 100,
      passed: true,
    });
    expect(scored.status).toBe(400);
  });

  it('keeps another candidate out of the attempt', async () => {
    expect((await other.call('GET', `/api/exam-attempts/${attempt.id}`)).status).toBe(404);
    const flag = await other.call('POST', `/api/exam-attempts/${attempt.id}/flags`, {
      taskId: 'web',
      flagged: false,
    });
    expect(flag.status).toBe(404);
    expect((await other.call('POST', `/api/exam-attempts/${attempt.id}/submit`, {})).status).toBe(
      404,
    );
  });

  it('resumes after leaving, with the time the server counted', async () => {
    clock.advance(4 * MINUTE);
    const resumed = await candidate.call('GET', `/api/exam-attempts/${attempt.id}`);
    expect(resumed.body).toMatchObject({
      status: 'running',
      remainingSeconds: 360,
      notes: 'check web again',
    });
    const list = await candidate.call('GET', '/api/exams');
    expect(list.body[0].running).toEqual({ id: attempt.id, endsAt: resumed.body.endsAt });
  });

  it('is submitted and graded when the time is up, with nobody connected', async () => {
    clock.advance(6 * MINUTE);
    let view = (await candidate.call('GET', `/api/exam-attempts/${attempt.id}`)).body;
    for (let i = 0; i < 100 && view.status !== 'submitted'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      view = (await candidate.call('GET', `/api/exam-attempts/${attempt.id}`)).body;
    }
    expect(view).toMatchObject({
      status: 'submitted',
      submittedBy: 'timeout',
      remainingSeconds: 0,
      percent: 100,
      passed: true,
    });
    const late = await candidate.call('POST', `/api/exam-attempts/${attempt.id}/flags`, {
      taskId: 'web',
      flagged: false,
    });
    expect(late).toMatchObject({
      status: 403,
      body: { message: 'This attempt has already been submitted' },
    });
  });

  it('reports per task and check what was found, with the solutions and the time used', async () => {
    const report = await candidate.call('GET', `/api/exam-attempts/${attempt.id}/report`);
    expect(report.body).toMatchObject({
      score: 9,
      maxScore: 9,
      percent: 100,
      passed: true,
      submittedBy: 'timeout',
      timeUsedSeconds: 600,
      durationMinutes: 10,
    });
    expect(report.body.tasks[0]).toMatchObject({
      id: 'web',
      cluster: 'k8s-c1',
      flagged: true,
      passed: true,
      solution: 'kubectl --context k8s-c1 run web --image=nginx',
      checks: [{ id: 'pod', passed: true, message: expect.any(String) }],
    });
    expect(report.body.questions[0]).toMatchObject({
      id: 'smallest-unit',
      passed: true,
      choices: [
        { id: 'a', correct: false, chosen: false },
        { id: 'b', correct: true, chosen: true },
      ],
    });
    const zh = await candidate.call('GET', `/api/exam-attempts/${attempt.id}/report`, undefined, {
      'accept-language': 'zh-CN',
    });
    expect(zh.body.title).toBe('双集群练习考试');
  });

  it('leaves the environment open for review and logs every action', async () => {
    const session = await candidate.call('GET', `/api/sessions/${attempt.sessionId}`);
    expect(session.body.status).toBe('running');
    const reviewUntil = (await candidate.call('GET', `/api/exam-attempts/${attempt.id}`)).body
      .reviewUntil;
    expect(Date.parse(reviewUntil) - Date.parse(session.body.startedAt)).toBeGreaterThan(
      35 * 60 * MINUTE,
    );
    const audit = await candidate.call('GET', `/api/exam-attempts/${attempt.id}/audit`);
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual([
      'started',
      'flagged',
      'notes-saved',
      'answered',
      'timed-out',
      'refused',
      'report-viewed',
      'report-viewed',
    ]);
    expect(
      audit.body.find((e: { action: string }) => e.action === 'timed-out').accountId,
    ).toBeNull();
  });

  it('grades a second attempt submitted at once as it stands, and keeps the history', async () => {
    const second = await candidate.call('POST', `/api/exams/${EXAM}/attempts`);
    expect(second.body.id).not.toBe(attempt.id);
    // no body at all, as a plain `curl -X POST` sends it
    const submitted = await candidate.call('POST', `/api/exam-attempts/${second.body.id}/submit`);
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      submittedBy: 'candidate',
      percent: 0,
      passed: false,
    });
    const again = await candidate.call('POST', `/api/exam-attempts/${second.body.id}/submit`, {});
    expect(again.status).toBe(409);
    const history = await candidate.call('GET', '/api/exam-attempts');
    expect(history.body.map((a: { id: string; passed: boolean }) => [a.id, a.passed])).toEqual([
      [second.body.id, false],
      [attempt.id, true],
    ]);
  });
});
