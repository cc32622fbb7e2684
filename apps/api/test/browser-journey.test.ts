import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../src/app';
import { DemoAccountsSeeder } from '../src/auth/demo-accounts.seeder';
import { loadConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { defaultWebDir, repoRoot } from '../src/paths';
import { launchChromium } from './browser';

const PASSWORD = 'browser-password-1';
/** KUBEBELT_SCREENSHOTS=docs/screenshots saves the main pages there (en, and zh as *.zh.png). */
const SCREENSHOTS = process.env.KUBEBELT_SCREENSHOTS
  ? path.resolve(repoRoot, process.env.KUBEBELT_SCREENSHOTS)
  : undefined;
const solution = readFileSync(
  path.join(repoRoot, 'labs/kubernetes/deployments/deployment-basics/solution.sh'),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim());

describe('a learner in a real browser', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubebelt-browser-'));
  let app: INestApplication;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    const config = loadConfig({
      KUBEBELT_DATA_DIR: dir,
      KUBEBELT_WEB_DIR: defaultWebDir,
      KUBEBELT_DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: 'error',
    });
    app = await createApp(config, await Database.open(config.database));
    await app.listen(0, '127.0.0.1');
    await app.get(DemoAccountsSeeder).seed();
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    // a 13" laptop
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  });

  /** The page from its top (the whole page with fullPage), once its transitions settled. */
  async function screenshot(name: string, fullPage = false) {
    if (!SCREENSHOTS) return;
    await page.evaluate('window.scrollTo(0, 0)');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
  }

  /** The task list's own items (each task's check results are a list of their own). */
  const taskItems = (name: string) =>
    page.getByRole('list', { name }).locator(':scope > [role="listitem"]');

  /** Types into xterm.js as a person would, and waits for the shell's next prompt. */
  async function typeInTerminal(command: string) {
    const prompts = await page.locator('.xterm-rows').getByText('learner@kubebelt').count();
    await page.locator('.xterm-helper-textarea').focus();
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 90_000;
    while ((await page.locator('.xterm-rows').getByText('learner@kubebelt').count()) <= prompts) {
      if (Date.now() > deadline) throw new Error(`no prompt after ${command}`);
      await page.waitForTimeout(50);
    }
  }

  it('signs in, opens a lab, works in the terminal and sees every task pass', async () => {
    await page.goto(base);
    await page.getByText('OK (sqlite)').waitFor();
    await screenshot('sign-in');
    await page.getByLabel('Email').fill('student@kubebelt.local');
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Courses', level: 1 }).waitFor();
    await screenshot('catalog');
    await page.getByTestId('item-deployment-basics').click();
    await page.getByRole('button', { name: 'Start lab' }).click();
    await page
      .locator('.xterm-rows')
      .getByText('learner@kubebelt')
      .first()
      .waitFor({ timeout: 30_000 });
    // the start's steps (shown while it takes) are gone once the prompt is there
    await page.getByTestId('start-progress').waitFor({ state: 'detached' });
    await typeInTerminal('kubectl get nodes');
    await page.locator('.xterm-rows').getByText('controlplane').first().waitFor();
    expect(await taskItems('Tasks').count()).toBe(3);
    // the first task, done: it turns green live, Check all scores it
    for (const line of solution.slice(0, 2)) await typeInTerminal(line);
    await page.locator('[data-testid="task-create"][data-passed="true"]').waitFor();
    await page.getByTestId('check-all').click();
    await page.getByTestId('score').getByText('Score 1 / 3 · 33%').waitFor({ timeout: 30_000 });
    await screenshot('lab-player');
    // one task checked alone: its results, a hint, and the lab's score unchanged
    await page.getByTestId('task-scale').getByRole('button').first().click();
    await page.getByTestId('check-scale').click();
    await page.getByTestId('task-scale').getByText('Deployment web: .spec.replicas is 2').waitFor();
    await page.getByTestId('task-scale').getByRole('button', { name: 'Show a hint' }).click();
    await page.getByTestId('task-scale').getByText('Hint 1').waitFor();
    await page.getByTestId('score').getByText('Score 1 / 3 · 33%').waitFor();
    await screenshot('check-results');
    for (const line of solution.slice(2)) await typeInTerminal(line);
    await page.getByTestId('check-all').click();
    await page.getByTestId('score').getByText('Score 3 / 3 · 100%').waitFor({ timeout: 30_000 });
    for (const task of ['create', 'scale', 'update'])
      expect(await page.getByTestId(`task-${task}`).getAttribute('data-passed')).toBe('true');
  }, 180_000);

  it('finds the scrollback and the progress again after a reload', async () => {
    await page.reload();
    await page.locator('.xterm-rows').getByText('kubectl get nodes').waitFor({ timeout: 30_000 });
    for (const task of ['create', 'scale', 'update'])
      await page.locator(`[data-testid="task-${task}"][data-passed="true"]`).waitFor();
  }, 60_000);

  it('shows the lab in Chinese', async () => {
    await page.getByText('中文').click();
    await page.getByRole('heading', { name: '创建、扩缩容并更新 Deployment' }).waitFor();
    await page.getByRole('button', { name: '全部检查' }).click();
    await page.getByTestId('score').getByText('得分 3 / 3 · 100%').waitFor({ timeout: 30_000 });
    expect(await taskItems('任务').count()).toBe(3);
    await screenshot('lab-player.zh');
  }, 60_000);

  it('answers a quiz and sees each explanation, the right choices marked', async () => {
    for (const lang of ['zh', 'en'] as const) {
      await page.goto(`${base}/quizzes/quiz-cloud-native`);
      const questions = page.locator('[data-testid^="question-"]');
      await questions.first().waitFor();
      const count = await questions.count();
      // the first choice (some right, some wrong): everywhere in English, twice in Chinese
      for (let i = 0; i < (lang === 'zh' ? 2 : count); i++) {
        const question = questions.nth(i);
        const radios = question.getByRole('radio');
        await ((await radios.count()) ? radios : question.getByRole('checkbox')).first().check();
      }
      await page
        .getByRole('button', { name: lang === 'zh' ? '提交答案' : 'Submit answers' })
        .click();
      await page.getByTestId('quiz-result').waitFor();
      expect(await page.getByText(lang === 'zh' ? '解析' : 'Why', { exact: true }).count()).toBe(
        count,
      );
      expect(
        await page.locator('[data-state="correct"], [data-state="missed"]').count(),
      ).toBeGreaterThanOrEqual(count);
      await screenshot(lang === 'zh' ? 'quiz.zh' : 'quiz');
      if (lang === 'zh') await page.getByText('EN', { exact: true }).click();
    }
  }, 60_000);

  it('shows progress by curriculum domain and each attempt', async () => {
    await page.getByRole('link', { name: 'My progress' }).click();
    await page.getByText('CKA: Workloads and Scheduling').first().waitFor();
    await page
      .getByTestId('attempts-lab:deployment-basics')
      .getByText('Create, scale and update a Deployment')
      .waitFor();
    await page.getByRole('img', { name: /Scores of \d+ attempts over time/ }).waitFor();
    await screenshot('progress', true);
    await page.getByText('中文').click();
    await page.getByText('CKA：工作负载与调度').first().waitFor();
    await screenshot('progress.zh', true);
  }, 60_000);

  it('switches the whole interface and the content to Chinese', async () => {
    await page.goto(base);
    await page.getByRole('heading', { name: '课程', level: 1 }).waitFor();
    await page.getByText('Kubernetes 实战：从零到 CKA/CKAD').waitFor();
    await page
      .getByTestId('item-deployment-basics')
      .getByText('创建、扩缩容并更新 Deployment')
      .waitFor();
    await screenshot('catalog.zh');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    await page.getByRole('heading', { name: '平台状态' }).waitFor();
    await screenshot('sign-in.zh');
  }, 60_000);
});
