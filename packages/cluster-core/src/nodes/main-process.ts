/**
 * A container's main process when it is a shell script (`sh -c '...'`, `bash -c`, args of an
 * image whose entrypoint is a shell): it runs in the same just-bash shell as `kubectl exec`
 * (container-bash.ts), on the cluster's clock, and what it prints becomes the container's log
 * line by line as it prints it. Programs the simulation models without a shell (servers, `sleep`,
 * python's and perl's scripts, stress, `tail -f`) stay with container-program.ts.
 */
import type {
  CommandNode,
  ScriptNode,
  SimpleCommandNode,
  StatementNode,
  WordNode,
} from 'just-bash';
import { defineCommand, parse, serialize } from 'just-bash';
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { containerShell, runScript, shellMessages } from './container-bash';
import { shellQuote } from './container-exec';
import type { LogLine } from './container-logs';
import {
  containerProgram,
  imageProgram,
  type ProgramRun,
  SHELLS,
  WRAPPERS,
} from './container-program';
import type { ImageInfo } from './image-catalogue';
import { imageFlavour, imageTools } from './image-tools';
import { clockSleep, type ShellTime } from './shell-commands';

// biome-ignore lint/suspicious/noExplicitAny: container specs are free-form JSON
type Json = Record<string, any>;

/** The shell and script a container's main process runs. */
export interface ShellProgram {
  shell: string;
  script: string;
  /** `sh -c SCRIPT NAME ARGS...`: $0 and the positional parameters. */
  args: string[];
}

/**
 * Programs inside a script whose behaviour container-program.ts models and a shell cannot run:
 * following a file for ever, python and perl scripts, memory hogs.
 */
const MODELLED = /\btail\s+(?:-\S+\s+)*-[a-zA-Z]*[fF]\b|\bpython[\d.]*\b|\bperl[\d.]*\b|\bstress\b/;

/** Commands that do their job and exit, run in the shell when they are a container's command. */
const ONE_SHOT = new Set([
  'echo',
  'printf',
  'cat',
  'ls',
  'env',
  'printenv',
  'hostname',
  'date',
  'id',
  'whoami',
  'uname',
  'wc',
  'grep',
  'head',
  'rev',
  'true',
  'false',
  'test',
  'nslookup',
  'wget',
  'curl',
  'nc',
  'ps',
  'df',
  'mount',
  'seq',
  'expr',
  'base64',
  'md5sum',
]);

/** Where a main process's standard output and error go: the container's log. */
export const STDOUT = '/proc/1/fd/1';
export const STDERR = '/proc/1/fd/2';
/** Log lines kept per container instance (the kubelet rotates at 10 MiB). */
const MAX_LINES = 10_000;

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The shell script `spec`'s main process runs, when it is one the shell runs. */
export function shellProgram(spec: Json, image: ImageInfo | undefined): ShellProgram | undefined {
  const command: string[] | undefined = spec.command?.length ? spec.command : undefined;
  const args: string[] | undefined = spec.args?.length ? spec.args : undefined;
  let argv = [
    ...(command ?? image?.entrypoint ?? []),
    ...(args ?? (command ? [] : (image?.cmd ?? []))),
  ].map(String);
  // Entrypoint wrappers (nginx's /docker-entrypoint.sh, `tini --`) exec their arguments.
  while (argv.length > 1 && (WRAPPERS.has(basename(argv[0])) || argv[0] === '--'))
    argv = argv.slice(1);
  const shell = basename(argv[0] ?? '');
  const tools = imageTools(spec.image ?? '').commands;
  // One command of the image's userland (`kubectl run b --image=busybox -- echo hi`, `nslookup web`).
  if (ONE_SHOT.has(shell) && tools.has(shell) && !(shell === 'nc' && argv.includes('-l')))
    return { shell: 'sh', script: argv.map(shellQuote).join(' '), args: [] };
  if (!SHELLS.has(shell) || !tools.has(shell)) return undefined;
  // Options before the script: `-c`, `-ec`, `-x -c`.
  let i = 1;
  while (i < argv.length && /^-[a-z]+$/.test(argv[i]) && !argv[i].includes('c')) i++;
  if (!/^-[a-z]*c[a-z]*$/.test(argv[i] ?? '')) return undefined;
  const script = argv[i + 1];
  if (script === undefined || MODELLED.test(script) || !runsInShell(script, tools))
    return undefined;
  return { shell, script, args: argv.slice(i + 2) };
}

