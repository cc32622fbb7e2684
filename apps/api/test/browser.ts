/** Debian's Chromium driven by playwright-core (no browser download), as the browser tests use it. */
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { repoRoot } from '../src/paths';

export const CHROMIUM = process.env.KUBEBELT_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** KUBEBELT_SCREENSHOTS=docs/screenshots saves pages there (relative to the repository). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.KUBEBELT_SCREENSHOTS;
  if (!dir) return;
  await page.waitForTimeout(300); // let transitions settle
  await page.screenshot({ path: path.join(path.resolve(repoRoot, dir), `${name}.png`) });
}

/** Types into xterm.js as a person would, and waits for the shell's next prompt. */
export async function typeInTerminal(page: Page, command: string): Promise<void> {
  const prompts = () => page.locator('.xterm-rows').getByText('learner@kubebelt').count();
  const before = await prompts();
  await page.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  const deadline = Date.now() + 90_000;
  while ((await prompts()) <= before) {
    if (Date.now() > deadline) throw new Error(`no prompt after ${command}`);
    await page.waitForTimeout(50);
  }
}
