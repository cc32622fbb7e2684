/**
 * `kubectl exec` into a simulated container: a small shell with the commands learners reach
 * for (env, cat, ls, echo, hostname, nslookup, wget, curl, sleep, ...), `sh -c` scripts with
 * `;`, `&&`, `||`, pipes and `>`/`>>`, and an interactive prompt for `-it`. Which tools exist
 * depends on the image (busybox has wget and nslookup, the nginx image has curl but neither).
 * Nothing is executed on the host.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { ExecFailure, type ExecIO } from '../apiserver/streaming/runtime';
import {
  DNS_SERVER,
  httpGet,
  lookupFqdn,
  resolve,
  reverseName,
  searchDomains,
} from './cluster-network';
import { containerEnvironment } from './container-environment';
import { type ContainerFiles, containerFiles } from './container-filesystem';
import { dateOutput } from './container-logs';
import { statements, words } from './container-program';
import { type ImageInfo, resolveImage } from './image-catalogue';
import { dnsReachable } from './network-policy';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

interface Result {
  code: number;
  out: string;
  err?: string;
}

interface Shell {
  core: ClusterCore;
  pod: KubeObject;
  spec: Json;
  image?: ImageInfo;
  busybox: boolean;
  files: ContainerFiles;
  env: Map<string, string>;
  tools: Set<string>;
  signal: AbortSignal;
  /** ls prints one name per line unless its output is a terminal. */
  tty: boolean;
}

const COMMON = [
  'sh',
  'echo',
  'printf',
  'cat',
  'ls',
  'env',
  'printenv',
  'hostname',
  'whoami',
  'id',
  'pwd',
  'date',
  'sleep',
  'true',
  'false',
  'uname',
  'mkdir',
  'touch',
  'rm',
  'head',
  'tail',
  'grep',
  'wc',
  'exit',
  'test',
  'export',
  'cd',
];
const BUSYBOX_ONLY = ['wget', 'nslookup', 'ping', 'ps', 'ash'];

function toolsFor(image: ImageInfo | undefined): { busybox: boolean; tools: Set<string> } {
  const repo = image?.repository ?? '';
  const busybox = /\/(busybox|alpine|busyboxplus)$/.test(repo);
  const tools = new Set(COMMON);
  if (busybox) for (const t of BUSYBOX_ONLY) tools.add(t);
  else tools.add('bash');
  if (/\/(nginx|python|node|golang|netshoot|curl|busyboxplus)$/.test(repo)) tools.add('curl');
  if (/\/netshoot$/.test(repo))
    for (const t of ['wget', 'nslookup', 'ping', 'ps', 'dig']) tools.add(t);
  if (/\/(python|node|redis|postgres|mysql|mongo)$/.test(repo))
    for (const t of ['python3', 'python', 'node', 'redis-cli', 'psql', 'mysql', 'mongosh'])
      tools.add(t);
  return { busybox, tools };
}

const ok = (out = ''): Result => ({ code: 0, out });
const fail = (code: number, err: string): Result => ({
  code,
  out: '',
  err: err.endsWith('\n') ? err : `${err}\n`,
});

