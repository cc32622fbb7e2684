import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createApp } from '../src/app';
import { DemoAccountsSeeder } from '../src/auth/demo-accounts.seeder';
import { loadConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { defaultWebDir, repoRoot } from '../src/paths';

// Debian's Chromium, driven by playwright-core (no browser download); `npm test` builds the web app first.
const CHROMIUM = process.env.KUBEBELT_CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'browser-password-1';
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
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1366, height: 850 }, locale: 'en-US' });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

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
    await page.getByLabel('Email').fill('student@kubebelt.local');
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Courses', level: 1 }).waitFor();
    await page.getByTestId('item-deployment-basics').click();
    await page.getByRole('button', { name: 'Start lab' }).click();
    await page
      .locator('.xterm-rows')
      .getByText('learner@kubebelt')
      .first()
      .waitFor({ timeout: 30_000 });
    for (const line of solution) await typeInTerminal(line);
    await page.getByTestId('check-all').click();
    await page.getByTestId('score').getByText('Score 3 / 3 · 100%').waitFor({ timeout: 30_000 });
    for (const task of ['create', 'scale', 'update'])
      expect(await page.getByTestId(`task-${task}`).getAttribute('data-passed')).toBe('true');
  }, 180_000);

  it('switches the whole interface and the content to Chinese', async () => {
    await page.goto(base);
    await page.getByText('中文').click();
    await page.getByRole('heading', { name: '课程', level: 1 }).waitFor();
    await page.getByText('Kubernetes 实战：从零到 CKA/CKAD').waitFor();
    await page
      .getByTestId('item-deployment-basics')
      .getByText('创建、扩缩容并更新 Deployment')
      .waitFor();
  }, 60_000);
});
