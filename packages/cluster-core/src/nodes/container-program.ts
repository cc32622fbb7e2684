/**
 * What a simulated container's main process does, from its image defaults and the pod's
 * command/args: run forever (servers, `sleep infinity`, `while true` loops), run for a while
 * (`sleep 5`), exit at once (a shell without a terminal, `echo hi`), fail (`false`, `exit 1`,
 * an unknown command, postgres without a password), or not start at all (an executable that
 * is not in the image). A small, safe interpretation of `sh -c` scripts; nothing is executed.
 */
import type { ImageInfo } from './image-catalogue';
import type { ShellProgram } from './main-process';
import { runPythonScript } from './python-script';

export interface ProgramRun {
  /** How long the process runs; Infinity for processes that never exit by themselves. */
  durationMs: number;
  exitCode: number;
  /** The terminated reason when it is not Completed/Error by exit code (OOMKilled). */
  reason?: string;
  /** Set when the runtime cannot start the process (reason StartError, exit code 128). */
  startError?: string;
  /**
   * The exit code when the process gets the container's stop signal (nginx's SIGQUIT, SIGTERM);
   * undefined when it ignores it, as a shell or `sleep` does as PID 1 without a handler, and is
   * killed when the grace period ends (137).
   */
  stopExitCode?: number;
  /** Lines the process writes to stdout/stderr (for `kubectl logs`). */
  output: string[];
  /**
   * A shell script the shell runs (main-process.ts): how long it runs and what it prints come
   * from running it, not from this record.
   */
  shell?: ShellProgram;
}

// biome-ignore lint/suspicious/noExplicitAny: container specs are free-form JSON
type Container = Record<string, any>;

export const SHELLS = new Set(['sh', 'bash', 'ash', 'zsh', 'dash']);
/** Long-running daemons found in the catalogue's images. */
const SERVERS = new Set([
  'nginx',
  'httpd',
  'httpd-foreground',
  'apache2-foreground',
  'redis-server',
  'postgres',
  'mysqld',
  'mariadbd',
  'mongod',
  'memcached',
  'rabbitmq-server',
  'traefik',
  'haproxy',
  'catalina.sh',
  'pause',
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kube-proxy',
  'coredns',
  'flanneld',
  'hello-app',
  'agnhost',
  'registry',
  'run.sh',
  // The daemons of the documentation's example images (image-catalogue.ts).
  'serve_hostname',
  'http-echo',
  'goproxy',
  'hello',
  'server',
  'socat',
  'auto-reload-nginx.sh',
  'cluster-proportional-autoscaler',
  'proxy-server',
  'proxy-agent',
  'event-exporter',
  'dra-example-kubeletplugin',
  'node-problem-detector',
  'cloud-controller-manager',
]);
/** Language runtimes and application servers started with a program to run. */
const RUNTIMES = new Set([
  'python',
  'python3',
  'node',
  'java',
  'npm',
  'gunicorn',
  'uvicorn',
  'flask',
  'go',
]);

/**
 * Whether `name` is one of the image's own programs that this model knows (a server, a runtime,
 * an entrypoint wrapper, a script of the image): a shell cannot run those, this model can.
 */
export function imageProgram(name: string): boolean {
  const base = basename(name);
  return (
    name.startsWith('/') ||
    name.startsWith('./') ||
    SERVERS.has(base) ||
    RUNTIMES.has(base) ||
    WRAPPERS.has(base) ||
    /^perl[\d.]*$/.test(base) ||
    ['stress', 'stress-ng', 'java', 'kubectl', 'redis-cli', 'psql', 'mysql', 'mongosh'].includes(
      base,
    )
  );
}

