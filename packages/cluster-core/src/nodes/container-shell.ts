/**
 * The kubelet's synchronous reading of a container's shell commands: whether a wait condition
 * of an init container (`until nslookup mydb; do sleep 2; done`) holds now, and the output and
 * exit code of a one-shot main process (`kubectl run --rm -i --image=busybox -- nslookup web`),
 * both evaluated as the kubelet's stages run. `kubectl exec` and hooks use the real shell
 * (container-bash.ts); this small interpreter stays because the stages are synchronous.
 */
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { containerEnvironment } from './container-environment';
import { type ContainerFiles, containerFiles } from './container-filesystem';
import { dateOutput } from './container-logs';
import { statements, words } from './container-program';
import { type ImageInfo, resolveImage } from './image-catalogue';
import { fetch, nslookup } from './network-commands';

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
  'rev',
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
    case 'rev': {
      // util-linux and busybox rev: each line's characters reversed (the Indexed Job tutorial's worker).
      let text = stdin;
      if (args.length) {
        text = '';
        for (const a of args) {
          const content = files.read(a);
          if (content === undefined)
            return { code: 1, out: '', err: `rev: ${a}: No such file or directory\n` };
          text += content;
        }
      }
      const lines = text.split('\n');
      const last = lines.pop();
      if (last) lines.push(last);
      return ok(lines.map((l) => `${[...l].reverse().join('')}\n`).join(''));
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
    case 'curl': {
      const r = fetch(sh, name, args);
      if (r.save) sh.files.write(r.save.file, r.save.body, false);
      return r;
    }
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

export function recordedOutput(
  core: ClusterCore,
  containerID: string | undefined,
): { at: number; text: string } | undefined {
  return containerID ? core.simulation.oneShotOutput.get(containerID) : undefined;
}

/** Commands whose output depends on the cluster (DNS, Services, mounted files, the environment). */
const CLUSTER_TOOLS =
  /(^|[\s;&|(])(nslookup|wget|curl|cat|rev|ls|env|printenv|hostname|id|whoami|uname|test|grep|head|wc)(\s|$|;)/;

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
  // What one-shot main processes printed, by container ID (their `kubectl logs`).
  const byId = core.simulation.oneShotOutput;
  // stdout and stderr both go to the container log.
  byId.set(containerID, { at: core.clock.now(), text: `${result.out}${result.err ?? ''}` });
  if (byId.size > 5_000) byId.delete(byId.keys().next().value as string);
  return result;
}