/** Builtins of every shell, beyond the image's commands. */
const BUILTINS = new Set(
  (
    'cd export set unset exit return read shift local eval exec test [ [[ echo printf true false : ' +
    'source . wait trap break continue let declare typeset readonly getopts type command hash ' +
    'ulimit umask times alias unalias pwd'
  ).split(' '),
);

/**
 * Whether the shell can run `script`: not when it starts one of the image's own programs (`node
 * server.js`, `/run.sh`, `nginx -g ...`), which container-program.ts models and the shell does not
 * have.
 */
function runsInShell(script: string, tools: Set<string>): boolean {
  let ast: ScriptNode;
  try {
    ast = parse(script);
  } catch {
    return true; // the shell reports the syntax error
  }
  const names = new Set<string>();
  const functions = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as { type?: string; name?: unknown };
    if (n.type === 'FunctionDef' && typeof n.name === 'string') functions.add(n.name);
    if (n.type === 'SimpleCommand' && n.name) {
      const parts = (n.name as WordNode).parts;
      if (parts.length === 1 && parts[0].type === 'Literal') names.add(parts[0].value);
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(ast);
  return [...names].every((name) => {
    const base = basename(name);
    if (BUILTINS.has(name) || functions.has(name)) return true;
    // The image's own server (`nginx -g 'daemon off;'`) is the model's, even where the shell has a command of that name.
    if (tools.has(base) && !imageProgram(base)) return true;
    // Anything else is a typo or a tool the image lacks: the shell says `not found`.
    return !imageProgram(name);
  });
}

/**
 * What the kubelet starts for a container: the modelled program (start errors, stop signal,
 * memory hogs), whose length and output come from the shell when its script is a shell's.
 */
export function mainProgram(
  spec: Json,
  image: ImageInfo | undefined,
  environment?: Map<string, string>,
): ProgramRun {
  const run = containerProgram(spec, image, environment);
  if (run.startError || run.reason) return run;
  const shell = shellProgram(spec, image);
  if (!shell) return run;
  return {
    durationMs: Number.POSITIVE_INFINITY,
    exitCode: 0,
    output: [],
    stopExitCode: run.stopExitCode,
    shell,
  };
}

type RedirectionNode = SimpleCommandNode['redirections'][number];

const literal = (text: string): WordNode => ({
  type: 'Word',
  parts: [{ type: 'Literal', value: text }],
});
const append = (fd: number, target: string): RedirectionNode => ({
  type: 'Redirection',
  fd,
  operator: '>>',
  target: literal(target),
});

/** Whether a command's own redirections send `fd` somewhere else. */
function redirects(list: RedirectionNode[], fd: 1 | 2): boolean {
  return list.some((r) =>
    r.operator === '&>' || r.operator === '&>>'
      ? true
      : ['>', '>>', '>|', '>&'].includes(r.operator) && (r.fd ?? 1) === fd,
  );
}

/** `__tick $?` at the top of each loop body: a loop that never sleeps still lets the process breathe. */
const TICK = '__kubebelt_tick';
const tickStatement = (): StatementNode => parse(`${TICK} $?`).statements[0];

interface Streams {
  out: boolean;
  err: boolean;
}

function streamStatements(statements: StatementNode[], s: Streams): void {
  for (const st of statements)
    for (const p of st.pipelines)
      p.commands.forEach((c, i) =>
        streamCommand(c, { out: s.out && i === p.commands.length - 1, err: s.err }),
      );
}

function streamCommand(c: CommandNode, s: Streams): void {
  if (c.type === 'FunctionDef') return;
  if (c.type === 'SimpleCommand') {
    if (!c.name) return;
    c.redirections.unshift(
      ...(s.out ? [append(1, STDOUT)] : []),
      ...(s.err ? [append(2, STDERR)] : []),
    );
    return;
  }
  const inner = {
    out: s.out && !redirects(c.redirections, 1),
    err: s.err && !redirects(c.redirections, 2),
  };
  switch (c.type) {
    case 'If':
      for (const clause of c.clauses) {
        streamStatements(clause.condition, inner);
        streamStatements(clause.body, inner);
      }
      if (c.elseBody) streamStatements(c.elseBody, inner);
      return;
    case 'While':
    case 'Until':
      streamStatements(c.condition, inner);
      streamStatements(c.body, inner);
      c.body.unshift(tickStatement());
      return;
    case 'For':
    case 'CStyleFor':
      streamStatements(c.body, inner);
      c.body.unshift(tickStatement());
      return;
    case 'Case':
      for (const item of c.items) streamStatements(item.body, inner);
      return;
    case 'Subshell':
    case 'Group':
      streamStatements(c.body, inner);
      return;
    default:
      if (inner.err) c.redirections.unshift(append(2, STDERR));
  }
}

/**
 * The script with each command's output sent to the log as the command ends (just-bash hands a
 * compound command's output back only when the whole command ends, so a `while true` loop would
 * never show any), and a tick at the top of every loop body.
 */
export function streamingScript(script: string): string {
  const ast: ScriptNode = parse(script);
  streamStatements(ast.statements, { out: true, err: true });
  return serialize(ast);
}

/**
 * The container's log lines of one running shell process, as the process prints them.
 *
 * just-bash hands a command's standard output and error back as two strings, output first. Most
 * programs keep that order in a log too: busybox's and coreutils' errors follow what they printed
 * (busybox flushes stdout before every error message: the Kubernetes documentation's init
 * container shows nslookup's `Server:` lines before `can't resolve`). A command that wrote its
 * errors first says so (`errorsFirst`: busybox wget's `Connecting to` comes before the page it
 * prints); its output is then held until its errors are written, the next command opens its
 * streams (each streamed command's redirections open /proc/1/fd/1 and 2 with an empty write
 * before it runs), the process pauses or ends.
 */
class LogWriter {
  private partial = ['', '', ''];
  /** The running command's standard output, held while its errors come first. */
  private held = '';
  private heldForErrors = false;
  /** Writes so far. */
  count = 0;

  constructor(
    private readonly lines: LogLine[],
    private readonly now: () => number,
  ) {}

  write(fd: 1 | 2, text: string): void {
    if (!text) {
      // The next command opens its streams: the last one's output is complete.
      this.release();
      return;
    }
    if (fd === 1 && this.heldForErrors) this.held += text;
    else this.append(fd, text);
  }

  /** The running command wrote its errors before its output. */
  errorsFirst(): void {
    this.heldForErrors = true;
  }

  /** Writes the held standard output. */
  release(): void {
    const text = this.held;
    this.held = '';
    this.heldForErrors = false;
    if (text) this.append(1, text);
  }

  private append(fd: 1 | 2, text: string): void {
    this.count++;
    const parts = (this.partial[fd] + text).split('\n');
    this.partial[fd] = parts.pop() ?? '';
    const at = this.now();
    for (const line of parts) this.lines.push({ at, text: line });
    if (this.lines.length > MAX_LINES) this.lines.splice(0, this.lines.length - MAX_LINES);
  }

  end(): void {
    this.release();
    for (const fd of [1, 2] as const) if (this.partial[fd]) this.append(fd, '\n');
  }
}

/** Rounds a process behind the clock catches up before it goes on from now. */
const CATCH_UP_ROUNDS = 200;

/**
 * Starts `spec`'s shell script as the main process of container `containerID`: its lines go to
 * `core.simulation.processOutput`, `exited` gets its exit code unless it is stopped first.
 */
export function startMainProcess(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  containerID: string,
  program: ShellProgram,
  startedAt: number,
  /** Set when the process starts again after a restore: what it did up to then is known. */
  resumedAt: number | undefined,
  exited: (code: number) => void,
): void {
  const state = core.simulation;
  state.processes.get(containerID)?.abort();
  const controller = new AbortController();
  state.processes.set(containerID, controller);
  const lines: LogLine[] = state.processOutput.get(containerID) ?? [];
  state.processOutput.set(containerID, lines);
  // The process's own time: its start plus what it slept, so its lines are stamped exactly. A
  // process started again after a restore replays its script up to now without waiting and
  // without printing what its log already holds.
  let cursor = startedAt;
  /** Loop rounds since the last sleep. */
  let rounds = 0;
  const replayUntil = resumedAt ?? Number.NEGATIVE_INFINITY;
  /** Pauses in a row that ended behind the clock. */
  let behind = 0;
  const pause = async (ms: number) => {
    // What the process printed before it waits is in the log at the time it printed it.
    writer.release();
    cursor += ms;
    const now = core.clock.now();
    if (cursor > now) {
      behind = 0;
      await clockSleep(core, cursor - now, controller.signal);
      return;
    }
    // Behind the clock (it jumped, the machine was busy, a replay after a restore): the first
    // rounds are caught up, stamped as they would have been; past that the process goes on from
    // now, as a starved one would, so `while sleep 0.01` behind by minutes costs no thousands of
    // rounds. The cluster still serves in between.
    if (++behind > CATCH_UP_ROUNDS) {
      cursor = now;
      behind = 0;
    }
    await new Promise((resolve) => setImmediate(resolve));
  };
  const time: ShellTime = {
    now: () => cursor,
    sleep(ms) {
      rounds = 0;
      return pause(ms);
    },
  };
  const writer = new LogWriter(lines, time.now);
  const log = {
    write: (fd: 1 | 2, text: string) => {
      if (cursor > replayUntil) writer.write(fd, text);
    },
    end: () => writer.end(),
  };
  // The script's first line comes after `set -- ARGS` when there are arguments.
  const lineOffset = program.args.length > 1 ? 1 : 0;
  const run = async (): Promise<number> => {
    let source: string;
    try {
      const positional = program.args.slice(1);
      source = `${positional.length ? `set -- ${positional.map(shellQuote).join(' ')}\n` : ''}${streamingScript(program.script)}`;
    } catch (err) {
      log.write(2, `${program.shell}: ${(err as Error).message}\n`);
      return 2;
    }
    // A loop that never pauses burns a CPU (container-usage.ts models that). One that prints
    // runs at most a thousand rounds a second of the cluster's clock; one that prints nothing
    // changes nothing anyone can see, so after its first rounds it only holds the CPU.
    let printed = writer.count;
    const tick = defineCommand(TICK, async (args) => {
      if (++rounds % 100 === 0) {
        if (rounds >= 1_000 && writer.count === printed)
          await new Promise((resolve) =>
            controller.signal.addEventListener('abort', resolve, { once: true }),
          );
        printed = writer.count;
        // A loop slower than that runs at its own pace rather than catching up.
        if (cursor > replayUntil) cursor = Math.max(cursor, core.clock.now() - 100);
        await pause(100);
      }
      return { stdout: '', stderr: '', exitCode: Number(args[0]) || 0 };
    });
    const flavour = imageFlavour(spec.image ?? '');
    const shell = await containerShell(core, pod, spec, controller.signal, {
      containerID,
      commands: [tick],
      // Errors read as the image's shell prints them (busybox's `sh: curl: not found`).
      output: (fd, text) =>
        log.write(
          fd,
          fd === 2 ? shellMessages(text, flavour, program.shell, { lineOffset }) : text,
        ),
      errorsFirst: () => writer.errorsFirst(),
      endless: true,
      time,
      live: () => cursor > replayUntil,
    });
    // $0 is an environment entry for just-bash (which `env` would print): set only when given.
    if (program.args[0] !== undefined) shell.env = { ...shell.env, '0': program.args[0] };
    const r = await runScript(shell, source, program.shell, {
      signal: controller.signal,
      lineOffset,
    });
    // Whatever did not go through a redirection (a syntax error found late) ends the log.
    if (r.out) log.write(1, r.out);
    if (r.err) log.write(2, r.err);
    return r.code;
  };
  run()
    .catch((err) => {
      if (!controller.signal.aborted)
        log.write(2, `${program.shell}: ${(err as Error)?.message ?? err}\n`);
      return 2;
    })
    .then((code) => {
      log.end();
      // The process stays listed until the kubelet stops the container, so it is not started again.
      if (controller.signal.aborted || core.simulation !== state) return;
      exited(code);
    });
}

/** Stops a running main process (the container is stopped or killed). */
export function stopMainProcess(core: ClusterCore, containerID: string | undefined): void {
  if (!containerID) return;
  core.simulation.processes.get(containerID)?.abort();
  core.simulation.processes.delete(containerID);
}

/** Whether the main process of `containerID` runs in this cluster's simulation. */
export function mainProcessRunning(core: ClusterCore, containerID: string | undefined): boolean {
  return Boolean(containerID && core.simulation.processes.has(containerID));
}
