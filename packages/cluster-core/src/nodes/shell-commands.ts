/**
 * The commands cluster-core adds to just-bash in a container: `date` on the cluster's clock,
 * the pod's identity (`hostname`, `id`, `uname`, `ps`), its mounts (`df`, `mount`), tar as
 * GNU/busybox store members (for `kubectl cp`), and the network tools on the simulated network.
 */
import { defineCommand, type ResolvedCommandContext } from 'just-bash';
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { resolve } from './cluster-network';
import { commandResult } from './command-result';
import { dateOutput } from './container-logs';
import { type ImageFlavour, imageTools } from './image-tools';
import { lsCommand } from './ls-command';
import { dfOutput, type MountEntry, mountOutput } from './mount-table';
import { fetch, type NetShell, nslookup } from './network-commands';
import { nginxCommand } from './nginx-command';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

/** bash's own variables, which are not the container's environment. */
export const SHELL_VARIABLES = new Set([
  'IFS',
  'OSTYPE',
  'MACHTYPE',
  'HOSTTYPE',
  'OPTIND',
  'SHELLOPTS',
  'BASHOPTS',
  'OLDPWD',
]);

/** The time a shell sees: the cluster's clock, or a main process's own (main-process.ts). */
export interface ShellTime {
  now(): number;
  /** Resolves after `ms` (never for Infinity), or at once when the shell is stopped. */
  sleep(ms: number): Promise<void>;
}

