/**
 * What a simulated container has written to stdout/stderr between two instants: the start-up
 * lines of well-known images (nginx's entrypoint and notices, httpd, redis, CoreDNS, a database
 * refusing to start without a password) and the output of `sh -c` scripts, timed by their
 * `sleep`s (`while true; do date; sleep 5; done` prints a date every five seconds).
 * Deterministic: the same pod and times always give the same lines.
 */
import type { KubeObject } from '../api/object';
import { fieldValue } from './container-filesystem';
import { containerProgram, statements, words } from './container-program';
import type { ImageInfo } from './image-catalogue';

export interface LogLine {
  at: number;
  text: string;
}

// biome-ignore lint/suspicious/noExplicitAny: container specs are free-form JSON
type Spec = Record<string, any>;

const MAX_LINES = 5_000;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** busybox/coreutils `date` in UTC ("%a %b %e %H:%M:%S %Z %Y", day space-padded): "Mon Nov  3 18:50:26 UTC 2026". */
export function dateOutput(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** nginx's error-log time: "2026/11/23 18:50:26". */
export function nginxTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function tagOf(image: string): string {
  const m = /:([\w][\w.-]*)$/.exec(image.replace(/@.*$/, ''));
  return m ? m[1] : 'latest';
}

/** The nginx version of an nginx image tag (1.27 is 1.27.0 here, `latest` the newest mainline). */
export function nginxVersion(image: string): string {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(tagOf(image));
  return m ? `${m[1]}.${m[2]}.${m[3] ?? '0'}` : '1.29.1';
}

function imageLines(image: ImageInfo, spec: Spec, pod: KubeObject, start: number): string[] {
  const repo = image.repository;
  if (repo.endsWith('/nginx') || repo.endsWith('/nginx-unprivileged')) {
    const t = nginxTime(start);
    const d = '/docker-entrypoint.sh';
    return [
      `${d}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`,
      `${d}: Looking for shell scripts in /docker-entrypoint.d/`,
      `${d}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh`,
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      `${d}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh`,
      `${d}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh`,
      `${d}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh`,
      `${d}: Configuration complete; ready for start up`,
      `${t} [notice] 1#1: using the "epoll" event method`,
      `${t} [notice] 1#1: nginx/${nginxVersion(spec.image ?? '')}`,
      `${t} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1) `,
      `${t} [notice] 1#1: OS: Linux 6.8.0-1029-aws`,
      `${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
      `${t} [notice] 1#1: start worker processes`,
      `${t} [notice] 1#1: start worker process 29`,
      `${t} [notice] 1#1: start worker process 30`,
    ];
  }
  if (repo.endsWith('/hpa-example')) {
    // php:5-apache (Debian's apache2 2.4.10, prefork MPM).
    const d = new Date(start);
    const t = `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000 ${d.getUTCFullYear()}`;
    const msg = `AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using ${pod.status?.podIP ?? '127.0.0.1'}. Set the 'ServerName' directive globally to suppress this message`;
    return [
      msg,
      msg,
      `[${t}] [mpm_prefork:notice] [pid 1] AH00163: Apache/2.4.10 (Debian) PHP/5.6.40 configured -- resuming normal operations`,
      `[${t}] [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'`,
    ];
  }
  if (repo.endsWith('/httpd')) {
    const d = new Date(start);
    const t = `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000 ${d.getUTCFullYear()}`;
    const ip = pod.status?.podIP ?? '127.0.0.1';
    const msg = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message`;
    return [
      msg,
      msg,
      `[${t}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.65 (Unix) configured -- resuming normal operations`,
      `[${t}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`,
    ];
  }
  if (repo.endsWith('/redis')) {
    const d = new Date(start);
    const t = `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
    return [
      `1:C ${t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
      `1:C ${t} * Redis version=8.2.1, bits=64, commit=00000000, modified=1, pid=1, just started`,
      `1:C ${t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
      `1:M ${t} * monotonic clock: POSIX clock_gettime`,
      `1:M ${t} * Running mode=standalone, port=6379.`,
      `1:M ${t} * Server initialized`,
      `1:M ${t} * Ready to accept connections tcp`,
    ];
  }
  if (repo.endsWith('/coredns')) {
    return [
      '.:53',
      '[INFO] plugin/reload: Running configuration SHA512 = 1b226df79860026c6a52e67daa10d7f0d57ec5b023288ec00c5e05f93523c894564e15b91770d3a07ae1cfbe861d15b37d4a0027e69c546ab112970993a3b03b',
      'CoreDNS-1.12.0',
      'linux/amd64, go1.23.3, 51e11f1',
    ];
  }
  if (
    image.requiresOneOf &&
    !image.requiresOneOf.some((v) =>
      ((spec.env ?? []) as Spec[]).some((e) => e.name === v && (e.value || e.valueFrom)),
    )
  ) {
    if (repo.endsWith('/postgres')) {
      return [
        'Error: Database is uninitialized and superuser password is not specified.',
        '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
        '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
      ];
    }
    const t = new Date(start).toISOString().replace('Z', '000Z');
    return [
      `${t} 0 [Note] [Entrypoint]: Entrypoint script for MySQL Server started.`,
      `${t} 0 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified`,
      '    You need to specify one of the following as an environment variable:',
      '    - MYSQL_ROOT_PASSWORD',
      '    - MYSQL_ALLOW_EMPTY_PASSWORD',
      '    - MYSQL_RANDOM_ROOT_PASSWORD',
    ];
  }
  return [];
}

interface ScriptEnv {
  vars: Map<string, string>;
  pod: KubeObject;
  /** The container's image reference (busybox's nslookup prints by version). */
  image?: string;
}

function expand(text: string, env: ScriptEnv, at: number): string {
  return (
    text
      .replace(/\$\(date\)|`date`/g, dateOutput(at))
      .replace(/\$\(hostname\)|`hostname`/g, env.pod.metadata.name ?? '')
      .replace(
        /\$\(cat \/var\/run\/secrets\/kubernetes\.io\/serviceaccount\/namespace\)/g,
        env.pod.metadata.namespace ?? 'default',
      )
      // Bash arrays: ${items[$JOB_COMPLETION_INDEX]}, ${items[2]} (the Indexed Job tutorial).
      .replace(/\$\{([A-Za-z_]\w*)\[\$?\{?([A-Za-z_]\w*|\d+)\}?\]\}/g, (_m, name, index) => {
        const i = /^\d+$/.test(index) ? index : (env.vars.get(index) ?? '');
        return env.vars.get(`${name}[${Number(i) || 0}]`) ?? '';
      })
      .replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, name) =>
        name === 'HOSTNAME' ? (env.pod.metadata.name ?? '') : (env.vars.get(name) ?? ''),
      )
  );
}

function sleepMs(arg: string | undefined): number {
  if (!arg) return 0;
  if (arg === 'infinity') return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return 0;
  return (
    Number(m[1]) * ({ '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]] ?? 1000)
  );
}

/** The value of an assignment's right-hand side: `$((i+1))` arithmetic on integers, else the text. */
function arithmetic(text: string, vars: Map<string, string>): string {
  const m = /^\$\(\((.*)\)\)$/.exec(text.trim());
  if (!m) return text.replace(/^["']|["']$/g, '');
  const expr = m[1].replace(/\$?([A-Za-z_][A-Za-z0-9_]*)/g, (_x, v) =>
    String(Number(vars.get(v) ?? 0) || 0),
  );
  if (!/^[\d\s+\-*/%()]+$/.test(expr)) return '0';
  const tokens = expr.match(/\d+|[+\-*/%()]/g) ?? [];
  let i = 0;
  const factor = (): number => {
    const tok = tokens[i++];
    if (tok === '(') {
      const v = sum();
      i++;
      return v;
    }
    if (tok === '-') return -factor();
    return Number(tok ?? 0);
  };
  const product = (): number => {
    let v = factor();
    while (tokens[i] === '*' || tokens[i] === '/' || tokens[i] === '%') {
      const op = tokens[i++];
      const r = factor();
      v = op === '*' ? v * r : r === 0 ? 0 : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (tokens[i] === '+' || tokens[i] === '-')
      v = tokens[i++] === '+' ? v + product() : v - product();
    return v;
  };
  return String(sum());
}

/** A write the main process makes to a file (`echo x > f`, `date >> f`, `touch f`, `rm f`). */
export interface FileWrite {
  at: number;
  /** As the process names it, in its own mount namespace. */
  path: string;
  op: 'write' | 'append' | 'remove';
  text: string;
}

/** The lines of a file a `tail -f` follows: those there at `at` (the last `last`, or all), then those appended up to `until`. */
export type FollowFile = (
  path: string,
  last: number | 'all',
  at: number,
  until: number,
) => LogLine[];

interface Sink {
  out: LogLine[];
  writes: FileWrite[];
  follow?: FollowFile;
}

/** `tail -f FILE`, `tail -F`, `tail -n+1 -f`, `tail -n 20 -f`: the file and how much of its past is shown. */
function tailFollow(rest: string[]): { path: string; last: number | 'all' } | undefined {
  if (!rest.some((w) => /^-[a-zA-Z]*[fF]/.test(w))) return undefined;
  let last: number | 'all' = 10;
  let path = '';
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    const n = /^-n(.*)$/.exec(w);
    const count = n ? n[1] || rest[++i] || '' : undefined;
    if (count !== undefined) last = count.startsWith('+') ? 'all' : Number(count) || 0;
    else if (!w.startsWith('-')) path = w;
  }
  return path ? { path, last } : undefined;
}

/** What a failing wait condition prints (busybox's nslookup by version, wget), line by line. */
function conditionFailure(condition: string, env: ScriptEnv): string[] {
  const [cmd, ...rest] = words(condition);
  const target = rest.filter((w) => !w.startsWith('-')).pop() ?? '';
  if (cmd === 'nslookup') {
    const m = /:(\d+)\.(\d+)/.exec(env.image ?? '');
    if (m && Number(m[1]) === 1 && Number(m[2]) <= 28) {
      return [
        'Server:    10.96.0.10',
        'Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local',
        '',
        `nslookup: can't resolve '${target}'`,
      ];
    }
    const names = target.includes('.') ? [target, target] : [];
    return [
      'Server:\t\t10.96.0.10',
      'Address:\t10.96.0.10:53',
      '',
      ...names.flatMap((n) => [`** server can't find ${n}: NXDOMAIN`, '']),
    ];
  }
  if (cmd === 'wget')
    return [`wget: bad address '${target.replace(/^https?:\/\//, '').split('/')[0]}'`];
  return [];
}

/** Runs a script body from `at`, appending lines and file writes; returns the time it ends (Infinity: never). */
function runBody(script: string, env: ScriptEnv, at: number, until: number, sink: Sink): number {
  const compact = script.replace(/\s+/g, ' ').trim();
  // `while true`, and `while sleep N` (the HPA walkthrough's load generator), never end.
  const loop =
    /^(?:while|until)\s+(true|:|\[\s*1\s*\]|!\s*false|sleep\s+\S+)\s*;?\s*do\s+(.*?);?\s*done\s*;?\s*(.*)$/.exec(
      compact,
    );
  if (loop) {
    const pause = loop[1].startsWith('sleep') ? sleepMs(loop[1].split(/\s+/)[1]) : 0;
    let t = at;
    for (let _i = 0; t <= until && sink.out.length + sink.writes.length < MAX_LINES; _i++) {
      const before = t;
      t = runBody(loop[2], env, t + pause, until, sink);
      if (t === before) t += 1000;
    }
    return Number.POSITIVE_INFINITY;
  }
  // A loop waiting on the cluster (the kubelet ends the container once its condition holds): each
  // round prints the failing condition's output and the body's.
  const wait =
    /^(?:until\s+|while\s+!\s*)((?:[^;'"]|'[^']*'|"[^"]*")+?)\s*;\s*do\s+(.*?);?\s*done\b/.exec(
      compact,
    );
  if (wait) {
    let t = at;
    for (let i = 0; t <= until && sink.out.length < MAX_LINES; i++) {
      for (const text of conditionFailure(expand(wait[1], env, t), env))
        sink.out.push({ at: t, text });
      const before = t;
      t = runBody(wait[2], env, t, until, sink);
      if (t === before) t += 1000;
    }
    return Number.POSITIVE_INFINITY;
  }
  // Statements before a loop (`i=0; while true; do ...; done`) run first.
  const prefixed = /^((?:[^'"]|'[^']*'|"[^"]*")*?;)\s*((?:while|until|for)\s.*)$/.exec(compact);
  if (prefixed && !/\b(?:while|until|for)\s/.test(prefixed[1])) {
    const t = runBody(prefixed[1], env, at, until, sink);
    return t > until ? t : runBody(prefixed[2], env, t, until, sink);
  }
  const forLoop = /^for\s+(\w+)\s+in\s+([^;]+);\s*do\s+(.*?);?\s*done\s*;?\s*(.*)$/.exec(compact);
  if (forLoop) {
    let t = at;
    for (const item of words(forLoop[2])) {
      env.vars.set(forLoop[1], item);
      t = runBody(forLoop[3], env, t, until, sink);
      if (t > until) return t;
    }
    return forLoop[4] ? runBody(forLoop[4], env, t, until, sink) : t;
  }
  let t = at;
  for (const step of statements(script)) {
    if (t > until) break;
    // Output redirection: `> file`, `>> file` (stderr redirections only silence).
    const text = step.text.replace(/\s+2>(&1|\/dev\/null)/g, '');
    const found = /^(.*?)\s*(>>?)\s*([^\s>]+)$/.exec(text);
    const balanced = (q: string) => ((found?.[1] ?? '').split(q).length - 1) % 2 === 0;
    const redirect = found && balanced('"') && balanced("'") ? found : undefined;
    const argv = words(redirect ? redirect[1] : text);
    const [cmd, ...rest] = argv;
    const name = (cmd ?? '').replace(/^.*\//, '');
    const array = /^([A-Za-z_]\w*)=\((.*)\)$/.exec(step.text);
    if (array) {
      for (const [i, item] of words(array[2]).entries()) env.vars.set(`${array[1]}[${i}]`, item);
      continue;
    }
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(step.text);
    if (assignment && argv.length === 1) {
      env.vars.set(assignment[1], arithmetic(assignment[2], env.vars));
      continue;
    }
    const lines: string[] = [];
    if (name === 'sleep') t += sleepMs(rest[0]);
    else if (name === 'echo')
      lines.push(expand(rest.filter((w) => w !== '-n' && w !== '-e').join(' '), env, t));
    else if (name === 'printf') lines.push(expand((rest[0] ?? '').replace(/\\n$/, ''), env, t));
    else if (name === 'date') lines.push(dateOutput(t));
    else if (name === 'hostname') lines.push(env.pod.metadata.name ?? '');
    else if (name === 'env' || name === 'printenv')
      for (const [k, v] of env.vars) lines.push(`${k}=${v}`);
    else if (name === 'touch')
      for (const f of rest.filter((w) => !w.startsWith('-')))
        sink.writes.push({ at: t, path: expand(f, env, t), op: 'append', text: '' });
    else if (name === 'rm')
      for (const f of rest.filter((w) => !w.startsWith('-')))
        sink.writes.push({ at: t, path: expand(f, env, t), op: 'remove', text: '' });
    else if (name === 'exit') break;
    else if (name === 'tail') {
      const follow = tailFollow(rest);
      if (follow) {
        if (sink.follow)
          sink.out.push(...sink.follow(expand(follow.path, env, t), follow.last, t, until));
        return Number.POSITIVE_INFINITY;
      }
    }
    if (!lines.length) continue;
    const target = redirect ? expand(redirect[3], env, t) : undefined;
    if (target === '/dev/null') continue;
    if (target && target !== '/dev/stdout' && target !== '/dev/stderr') {
      sink.writes.push({
        at: t,
        path: target,
        op: redirect?.[2] === '>>' ? 'append' : 'write',
        text: lines.map((l) => `${l}\n`).join(''),
      });
    } else for (const l of lines) sink.out.push({ at: t, text: l });
  }
  return t;
}

/** stress's first line: `stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd`. */
function stressBanner(argv: string[]): string {
  const words = argv.flatMap((w) => w.split(/\s+/));
  const count = (...flags: string[]) => {
    const i = words.findIndex((w) => flags.includes(w));
    return i >= 0 ? Number(words[i + 1]) || 0 : 0;
  };
  return `stress: info: [1] dispatching hogs: ${count('--cpu', '-c')} cpu, ${count('--io', '-i')} io, ${count('--vm', '-m')} vm, ${count('--hdd', '-d')} hdd`;
}

/** The script a container's main process runs: `sh -c SCRIPT` (words after it are $0, $1, ...), or its command line. */
function mainScript(spec: Spec, image: ImageInfo | undefined): { argv: string[]; script?: string } {
  const command: string[] = spec.command ?? [];
  const args: string[] = spec.args ?? [];
  const argv = [
    ...(command.length ? command : (image?.entrypoint ?? [])),
    ...(args.length ? args : command.length ? [] : (image?.cmd ?? [])),
  ];
  const shell = argv.findIndex((a) => /(^|\/)(ba|a|da|z)?sh$/.test(a));
  if (shell >= 0 && argv[shell + 1] === '-c') return { argv, script: argv[shell + 2] ?? '' };
  // Arguments alone replace the image's CMD: with no ENTRYPOINT (busybox) or an entrypoint
  // script that execs its arguments (nginx's /docker-entrypoint.sh), they are the command run.
  const entrypoint = image?.entrypoint ?? [];
  const ranByArgs =
    !command.length &&
    args.length > 0 &&
    (!entrypoint.length || /(^|\/)docker-entrypoint\.sh$/.test(entrypoint[0] ?? ''));
  if (ranByArgs && argv[0] !== undefined && /(^|\/)docker-entrypoint\.sh$/.test(argv[0]))
    argv.shift();
  if (
    (command.length || ranByArgs) &&
    !/^perl[\d.]*$/.test((argv[0] ?? '').replace(/^.*\//, '')) &&
    !/(^|\/)stress(-ng)?$/.test(argv[0] ?? '')
  ) {
    return { argv, script: argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ') };
  }
  return { argv };
}

function scriptEnv(pod: KubeObject, spec: Spec): ScriptEnv {
  return { vars: literalAndFieldEnv(pod, spec), pod, image: spec.image };
}

/** The container's env values and downward-API fieldRefs (JOB_COMPLETION_INDEX of an Indexed Job). */
function literalAndFieldEnv(pod: KubeObject, spec: Spec): Map<string, string> {
  const environ = new Map<string, string>();
  for (const e of (spec.env ?? []) as Spec[])
    if (e.value !== undefined) environ.set(e.name, String(e.value));
    else if (e.valueFrom?.fieldRef)
      environ.set(e.name, fieldValue(pod, e.valueFrom.fieldRef.fieldPath));
  return environ;
}

/** klog's header: `I1123 19:15:30.467013       1 file.go:63] ` (severity, date, time in µs, thread id). */
function klog(severity: 'I' | 'W' | 'E', ms: number, source: string, message: string): string {
  const d = new Date(ms);
  const micro = `${pad(d.getUTCMilliseconds(), 3)}${pad((ms * 997) % 1000, 3)}`;
  return `${severity}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${micro}       1 ${source}] ${message}`;
}

/** kube-proxy 1.33's start-up in the default (iptables) mode, as `kubectl logs -n kube-system kube-proxy-...` shows it. */
function kubeProxyLines(pod: KubeObject, start: number): string[] {
  const ip = pod.status?.podIP ?? pod.status?.hostIP ?? '';
  return [
    klog('I', start, 'server_linux.go:63', '"Using iptables proxy"'),
    klog('I', start + 40, 'server.go:715', `"Successfully retrieved node IP(s)" IPs=["${ip}"]`),
    klog(
      'E',
      start + 41,
      'server.go:245',
      '"Kube-proxy configuration may be incomplete or incorrect" err="nodePortAddresses is unset; NodePort connections will be accepted on all local IPs. Consider using `--nodeport-addresses primary`"',
    ),
    klog(
      'I',
      start + 60,
      'server.go:254',
      '"kube-proxy running in dual-stack mode" primary ipFamily="IPv4"',
    ),
    klog('I', start + 61, 'server_linux.go:145', '"Using iptables Proxier"'),
    klog('I', start + 64, 'server.go:516', '"Version info" version="v1.33.0"'),
    klog(
      'I',
      start + 65,
      'server.go:518',
      '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""',
    ),
    klog('I', start + 68, 'config.go:199', '"Starting service config controller"'),
    klog('I', start + 69, 'config.go:105', '"Starting endpoint slice config controller"'),
    klog('I', start + 70, 'config.go:329', '"Starting node config controller"'),
  ];
}

/** Lines written between `start` (the container start) and `until` (now, or its finish). */
export function containerLogLines(
  pod: KubeObject,
  spec: Spec,
  image: ImageInfo | undefined,
  start: number,
  until: number,
  follow?: FollowFile,
): LogLine[] {
  const { argv, script } = mainScript(spec, image);
  const out: LogLine[] = [];
  if (image?.repository.endsWith('/kube-proxy')) {
    // Started by command like every kubeadm component, it logs as kube-proxy does.
    for (const [i, text] of kubeProxyLines(pod, start).entries()) out.push({ at: start + i, text });
  } else if (/^python3?$/.test((argv[0] ?? '').replace(/^.*\//, '')) && argv[1] === '-c') {
    // A `python3 -c` script prints as it starts (the Job documentation's examples).
    for (const text of containerProgram(spec, image, literalAndFieldEnv(pod, spec)).output)
      out.push({ at: start, text });
  } else if (script !== undefined) {
    runBody(script, scriptEnv(pod, spec), start, until, { out, writes: [], follow });
  } else if (
    /^perl[\d.]*$/.test((argv[0] ?? '').replace(/^.*\//, '')) ||
    /(^|\/)stress(-ng)?$/.test(argv[0] ?? '')
  ) {
    // Programs whose whole output the simulation knows: perl's bpi() digits when it finishes, stress's banner.
    const run = containerProgram(spec, image);
    if (
      /stress/.test(argv[0]) &&
      !argv.includes('--help') &&
      !image?.repository.endsWith('vish/stress')
    )
      out.push({ at: start, text: stressBanner(argv) });
    for (const text of run.output)
      out.push({ at: start + (Number.isFinite(run.durationMs) ? run.durationMs : 0), text });
  } else if (image) {
    for (const text of imageLines(image, spec, pod, start)) out.push({ at: start, text });
  }
  return out.filter((l) => l.at <= until).slice(-MAX_LINES);
}

/** The files the main process of a container writes between `start` and `until` (its shell script's redirections, touch, rm). */
export function containerFileWrites(
  pod: KubeObject,
  spec: Spec,
  image: ImageInfo | undefined,
  start: number,
  until: number,
): FileWrite[] {
  const { script } = mainScript(spec, image);
  if (script === undefined) return [];
  const writes: FileWrite[] = [];
  runBody(script, scriptEnv(pod, spec), start, until, { out: [], writes });
  return writes.filter((w) => w.at <= until);
}
