/** The built server (dist/main.js) in a process of its own, as `npm start` runs it; `npm test` builds it first. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { configVariables } from '../src/config/app-config';
import { apiRoot } from '../src/paths';

const main = path.join(apiRoot, 'dist/main.js');

/** Starts the server on `port` with `dir` as its data directory; resolves once it says it is up. */
export async function startServer(
  dir: string,
  port: number,
  env: Record<string, string>,
): Promise<ChildProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of configVariables) delete childEnv[name];
  Object.assign(childEnv, {
    KUBEBELT_DATA_DIR: dir,
    KUBEBELT_WEB_DIR: dir,
    PORT: String(port),
    LOG_LEVEL: 'info',
    ...env,
  });
  const child = spawn(process.execPath, [main], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  // "kubebelt is up" is logged once the port is open and the demo accounts are seeded
  for (let i = 0; i < 300 && !stdout.includes('kubebelt is up'); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (stdout.includes('kubebelt is up')) return child;
  child.kill('SIGKILL');
  throw new Error(`the server did not start: ${stdout.slice(-2000)}`);
}

/** kill -9, and wait until the process is gone. */
export async function killHard(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
