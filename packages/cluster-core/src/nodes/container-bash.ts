/**
 * A shell inside a simulated container: just-bash (a bash interpreter in TypeScript over a
 * virtual filesystem) restricted to the image's commands, over the container's files (image
 * files, the kubelet's /etc files, volumes with upstream's `..data` layout, read-only
 * ConfigMap and Secret projections), with `sleep` on the cluster's clock and the network
 * tools on the simulated network. Nothing is executed on the host.
 */
import { Bash, type CustomCommand } from 'just-bash';
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { containerEnvironment } from './container-environment';
import { containerFiles, normalizePath } from './container-filesystem';
import { imageRootDirs } from './image-files';
import { type ImageFlavour, imageFlavour, imageTools } from './image-tools';
import { mountTable } from './mount-table';
import {
  type RedirectContext,
  redirectChecks,
  redirectCommand,
  redirectMessages,
} from './redirect-errors';
import { clockSleep, clusterCommands, SHELL_VARIABLES, type ShellTime } from './shell-commands';
import { ContainerFs, seed } from './shell-filesystem';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

export interface ContainerShell {
  bash: Bash;
  flavour: ImageFlavour;
  /** The commands the image has (for the runtime's "executable file not found"). */
  tools: Set<string>;
  env: Record<string, string>;
  cwd: string;
}

export interface ShellOptions {
  /** The container instance whose start-time environment the shell sees. */
  containerID?: string;
  /** Commands beyond the image's. */
  commands?: CustomCommand[];
  /** Where writes to /proc/1/fd/1 and /proc/1/fd/2 go (the main process's log). */
  output?: (fd: 1 | 2, text: string) => void;
  /** Told by a command that wrote its errors before its output (the log keeps that order). */
  errorsFirst?: () => void;
  /** A main process: no limit on how long it runs or how many commands it runs. */
  endless?: boolean;
  /** The shell's time (default: the cluster's clock). */
  time?: ShellTime;
  /** False while what the shell writes is already in the container's files (a replay). */
  live?: () => boolean;
}

/** A shell in `spec`'s container of `pod`, its filesystem seeded from the container's files. */
export async function containerShell(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  signal: AbortSignal,
  options: ShellOptions = {},
): Promise<ContainerShell> {
  const flavour = imageFlavour(spec.image ?? '');
  const tools = imageTools(spec.image ?? '');
  const files = containerFiles(core, pod, spec);
  const fs = new ContainerFs(
    files,
    files.mounts.filter((m) => m.readOnly).map((m) => m.path),
    options.output,
    options.live,
  );
  await seed(fs, files, pod, imageRootDirs(tools.info, flavour));
  const started = options.containerID && core.simulation.environments.get(options.containerID);
  const envMap = started
    ? new Map(started)
    : containerEnvironment(core, pod, spec, resolveInfo(spec));
  // In the environment's order (`env` prints it so); runc sets HOME when nothing did.
  const env: Record<string, string> = Object.fromEntries(envMap);
  env.HOME ??= '/root';
  const cwd = spec.workingDir ? normalizePath(spec.workingDir) : '/';
  await fs.mkdir(cwd, { recursive: true }).catch(() => undefined);
  const mounts = mountTable(files.mounts, (path) => files.list(path)?.length ?? 0);
  const time: ShellTime = options.time ?? {
    now: () => core.clock.now(),
    sleep: (ms) => clockSleep(core, ms, signal),
  };
  const custom = [
    ...clusterCommands(core, pod, spec, flavour, envMap, mounts, time, options.errorsFirst).filter(
      (c) => tools.commands.has(c.name),
    ),
    ...(options.commands ?? []),
    redirectCommand((target, at) => fs.openError(normalizePath(target, at))),
  ];
  const bash = new Bash({
    fs,
    cwd,
    env,
    commands: tools.builtins,
    customCommands: custom,
    executionLimits: options.endless
      ? {
          maxExecutionTimeMs: Number.POSITIVE_INFINITY,
          maxCommandCount: Number.MAX_SAFE_INTEGER,
          maxLoopIterations: Number.MAX_SAFE_INTEGER,
          maxWorkUnits: Number.MAX_SAFE_INTEGER,
          maxOutputSize: 16 * 1024 * 1024,
        }
      : { maxExecutionTimeMs: 24 * 3_600_000, maxOutputSize: 16 * 1024 * 1024 },
    processInfo: { pid: 1, ppid: 0, uid: 0, gid: 0 },
    sleep: (ms) => clockSleep(core, ms, signal),
  });
  bash.registerTransformPlugin(redirectChecks);
  return { bash, flavour, tools: tools.commands, env, cwd };
}