function parseUrl(raw: string): { host: string; port: number; path: string } | undefined {
  const m = /^(?:(https?):\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(raw);
  if (!m) return undefined;
  return { host: m[2], port: Number(m[3] ?? (m[1] === 'https' ? 443 : 80)), path: m[4] ?? '/' };
}

/** busybox before 1.29 had the old nslookup applet (libc resolver), the one Kubernetes' DNS docs pin. */
function oldBusyboxNslookup(image: string): boolean {
  const m = /:(\d+)\.(\d+)/.exec(image.replace(/@.*$/, ''));
  return Boolean(m) && Number(m?.[1]) === 1 && Number(m?.[2]) <= 28;
}

const ptrName = (ip: string) => `${ip.split('.').reverse().join('.')}.in-addr.arpa`;

function nslookup(sh: Shell, name: string): Result {
  const ns = sh.pod.metadata.namespace ?? 'default';
  const ipv4 = /^\d+\.\d+\.\d+\.\d+$/.test(name);
  // An egress policy that cuts the pod off from CoreDNS: every query times out.
  if (!dnsReachable(sh.core, sh.pod)) {
    if (sh.busybox && oldBusyboxNslookup(sh.spec.image ?? '')) {
      return {
        code: 1,
        out: `${'Server:'.padEnd(10)} ${DNS_SERVER}\nAddress 1: ${DNS_SERVER}\n\n`,
        err: `nslookup: can't resolve '${name}'\n`,
      };
    }
    return { code: 1, out: ';; connection timed out; no servers could be reached\n\n' };
  }
  if (sh.busybox && oldBusyboxNslookup(sh.spec.image ?? '')) {
    // busybox <= 1.28: getaddrinfo with the search list, each address with its reverse name.
    const line = (header: string, host: string, addresses: string[]) =>
      `${header.padEnd(10)} ${host}\n${addresses
        .map((a, i) => {
          const rev = reverseName(sh.core, a);
          return `Address ${i + 1}: ${a}${rev ? ` ${rev}` : ''}`;
        })
        .join('\n')}\n`;
    const server = `${line('Server:', DNS_SERVER, [DNS_SERVER])}\n`;
    const r = resolve(sh.core, ns, name);
    if (!r) return { code: 1, out: server, err: `nslookup: can't resolve '${name}'\n` };
    return ok(`${server}${line('Name:', name, r.addresses)}`);
  }
  const bind = !sh.busybox;
  let out = `Server:\t\t${DNS_SERVER}\nAddress:\t${DNS_SERVER}${bind ? '#53' : ':53'}\n\n`;
  if (ipv4) {
    const rev = reverseName(sh.core, name);
    if (!rev) return { code: 1, out: `${out}** server can't find ${ptrName(name)}: NXDOMAIN\n\n` };
    return ok(`${out}${ptrName(name)}\tname = ${rev}${bind ? '.' : ''}\n\n`);
  }
  if (bind) {
    // bind-utils applies the search list (ndots:5) and prints the first answer.
    const r = resolve(sh.core, ns, name);
    if (!r) return { code: 1, out: `${out}** server can't find ${name}: NXDOMAIN\n\n` };
    return ok(`${out}${r.addresses.map((a) => `Name:\t${r.fqdn}\nAddress: ${a}\n`).join('')}\n`);
  }
  // busybox >= 1.29 (networking/nslookup.c): a name with a dot is asked as is, a bare name once per
  // search domain; A then AAAA queries, every reply printed and followed by an empty line, and
  // any NXDOMAIN makes the exit code 1.
  const fqdn = name.replace(/\.$/, '');
  const names = name.includes('.') ? [fqdn] : searchDomains(ns).map((d) => `${name}.${d}`);
  let code = 0;
  for (const type of ['A', 'AAAA']) {
    for (const q of names) {
      const addresses = lookupFqdn(sh.core, q);
      if (!addresses?.length) {
        out += `** server can't find ${q}: NXDOMAIN\n\n`;
        code = 1;
      } else
        out += `${type === 'A' ? addresses.map((a) => `Name:\t${q}\nAddress: ${a}\n`).join('') : ''}\n`;
    }
  }
  return { code, out };
}

function fetch(sh: Shell, tool: 'wget' | 'curl', args: string[]): Result {
  const target = args.filter((a) => !a.startsWith('-') && !/^\d+$/.test(a)).pop();
  const url = target ? parseUrl(target) : undefined;
  if (!url)
    return tool === 'curl'
      ? fail(2, "curl: try 'curl --help' or 'curl --manual' for more information")
      : fail(
          1,
          'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] URL...',
        );
  const res = httpGet(sh.core, sh.pod, url.host, url.port, url.path);
  const quiet = args.some((a) => a === '-q' || a === '-qO-' || a === '-qO' || a === '-s');
  if ('error' in res) {
    if (tool === 'curl') {
      if (res.error === 'unresolved')
        return fail(6, `curl: (6) Could not resolve host: ${url.host}`);
      if (res.error === 'timeout')
        return fail(
          28,
          `curl: (28) Failed to connect to ${url.host} port ${url.port} after 130000 ms: Couldn't connect to server`,
        );
      return fail(
        7,
        `curl: (7) Failed to connect to ${url.host} port ${url.port} after 3 ms: Couldn't connect to server`,
      );
    }
    if (res.error === 'unresolved')
      return fail(1, `wget: bad address '${url.host}${url.port === 80 ? '' : `:${url.port}`}'`);
    const ip =
      resolve(sh.core, sh.pod.metadata.namespace ?? 'default', url.host)?.addresses[0] ?? url.host;
    if (res.error === 'timeout') {
      // -T shorter than the kernel's connect timeout (~127 s) ends as busybox's alarm says.
      if (args.some((a) => a === '-T' || /^-T\d+$/.test(a) || a.startsWith('--timeout')))
        return fail(1, 'wget: download timed out');
      return fail(
        1,
        `${quiet ? '' : `Connecting to ${url.host}${url.port === 80 ? '' : `:${url.port}`} (${ip}:${url.port})\n`}wget: can't connect to remote host (${ip}): Connection timed out`,
      );
    }
    return fail(
      1,
      `${quiet ? '' : `Connecting to ${url.host}${url.port === 80 ? '' : `:${url.port}`} (${ip}:${url.port})\n`}wget: can't connect to remote host (${ip}): Connection refused`,
    );
  }
  if (tool === 'curl') return ok(res.body);
  if (res.status >= 400)
    return fail(1, `wget: server returned error: HTTP/1.1 ${res.status} Not Found`);
  const toStdout =
    args.some((a) => a === '-O-' || a === '-qO-') ||
    (args.includes('-O') && args[args.indexOf('-O') + 1] === '-');
  const ip =
    resolve(sh.core, sh.pod.metadata.namespace ?? 'default', url.host)?.addresses[0] ?? url.host;
  const progress = quiet
    ? ''
    : `Connecting to ${url.host}${url.port === 80 ? '' : `:${url.port}`} (${ip}:${url.port})\n`;
  if (toStdout)
    return {
      code: 0,
      out: res.body,
      err: quiet
        ? undefined
        : `${progress}writing to stdout\n-                    100% |********************************|   ${res.body.length}  0:00:00 ETA\nwritten to stdout\n`,
    };
  const file = args.includes('-O') ? args[args.indexOf('-O') + 1] : 'index.html';
  sh.files.write(file, res.body, false);
  return {
    code: 0,
    out: '',
    err: quiet
      ? undefined
      : `${progress}saving to '${file}'\n${file}           100% |********************************|   ${res.body.length}  0:00:00 ETA\n'${file}' saved\n`,
  };
}

/** One command; synchronous except for what waits (sleep, a nested `sh -c`). */
function command(sh: Shell, argv: string[], stdin: string): Result | Promise<Result> {
  const [cmd, ...args] = argv;
  const name = (cmd ?? '').replace(/^.*\//, '');
  if (!name) return ok();
  if (!sh.tools.has(name)) return fail(127, `sh: ${name}: not found`);
  const files = sh.files;
  switch (name) {
    case 'echo':
      return ok(
        `${args.filter((a) => a !== '-e' && a !== '-n').join(' ')}${args.includes('-n') ? '' : '\n'}`,
      );
    case 'printf':
      return ok((args[0] ?? '').replace(/\\n/g, '\n').replace(/%s/g, () => args[1] ?? ''));
    case 'true':
    case 'export':
    case 'cd':
      return ok();
    case 'false':
      return { code: 1, out: '' };
    case 'test':
      return {
        code:
          args[0] === '-f' || args[0] === '-e'
            ? files.read(args[1] ?? '') !== undefined
              ? 0
              : 1
            : 0,
        out: '',
      };
    case 'hostname':
      return ok(`${sh.env.get('HOSTNAME')}\n`);
    case 'whoami':
      return ok('root\n');
    case 'id':
      return ok(
        sh.busybox
          ? 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n'
          : 'uid=0(root) gid=0(root) groups=0(root)\n',
      );
    case 'pwd':
      return ok('/\n');
    case 'date':
      return ok(`${dateOutput(sh.core.clock.now())}\n`);
    case 'uname':
      return ok(
        args.includes('-a')
          ? `Linux ${sh.env.get('HOSTNAME')} 6.8.0-1029-aws #31-Ubuntu SMP Wed Apr 23 18:42:41 UTC 2025 x86_64 GNU/Linux\n`
          : 'Linux\n',
      );
    case 'env':
      return ok([...sh.env].map(([k, v]) => `${k}=${v}\n`).join(''));
    case 'printenv':
      if (!args.length) return ok([...sh.env].map(([k, v]) => `${k}=${v}\n`).join(''));
      return args.every((a) => sh.env.has(a))
        ? ok(args.map((a) => `${sh.env.get(a)}\n`).join(''))
        : {
            code: 1,
            out: args
              .filter((a) => sh.env.has(a))
              .map((a) => `${sh.env.get(a)}\n`)
              .join(''),
          };
    case 'sleep': {
      const secs = Number(args[0] ?? 'x');
      if (Number.isNaN(secs))
        return fail(
          1,
          sh.busybox ? `sleep: invalid number '${args[0] ?? ''}'` : 'sleep: missing operand',
        );
      return new Promise<Result>((done) => {
        const cancel = sh.core.clock.schedule(secs * 1000, () => done(ok()));
        sh.signal.addEventListener(
          'abort',
          () => {
            cancel();
            done(ok());
          },
          { once: true },
        );
      });
    }
    case 'cat': {
      if (!args.length) return ok(stdin);
      let out = '';
      for (const a of args) {
        const content = files.read(a);
        if (content === undefined) {
          const dir = files.list(a);
          if (dir)
            return {
              code: 1,
              out,
              err: sh.busybox ? `cat: read error: Is a directory\n` : `cat: ${a}: Is a directory\n`,
            };
          return {
            code: 1,
            out,
            err: sh.busybox
              ? `cat: can't open '${a}': No such file or directory\n`
              : `cat: ${a}: No such file or directory\n`,
          };
        }
        out += content;
      }
      return ok(out);
    }
    case 'ls': {
      const targets = args.filter((a) => !a.startsWith('-'));
      let out = '';
      for (const t of targets.length ? targets : ['/']) {
        const entries = files.list(t);
        if (entries) out += entries.length ? `${entries.join(sh.tty ? '  ' : '\n')}\n` : '';
        else if (files.read(t) !== undefined) out += `${t}\n`;
        else
          return {
            code: sh.busybox ? 1 : 2,
            out,
            err: sh.busybox
              ? `ls: ${t}: No such file or directory\n`
              : `ls: cannot access '${t}': No such file or directory\n`,
          };
      }
      return ok(out);
    }
    case 'mkdir':
      return ok();
    case 'touch':
      for (const a of args) if (files.read(a) === undefined) files.write(a, '', false);
      return ok();
    case 'rm': {
      for (const a of args.filter((x) => !x.startsWith('-'))) {
        if (files.read(a) === undefined) {
          if (args.some((x) => /^-[a-z]*f/.test(x))) continue;
          return {
            code: 1,
            out: '',
            err: sh.busybox
              ? `rm: can't remove '${a}': No such file or directory\n`
              : `rm: cannot remove '${a}': No such file or directory\n`,
          };
        }
        const problem = files.remove(a);
        if (problem) return fail(1, `rm: ${problem.replace("can't create", "can't remove")}`);
      }
      return ok();
    }
    case 'head':
    case 'tail': {
      const n = Number(args[args.indexOf('-n') + 1] ?? 10) || 10;
      const text = args.find((a) => !a.startsWith('-') && !/^\d+$/.test(a));
      const lines = (text ? (files.read(text) ?? '') : stdin)
        .split('\n')
        .filter((l, i, all) => i < all.length - 1 || l);
      return ok(
        `${(name === 'head' ? lines.slice(0, n) : lines.slice(-n)).join('\n')}${lines.length ? '\n' : ''}`,
      );
    }
    case 'grep': {
      const pattern = args.find((a) => !a.startsWith('-')) ?? '';
      const file = args.filter((a) => !a.startsWith('-'))[1];
      const lines = (file ? (files.read(file) ?? '') : stdin)
        .split('\n')
        .filter(
          (l) =>
            l &&
            (args.includes('-i')
              ? l.toLowerCase().includes(pattern.toLowerCase())
              : l.includes(pattern)),
        );
      return { code: lines.length ? 0 : 1, out: lines.map((l) => `${l}\n`).join('') };
    }
    case 'wc':
      return ok(`${stdin.split('\n').length - 1}\n`);
    case 'nslookup':
      return args[0]
        ? nslookup(sh, args[0])
        : fail(
            1,
            'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]',
          );
    case 'wget':
    case 'curl':
      return fetch(sh, name, args);
    case 'ps':
      return ok(
        `PID   USER     TIME  COMMAND\n    1 root      0:00 ${[...(sh.spec.command ?? sh.image?.entrypoint ?? []), ...(sh.spec.args ?? sh.image?.cmd ?? [])].join(' ')}\n`,
      );
    case 'sh':
    case 'bash':
    case 'ash': {
      const c = args.indexOf('-c');
      if (c >= 0) return script(sh, args[c + 1] ?? '');
      return ok();
    }
    default:
      return ok();
  }
}

/** A pipeline stage: its words after command substitution and variable expansion, and its output redirection. */
function parseStage(sh: Shell, stage: string): { argv: string[]; redirect?: RegExpExecArray } {
  const expanded = stage
    .replace(/\$\(([^()]*)\)/g, (_m, inner: string) =>
      (scriptNow(sh, inner)?.out ?? '').replace(/\n+$/, ''),
    )
    .replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, v) => sh.env.get(v) ?? '')
    .replace(/\$\(hostname\)/g, sh.env.get('HOSTNAME') ?? '');
  const redirect = /\s(>>?)\s*(\S+)\s*$/.exec(expanded) ?? undefined;
  return { argv: words(redirect ? expanded.slice(0, redirect.index) : expanded), redirect };
}

