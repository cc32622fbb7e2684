import type { Browser, Page } from 'playwright-core';
import { defaultWebDir } from '../src/paths';
import { launchChromium, screenshot, typeInTerminal } from './browser';
import { startTestApp, type TestApp } from './test-app';

const PASSWORD = 'exam-browser-password-1';
const EXAM = 'exam-two-clusters';

describe('an exam candidate in a real browser', () => {
  let platform: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    platform = await startTestApp('exam-browser', {
      password: PASSWORD,
      contentFixture: EXAM,
      env: { KUBEBELT_WEB_DIR: defaultWebDir },
    });
    base = platform.base;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 850 }, locale: 'en-US' });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('takes a short exam: contexts in the terminal, a flag, a question, submit', async () => {
    await page.goto(base);
    await page.getByLabel('Email').fill('student@kubebelt.local');
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Exams' }).click();
    const card = page.getByRole('article', { name: 'Two-cluster practice exam' });
    await card.getByText('10 min · pass mark 60% · 2 tasks · 1 questions').waitFor();
    await card.getByRole('button', { name: 'Start exam' }).click();
    await page.getByRole('button', { name: 'Start now' }).click();
    const timer = page.getByRole('timer', { name: 'Time left' });
    await timer.waitFor({ timeout: 30_000 });
    expect(await timer.textContent()).toMatch(/^(10:00|09:5\d)$/);
    // no Check during an exam
    expect(await page.getByRole('button', { name: /Check/ }).count()).toBe(0);
    const tasks = page.getByRole('list', { name: 'Exam tasks' }).getByRole('listitem');
    expect(await tasks.count()).toBe(2);

    await page
      .locator('.xterm-rows')
      .getByText('learner@kubebelt')
      .first()
      .waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Switch in terminal' }).click();
    await page.locator('.xterm-rows').getByText('Switched to context "k8s-c1"').waitFor();
    await typeInTerminal(page, 'kubectl run web --image=nginx');
    await page.getByRole('button', { name: 'Flag for review' }).click();
    await page.getByRole('button', { name: 'Remove flag' }).waitFor();

    await tasks.nth(1).getByRole('button').click();
    const pooled = (await page.getByRole('heading', { name: /^Task 2: / }).textContent())?.match(
      /team-[ab]/,
    )?.[0];
    expect(pooled).toBeDefined();
    await typeInTerminal(page, `kubectl --context k8s-c2 create namespace ${pooled}`);
    await page.locator('.xterm-rows').getByText(`namespace/${pooled} created`).waitFor();

    await page.getByRole('tab', { name: 'Questions (1)' }).click();
    await page.getByRole('radio', { name: 'A Pod' }).check();
    await page.getByRole('tab', { name: 'Notes' }).click();
    await page.getByRole('textbox', { name: 'Notes' }).fill('web is on k8s-c1');
    await page.getByText('Saved', { exact: true }).waitFor();
    await page.getByRole('tab', { name: /^Tasks/ }).click();
    await screenshot(page, 'exam');

    await page.getByRole('button', { name: 'Submit exam' }).click();
    await page.getByText('You still have 1 flagged task(s).').waitFor();
    await page.getByRole('button', { name: 'Submit and grade' }).click();
    await page.getByText('Your score: 100%.').waitFor({ timeout: 30_000 });
    expect(await timer.count()).toBe(0);
  }, 180_000);

  it('reads the report, prints it and downloads it as a PDF', async () => {
    await page.getByRole('link', { name: 'Score report' }).click();
    await page.getByTestId('exam-percent').getByText('100%').waitFor();
    await page.getByText('Passed', { exact: true }).first().waitFor();
    await page.getByText('Submitted by you').waitFor();
    await screenshot(page, 'exam-report');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    const pdf = await page.request.get(
      `${base}${await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href')}`,
    );
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const body = await pdf.body();
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.length).toBeGreaterThan(10_000);

    await page.getByText('中文').click();
    await page.getByText('成绩报告：双集群练习考试').waitFor();
    await screenshot(page, 'exam-report.zh');
    await page.getByText('EN', { exact: true }).click();
  }, 120_000);

  it('lists the attempt with its score', async () => {
    await page.getByRole('link', { name: 'Exams', exact: true }).click();
    const row = page.getByRole('row', { name: /Two-cluster practice exam/ });
    await row.getByText('100%').waitFor();
    await row.getByText('Passed').waitFor();
  }, 60_000);
});
