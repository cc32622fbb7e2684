/**
 * The score report as a PDF: the web app's own report page, printed by a headless Chromium
 * (Debian's, driven by playwright-core: nothing is downloaded) with the candidate's cookie, so
 * the PDF shows exactly the printable page, in either language (CJK fonts included).
 */
import { existsSync } from 'node:fs';
import { HttpException, HttpStatus } from '@nestjs/common';
import { SESSION_COOKIE } from '../auth/signed-in';

const CHROMIUM = process.env.KUBEBELT_CHROMIUM ?? '/usr/bin/chromium';
/** Chromium is heavy: at most this many PDFs are printed at once. */
const MAX_PRINTING = 2;
let printing = 0;

export interface ReportPage {
  /** This server's address as seen from itself, e.g. http://127.0.0.1:3000 */
  base: string;
  attemptId: string;
  sessionToken: string;
  language: 'en' | 'zh';
}

export async function renderReportPdf(report: ReportPage): Promise<Buffer> {
  if (!existsSync(CHROMIUM))
    throw new HttpException(
      `PDF export needs Chromium on the server (${CHROMIUM} is missing; set KUBEBELT_CHROMIUM): print the report page instead`,
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  if (printing >= MAX_PRINTING)
    throw new HttpException('Too many reports are being printed: try again', 429);
  printing++;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const host = new URL(report.base).hostname;
    const context = await browser.newContext({
      locale: report.language === 'zh' ? 'zh-CN' : 'en-US',
    });
    await context.addCookies([
      { name: SESSION_COOKIE, value: report.sessionToken, domain: host, path: '/', httpOnly: true },
    ]);
    // the web app's remembered language (its i18n reads this key before the browser's)
    await context.addInitScript(
      `localStorage.setItem('kubebelt.language', ${JSON.stringify(report.language)})`,
    );
    const page = await context.newPage();
    await page.goto(`${report.base}/exam-attempts/${report.attemptId}/report`);
    await page.getByTestId('exam-percent').waitFor({ timeout: 20_000 });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
    });
  } finally {
    printing--;
    await browser.close();
  }
}
