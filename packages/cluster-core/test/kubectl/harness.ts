/**
 * Runs the real kubectl binaries against an embedded cluster, like upstream test/cmd does
 * against a real one.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cluster, type ClusterOptions, createCluster } from '../../src';

export const KUBECTL = {
  '1.27': '/usr/lib/google-cloud-sdk/bin/kubectl.1.27',
  '1.33': '/usr/lib/google-cloud-sdk/bin/kubectl.1.33',
} as const;

export type KubectlVersion = keyof typeof KUBECTL;
export const KUBECTL_VERSIONS = Object.keys(KUBECTL) as KubectlVersion[];

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface TestCluster {
  cluster: Cluster;
  dir: string;
  kubeconfig: string;
  /** Runs kubectl with the given arguments; never throws on a non-zero exit. */
  kubectl(
    args: string[],
    opts?: {
      version?: KubectlVersion;
      stdin?: string;
      timeoutMs?: number;
      env?: Record<string, string>;
    },
  ): Promise<KubectlResult>;
  /** Runs kubectl and fails the test unless it exits 0; returns stdout. */
  ok(args: string[], opts?: { version?: KubectlVersion; stdin?: string }): Promise<string>;
  /** Starts a long-running kubectl (e.g. `get -w`) and collects its output until stopped. */
  background(
    args: string[],
    opts?: { version?: KubectlVersion },
  ): { output(): string; stop(): Promise<string> };
  /** Writes a file in the test's temp dir and returns its path. */
  file(name: string, content: string): string;
  close(): Promise<void>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<TestCluster> {
  const cluster = createCluster(options);
  await cluster.serve();
  const dir = mkdtempSync(join(tmpdir(), 'kubebelt-kubectl-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, cluster.kubeconfig());
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    KUBECONFIG: kubeconfig,
    KUBECTL_COMMAND_HEADERS: 'false',
  };
  // Global flags go first: anything after a `--` in args belongs to the container command.
  const argsFor = (version: KubectlVersion, args: string[]) => [
    `--cache-dir=${join(dir, `cache-${version}`)}`,
    ...args,
  ];
  const kubectl: TestCluster['kubectl'] = (args, opts = {}) =>
    new Promise((resolve) => {
      const version = opts.version ?? '1.33';
      const child = execFile(
        KUBECTL[version],
        argsFor(version, args),
        {
          env: { ...env, ...opts.env },
          cwd: dir,
          timeout: opts.timeoutMs ?? 30_000,
          maxBuffer: 32 * 1024 * 1024,
        },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ stdout, stderr, code });
        },
      );
      if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
      else child.stdin?.end();
    });
  const harness: TestCluster = {
    cluster,
    dir,
    kubeconfig,
    kubectl,
    async ok(args, opts) {
      const result = await kubectl(args, opts);
      if (result.code !== 0) {
        throw new Error(
          `kubectl ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
        );
      }
      return result.stdout;
    },
    background(args, opts = {}) {
      const version = opts.version ?? '1.33';
      const child = spawn(KUBECTL[version], argsFor(version, args), { env, cwd: dir });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        out += d;
      });
      return {
        output: () => out,
        stop: () =>
          new Promise((resolve) => {
            child.once('exit', () => resolve(out));
            child.kill('SIGTERM');
          }),
      };
    },
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    async close() {
      await cluster.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * Waits until `predicate` holds, polling; fails after `timeoutMs`. The default leaves room for
 * two suites sharing a 2-core CI machine (simulated pods move on real time).
 */
export async function eventually<T>(
  fn: () => Promise<T> | T,
  predicate: (v: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!predicate(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await fn();
  }
  return last;
}

/** Collapses runs of spaces so column alignment does not make assertions brittle. */
export function columns(line: string): string[] {
  return line.trim().split(/\s{2,}/);
}
