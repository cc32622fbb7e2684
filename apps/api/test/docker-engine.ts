/**
 * A Docker Engine for the docker driver's tests: the one DOCKER_HOST or /var/run/docker.sock
 * names when it answers, otherwise a dockerd of the test's own (root and Debian's docker.io
 * needed), with its data in a temporary folder, no default bridge and addresses of its own.
 * The workstation image is then built on it with images/build-workstation.sh.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { repoRoot } from '../src/paths';

export interface TestEngine {
  /** DOCKER_HOST for the platform under test. */
  host: string;
  docker: Docker;
  stop(): Promise<void>;
}

/** Why no Engine can be had here at all (checked before any test is collected), or undefined. */
export function dockerUnavailable(): string | undefined {
  if (process.env.DOCKER_HOST || existsSync('/var/run/docker.sock')) return undefined;
  if (spawnSync('sh', ['-c', 'command -v dockerd']).status !== 0)
    return 'no Docker Engine answers and dockerd is not installed (apt-get install -y docker.io)';
  if (process.getuid?.() !== 0) return 'no Docker Engine answers and only root can start dockerd';
  if (spawnSync('sh', ['-c', 'command -v busybox']).status !== 0)
    return 'busybox is missing for the workstation image (apt-get install -y busybox-static)';
  return undefined;
}

async function answers(host: string): Promise<Docker | undefined> {
  const docker = new Docker({ socketPath: host.replace(/^unix:\/\//, '') });
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_r, reject) => setTimeout(() => reject(new Error('timeout')), 2_000)),
    ]);
    return docker;
  } catch {
    return undefined;
  }
}

export async function startTestEngine(): Promise<TestEngine> {
  for (const host of [process.env.DOCKER_HOST, 'unix:///var/run/docker.sock']) {
    if (!host?.startsWith('unix://')) continue;
    const docker = await answers(host);
    if (docker) return { host, docker, stop: async () => {} };
  }
  // a short path: the Engine's sockets live under it (a unix socket's path has 108 bytes at most)
  const dir = mkdtempSync('/tmp/kbd-');
  const host = `unix://${dir}/docker.sock`;
  const log = openSync(path.join(dir, 'dockerd.log'), 'a');
  const dockerd = spawn(
    'dockerd',
    [
      `--data-root=${dir}/data`,
      `--exec-root=${dir}/exec`,
      `--pidfile=${dir}/dockerd.pid`,
      `--host=${host}`,
      // another Engine on this machine keeps docker0 and its addresses
      '--bridge=none',
      '--default-address-pool=base=10.213.0.0/16,size=24',
    ],
    { stdio: ['ignore', log, log] },
  );
  const exited = new Promise<void>((resolve) => dockerd.once('exit', () => resolve()));
  const stop = async () => {
    dockerd.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (dockerd.exitCode === null && dockerd.signalCode === null) {
      dockerd.kill('SIGKILL');
      await exited;
    }
    // what a killed Engine leaves mounted (its network namespaces), then its files: in the
    // background, as an Engine that built the platform image holds gigabytes
    spawn(
      'sh',
      [
        '-c',
        'awk -v d="$0/" \'index($2, d) == 1 {print $2}\' /proc/mounts | sort -r | xargs -r -n1 umount -l; rm -rf "$0"',
        dir,
      ],
      { detached: true, stdio: 'ignore' },
    ).unref();
  };
  for (let i = 0; i < 150; i++) {
    const docker = await answers(host);
    if (docker) return { host, docker, stop };
    if (dockerd.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const tail = readFileSync(path.join(dir, 'dockerd.log'), 'utf8').trim().split('\n').slice(-3);
  await stop();
  throw new Error(`dockerd did not come up: ${tail.join(' | ')}`);
}

/** images/build-workstation.sh on the engine: seconds once its base exists. */
export function buildWorkstationImage(host: string, image: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      path.join(repoRoot, 'images/build-workstation.sh'),
      [],
      { env: { ...process.env, DOCKER_HOST: host, KUBEBELT_WORKSTATION_IMAGE: image } },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim()),
    );
  });
}