/** The commands cluster-core provides on top of just-bash's: the clock, the pod's identity, the network. */
export function clusterCommands(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  flavour: ImageFlavour,
  env: Map<string, string>,
  mounts: MountEntry[],
  time: ShellTime,
  errorsFirst?: () => void,
) {
  const net: NetShell = { core, pod, spec, busybox: flavour === 'busybox' };
  const hostname = env.get('HOSTNAME') ?? pod.metadata.name ?? '';
  const commandLine = () => {
    const image = imageTools(spec.image ?? '');
    let argv: string[] = [
      ...(spec.command ?? image.entrypoint),
      ...(spec.args ?? (spec.command ? [] : image.cmd)),
    ];
    // Entrypoint scripts end with `exec "$@"`: PID 1 is what they ran.
    while (argv.length > 1 && /(^|\/)(docker-)?entrypoint\.sh$/.test(argv[0])) argv = argv.slice(1);
    return argv.join(' ');
  };
  const network = async (tool: 'wget' | 'curl', args: string[], ctx: ResolvedCommandContext) => {
    const r = fetch(net, tool, args, time.now());
    // A connection that a NetworkPolicy drops hangs until the tool or the kernel gives up.
    if (r.waitMs) await time.sleep(r.waitMs);
    if (r.save) {
      try {
        await ctx.fs.writeFile(ctx.fs.resolvePath(ctx.cwd, r.save.file), r.save.body);
      } catch {
        return commandResult(1, '', `wget: can't open '${r.save.file}': Read-only file system\n`);
      }
    }
    // wget says where it connects before it prints the page (curl's errors follow its output)
    if (tool === 'wget' && r.out && r.err) errorsFirst?.();
    return commandResult(r.code, r.out, r.err ?? '');
  };
  return [
    lsCommand(flavour, () => time.now()),
    nginxCommand(spec.image ?? '', () => time.now()),
    defineCommand('sleep', async (args) => {
      const ms = sleepDuration(args);
      if (ms === undefined)
        return commandResult(
          1,
          '',
          flavour === 'busybox'
            ? `sleep: invalid number '${args[0] ?? ''}'\n`
            : args.length
              ? `sleep: invalid time interval '${args[0]}'\nTry 'sleep --help' for more information.\n`
              : "sleep: missing operand\nTry 'sleep --help' for more information.\n",
        );
      await time.sleep(ms);
      return commandResult(0);
    }),
    // Signal handlers never run: the simulation stops a container by its image's stop signal.
    defineCommand('trap', async () => commandResult(0)),
    defineCommand('date', async (args, ctx) => {
      const now = time.now();
      if (!args.length || (args.length === 1 && args[0] === '-u'))
        return commandResult(0, `${dateOutput(now)}\n`);
      const fmt = args.find((a) => a.startsWith('+'));
      if (fmt && args.length === 1) return commandResult(0, `${strftime(fmt.slice(1), now)}\n`);
      return ctx.origCommand ? ctx.origCommand(args) : commandResult(1, '', 'date: invalid date\n');
    }),
    // The environment a process gets holds only variables with a name: just-bash's own `?` and
    // the shell's bookkeeping are not exported by a real shell.
    ...['env', 'printenv'].map((name) =>
      defineCommand(name, async (args, ctx) => {
        if (args.length) return ctx.origCommand ? ctx.origCommand(args) : commandResult(1);
        // In the environment's order (exportedEnv lists the exported names in another).
        const exported = ctx.exportedEnv;
        return commandResult(
          0,
          [...ctx.env]
            .filter(
              ([k]) =>
                (!exported || k in exported) &&
                /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) &&
                !SHELL_VARIABLES.has(k),
            )
            .map(([k, v]) => `${k}=${v}\n`)
            .join(''),
        );
      }),
    ),
    defineCommand('hostname', async () => commandResult(0, `${hostname}\n`)),
    defineCommand('whoami', async () => commandResult(0, 'root\n')),
    defineCommand('id', async () =>
      commandResult(
        0,
        flavour === 'busybox'
          ? 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n'
          : 'uid=0(root) gid=0(root) groups=0(root)\n',
      ),
    ),
    defineCommand('uname', async (args) =>
      commandResult(
        0,
        args.includes('-a')
          ? `Linux ${hostname} 6.8.0-1029-aws #31-Ubuntu SMP Wed Apr 23 18:42:41 UTC 2025 x86_64 ${flavour === 'busybox' ? 'GNU/Linux' : 'GNU/Linux'}\n`
          : args.includes('-r')
            ? '6.8.0-1029-aws\n'
            : 'Linux\n',
      ),
    ),
    defineCommand('ps', async () =>
      commandResult(0, `PID   USER     TIME  COMMAND\n    1 root      0:00 ${commandLine()}\n`),
    ),
    defineCommand('nslookup', async (args) => {
      const name = args.find((a) => !a.startsWith('-'));
      if (!name)
        return commandResult(
          1,
          '',
          'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n',
        );
      const r = nslookup(net, name);
      return commandResult(r.code, r.out, r.err ?? '');
    }),
    defineCommand('wget', (args, ctx) => network('wget', args, ctx)),
    defineCommand('curl', (args, ctx) => network('curl', args, ctx)),
    defineCommand('ping', async (args) => {
      const host = args.filter((a) => !a.startsWith('-') && !/^\d+$/.test(a)).pop() ?? '';
      return commandResult(1, `PING ${host} (${host}): 56 data bytes\n`, '');
    }),
    defineCommand('df', async (args) => {
      const r = dfOutput(mounts, args, flavour === 'busybox');
      return commandResult(r.code, r.out, r.err);
    }),
    defineCommand('mount', async (args) => {
      // `mount -t TYPE` lists the mounts of that type; anything else would need CAP_SYS_ADMIN.
      const type = args[0] === '-t' ? args[1] : undefined;
      if (args.length && !type && !(args.length === 1 && args[0] === '-l'))
        return commandResult(
          flavour === 'busybox' ? 255 : 32,
          '',
          flavour === 'busybox'
            ? 'mount: permission denied (are you root?)\n'
            : 'mount: only root can do that\n',
        );
      return commandResult(0, mountOutput(type ? mounts.filter((m) => m.type === type) : mounts));
    }),
    // GNU and busybox tar store `/tmp/x` as `tmp/x` (kubectl cp checks the member names).
    defineCommand('tar', async (args, ctx) => {
      const create = /^-?[a-zA-Z]*c/.test(args[0] ?? '') || args.includes('--create');
      if (!create || !ctx.origCommand) return ctx.origCommand?.(args) ?? commandResult(1);
      const out: string[] = [];
      let stripped = false;
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        const takesValue =
          a === '-C' ||
          a === '-f' ||
          (/^-?[a-zA-Z]+$/.test(a) && !a.startsWith('--') && a.includes('f') && i === 0) ||
          /^-[a-zA-Z]*f$/.test(a);
        out.push(a);
        if (takesValue && i + 1 < args.length) out.push(args[++i]);
        else if (a.startsWith('/') && a.length > 1 && !takesValue) {
          out.pop();
          out.push('-C', '/', a.replace(/^\/+/, ''));
          stripped = true;
        }
      }
      const r = await ctx.origCommand(out);
      return stripped
        ? { ...r, stderr: `tar: removing leading '/' from member names\n${r.stderr}` }
        : r;
    }),
    defineCommand('nc', async (args) => {
      // Options that take a value (-w SEC, -i SEC, -p PORT, -s ADDR) are not the operands.
      const [host, port] = args.filter(
        (a, i) => !a.startsWith('-') && !/^-[wips]$/.test(args[i - 1] ?? ''),
      );
      if (!host || !port)
        return commandResult(
          1,
          '',
          'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\n',
        );
      const r = fetch(net, 'curl', [`http://${host}:${port}/`]);
      const wait =
        /^-w(\d+)$/.exec(args.find((a) => /^-w\d+$/.test(a)) ?? '')?.[1] ??
        (args.includes('-w') ? args[args.indexOf('-w') + 1] : undefined);
      // Without -w the kernel gives up the unanswered connection after 127 s.
      if (r.waitMs) await time.sleep(Math.min(127_000, wait ? Number(wait) * 1000 : r.waitMs));
      const verbose = args.some((a) => /^-\w*v/.test(a));
      if (r.code === 0 || r.code === 52)
        return commandResult(
          0,
          '',
          verbose
            ? `${host} (${resolve(core, pod.metadata.namespace ?? 'default', host)?.addresses[0] ?? host}:${port}) open\n`
            : '',
        );
      return commandResult(
        1,
        '',
        `nc: ${r.code === 6 ? `bad address '${host}'` : `${host} (${host}:${port}): Connection ${r.code === 28 ? 'timed out' : 'refused'}`}\n`,
      );
    }),
  ];
}

