import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyPassword } from '../src/auth/passwords';
import { configVariables } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { apiRoot } from '../src/paths';
import { freePort } from './free-port';

// These run the built server (dist/main.js) as `npm start` does: `npm test` builds it first.
const main = path.join(apiRoot, 'dist/main.js');

/** The environment of the test run minus every kubebelt setting, plus `settings`. */
function environment(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of configVariables) delete env[name];
  return { ...env, ...settings };
}

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(settings: Record<string, string>): Run {
  const child = spawn(process.execPath, [main], { env: environment(settings), stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function untilUp(server: Run): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!server.stdout().includes('kubebelt is up')) {
    if (server.child.exitCode !== null) throw new Error(`server exited: ${server.stderr()}`);
    if (Date.now() > deadline) throw new Error(`server not up after 20 s: ${server.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(server: Run): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

describe('starting the server (node dist/main.js)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubebelt-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => {
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  });

  it('creates, migrates and seeds the embedded database on first start, showing the passwords once', async () => {
    const port = await freePort();
    const settings = { PORT: String(port), KUBEBELT_DATA_DIR: path.join(dir, 'data') };

    const first = run(settings);
    await untilUp(first);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
    await stop(first);
    const shown = [...first.stdout().matchAll(/^\s+(\S+@kubebelt\.local)\s+\w+\s+(\S+)$/gm)];
    expect(shown.map(([, email]) => email)).toEqual([
      'student@kubebelt.local',
      'instructor@kubebelt.local',
      'admin@kubebelt.local',
    ]);

    const second = run(settings);
    await untilUp(second);
    await stop(second);
    expect(second.stdout()).not.toContain('Demo accounts created');
    for (const [, , password] of shown) expect(second.stdout()).not.toContain(password);

    const database = await Database.open({
      provider: 'sqlite',
      file: path.join(dir, 'data/kubebelt.db'),
    });
    try {
      for (const [, email, password] of shown) {
        const account = await database.prisma.account.findUniqueOrThrow({ where: { email } });
        await expect(verifyPassword(account.passwordHash, password)).resolves.toBe(true);
      }
    } finally {
      await database.close();
    }
  });

  it.each([
    [
      'postgresql://nobody@127.0.0.1:1/x',
      /^Cannot open the PostgreSQL database postgresql:\/\/nobody@127\.0\.0\.1:1\/x: .*ECONNREFUSED/,
    ],
    ['mysql://x', /^Invalid configuration: DATABASE_URL must be .* \(got "mysql:\/\/x"\)$/],
  ])('refuses DATABASE_URL=%s with one line on stderr and exit code 1', async (url, expected) => {
    const server = run({ DATABASE_URL: url, PORT: String(await freePort()) });
    await expect(server.exited).resolves.toBe(1);
    const lines = server.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(server.stdout()).toBe('');
  });
});
