import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Learner } from './platform-client';
import { startTestApp, type TestApp } from './test-app';

const PASSWORD = 'classes-password-1';
const LAB = 'deployment-basics';

/** An instructor's class: members by invite code and by email, an assigned lab, the dashboard. */
describe('a class and its dashboard', () => {
  let platform: TestApp;
  let base: string;
  let instructor: Learner;
  let student: Learner;
  let classId: string;
  let studentId: string;

  beforeAll(async () => {
    platform = await startTestApp('classes', { password: PASSWORD });
    base = platform.base;
    instructor = await new Learner(base, 'instructor@kubebelt.local', PASSWORD).login();
    student = await new Learner(base, 'student@kubebelt.local', PASSWORD).login();
    studentId = (await student.call('GET', '/api/auth/me')).body.id;
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('is created by an instructor and joined by a learner with its code', async () => {
    const created = await instructor.call('POST', '/api/classes', { name: 'CKA evening class' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'CKA evening class', members: 0 });
    classId = created.body.id;
    expect((await student.call('POST', '/api/classes', { name: 'mine' })).status).toBe(403);
    expect((await student.call('GET', `/api/classes/${classId}`)).status).toBe(404);
    const joined = await student.call('POST', '/api/classes/join', {
      code: created.body.inviteCode,
    });
    expect(joined.body).toMatchObject({ id: classId, members: 1, inviteCode: null });
    const mine = await student.call('GET', '/api/classes');
    expect(mine.body.map((c: { id: string }) => c.id)).toEqual([classId]);
    expect((await student.call('POST', '/api/classes/join', { code: 'nope' })).status).toBe(404);
  });

  it('adds learners from a CSV: members, invitations for new emails, the bad lines named', async () => {
    const added = await instructor.call('POST', `/api/classes/${classId}/members`, {
      emails:
        'email,name\nstudent@kubebelt.local,Demo\nNew.Learner@example.com,New\nnot-an-email,x\nsecond@example.com; third@example.com\n',
    });
    expect(added.body).toMatchObject({
      added: [],
      already: ['student@kubebelt.local'],
      invited: [
        { email: 'new.learner@example.com', token: expect.any(String) },
        { email: 'second@example.com', token: expect.any(String) },
        { email: 'third@example.com', token: expect.any(String) },
      ],
      invalid: ['not-an-email'],
    });
    const registered = await fetch(`${base}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'new.learner@example.com',
        name: 'New Learner',
        password: 'a-new-password-1',
        invitation: added.body.invited[0].token,
      }),
    });
    expect(registered.status).toBeLessThan(300);
    const view = await instructor.call('GET', `/api/classes/${classId}`);
    expect(view.body.memberList.map((m: { email: string }) => m.email)).toEqual([
      'student@kubebelt.local',
      'new.learner@example.com',
    ]);
  });

  it('assigns a lab once, and only one that exists', async () => {
    const assigned = await instructor.call('POST', `/api/classes/${classId}/assignments`, {
      kind: 'lab',
      itemId: LAB,
      dueAt: '2027-01-31T18:00:00.000Z',
    });
    expect(assigned.body).toMatchObject({
      kind: 'lab',
      itemId: LAB,
      title: 'Create, scale and update a Deployment',
      dueAt: '2027-01-31T18:00:00.000Z',
    });
    const again = await instructor.call('POST', `/api/classes/${classId}/assignments`, {
      kind: 'lab',
      itemId: LAB,
    });
    expect(again.status).toBe(409);
    const unknown = await instructor.call('POST', `/api/classes/${classId}/assignments`, {
      kind: 'exam',
      itemId: 'no-such-exam',
    });
    expect(unknown.status).toBe(404);
    const seen = await student.call('GET', `/api/classes/${classId}`);
    expect(seen.body).toMatchObject({ memberList: [], assignmentList: [{ itemId: LAB }] });
  });

  it('shows who is in the lab, the score bands and the checks the class fails', async () => {
    const session = (await student.call('POST', `/api/labs/${LAB}/sessions`)).body;
    expect((await student.call('POST', `/api/sessions/${session.id}/check`, {})).status).toBe(200);
    const kubeconfig = path.join(platform.dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      (await student.call('GET', `/api/sessions/${session.id}/kubeconfig`)).text,
    );
    // the server runs in this process: kubectl must not block its event loop
    const kubectl = (...args: string[]) =>
      promisify(execFile)('kubectl', args, {
        env: { ...process.env, KUBECONFIG: kubeconfig, HOME: platform.dir },
      });
    await kubectl('create', 'deployment', 'web', '--image=nginx:1.26', '--replicas=2');
    await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s');
    const second = await student.call('POST', `/api/sessions/${session.id}/check`, {});
    expect(second.body.tasks[0].passed).toBe(true);

    const dashboard = await instructor.call('GET', `/api/classes/${classId}/dashboard`);
    const [lab] = dashboard.body.assignments;
    expect(lab).toMatchObject({
      members: 2,
      started: 1,
      completed: 0,
      completionPercent: 0,
      scoreBands: [0, 1, 0, 0, 0],
      medianMinutesToComplete: null,
      activeNow: [studentId],
    });
    const rate = (task: string, check: string) =>
      lab.checkFailures.find(
        (c: { taskId: string; checkId: string }) => c.taskId === task && c.checkId === check,
      );
    expect(rate('scale', 'replicas')).toMatchObject({ failed: 1, graded: 1, percent: 100 });
    expect(rate('create', 'image')).toMatchObject({ failed: 0, graded: 1, percent: 0 });
    expect(lab.checkFailures[0].percent).toBe(100);
    expect((await student.call('GET', `/api/classes/${classId}/dashboard`)).status).toBe(403);

    const history = await instructor.call('GET', `/api/classes/${classId}/members/${studentId}`);
    expect(history.body.labAttempts.map((a: { score: number }) => a.score)).toEqual([1, 0]);
  }, 120_000);
});