function redirected(sh: Shell, result: Result, redirect: RegExpExecArray | undefined): Result {
  if (!redirect) return result;
  const problem = sh.files.write(redirect[2], result.out, redirect[1] === '>>');
  return problem ? fail(1, `sh: ${problem}`) : { ...result, out: '' };
}

/**
 * Runs a script: statements, && / ||, pipes, and > / >> redirection to files. `run` decides how a
 * command's result is awaited; the synchronous runner gives up (undefined) on anything that waits.
 */
function runScript<R>(
  sh: Shell,
  text: string,
  run: (argv: string[], stdin: string, then: (r: Result) => R) => R,
  done: (r: Result) => R,
): R {
  const steps = statements(text);
  let code = 0;
  let out = '';
  let err = '';
  const nextStep = (s: number): R => {
    for (; s < steps.length; s++) {
      const step = steps[s];
      if ((step.op === '&&' && code !== 0) || (step.op === '||' && code === 0)) continue;
      const stages = step.text.split(/(?<!\|)\|(?!\|)/);
      const nextStage = (i: number, stdin: string, result: Result): R => {
        if (i >= stages.length) {
          out += result.out;
          code = result.code;
          return nextStep(s + 1);
        }
        const { argv, redirect } = parseStage(sh, stages[i]);
        if (argv[0] === 'exit') return done({ code: Number(argv[1] ?? code) || 0, out, err });
        return run(argv, stdin, (r) => {
          const res = redirected(sh, r, redirect);
          if (res.err) err += res.err;
          return nextStage(i + 1, res.out, res);
        });
      };
      return nextStage(0, '', ok());
    }
    return done({ code, out, err });
  };
  return nextStep(0);
}

