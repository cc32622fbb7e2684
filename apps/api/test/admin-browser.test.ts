import type { Browser, Page } from 'playwright-core';
import { defaultWebDir } from '../src/paths';
import { launchChromium, screenshot } from './browser';
import { Learner } from './platform-client';
import { startTestApp, type TestApp } from './test-app';

const PASSWORD = 'admin-browser-password-1';
const LAB = 'deployment-basics';

async function signIn(page: Page, base: string, email: string): Promise<void> {
  await page.goto(base);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // signed in once the header offers to sign out: a page opened before that would be signed out
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** An admin at the Admin page, and an instructor reading a learner's terminal, in Chromium. */
describe('admin and transcripts in a real browser', () => {
  let platform: TestApp;
  let browser: Browser;
  let classId: string;

  beforeAll(async () => {
    platform = await startTestApp('admin-browser', {
      password: PASSWORD,
      env: { KUBEBELT_WEB_DIR: defaultWebDir },
    });
    browser = await launchChromium();
    const { base } = platform;
    const admin = await new Learner(base, 'admin@kubebelt.local', PASSWORD).login();
    const instructor = await new Learner(base, 'instructor@kubebelt.local', PASSWORD).login();
    const student = await new Learner(base, 'student@kubebelt.local', PASSWORD).login();
    const created = await instructor.call('POST', '/api/classes', { name: 'CKA evening class' });
    classId = created.body.id;
    await student.call('POST', '/api/classes/join', { code: created.body.inviteCode });
    const ta = await admin.call('POST', '/api/accounts', {
      email: 'ta@example.com',
      name: 'Teaching Assistant',
      role: 'student',
      password: PASSWORD,
    });
    await admin.call('PATCH', `/api/accounts/${ta.body.id}`, { role: 'instructor' });
    await admin.call('POST', '/api/invitations', { email: 'new.learner@example.com' });
    await admin.call('PUT', '/api/admin/settings', { transcriptRetentionDays: 14 });

    // the learner works in their terminal: what the instructor will read back
    const session = (await student.call('POST', `/api/labs/${LAB}/sessions`)).body;
    const terminal = await student.terminal(session.id);
    try {
      await terminal.waitFor('learner@kubebelt');
      for (const command of [
        'kubectl get nodes',
        'kubectl create deployment web --image=nginx:1.26 --replicas=2',
        'kubectl get deploy,pods',
        'kubectl scale deployment web --replicas=3',
      ]) {
        const from = terminal.output.length;
        terminal.socket.emit('input', `${command}\r`);
        await terminal.waitFor(/\n[^\n]*learner@kubebelt/, 30_000, from);
      }
    } finally {
      terminal.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('an admin changes a setting and reads the audit log', async () => {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 1000 },
      locale: 'en-US',
    });
    await signIn(page, platform.base, 'admin@kubebelt.local');
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    const log = page.getByRole('region', { name: 'Audit log' });
    await log.getByText('account.role-changed').waitFor();
    await log.getByText('transcriptRetentionDays: 30 → 14').waitFor();
    const accounts = page.getByRole('region', { name: /^Accounts/ });
    await accounts.getByText('ta@example.com').waitFor();
    expect(await accounts.getByLabel('Role of ta@example.com').inputValue()).toBe('Instructor');

    const idle = page.getByLabel('Session idle timeout (minutes)');
    await idle.fill('45');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').waitFor();
    await log.getByText('sessionIdleMinutes: 60 → 45').waitFor();
    await screenshot(page, 'admin');
    await page.close();
  }, 120_000);

  it("an instructor opens a learner's transcript read-only", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    await signIn(page, platform.base, 'instructor@kubebelt.local');
    await page.goto(`${platform.base}/classes/${classId}`);
    await page.getByRole('button', { name: 'Demo Student', exact: true }).click();
    await page.getByText('Sessions and terminal transcripts').waitFor();
    await page.getByRole('button', { name: /Open the transcript of deployment-basics/ }).click();
    const rows = page.getByRole('dialog').locator('.xterm-rows');
    await rows.getByText('deployment.apps/web scaled').waitFor();
    await rows.getByText('kubectl get deploy,pods').waitFor();
    // no input reaches anything: typing changes nothing on the screen
    const before = await rows.textContent();
    await page.getByRole('dialog').locator('.xterm-screen').click();
    await page.keyboard.type('echo typed-here');
    await page.waitForTimeout(300);
    expect(await rows.textContent()).toBe(before);
    expect(before).not.toContain('typed-here');
    await screenshot(page, 'transcript');
    await page.close();
  }, 120_000);
});
