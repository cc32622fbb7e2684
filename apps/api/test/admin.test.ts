import { TranscriptsService } from '../src/terminal/transcripts.service';
import { Learner } from './platform-client';
import { startTestApp, type TestApp } from './test-app';

const PASSWORD = 'admin-test-password-1';
const LAB = 'deployment-basics';
const DAY = 24 * 60 * 60_000;

/** Admin settings, accounts and the audit log; instructors reading a learner's terminal. */
describe('admin and transcripts', () => {
  let platform: TestApp;
  let base: string;
  let admin: Learner;
  let instructor: Learner;
  let student: Learner;
  let otherStudent: Learner;
  let otherInstructor: Learner;
  let studentId: string;
  let otherStudentId: string;
  let classId: string;
  let sessionId: string;

  const account = async (email: string, role: string) => {
    const created = await admin.call('POST', '/api/accounts', {
      email,
      name: email.split('@')[0],
      role,
      password: PASSWORD,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  beforeAll(async () => {
    platform = await startTestApp('admin', { password: PASSWORD });
    base = platform.base;
    admin = await new Learner(base, 'admin@kubebelt.local', PASSWORD).login();
    instructor = await new Learner(base, 'instructor@kubebelt.local', PASSWORD).login();
    student = await new Learner(base, 'student@kubebelt.local', PASSWORD).login();
    studentId = (await student.call('GET', '/api/auth/me')).body.id;
    otherStudentId = await account('other.student@example.com', 'student');
    await account('other.instructor@example.com', 'instructor');
    otherStudent = await new Learner(base, 'other.student@example.com', PASSWORD).login();
    otherInstructor = await new Learner(base, 'other.instructor@example.com', PASSWORD).login();
    const created = await instructor.call('POST', '/api/classes', { name: 'Tuesday class' });
    classId = created.body.id;
    // both learners are in the class: being a classmate gives no access to the other's terminal
    for (const learner of [student, otherStudent])
      await learner.call('POST', '/api/classes/join', { code: created.body.inviteCode });
  });

  afterAll(async () => {
    await platform?.close();
  });

  const transcriptPath = (session = sessionId, learner = studentId) =>
    `/api/classes/${classId}/members/${learner}/sessions/${session}/transcript`;

  describe('settings', () => {
    it('are for admins only', async () => {
      expect((await student.call('GET', '/api/admin/settings')).status).toBe(403);
      expect((await instructor.call('PUT', '/api/admin/settings', {})).status).toBe(403);
      expect((await student.call('GET', '/api/admin/audit')).status).toBe(403);
    });

    it('start from the environment and refuse values out of range', async () => {
      const view = await admin.call('GET', '/api/admin/settings');
      expect(view.body).toMatchObject({
        values: { sessionIdleMinutes: 60, transcriptMaxKiB: 1024, transcriptRetentionDays: 30 },
        overridden: [],
      });
      const bad = await admin.call('PUT', '/api/admin/settings', { sessionIdleMinutes: 0 });
      expect(bad.status).toBe(400);
      const unknown = await admin.call('PUT', '/api/admin/settings', { colour: 'blue' });
      expect(unknown.status).toBe(400);
    });

    it('a changed idle TTL applies to the next session at once', async () => {
      const put = await admin.call('PUT', '/api/admin/settings', { sessionIdleMinutes: 7 });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({
        values: { sessionIdleMinutes: 7 },
        defaults: { sessionIdleMinutes: 60 },
        overridden: ['sessionIdleMinutes'],
      });
      const started = await student.call('POST', `/api/labs/${LAB}/sessions`);
      expect(started.status).toBeLessThan(300);
      sessionId = started.body.id;
      const idle = Date.parse(started.body.expiresAt) - Date.now();
      expect(idle).toBeGreaterThan(6 * 60_000);
      expect(idle).toBeLessThanOrEqual(7 * 60_000);
      // null goes back to the environment's value
      const reset = await admin.call('PUT', '/api/admin/settings', { sessionIdleMinutes: null });
      expect(reset.body).toMatchObject({ values: { sessionIdleMinutes: 60 }, overridden: [] });
    });

    it('a lower per-account session limit refuses the next start', async () => {
      await admin.call('PUT', '/api/admin/settings', { maxSessionsPerAccount: 1 });
      const otherLab = await findAnotherLab(student);
      const refused = await student.call('POST', `/api/labs/${otherLab}/sessions`);
      expect(refused.status).toBe(409);
      await admin.call('PUT', '/api/admin/settings', { maxSessionsPerAccount: null });
    });
  });

  describe('terminal transcripts', () => {
    it('record what the shell printed, for the class instructor to read', async () => {
      const terminal = await student.terminal(sessionId);
      try {
        const { output } = await terminal.run('echo transcript-$((40 + 2))');
        expect(output).toContain('transcript-42');
      } finally {
        terminal.close();
      }
      const read = await instructor.call('GET', transcriptPath());
      expect(read.status).toBe(200);
      // the command as echoed, and what it printed
      expect(read.body.output).toContain('echo transcript-$((40 + 2))');
      expect(read.body.output).toContain('transcript-42');
      expect(read.body).toMatchObject({ sessionId, labId: LAB, kind: 'lab', truncated: false });
      expect(read.body.bytes).toBe(Buffer.byteLength(read.body.output));
      const history = await instructor.call('GET', `/api/classes/${classId}/members/${studentId}`);
      expect(history.body.sessions).toEqual([
        expect.objectContaining({ id: sessionId, labId: LAB, transcriptBytes: read.body.bytes }),
      ]);
    });

    it('are a 404 to another learner and to another class instructor, readable by admins', async () => {
      expect((await otherStudent.call('GET', transcriptPath())).status).toBe(404);
      expect((await otherInstructor.call('GET', transcriptPath())).status).toBe(404);
      expect((await student.call('GET', transcriptPath())).status).toBe(404);
      // the session is the learner's, not the classmate's
      expect((await instructor.call('GET', transcriptPath(sessionId, otherStudentId))).status).toBe(
        404,
      );
      expect((await instructor.call('GET', transcriptPath('no-such-session'))).status).toBe(404);
      expect((await admin.call('GET', transcriptPath())).status).toBe(200);
    });

    it('keep only the newest output under the cap', async () => {
      await admin.call('PUT', '/api/admin/settings', { transcriptMaxKiB: 16 });
      const terminal = await student.terminal(sessionId);
      try {
        // about 150 KiB of numbered lines, written in several chunks
        const { exitCode } = await terminal.run("printf 'line-%06d\\n' $(seq 1 12000)", 60_000);
        expect(exitCode).toBe(0);
      } finally {
        terminal.close();
      }
      const read = await instructor.call('GET', transcriptPath());
      expect(read.body.bytes).toBeLessThanOrEqual(16 * 1024);
      expect(read.body.bytes).toBeGreaterThan(4 * 1024);
      expect(read.body.truncated).toBe(true);
      expect(read.body.output).toContain('line-012000');
      expect(read.body.output).not.toContain('line-000001');
      expect(read.body.output).not.toContain('transcript-42');
      await admin.call('PUT', '/api/admin/settings', { transcriptMaxKiB: null });
    });

    it('are deleted after the retention period', async () => {
      // an ended session's shell prints nothing more (a live one may still print its prompt)
      expect((await student.call('POST', `/api/sessions/${sessionId}/end`)).status).toBeLessThan(
        300,
      );
      const transcripts = platform.app.get(TranscriptsService);
      await transcripts.flushAll();
      expect(await transcripts.sweep(Date.now() + 29 * DAY)).toBe(0);
      await admin.call('PUT', '/api/admin/settings', { transcriptRetentionDays: 2 });
      expect(await transcripts.sweep(Date.now() + 3 * DAY)).toBeGreaterThan(0);
      const read = await instructor.call('GET', transcriptPath());
      expect(read.body).toMatchObject({ bytes: 0, output: '' });
    });
  });

  describe('accounts and the audit log', () => {
    it('an admin changes a role and disables an account; both are in the audit log', async () => {
      const accounts = await admin.call('GET', '/api/accounts');
      expect(accounts.body).toContainEqual(
        expect.objectContaining({ email: 'other.student@example.com', disabled: false }),
      );
      expect((await student.call('PATCH', `/api/accounts/${otherStudentId}`, {})).status).toBe(403);
      const promoted = await admin.call('PATCH', `/api/accounts/${otherStudentId}`, {
        role: 'instructor',
      });
      expect(promoted.body).toMatchObject({ role: 'instructor', disabled: false });
      const disabled = await admin.call('PATCH', `/api/accounts/${otherStudentId}`, {
        disabled: true,
      });
      expect(disabled.body).toMatchObject({ disabled: true });
      // signed out at once, and cannot sign in again
      expect((await otherStudent.call('GET', '/api/auth/me')).status).toBe(401);
      await expect(otherStudent.login()).rejects.toThrow(/login 403/);
      const adminId = (await admin.call('GET', '/api/auth/me')).body.id;
      expect(
        (await admin.call('PATCH', `/api/accounts/${adminId}`, { role: 'student' })).status,
      ).toBe(409);

      const audit = await admin.call('GET', '/api/admin/audit?action=account.role-changed');
      expect(audit.status).toBe(200);
      expect(audit.body).toMatchObject({ total: 1, page: 1 });
      expect(audit.body.events[0]).toMatchObject({
        action: 'account.role-changed',
        actorEmail: 'admin@kubebelt.local',
        targetType: 'account',
        targetId: otherStudentId,
        detail: { from: 'student', to: 'instructor' },
      });
    });

    it('lists every admin action newest first, filtered and paged', async () => {
      const all = await admin.call('GET', '/api/admin/audit?pageSize=200');
      const actions = all.body.events.map((e: { action: string }) => e.action);
      expect(actions[0]).toBe('account.disabled');
      expect(actions).toEqual(
        expect.arrayContaining(['account.created', 'settings.changed', 'account.role-changed']),
      );
      const settings = await admin.call('GET', '/api/admin/audit?action=settings.');
      expect(settings.body.events[0].detail).toEqual({
        transcriptRetentionDays: { from: 30, to: 2 },
      });
      const page = await admin.call('GET', '/api/admin/audit?pageSize=2&page=2');
      expect(page.body).toMatchObject({ page: 2, pageSize: 2, total: all.body.total });
      expect(page.body.events.map((e: { id: string }) => e.id)).toEqual(
        all.body.events.slice(2, 4).map((e: { id: string }) => e.id),
      );
      const byTarget = await admin.call('GET', `/api/admin/audit?targetId=${otherStudentId}`);
      expect(byTarget.body.events.map((e: { action: string }) => e.action)).toEqual([
        'account.disabled',
        'account.role-changed',
        'account.created',
      ]);
      expect((await admin.call('GET', '/api/admin/audit?pageSize=1000')).status).toBe(400);
    });
  });
});

/** A lab of the catalog other than LAB. */
async function findAnotherLab(learner: Learner): Promise<string> {
  const courses = (await learner.call('GET', '/api/courses')).body as { id: string }[];
  for (const course of courses) {
    const view = (await learner.call('GET', `/api/courses/${course.id}`)).body;
    for (const module of view.moduleList)
      for (const item of module.items) if (item.kind !== 'quiz' && item.id !== LAB) return item.id;
  }
  throw new Error('no second lab in the catalog');
}