/** Entrypoint wrappers that exec their arguments. */
export const WRAPPERS = new Set([
  'docker-entrypoint.sh',
  'entrypoint.sh',
  'tini',
  'dumb-init',
  'docker-php-entrypoint',
]);
/** Commands that finish at once with success (busybox applets and coreutils). */
const QUICK = new Set([
  'echo',
  'printf',
  'true',
  ':',
  'date',
  'env',
  'printenv',
  'hostname',
  'cat',
  'ls',
  'whoami',
  'id',
  'uname',
  'pwd',
  'mkdir',
  'touch',
  'cp',
  'mv',
  'rm',
  'ln',
  'chmod',
  'chown',
  'head',
  'wc',
  'rev',
  'grep',
  'sed',
  'awk',
  'cut',
  'sort',
  'nslookup',
  'wget',
  'curl',
  'dig',
  'ps',
  'df',
  'du',
  'free',
  'mount',
  'ip',
  'ifconfig',
  'netstat',
  'nc',
  'test',
  '[',
  'export',
  'cd',
  'set',
  'unset',
  'source',
  '.',
  'trap',
  'tee',
  'find',
  'xargs',
  'basename',
  'dirname',
  'stat',
  'md5sum',
  'base64',
  'tr',
  'uniq',
  'seq',
  'expr',
  'let',
  'read',
  'wait',
  'sync',
  'python',
  'python3',
  'node',
  'nproc',
  'uptime',
]);
const forever = (output: string[] = []): ProgramRun => ({
  durationMs: Number.POSITIVE_INFINITY,
  exitCode: 0,
  output,
});
/** A daemon that shuts down cleanly on its stop signal (nginx, httpd, redis, postgres, Go servers). */
const serves = (output: string[] = []): ProgramRun => ({ ...forever(output), stopExitCode: 0 });
const exits = (exitCode: number, durationMs = 0, output: string[] = []): ProgramRun => ({
  durationMs,
  exitCode,
  output,
});

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `sleep` durations: 5, 5s, 2m, 1h, 0.5, infinity. */
function sleepMs(arg: string | undefined): number | undefined {
  if (!arg) return undefined;
  if (arg === 'infinity' || arg === 'inf') return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]] ?? 1000;
  return Number(m[1]) * unit;
}

/** Splits a shell word list, honouring simple quotes. */
export function words(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

export interface Step {
  op: ';' | '&&' | '||';
  text: string;
}

/** Top-level statements of a script, split on ; && || and newlines (not inside quotes). */
export function statements(script: string): Step[] {
  const steps: Step[] = [];
  let op: Step['op'] = ';';
  let current = '';
  let quote = '';
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (quote) {
      if (ch === quote) quote = '';
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ';' || ch === '\n') {
      steps.push({ op, text: current.trim() });
      op = ';';
      current = '';
    } else if ((ch === '&' || ch === '|') && script[i + 1] === ch) {
      steps.push({ op, text: current.trim() });
      op = ch === '&' ? '&&' : '||';
      current = '';
      i++;
    } else current += ch;
  }
  steps.push({ op, text: current.trim() });
  return steps.filter((s) => s.text);
}

function env(container: Container): Map<string, string> {
  // biome-ignore lint/suspicious/noExplicitAny: env entries are free-form JSON
  return new Map(((container.env ?? []) as any[]).map((e) => [e.name, e.value ?? '']));
}

function expand(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, name) => vars.get(name) ?? '');
}

