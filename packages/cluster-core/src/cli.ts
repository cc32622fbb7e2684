/** `kubebelt-cluster serve --kubeconfig FILE [--port N] [--nodes N] [--name NAME]` */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createCluster } from './cluster';

function integer(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be an integer between ${min} and ${max}`);
    return n;
  };
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('kubebelt-cluster').description(
    'An embedded Kubernetes cluster that real kubectl talks to',
  );
  program
    .command('serve')
    .description('start one cluster and write a kubeconfig whose current context points at it')
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
    .option('--state <file>', 'JSON snapshot to restore at start and save at exit')
    .option('--insecure-http', 'serve plain HTTP (tests only)', false)
    .action(
      async (opts: {
        kubeconfig: string;
        port: number;
        host: string;
        nodes: number;
        name: string;
        state?: string;
        insecureHttp: boolean;
      }) => {
        const cluster = createCluster({ name: opts.name, nodes: opts.nodes });
        if (opts.state && existsSync(opts.state))
          cluster.restore(JSON.parse(readFileSync(opts.state, 'utf8')));
        const url = await cluster.serve({
          port: opts.port,
          host: opts.host,
          insecureHttp: opts.insecureHttp,
        });
        const file = resolve(opts.kubeconfig);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, cluster.kubeconfig(), { mode: 0o600 });
        process.stdout.write(`cluster ${opts.name} ready at ${url} (kubeconfig: ${file})\n`);
        const stop = async () => {
          if (opts.state) {
            const tmp = `${opts.state}.tmp`;
            writeFileSync(tmp, JSON.stringify(cluster.snapshot()));
            renameSync(tmp, opts.state);
          }
          await cluster.close();
          process.exit(0);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    );
  await program.parseAsync(argv, { from: 'user' });
}
