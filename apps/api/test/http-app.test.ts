import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';

describe('the API over real HTTP', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubebelt-http-'));
  const webDir = path.join(dir, 'web');
  let app: INestApplication;
  let database: Database;
  let base: string;

  beforeAll(async () => {
    mkdirSync(path.join(webDir, 'assets'), { recursive: true });
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>kubebelt</title>');
    writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log("kubebelt")');
    const config = loadConfig({
      KUBEBELT_DATA_DIR: dir,
      KUBEBELT_WEB_DIR: webDir,
      KUBEBELT_DEMO_ACCOUNTS: 'false',
      LOG_LEVEL: 'error',
    });
    database = await Database.open(config.database);
    app = await createApp(config, database);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  });

  afterEach(() => jest.restoreAllMocks());

  it('GET /api/health answers 200 with status ok after querying the database', async () => {
    const ping = jest.spyOn(database, 'ping');
    const response = await fetch(`${base}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      database: 'ok',
      databaseProvider: 'sqlite',
      version: '0.1.0',
    });
    expect(ping).toHaveBeenCalledTimes(1);
  });

  it('GET /api/health answers 503 with status error when the database query fails', async () => {
    jest.spyOn(database, 'ping').mockRejectedValue(new Error('database is locked'));
    const response = await fetch(`${base}/api/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'error',
      database: 'error',
      error: 'database is locked',
    });
  });

  it('serves the web app: its index at /, its files, and the index for client-side routes', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>kubebelt</title>');
    const asset = await fetch(`${base}/assets/app.js`);
    expect(await asset.text()).toBe('console.log("kubebelt")');
    const route = await fetch(`${base}/labs/pods-101`);
    expect(await route.text()).toContain('<title>kubebelt</title>');
  });

  it('answers unknown /api paths with a JSON 404, not with the web app', async () => {
    const response = await fetch(`${base}/api/no-such-thing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('publishes its OpenAPI description at /api/docs', async () => {
    const page = await fetch(`${base}/api/docs`);
    expect(page.status).toBe(200);
    const document = (await (await fetch(`${base}/api/docs-json`)).json()) as { paths: object };
    expect(Object.keys(document.paths)).toContain('/api/health');
  });
});
