/** Runs a lab script (setup.sh, solution.sh, a mistake) with bash and the real kubectl. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

export interface ScriptEnvironment {
  home: string;
  kubeconfigPath: string;
  timeoutMs?: number;
  /** kubectl version to put first on PATH (e.g. "1.27"), where that binary exists. */
  kubectlVersion?: string;
}

export interface ScriptResult {
  exitCode: number;
  output: string;
  timedOut: boolean;
}

const VERSIONED_KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';

/**
 * PATH for a lab's shell: when the machine has the lab's kubectl version (kubectl.1.27 ...), a
 * `kubectl` link to it in the home's .kubebelt/bin comes first; otherwise the default kubectl.
 */
export function kubectlPath(home: string, version?: string): string {
  const base = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  const binary = version && `${VERSIONED_KUBECTL_DIR}/kubectl.${version}`;
  if (!binary || !existsSync(binary)) return base;
  const dir = join(home, '.kubebelt', 'bin');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'kubectl'))) symlinkSync(binary, join(dir, 'kubectl'));
  return `${dir}:${base}`;
}

export function runScript(script: string, env: ScriptEnvironment): Promise<ScriptResult> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], {
      cwd: env.home,
      env: {
        PATH: kubectlPath(env.home, env.kubectlVersion),
        HOME: env.home,
        KUBECONFIG: env.kubeconfigPath,
        LANG: 'C.UTF-8',
        TERM: 'dumb',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      if (output.length < 1_000_000) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, env.timeoutMs ?? 120_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 128 : 1), output, timedOut });
    });
  });
}
