import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app';
import { DemoAccountsSeeder } from '../src/auth/demo-accounts.seeder';
import { loadConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { Learner, type Terminal } from './platform-client';

const PASSWORD = 'isolation-password-1';
const LAB = 'deployment-basics';

describe('learners are isolated from each other and from the host', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubebelt-isolation-'));
  let app: INestApplication;
  let base: string;
  let port: number;
  let alice: Learner;
  let bob: Learner;
  let aliceSession: string;
  let bobSession: string;
  let aliceTerminal: Terminal;

  beforeAll(async () => {
    const config = loadConfig({
      KUBEBELT_DATA_DIR: dir,
      KUBEBELT_WEB_DIR: dir,
      KUBEBELT_DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: 'error',
    });
    app = await createApp(config, await Database.open(config.database));
    await app.listen(0, '127.0.0.1');
    await app.get(DemoAccountsSeeder).seed();
    port = (app.getHttpServer().address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
    const admin = await new Learner(base, 'admin@kubebelt.local', PASSWORD).login();
    const created = await admin.call('POST', '/api/accounts', {
      email: 'bob@example.com',
      name: 'Bob',
      role: 'student',
      password: 'bob-password-1',
    });
    expect(created.status).toBe(201);
    alice = await new Learner(base, 'student@kubebelt.local', PASSWORD).login();
    bob = await new Learner(base, 'bob@example.com', 'bob-password-1').login();
    aliceSession = (await alice.call('POST', `/api/labs/${LAB}/sessions`)).body.id;
    bobSession = (await bob.call('POST', `/api/labs/${LAB}/sessions`)).body.id;
    aliceTerminal = await alice.terminal(aliceSession);
    await aliceTerminal.waitFor('learner@kubebelt');
  });

  afterAll(async () => {
    aliceTerminal?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  });

  it("answers 404 for every operation on another learner's session", async () => {
    for (const [method, suffix] of [
      ['GET', ''],
      ['POST', '/reset'],
      ['POST', '/check'],
      ['POST', '/end'],
      ['POST', '/extend'],
      ['GET', '/kubeconfig'],
      ['GET', '/attempts'],
    ] as const) {
      const response = await bob.call(
        method,
        `/api/sessions/${aliceSession}${suffix}`,
        method === 'POST' ? {} : undefined,
      );
      expect({ route: `${method} ${suffix}`, status: response.status }).toEqual({
        route: `${method} ${suffix}`,
        status: 404,
      });
    }
  });

  it("refuses to attach a terminal to another learner's session", async () => {
    await expect(bob.terminal(aliceSession)).rejects.toThrow(`No session ${aliceSession}`);
  });

  it("refuses one session's cluster token on another session's cluster URL (401)", async () => {
    const kubeconfigOf = async (learner: Learner, id: string) => {
      const text = (await learner.call('GET', `/api/sessions/${id}/kubeconfig`)).text;
      return {
        server: /server: (\S+)/.exec(text)?.[1] as string,
        token: /token: (\S+)/.exec(text)?.[1] as string,
      };
    };
    const a = await kubeconfigOf(alice, aliceSession);
    const b = await kubeconfigOf(bob, bobSession);
    const get = (server: string, token: string) =>
      fetch(`${server}/api/v1/namespaces`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get(a.server, a.token)).status).toBe(200);
    expect((await get(a.server, b.token)).status).toBe(401);
    expect((await get(b.server, a.token)).status).toBe(401);
    expect((await fetch(`${base}/clusters/0123456789abcdef01234567/default/api`)).status).toBe(401);
  });

  it("keeps the host's files, other homes and the network out of the sandbox", async () => {
    const host = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    const attempts = [
      'cat /etc/shadow',
      `ls ${dir}`,
      `ls ${path.join(dir, 'sessions', bobSession, 'home')}`,
      'ls /root',
      `ls ${process.cwd()}`,
      `curl -sS -m 2 http://127.0.0.1:${port}/api/health`,
      ...(host ? [`curl -sS -m 2 http://${host}:${port}/api/health`] : []),
      'curl -sS -m 2 http://1.1.1.1/',
      'getent hosts registry.npmjs.org',
    ];
    for (const command of attempts) {
      const { exitCode } = await aliceTerminal.run(command);
      expect({ command, refused: exitCode !== 0 }).toEqual({ command, refused: true });
    }
    const own = await aliceTerminal.run('kubectl get nodes -o name');
    expect(own).toEqual({ exitCode: 0, output: expect.stringContaining('node/controlplane') });
    expect((await aliceTerminal.run('id -u')).output.trim()).toBe('65534');
  });

  it("stops answering an ended session's kubeconfig", async () => {
    const text = (await bob.call('GET', `/api/sessions/${bobSession}/kubeconfig`)).text;
    const server = /server: (\S+)/.exec(text)?.[1] as string;
    expect((await bob.call('POST', `/api/sessions/${bobSession}/end`)).body.status).toBe('ended');
    expect((await fetch(`${server}/api/v1/namespaces`)).status).toBe(401);
  });
});
