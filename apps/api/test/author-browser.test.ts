import type { Browser, Page } from 'playwright-core';
import { defaultWebDir } from '../src/paths';
import { launchChromium, screenshot } from './browser';
import { startTestApp, type TestApp } from './test-app';

const PASSWORD = 'author-browser-password-1';

/** Moves Monaco's cursor to a line and types over it, keeping its indentation. */
async function replaceLine(page: Page, line: number, text: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type(text);
}

describe('an instructor writing a lab in a real browser', () => {
  let platform: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    platform = await startTestApp('author-browser', {
      password: PASSWORD,
      env: { KUBEBELT_WEB_DIR: defaultWebDir },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('creates a lab from its template, sees a schema error as typed, verifies and publishes it', async () => {
    await page.goto(platform.base);
    await page.getByLabel('Email').fill('instructor@kubebelt.local');
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Authoring' }).click();
    await page.getByText('Nothing written yet').waitFor();
    await page.getByRole('textbox', { name: 'Id' }).fill('browser-lab');
    await page.getByRole('button', { name: 'Create from template' }).click();

    await page
      .locator('.monaco-editor .view-lines')
      .getByText('kind: Lab')
      .waitFor({ timeout: 30_000 });
    const problemsTab = page.getByRole('tab', { name: /Problems/ });
    await replaceLine(page, 10, 'difficulty: easy');
    await page.getByText('Unsaved changes').waitFor();
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 10_000 });
    await problemsTab.click();
    await page.getByText(/lab\.yaml:10:\d+ \/difficulty/).waitFor();

    await replaceLine(page, 10, 'difficulty: beginner');
    await replaceLine(page, 5, 'en: Scale web in the browser');
    await page.getByText('No problems: the files lint as labs/ does.').waitFor({ timeout: 10_000 });
    await page.getByRole('tab', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'Create the Deployment' }).waitFor();
    // the task markers are the loader's, not the learner's
    expect(await page.getByText('<!-- task:').count()).toBe(0);
    await page.getByRole('tab', { name: '中文' }).click();
    await page.getByRole('heading', { name: '创建 Deployment' }).waitFor();

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Scale web in the browser' }).waitFor();
    expect(await page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Verify' }).first().click();
    const log = page.getByLabel('Verify steps');
    await log.getByText('Before the solution: 0 of 2 checks pass').waitFor({ timeout: 60_000 });
    await log.getByText(/^Verify passed in/).waitFor({ timeout: 90_000 });
    await log.getByText('mistakes/one-replica.sh').waitFor();
    await screenshot(page, 'author-verify');

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published v1').first().waitFor();
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('cell', { name: 'v1' }).waitFor();
    await page.getByRole('link', { name: '← Authoring' }).click();
    await page.getByRole('link', { name: 'Scale web in the browser' }).waitFor();
    await screenshot(page, 'author-list');
  }, 180_000);
});