/** One simple command inside a shell script. */
function runCommand(argv: string[], vars: Map<string, string>): ProgramRun {
  const [cmd, ...rest] = argv;
  const name = basename(cmd ?? '');
  if (!name) return exits(0);
  // A variable assignment (`i=0`, `i=$((i+1))`).
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(cmd ?? '') && argv.length === 1) return exits(0);
  if (name === 'sleep') {
    const ms = sleepMs(rest[0]);
    return ms === undefined ? exits(1, 0, ['sleep: invalid number']) : exits(0, ms);
  }
  if (name === 'exit') return exits(Number(rest[0] ?? 0) || 0);
  // stress runs its hogs until --timeout (or for ever); stress-ng likewise.
  if (name === 'stress' || name === 'stress-ng') {
    const i = rest.findIndex((w) => w === '--timeout' || w === '-t');
    if (i < 0)
      return rest.includes('--help') || !rest.length ? exits(0, 0, STRESS_USAGE) : forever();
    return exits(0, sleepMs(rest[i + 1]) ?? 0);
  }
  // Math::BigFloat's bpi(N) (the Job walkthrough's `perl -Mbignum=bpi -wle 'print bpi(2000)'`).
  if (/^perl[\d.]*$/.test(name)) {
    const digits = /bpi\((\d+)\)/.exec(rest.join(' '))?.[1];
    if (digits)
      return exits(0, Math.min(10_000, 500 + Number(digits) * 2), [piDigits(Number(digits))]);
    return rest.length ? exits(0, 100) : exits(0);
  }
  if (name === 'false') return exits(1);
  if (name === 'echo') return exits(0, 0, [rest.filter((w) => w !== '-n' && w !== '-e').join(' ')]);
  if (name === 'printf') return exits(0, 0, [(rest[0] ?? '').replace(/\\n$/, '')]);
  // tail -f / -F (also combined, -fn 100) follows for ever; a plain tail prints and exits.
  if (name === 'tail')
    return rest.some((w) => /^-[a-zA-Z]*[fF]/.test(w)) ? forever() : exits(0, 10);
  if (name === 'ping')
    return rest.includes('-c')
      ? exits(0, (Number(rest[rest.indexOf('-c') + 1]) || 1) * 1000)
      : forever();
  if ((name === 'python' || name === 'python3') && rest[0] === '-m') return forever();
  if ((name === 'nc' || name === 'netcat') && rest.includes('-l')) return forever();
  if (SERVERS.has(name)) return serves();
  // A runtime given a program (`node server.js`, `python3 app.py`) runs it as a server.
  if (RUNTIMES.has(name) && rest.length && !/^-(?:c|e|m|v|V|-version)$/.test(rest[0] ?? ''))
    return forever();
  if (name === 'top' || name === 'watch' || name === 'yes') return forever();
  if (QUICK.has(name)) return exits(0, 10);
  if (SHELLS.has(name)) return program(argv, undefined, vars, false);
  return exits(127, 0, [`sh: ${name}: not found`]);
}

