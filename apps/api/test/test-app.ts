/** The platform in this process for a test: its own data directory, demo accounts seeded. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app';
import { DemoAccountsSeeder } from '../src/auth/demo-accounts.seeder';
import { loadConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { repoRoot } from '../src/paths';

export interface TestApp {
  app: INestApplication;
  /** http://127.0.0.1:<port> */
  base: string;
  dir: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** The demo accounts' password. */
  password: string;
  /** Other configuration variables (KUBEBELT_WEB_DIR defaults to none: API only). */
  env?: Record<string, string>;
  /** Serve only this fixture of packages/labs/test/fixtures as the content (e.g. an exam). */
  contentFixture?: string;
}

export async function startTestApp(name: string, options: TestAppOptions): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), `kubebelt-${name}-`));
  const env: Record<string, string> = {
    KUBEBELT_DATA_DIR: dir,
    KUBEBELT_WEB_DIR: dir,
    KUBEBELT_DEMO_PASSWORD: options.password,
    LOG_LEVEL: 'error',
    // the suites start sessions one by one: clusters made ahead would only add work (the journeys keep them)
    KUBEBELT_WARM_CLUSTERS: '0',
    ...options.env,
  };
  if (options.contentFixture) {
    const content = path.join(dir, 'content');
    cpSync(
      path.join(repoRoot, 'packages/labs/test/fixtures', options.contentFixture),
      path.join(content, options.contentFixture),
      { recursive: true },
    );
    env.KUBEBELT_CONTENT_DIR = content;
  }
  const config = loadConfig(env);
  const app = await createApp(config, await Database.open(config.database));
  await app.listen(0, '127.0.0.1');
  await app.get(DemoAccountsSeeder).seed();
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return {
    app,
    base,
    dir,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    },
  };
}
