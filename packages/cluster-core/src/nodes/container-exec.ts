/**
 * `kubectl exec` and `kubectl attach` into a simulated container: the command runs in the
 * container's shell (container-bash.ts); `sh`/`bash` without `-c` is an interactive shell on
 * the client's stdin, with a prompt and line editing for a TTY.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { ExecFailure, type ExecIO } from '../apiserver/streaming/runtime';
import { type ContainerShell, containerShell, runScript } from './container-bash';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

const SHELLS = ['sh', 'bash', 'ash'];

/** One word quoted for the shell, so `kubectl exec POD -- echo 'a|b'` passes `a|b` as one argument. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function write(io: ExecIO, text: string): void {
  if (!text) return;
  io.stdout.write(io.tty ? text.replace(/\r?\n/g, '\r\n') : text);
}

function writeErr(io: ExecIO, text: string): void {
  if (!text) return;
  if (io.stderr && !io.tty) io.stderr.write(text);
  else write(io, text);
}

function prompt(sh: ContainerShell, name: string): string {
  if (sh.flavour === 'busybox') return `${sh.cwd === sh.env.HOME ? '~' : sh.cwd} # `;
  if (name === 'bash') return `root@${sh.env.HOSTNAME}:${sh.cwd === sh.env.HOME ? '~' : sh.cwd}# `;
  return '# ';
}

/** An interactive shell on the client's stdin: a prompt, line editing for a TTY, `exit` or EOF to leave. */
async function interactive(sh: ContainerShell, io: ExecIO, name: string): Promise<number> {
  const stdin = io.stdin;
  if (!stdin) return 0;
  if (io.tty) io.stdout.write(prompt(sh, name));
  let line = '';
  let last = 0;
  let queue = Promise.resolve();
  return new Promise<number>((done) => {
    const finish = (code: number) => {
      stdin.removeAllListeners('data');
      done(code);
    };
    const run = (text: string) => {
      queue = queue.then(async () => {
        const trimmed = text.trim();
        if (trimmed === 'exit' || /^exit\s+\d+$/.test(trimmed))
          return finish(Number(trimmed.split(/\s+/)[1] ?? last) || 0);
        const r = trimmed
          ? await runScript(sh, trimmed, name, { signal: io.signal, interactive: true })
          : { code: last, out: '', err: '', binary: false };
        last = r.code;
        write(io, r.out);
        writeErr(io, r.err);
        if (io.tty) io.stdout.write(prompt(sh, name));
      });
    };
    stdin.on('data', (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (!io.tty) {
          if (ch === '\n') {
            run(line);
            line = '';
          } else line += ch;
          continue;
        }
        if (ch === '\r' || ch === '\n') {
          io.stdout.write('\r\n');
          run(line);
          line = '';
        } else if (ch === '\x7f' || ch === '\b') {
          if (line) {
            line = line.slice(0, -1);
            io.stdout.write('\b \b');
          }
        } else if (ch === '\x04' && !line) {
          io.stdout.write('\r\n');
          queue.then(() => finish(last));
        } else if (ch === '\x03') {
          io.stdout.write('^C\r\n');
          line = '';
          io.stdout.write(prompt(sh, name));
        } else if (ch >= ' ') {
          line += ch;
          io.stdout.write(ch);
        }
      }
    });
    stdin.on('end', () => queue.then(() => finish(last)));
    io.signal.addEventListener('abort', () => finish(last), { once: true });
  });
}

/**
 * Everything the client sends on stdin, as bytes in a latin1 string (`kubectl cp` sends a tar,
 * `echo x | kubectl exec -i` a line). A client that sends nothing at first (`kubectl exec -i`
 * from a terminal, for a command that does not read) is not waited for.
 */
function readAll(stream: NonNullable<ExecIO['stdin']>, signal: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(idle);
      stream.removeAllListeners('data');
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const idle = setTimeout(() => !chunks.length && done(), 300);
    stream.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
    stream.on('end', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Attaches the client's stdin to a container whose main process is an interactive shell; its exit code. */
export async function attachShell(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  io: ExecIO,
): Promise<number> {
  const sh = await containerShell(core, pod, spec, io.signal);
  const image = sh.tools;
  const argv0 = [...(spec.command ?? []), ...(spec.args ?? [])][0] ?? 'sh';
  const name = String(argv0).replace(/^.*\//, '');
  return interactive(sh, io, image.has(name) ? name : 'sh');
}

/**
 * Runs `argv` in the container as the runtime execs it (not through a shell): its exit code and
 * output. An executable the image lacks is the runtime's ExecFailure.
 */
export async function execCommand(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  argv: string[],
  options: { stdin?: string; signal: AbortSignal; shell?: ContainerShell },
): Promise<{ code: number; out: string; err: string; binary: boolean }> {
  const sh = options.shell ?? (await containerShell(core, pod, spec, options.signal));
  const name = (argv[0] ?? '').replace(/^.*\//, '');
  requireExecutable(sh, argv);
  const shell = SHELLS.includes(name);
  const c = argv.indexOf('-c');
  // `sh -c SCRIPT NAME ARG...`: the words after the script are $0, $1, ...
  const script = shell
    ? c >= 0
      ? `set -- ${argv
          .slice(c + 3)
          .map(shellQuote)
          .join(' ')}\n${argv[c + 1] ?? ''}`
      : ['sh', ...argv.slice(1)].map(shellQuote).join(' ')
    : // A command the runtime execs directly has no PWD (a shell would export one).
      `unset PWD; ${argv.map(shellQuote).join(' ')}`;
  return runScript(sh, script, shell ? name : 'sh', {
    stdin: options.stdin,
    signal: options.signal,
    // The script's first line comes after `set -- ARGS`.
    lineOffset: shell && c >= 0 ? 1 : 0,
  });
}

/** The runtime's refusal to exec a command the image does not have. */
function requireExecutable(sh: ContainerShell, argv: string[]): void {
  const name = (argv[0] ?? '').replace(/^.*\//, '');
  if (!sh.tools.has(name) && !(argv[0] ?? '').startsWith('/usr/share'))
    throw new ExecFailure(
      `failed to exec in container: failed to start exec "${randomBytes(32).toString('hex')}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown`,
    );
}

export async function runExec(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  argv: string[],
  io: ExecIO,
): Promise<{ exitCode: number }> {
  const sh = await containerShell(core, pod, spec, io.signal);
  const name = (argv[0] ?? '').replace(/^.*\//, '');
  requireExecutable(sh, argv);
  if (
    SHELLS.includes(name) &&
    !argv.includes('-c') &&
    !argv.slice(1).some((a) => !a.startsWith('-'))
  )
    return { exitCode: await interactive(sh, io, name) };
  const stdin = io.stdin && !io.tty ? await readAll(io.stdin, io.signal) : undefined;
  const r = await execCommand(core, pod, spec, argv, { stdin, signal: io.signal, shell: sh });
  // Bytes (`tar cf -` for `kubectl cp` out of the pod) go out as they are.
  if (r.binary || r.out.includes('\0')) io.stdout.write(Buffer.from(r.out, 'latin1'));
  else write(io, r.out);
  writeErr(io, r.err);
  return { exitCode: r.code };
}
