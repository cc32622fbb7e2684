import { Learner } from './platform-client';
import { startTestApp, type TestApp } from './test-app';

const PASSWORD = 'exam-audit-password-1';
const EXAM = 'exam-two-clusters';
const HOUR = 60 * 60_000;

/** Exam actions in the platform's one audit log, and the review window as an admin set it. */
describe("an exam attempt in the admin's view", () => {
  let platform: TestApp;
  let admin: Learner;
  let candidate: Learner;

  beforeAll(async () => {
    platform = await startTestApp('exam-audit', { password: PASSWORD, contentFixture: EXAM });
    admin = await new Learner(platform.base, 'admin@kubebelt.local', PASSWORD).login();
    candidate = await new Learner(platform.base, 'student@kubebelt.local', PASSWORD).login();
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('logs the exam actions once, read per attempt and in the audit log; the review window follows the setting', async () => {
    await admin.call('PUT', '/api/admin/settings', { examReviewHours: 2 });
    const attempt = (await candidate.call('POST', `/api/exams/${EXAM}/attempts`)).body;
    await candidate.call('POST', `/api/exam-attempts/${attempt.id}/flags`, {
      taskId: attempt.tasks[0].id,
    });
    const submitted = await candidate.call('POST', `/api/exam-attempts/${attempt.id}/submit`);
    expect(submitted.status).toBeLessThan(300);
    const view = (await candidate.call('GET', `/api/exam-attempts/${attempt.id}`)).body;
    const review = Date.parse(view.reviewUntil) - Date.parse(view.submittedAt);
    expect(review).toBeGreaterThan(2 * HOUR - 60_000);
    expect(review).toBeLessThanOrEqual(2 * HOUR + 60_000);

    const candidateId = (await candidate.call('GET', '/api/auth/me')).body.id;
    const log = await admin.call('GET', `/api/admin/audit?action=exam.&targetId=${attempt.id}`);
    expect(log.body.events.map((e: { action: string }) => e.action)).toEqual([
      'exam.submitted',
      'exam.flagged',
      'exam.started',
    ]);
    expect(log.body.events[0]).toMatchObject({
      actorId: candidateId,
      actorEmail: 'student@kubebelt.local',
      targetType: 'exam-attempt',
    });
    const perAttempt = await candidate.call('GET', `/api/exam-attempts/${attempt.id}/audit`);
    expect(perAttempt.body.map((e: { action: string }) => e.action)).toEqual([
      'started',
      'flagged',
      'submitted',
    ]);
    // the admin actions and the exam actions are one log: an area filter keeps them apart
    const settings = await admin.call('GET', '/api/admin/audit?action=settings.');
    expect(settings.body.events.map((e: { action: string }) => e.action)).toEqual([
      'settings.changed',
    ]);
  });
});