/** `date +FORMAT` for the usual conversions, on the cluster's clock. */
function strftime(format: string, ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const parts: Record<string, string> = {
    Y: String(d.getUTCFullYear()),
    m: p(d.getUTCMonth() + 1),
    d: p(d.getUTCDate()),
    H: p(d.getUTCHours()),
    M: p(d.getUTCMinutes()),
    S: p(d.getUTCSeconds()),
    s: String(Math.floor(ms / 1000)),
    N: p((ms % 1000) * 1_000_000, 9),
    T: `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`,
    F: `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`,
    Z: 'UTC',
    '%': '%',
  };
  return format.replace(/%(.)/g, (m, c: string) => parts[c] ?? m);
}

/** `sleep` operands summed as coreutils does: 5, 0.5, 2m, 1h, 1d, infinity. */
export function sleepDuration(args: string[]): number | undefined {
  if (!args.length) return undefined;
  let total = 0;
  for (const arg of args) {
    if (arg === 'infinity' || arg === 'inf') return Number.POSITIVE_INFINITY;
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
    if (!m) return undefined;
    total +=
      Number(m[1]) * ({ '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]] ?? 1000);
  }
  return total;
}

/** Waits `ms` of the cluster's clock (for ever for Infinity), or until `signal` aborts. */
export function clockSleep(core: ClusterCore, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const stop = () => {
      cancel();
      resolve();
    };
    const cancel = Number.isFinite(ms)
      ? core.clock.schedule(ms, () => {
          signal?.removeEventListener('abort', stop);
          resolve();
        })
      : () => {};
    signal?.addEventListener('abort', stop, { once: true });
  });
}
