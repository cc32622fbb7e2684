/**
 * The platform image (the root Dockerfile) built in the background of a test run by
 * images/build-platform-background.sh, on an Engine of its own at the lowest CPU and I/O priority:
 * .ci/run starts it right after `npm ci`, or the api tests' global set-up (global-setup.ts) when
 * nobody did; platform-image.test.ts, run last (sequencer.js), waits for it. The build takes
 * minutes (npm ci, the native modules, the workspaces' builds, Chromium's packages), which the
 * other tests cover.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { repoRoot } from '../src/paths';

export const PLATFORM_IMAGE = 'kubebelt:test';
export const PLATFORM_TEST_FILE = path.join(__dirname, 'platform-image.test.ts');
/** The build's folder: its Engine's socket, build.log and status. */
export const BUILD_DIR = 'KUBEBELT_PLATFORM_IMAGE_BUILD';
const SCRIPT = path.join(repoRoot, 'images/build-platform-background.sh');

/** Why the image cannot be built here (the test then skips and says so), or undefined. */
export function platformImageUnavailable(): string | undefined {
  const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
  if (!has('dockerd')) return 'dockerd is not installed (apt-get install -y docker.io)';
  if (process.getuid?.() !== 0) return 'only root can start dockerd and run debootstrap';
  if (!has('debootstrap'))
    return 'debootstrap is missing for the base image (apt-get install -y debootstrap)';
  return undefined;
}

/** Starts the Engine and the build; returns its folder once the Engine answers. */
export function startPlatformImageBuild(): string {
  // short: the Engine's sockets live under it
  const dir = mkdtempSync('/tmp/kbp-');
  execFileSync(SCRIPT, ['start', dir], { stdio: 'ignore' });
  return dir;
}

export function stopPlatformImageBuild(dir: string): void {
  execFileSync(SCRIPT, ['stop', dir], { stdio: 'ignore' });
}

/** The build's Engine. */
export function buildEngine(dir: string): Docker {
  return new Docker({ socketPath: path.join(dir, 'docker.sock') });
}

export interface BuildResult {
  exitCode: number;
  seconds: number;
  log: string;
}

/** Waits for the background build's status (the test's timeout bounds the wait). */
export async function platformImageBuilt(dir: string): Promise<BuildResult> {
  const status = path.join(dir, 'status');
  while (!existsSync(status) || !readFileSync(status, 'utf8').includes('\n'))
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  const [exitCode, seconds] = readFileSync(status, 'utf8').trim().split(' ').map(Number);
  const log = path.join(dir, 'build.log');
  return { exitCode, seconds, log: existsSync(log) ? readFileSync(log, 'utf8') : '' };
}
