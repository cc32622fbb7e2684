/**
 * `kubebelt-cluster serve --kubeconfig FILE [--port N] [--nodes N] [--name NAME]`, or several
 * clusters with one kubeconfig holding a context per cluster:
 * `kubebelt-cluster serve --kubeconfig FILE --clusters k8s-c1,k8s-c2:2` (`name:nodes`).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { Cluster } from './cluster';
import { createClusters, mergedKubeconfig } from './multi-cluster';
import type { ClusterSnapshot } from './snapshot';

function integer(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be an integer between ${min} and ${max}`);
    return n;
  };
}

export interface ClusterSpec {
  name: string;
  nodes?: number;
}

/** `k8s-c1,k8s-c2:2`: names (DNS labels) with an optional node count each. */
export function parseClusterList(value: string): ClusterSpec[] {
  const specs = value.split(',').map((item) => {
    const m = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(?::(\d+))?$/.exec(item.trim());
    if (!m) throw new InvalidArgumentError(`"${item}" is not NAME or NAME:NODES`);
    const nodes = m[3] === undefined ? undefined : Number(m[3]);
    if (nodes !== undefined && (nodes < 1 || nodes > 100))
      throw new InvalidArgumentError(`${m[1]}: nodes must be between 1 and 100`);
    return { name: m[1], nodes };
  });
  const names = specs.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new InvalidArgumentError(`cluster ${twice} is listed twice`);
  return specs;
}

export interface ServeCommandOptions {
  kubeconfig: string;
  port: number;
  host: string;
  nodes: number;
  name: string;
  clusters?: ClusterSpec[];
  state?: string;
  insecureHttp: boolean;
}

export interface Serving {
  clusters: Cluster[];
  kubeconfig: string;
  /** Saves the state (with --state) and closes every cluster. */
  stop(): Promise<void>;
}

/**
 * Starts the clusters and writes the kubeconfig. With several clusters each listens on its own
 * port (--port N gives N, N+1, ...) and the state file keeps one snapshot per cluster name.
 */
export async function serve(opts: ServeCommandOptions): Promise<Serving> {
  const specs = opts.clusters ?? [{ name: opts.name }];
  const clusters = createClusters(
    specs.map((s) => ({ name: s.name, nodes: s.nodes ?? opts.nodes })),
  );
  const several = opts.clusters !== undefined;
  if (opts.state && existsSync(opts.state)) {
    const saved = JSON.parse(readFileSync(opts.state, 'utf8'));
    for (const cluster of clusters) {
      const snapshot = several ? saved[cluster.name] : saved;
      if (snapshot) cluster.restore(snapshot);
    }
  }
  for (const [i, cluster] of clusters.entries()) {
    await cluster.serve({
      port: opts.port ? opts.port + i : 0,
      host: opts.host,
      insecureHttp: opts.insecureHttp,
    });
  }
  const file = resolve(opts.kubeconfig);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, several ? mergedKubeconfig(clusters) : clusters[0].kubeconfig(), {
    mode: 0o600,
  });
  return {
    clusters,
    kubeconfig: file,
    async stop() {
      if (opts.state) {
        const snapshots: Record<string, ClusterSnapshot> = {};
        for (const cluster of clusters) snapshots[cluster.name] = cluster.snapshot();
        const tmp = `${opts.state}.tmp`;
        writeFileSync(tmp, JSON.stringify(several ? snapshots : clusters[0].snapshot()));
        renameSync(tmp, opts.state);
      }
      await Promise.all(clusters.map((c) => c.close()));
    },
  };
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('kubebelt-cluster').description(
    'An embedded Kubernetes cluster that real kubectl talks to',
  );
  program
    .command('serve')
    .description('start clusters and write a kubeconfig whose current context points at the first')
    .requiredOption('--kubeconfig <file>', 'where to write the kubeconfig')
    .option('--port <n>', 'port to listen on (0 picks a free one)', integer(0, 65535), 0)
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option(
      '--nodes <n>',
      'simulated nodes: one control plane plus n-1 workers',
      integer(1, 100),
      3,
    )
    .option('--name <name>', 'cluster name in the kubeconfig', 'kubebelt')
    .option(
      '--clusters <list>',
      'several clusters, NAME or NAME:NODES, comma-separated: a kubeconfig context each',
      parseClusterList,
    )
    .option('--state <file>', 'JSON snapshot to restore at start and save at exit')
    .option('--insecure-http', 'serve plain HTTP (tests only)', false)
    .action(async (opts: ServeCommandOptions) => {
      const serving = await serve(opts);
      for (const cluster of serving.clusters) {
        process.stdout.write(
          `cluster ${cluster.name} ready at ${cluster.connection().server} (kubeconfig: ${serving.kubeconfig})\n`,
        );
      }
      const stop = async () => {
        await serving.stop();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  await program.parseAsync(argv, { from: 'user' });
}