async function script(sh: Shell, text: string): Promise<Result> {
  return runScript<Promise<Result>>(
    sh,
    text,
    async (argv, stdin, then) => then(await command(sh, argv, stdin)),
    async (r) => r,
  );
}

/** The same script, run at once; undefined when some command would wait. */
function scriptNow(sh: Shell, text: string): Result | undefined {
  return runScript<Result | undefined>(
    sh,
    text,
    (argv, stdin, then) => {
      const r = command(sh, argv, stdin);
      return r instanceof Promise ? undefined : then(r);
    },
    (r) => r,
  );
}

function write(io: ExecIO, text: string): void {
  if (!text) return;
  io.stdout.write(io.tty ? text.replace(/\r?\n/g, '\r\n') : text);
}

/** An interactive shell on the client's stdin: a prompt, line editing for a TTY, `exit` or EOF to leave. */
async function interactive(sh: Shell, io: ExecIO, bash: boolean): Promise<number> {
  const prompt = sh.busybox ? '/ # ' : bash ? `root@${sh.env.get('HOSTNAME')}:/# ` : '# ';
  const stdin = io.stdin;
  if (!stdin) return 0;
  if (io.tty) io.stdout.write(prompt);
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
        if (trimmed === 'exit' || trimmed.startsWith('exit '))
          return finish(Number(trimmed.split(/\s+/)[1] ?? last) || 0);
        const r = trimmed ? await script(sh, trimmed) : ok();
        last = r.code;
        write(io, r.out);
        if (r.err) io.stderr && !io.tty ? io.stderr.write(r.err) : write(io, r.err);
        if (io.tty) io.stdout.write(prompt);
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
          io.stdout.write(prompt);
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

/** Attaches the client's stdin to a container whose main process is an interactive shell; its exit code. */
export async function attachShell(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  io: ExecIO,
): Promise<number> {
  const image = resolveImage(spec.image ?? '')?.info;
  const { busybox, tools } = toolsFor(image);
  const sh: Shell = {
    core,
    pod,
    spec,
    image,
    busybox,
    tools,
    files: containerFiles(core, pod, spec),
    env: containerEnvironment(core, pod, spec, image),
    signal: io.signal,
    tty: io.tty,
  };
  const argv0 = [...(spec.command ?? []), ...(spec.args ?? [])][0] ?? image?.cmd?.[0] ?? 'sh';
  return interactive(sh, io, /bash$/.test(argv0));
}

export async function runExec(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  argv: string[],
  io: ExecIO,
): Promise<{ exitCode: number }> {
  const image = resolveImage(spec.image ?? '')?.info;
  const { busybox, tools } = toolsFor(image);
  const sh: Shell = {
    core,
    pod,
    spec,
    image,
    busybox,
    tools,
    files: containerFiles(core, pod, spec),
    env: containerEnvironment(core, pod, spec, image),
    signal: io.signal,
    tty: io.tty,
  };
  const name = (argv[0] ?? '').replace(/^.*\//, '');
  if (!tools.has(name) && !(argv[0] ?? '').startsWith('/usr/share')) {
    throw new ExecFailure(
      `failed to exec in container: failed to start exec "${randomBytes(32).toString('hex')}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown`,
    );
  }
  if (['sh', 'bash', 'ash'].includes(name) && !argv.includes('-c'))
    return { exitCode: await interactive(sh, io, name === 'bash') };
  const r =
    name === 'sh' || name === 'bash' || name === 'ash'
      ? await script(sh, argv[argv.indexOf('-c') + 1] ?? '')
      : await command(sh, argv, '');
  write(io, r.out);
  if (r.err) {
    if (io.stderr) io.stderr.write(r.err);
    else write(io, r.err);
  }
  return { exitCode: r.code };
}

/** Whether a condition of a container's script (`nslookup mydb.ns.svc.cluster.local`) succeeds now. */
export function conditionHolds(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  condition: string,
  podIP?: string,
): boolean {
  const image = resolveImage(spec.image ?? '')?.info;
  const { busybox, tools } = toolsFor(image);
  const view: KubeObject =
    podIP && !pod.status?.podIP ? { ...pod, status: { ...pod.status, podIP } } : pod;
  const sh: Shell = {
    core,
    pod: view,
    spec,
    image,
    busybox,
    tools,
    files: containerFiles(core, view, spec),
    env: containerEnvironment(core, view, spec, image),
    signal: new AbortController().signal,
    tty: false,
  };
  return scriptNow(sh, condition)?.code === 0;
}

/** What one-shot main processes printed, per cluster, by container ID (their `kubectl logs`). */
const oneShotOutput = new WeakMap<ClusterCore, Map<string, { at: number; text: string }>>();

export function recordedOutput(
  core: ClusterCore,
  containerID: string | undefined,
): { at: number; text: string } | undefined {
  return containerID ? oneShotOutput.get(core)?.get(containerID) : undefined;
}

/** Commands whose output depends on the cluster (DNS, Services, mounted files, the environment). */
const CLUSTER_TOOLS =
  /(^|[\s;&|(])(nslookup|wget|curl|cat|ls|env|printenv|hostname|id|whoami|uname|test|grep|head|wc)(\s|$|;)/;

/**
 * The main process of a container that runs one short command of the shell's tool set and exits
 * (`kubectl run test --rm -i --image=busybox:1.28 --restart=Never -- nslookup web`, or a
 * `sh -c` script of such commands without loops or sleeps): evaluated against the cluster as
 * the container starts; its output becomes the container's log and its exit code the
 * container's. Undefined for anything else (long-running, waiting, or not the shell's).
 */
export function runOneShot(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  containerID: string,
  podIP?: string,
): Result | undefined {
  const image = resolveImage(spec.image ?? '')?.info;
  const command: string[] = spec.command?.length ? spec.command : (image?.entrypoint ?? []);
  const args: string[] = spec.args?.length
    ? spec.args
    : spec.command?.length
      ? []
      : (image?.cmd ?? []);
  const argv = [...command, ...args].map(String);
  const name = (argv[0] ?? '').replace(/^.*\//, '');
  const { busybox, tools } = toolsFor(image);
  let text: string;
  if (['sh', 'bash', 'ash'].includes(name) && argv[1] === '-c') text = argv[2] ?? '';
  else if (tools.has(name) && !['sh', 'bash', 'ash'].includes(name))
    text = argv.map((a) => (/[\s'"]/.test(a) ? JSON.stringify(a) : a)).join(' ');
  else return undefined;
  if (!CLUSTER_TOOLS.test(text) || /\b(while|until|for|sleep|tail|ping|read)\b/.test(text))
    return undefined;
  const view: KubeObject =
    podIP && !pod.status?.podIP ? { ...pod, status: { ...pod.status, podIP } } : pod;
  const sh: Shell = {
    core,
    pod: view,
    spec,
    image,
    busybox,
    tools,
    files: containerFiles(core, view, spec),
    env: containerEnvironment(core, view, spec, image),
    signal: new AbortController().signal,
    tty: false,
  };
  const result = scriptNow(sh, text);
  if (!result) return undefined;
  let byId = oneShotOutput.get(core);
  if (!byId) {
    byId = new Map();
    oneShotOutput.set(core, byId);
  }
  // stdout and stderr both go to the container log.
  byId.set(containerID, { at: core.clock.now(), text: `${result.out}${result.err ?? ''}` });
  if (byId.size > 5_000) byId.delete(byId.keys().next().value as string);
  return result;
}