function runScript(script: string, vars: Map<string, string>): ProgramRun {
  const compact = script.replace(/\s+/g, ' ').trim();
  if (
    /\b(?:while|until)\s+(?:true|:|\[\s*1\s*\]|\[\s*true\s*\]|!\s*false|sleep\s+[\d.]+[smhd]?)\s*;?\s*do\b/.test(
      compact,
    ) &&
    !/\bbreak\b|\bexit\b/.test(compact)
  ) {
    const echoes = [...compact.matchAll(/\becho\s+("[^"]*"|'[^']*'|[^;&|]+)/g)].map((m) =>
      m[1].replace(/^["']|["']$/g, '').trim(),
    );
    return forever(echoes.map((e) => expand(e, vars)));
  }
  const forLoop = /^for\s+\w+\s+in\s+([^;]+);\s*do\s+(.*);?\s*done$/.exec(compact);
  if (forLoop) {
    const items = words(forLoop[1]).length;
    const body = runScript(forLoop[2], vars);
    return exits(
      body.exitCode,
      body.durationMs * items,
      Array.from({ length: items }, () => body.output).flat(),
    );
  }
  let duration = 0;
  let code = 0;
  const output: string[] = [];
  const single = statements(script).length === 1;
  for (const step of statements(script)) {
    if (step.op === '&&' && code !== 0) continue;
    if (step.op === '||' && code === 0) continue;
    const argv = words(expand(step.text, vars)).filter((w) => !/^\d?>/.test(w) && w !== '&');
    if (step.text.endsWith('&') && !step.text.endsWith('&&')) continue;
    const run = runCommand(argv, vars);
    duration += run.durationMs;
    output.push(...run.output);
    code = run.exitCode;
    // `sh -c` execs a lone command, which then gets the stop signal itself.
    if (!Number.isFinite(duration))
      return { ...forever(output), stopExitCode: single ? run.stopExitCode : undefined };
    if (argv[0] === 'exit') break;
  }
  return exits(code, duration, output);
}

function program(
  argv: string[],
  image: ImageInfo | undefined,
  vars: Map<string, string>,
  interactive: boolean,
): ProgramRun {
  if (!argv.length)
    return { durationMs: 0, exitCode: 128, startError: 'no command specified', output: [] };
  const name = basename(argv[0]);
  if (WRAPPERS.has(name)) {
    if (image?.requiresOneOf && !image.requiresOneOf.some((v) => vars.get(v))) {
      return exits(1, 1500, [databaseError(image)]);
    }
    if (argv.length < 2) return forever();
    const child = program(argv.slice(1), image, vars, interactive);
    // tini and dumb-init forward the signal to a child that is not PID 1: unhandled, it kills it (143).
    return name === 'tini' || name === 'dumb-init'
      ? { ...child, stopExitCode: child.stopExitCode ?? 143 }
      : child;
  }
  if (SHELLS.has(name)) {
    const c = argv.indexOf('-c');
    if (c >= 0) {
      const script = argv[c + 1] ?? '';
      const trapped = stopTrap(script);
      if (trapped === undefined) return runScript(script, vars);
      return { ...runScript(script.replace(TRAP, ''), vars), stopExitCode: trapped };
    }
    if (argv.length > 1 && !argv[1].startsWith('-')) return forever();
    // An interactive shell lives as long as its stdin (kubectl run -it); otherwise it exits at once.
    return interactive ? forever() : exits(0);
  }
  return runCommand(argv, vars);
}

const TRAP = /\btrap\s+(?:"([^"]*)"|'([^']*)')\s+([\w ]+)/;

/** The exit code of a `trap '... exit N' TERM` in a script: the shell as PID 1 then stops on SIGTERM. */
function stopTrap(script: string): number | undefined {
  const m = TRAP.exec(script);
  if (!m || !/\b(?:SIG)?TERM\b|\b15\b/.test(m[3])) return undefined;
  const exit = /\bexit\b\s*(\d*)/.exec(m[1] ?? m[2] ?? '');
  return exit ? Number(exit[1] || 0) : undefined;
}

function databaseError(image: ImageInfo): string {
  if (image.repository.endsWith('/postgres')) {
    return 'Error: Database is uninitialized and superuser password is not specified.';
  }
  return 'error: database is uninitialized and password option is not specified';
}

function notFoundInImage(argv: string[]): string {
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${argv[0]}": executable file not found in $PATH: unknown`;
}

const STRESS_USAGE = [
  "`stress' imposes certain types of compute stress on your system",
  '',
  'Usage: stress [OPTION [ARG]] ...',
];

/** pi rounded to `n` significant digits, as Math::BigFloat's bpi(n) prints it. */
export function piDigits(n: number): string {
  const guard = 10n;
  const scale = 10n ** (BigInt(n) + guard);
  // Machin: pi = 16 atan(1/5) - 4 atan(1/239), each series summed in fixed point.
  const atanInv = (x: bigint) => {
    let term = scale / x;
    let sum = term;
    const x2 = x * x;
    for (let k = 1n; term !== 0n; k++) {
      term /= x2;
      sum += (k % 2n ? -term : term) / (2n * k + 1n);
    }
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  const rounded = (pi / 10n ** guard + 5n) / 10n;
  const text = rounded.toString();
  return n <= 1 ? text : `${text[0]}.${text.slice(1, n)}`;
}

/** Bytes of a stress size (`150M`, `1G`, `256K`, powers of 1024) or a Kubernetes quantity (`150Mi`). */
function sizeBytes(text: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([kKmMgGtT]?)(i?)[bB]?$/.exec(text ?? '');
  if (!m) return undefined;
  const power = { '': 0, k: 1, m: 2, g: 3, t: 4 }[m[2].toLowerCase()] ?? 0;
  return Number(m[1]) * 1024 ** power;
}

/** What a memory hog tries to hold: stress `--vm N --vm-bytes S` (256M each by default), vish/stress `-mem-total`. */
function memoryDemand(argv: string[]): number | undefined {
  const words = argv.flatMap((w) => w.split(/\s+/));
  const flag = (...names: string[]) => {
    const i = words.findIndex((w) => names.includes(w) || names.some((n) => w.startsWith(`${n}=`)));
    if (i < 0) return undefined;
    return words[i].includes('=') ? words[i].slice(words[i].indexOf('=') + 1) : words[i + 1];
  };
  if (words.some((w) => /(^|\/)stress(-ng)?$/.test(w))) {
    const total = flag('-mem-total', '--mem-total');
    if (total) return sizeBytes(total);
    const vms = Number(flag('--vm', '-m') ?? 0);
    return vms ? vms * (sizeBytes(flag('--vm-bytes')) ?? 256 * 1024 * 1024) : undefined;
  }
  return undefined;
}

/** Whether `name` is something the catalogued image could plausibly execute. */
function executable(argv0: string): boolean {
  const name = basename(argv0);
  return (
    imageProgram(argv0) ||
    SHELLS.has(name) ||
    QUICK.has(name) ||
    [
      'sleep',
      'exit',
      'false',
      'tail',
      'ping',
      'nc',
      'netcat',
      'top',
      'watch',
      'yes',
      'npx',
      'pip',
    ].includes(name)
  );
}

/**
 * The main process of `container` run from `image` (undefined image info: defaults unknown),
 * with the container's resolved `environment` when the kubelet knows it (fieldRef values).
 */
export function containerProgram(
  container: Container,
  image: ImageInfo | undefined,
  environment?: Map<string, string>,
): ProgramRun {
  const command: string[] | undefined = container.command?.length ? container.command : undefined;
  const args: string[] | undefined = container.args?.length ? container.args : undefined;
  const entrypoint = command ?? image?.entrypoint ?? [];
  const rest = args ?? (command ? [] : (image?.cmd ?? []));
  const vars = environment ?? env(container);
  const rawArgv = [...entrypoint, ...rest].map(String);
  const argv = rawArgv.map((a) => expand(a, vars));
  if (!argv.length)
    return {
      durationMs: 0,
      exitCode: 128,
      startError: 'failed to create containerd task: no command specified',
      output: [],
    };
  // The runtime execs argv[0] itself when the pod's command, or args on an image without an
  // ENTRYPOINT (busybox), name it: one the image does not have cannot start.
  const direct = command ?? (args && image && !image.entrypoint.length ? args : undefined);
  if (direct && !executable(argv[0]))
    return { durationMs: 0, exitCode: 128, startError: notFoundInImage(argv), output: [] };
  const interactive = Boolean(container.stdin) || Boolean(container.tty);
  const name = basename(argv[0]);
  // A hog that wants more memory than its limit is OOM-killed as it allocates (cgroup v2 kills the whole container).
  const demand = memoryDemand(argv);
  const limit = sizeBytes(String(container.resources?.limits?.memory ?? ''));
  if (demand !== undefined && limit !== undefined && demand > limit)
    return { durationMs: 1_000, exitCode: 137, reason: 'OOMKilled', output: [] };
  // Runtimes and application servers started with a script argument keep serving.
  if (RUNTIMES.has(name)) {
    if (argv.length === 1) return interactive ? forever() : exits(0);
    // A `python3 -c` script of the documentation's kind decides its exit code (sys.exit).
    const script =
      (name === 'python' || name === 'python3') && argv[1] === '-c'
        ? runPythonScript(rawArgv[2] ?? '', vars)
        : undefined;
    if (script) return exits(script.exitCode, script.durationMs, script.output);
    if (argv[1] === '-c' || argv[1] === '-e' || argv[1] === '--version' || argv[1] === '-V')
      return exits(0, 100);
    // As PID 1 python and node ignore SIGTERM without a handler; the JVM's hook exits 143; gunicorn/uvicorn shut down.
    if (name === 'java') return { ...forever(), stopExitCode: 143 };
    return name === 'gunicorn' || name === 'uvicorn' ? serves() : forever();
  }
  return program(argv, image, vars, interactive);
}