function resolveInfo(spec: Json) {
  return imageTools(spec.image ?? '').info;
}

/** Rewrites just-bash's bash messages as the image's shell prints them (busybox ash, dash). */
export function shellMessages(
  text: string,
  flavour: ImageFlavour,
  shell: string,
  context: RedirectContext = {},
): string {
  const plain = redirectMessages(text, flavour === 'busybox', shell, context).replace(
    /EROFS: read-only file system, \w+ '[^']*'/g,
    'Read-only file system',
  );
  if (flavour === 'busybox')
    return shellMessages(
      plain
        .replace(/^(\w+): cannot touch '([^']*)': /gm, '$1: $2: ')
        // busybox's applets name a file they cannot open in quotes.
        .replace(
          /^(cat|head|tail|wc|sort|tac): ([^:\n]+): No such file or directory$/gm,
          "$1: can't open '$2': No such file or directory",
        )
        .replace(/^cat: [^:\n]+: Is a directory$/gm, 'cat: read error: Is a directory')
        .replace(/^rm: cannot remove '([^']*)': /gm, "rm: can't remove '$1': ")
        .replace(
          /^bash: (\/[^:\n]+): Read-only file system$/gm,
          "sh: can't create $1: Read-only file system",
        ),
      'debian',
      'sh',
    ).replace(/^sh: 1: ([^:\n]+): not found$/gm, 'sh: $1: not found');
  if (shell === 'bash') return plain;
  return plain
    .replace(/^bash: ([^:\n]+): command not found$/gm, 'sh: 1: $1: not found')
    .replace(/^bash: /gm, 'sh: ');
}

/** Runs `script` in a shell; the environment and working directory it ends with are the next line's (interactive shells). */
export async function runScript(
  shell: ContainerShell,
  script: string,
  name: string,
  options: {
    stdin?: string;
    signal?: AbortSignal;
    args?: string[];
  } & RedirectContext = {},
): Promise<{ code: number; out: string; err: string; binary: boolean }> {
  let r: Awaited<ReturnType<Bash['exec']>>;
  try {
    r = await shell.bash.exec(script, {
      env: shell.env,
      replaceEnv: true,
      cwd: shell.cwd,
      stdin: options.stdin,
      stdinKind: options.stdin === undefined ? undefined : 'bytes',
      signal: options.signal,
      rawScript: true,
    });
  } catch (err) {
    // just-bash lets a redirection's write error escape the script (`echo x > /etc/config/k` on a
    // read-only volume): the shell then ends there with the shell's own message.
    const path = /^EROFS: read-only file system, \w+ '([^']*)'/.exec(
      String((err as Error)?.message),
    )?.[1];
    if (!path) throw err;
    const message =
      shell.flavour === 'busybox'
        ? `sh: can't create ${path}: Read-only file system`
        : name === 'bash'
          ? `bash: ${path}: Read-only file system`
          : `sh: 1: cannot create ${path}: Read-only file system`;
    return {
      code: name === 'bash' || shell.flavour === 'busybox' ? 1 : 2,
      out: '',
      err: `${message}\n`,
      binary: false,
    };
  }
  if (r.env) {
    shell.env = Object.fromEntries(
      Object.entries(r.env).filter(
        ([k]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && !SHELL_VARIABLES.has(k),
      ),
    );
    if (r.env.PWD) shell.cwd = r.env.PWD;
  }
  return {
    code: r.exitCode,
    out: r.stdout,
    err: shellMessages(r.stderr, shell.flavour, name, options),
    binary: r.stdoutKind === 'bytes' || r.stdoutEncoding === 'binary',
  };
}
