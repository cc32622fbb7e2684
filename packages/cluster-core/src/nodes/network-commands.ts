/**
 * The network tools of a simulated container (busybox's nslookup and wget, bind-utils'
 * nslookup, curl) on cluster-core's simulated network: the cluster DNS, Services through
 * kube-proxy and NetworkPolicies through `reachable()`, printing what the real tools print.
 */
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import {
  DNS_SERVER,
  httpGet,
  lookupFqdn,
  resolve,
  reverseName,
  searchDomains,
} from './cluster-network';
import { dnsReachable } from './network-policy';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

/** Who runs the tool: the pod, its container spec, and whether the image's tools are busybox's. */
export interface NetShell {
  core: ClusterCore;
  pod: KubeObject;
  spec: Json;
  busybox: boolean;
}

export interface NetResult {
  code: number;
  out: string;
  err?: string;
  /** A download wget saves to a file (`wget URL`, `wget -O FILE URL`). */
  save?: { file: string; body: string };
}

type Result = NetResult;

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

export function nslookup(sh: NetShell, name: string): Result {
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

/** Linux gives up a connection whose SYNs go unanswered after 6 retries: 1+2+...+64 s. */
const KERNEL_CONNECT_TIMEOUT_MS = 127_000;
/** curl's report of that wait (the retries plus curl's own bookkeeping). */
const CURL_KERNEL_TIMEOUT_MS = 130_000;

const HTTP_REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

interface FetchArgs {
  url?: string;
  quiet: boolean;
  /** Errors shown although quiet (curl's -S). */
  showErrors: boolean;
  /** wget's -O (`-` for stdout), curl's -o. */
  output?: string;
  /** wget's -T, curl's -m and --connect-timeout, in ms. */
  timeoutMs?: number;
  /** curl's -I/--head and -i; wget's -S/--spider are ignored. */
  head: boolean;
  include: boolean;
  /** curl's -f: an HTTP error is exit 22. */
  failOnError: boolean;
}

const seconds = (v: string | undefined) => {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : undefined;
};

/** busybox wget's getopt32 options (networking/wget.c): `-qO-`, `-O FILE`, `-T SEC`, `--timeout=SEC`. */
function wgetArgs(args: string[]): FetchArgs {
  const a: FetchArgs = {
    quiet: false,
    showErrors: false,
    head: false,
    include: false,
    failOnError: true,
  };
  const withValue = new Set(['O', 'T', 'U', 'P', 'Y', 'o', 'e', 't']);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const long = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (long) {
      const value =
        long[2] ??
        (['timeout', 'output-document', 'user-agent', 'header', 'post-data', 'tries'].includes(
          long[1],
        )
          ? args[++i]
          : undefined);
      if (long[1] === 'timeout') a.timeoutMs = seconds(value);
      else if (long[1] === 'output-document') a.output = value;
      else if (long[1] === 'quiet') a.quiet = true;
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const ch = arg[j];
        if (ch === 'q') a.quiet = true;
        if (!withValue.has(ch)) continue;
        const value = arg.slice(j + 1) || args[++i];
        if (ch === 'O') a.output = value;
        if (ch === 'T') a.timeoutMs = seconds(value);
        break;
      }
      continue;
    }
    a.url ??= arg;
  }
  return a;
}

/** curl's options that matter here: -s, -S, -o, -m, --connect-timeout, -I, -i, -f. */
function curlArgs(args: string[]): FetchArgs {
  const a: FetchArgs = {
    quiet: false,
    showErrors: false,
    head: false,
    include: false,
    failOnError: false,
  };
  const withValue = new Set([
    'o',
    'm',
    'H',
    'X',
    'd',
    'u',
    'A',
    'e',
    'x',
    'w',
    'K',
    'b',
    'c',
    'T',
    'F',
    'E',
    'r',
    'Y',
    'y',
    'z',
    'C',
    'U',
    'Q',
    'P',
  ]);
  const longWithValue = new Set([
    'output',
    'max-time',
    'connect-timeout',
    'header',
    'request',
    'data',
    'user',
    'user-agent',
    'referer',
    'proxy',
    'write-out',
    'config',
    'cookie',
    'resolve',
    'retry',
    'cacert',
    'cert',
    'data-raw',
    'data-binary',
    'url',
  ]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const long = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (long) {
      const value = long[2] ?? (longWithValue.has(long[1]) ? args[++i] : undefined);
      if (long[1] === 'max-time' || long[1] === 'connect-timeout') {
        const ms = seconds(value);
        if (ms !== undefined) a.timeoutMs = Math.min(a.timeoutMs ?? ms, ms);
      } else if (long[1] === 'output') a.output = value;
      else if (long[1] === 'silent') a.quiet = true;
      else if (long[1] === 'show-error') a.showErrors = true;
      else if (long[1] === 'head') a.head = true;
      else if (long[1] === 'include') a.include = true;
      else if (long[1] === 'fail') a.failOnError = true;
      else if (long[1] === 'url') a.url ??= value;
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const ch = arg[j];
        if (ch === 's') a.quiet = true;
        else if (ch === 'S') a.showErrors = true;
        else if (ch === 'I') a.head = true;
        else if (ch === 'i') a.include = true;
        else if (ch === 'f') a.failOnError = true;
        if (!withValue.has(ch)) continue;
        const value = arg.slice(j + 1) || args[++i];
        if (ch === 'o') a.output = value;
        if (ch === 'm') {
          const ms = seconds(value);
          if (ms !== undefined) a.timeoutMs = Math.min(a.timeoutMs ?? ms, ms);
        }
        break;
      }
      continue;
    }
    a.url ??= arg;
  }
  return a;
}

/** The response headers every server sends (curl -I/-i); which server answered is not modelled. */
function responseHeaders(status: number, body: string, at: number): string {
  return [
    `HTTP/1.1 ${status} ${status === 200 ? 'OK' : (HTTP_REASONS[status] ?? '')}`,
    `Date: ${new Date(at).toUTCString()}`,
    'Content-Type: text/html',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: keep-alive',
    '',
    '',
  ].join('\r\n');
}

/**
 * busybox's wget or curl fetching a URL on the simulated network. `waitMs` is how long the tool
 * hangs first (a connection a NetworkPolicy drops: its timeout, else the kernel's).
 */
export function fetch(
  sh: NetShell,
  tool: 'wget' | 'curl',
  args: string[],
  now = sh.core.clock.now(),
): NetResult & { waitMs?: number } {
  const a = tool === 'wget' ? wgetArgs(args) : curlArgs(args);
  const url = a.url ? parseUrl(a.url) : undefined;
  if (!url)
    return tool === 'curl'
      ? fail(2, "curl: try 'curl --help' or 'curl --manual' for more information")
      : fail(
          1,
          'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] URL...',
        );
  const res = httpGet(sh.core, sh.pod, url.host, url.port, url.path, {
    ip: sh.pod.status?.podIP ?? '127.0.0.1',
    agent: tool === 'wget' ? 'Wget' : 'curl/7.88.1',
  });
  return tool === 'curl' ? curlResult(a, url, res, now) : wgetResult(sh, a, url, res);
}

type Url = { host: string; port: number; path: string };

function curlResult(a: FetchArgs, url: Url, res: ReturnType<typeof httpGet>, now: number) {
  const error = (code: number, text: string, waitMs?: number) => ({
    ...fail(code, a.quiet && !a.showErrors ? '' : text),
    ...(a.quiet && !a.showErrors ? { err: '' } : {}),
    waitMs,
  });
  if ('error' in res) {
    if (res.error === 'unresolved')
      return error(6, `curl: (6) Could not resolve host: ${url.host}`);
    if (res.error === 'timeout')
      return a.timeoutMs !== undefined
        ? error(
            28,
            `curl: (28) Failed to connect to ${url.host} port ${url.port} after ${a.timeoutMs + 2} ms: Timeout was reached`,
            a.timeoutMs,
          )
        : error(
            28,
            `curl: (28) Failed to connect to ${url.host} port ${url.port} after ${CURL_KERNEL_TIMEOUT_MS} ms: Couldn't connect to server`,
            CURL_KERNEL_TIMEOUT_MS,
          );
    return error(
      7,
      `curl: (7) Failed to connect to ${url.host} port ${url.port} after 3 ms: Couldn't connect to server`,
    );
  }
  if (a.failOnError && res.status >= 400)
    return error(22, `curl: (22) The requested URL returned error: ${res.status}`);
  const headers = responseHeaders(res.status, res.body, now);
  const body = a.head ? headers : a.include ? headers + res.body : res.body;
  if (a.output && a.output !== '-') return { code: 0, out: '', save: { file: a.output, body } };
  return ok(body);
}

function wgetResult(sh: NetShell, a: FetchArgs, url: Url, res: ReturnType<typeof httpGet>) {
  const hostPort = `${url.host}${url.port === 80 ? '' : `:${url.port}`}`;
  if ('error' in res && res.error === 'unresolved')
    return fail(1, `wget: bad address '${hostPort}'`);
  const ip =
    resolve(sh.core, sh.pod.metadata.namespace ?? 'default', url.host)?.addresses[0] ?? url.host;
  // networking/wget.c prints where it connects before it connects.
  const connecting = a.quiet ? '' : `Connecting to ${hostPort} (${ip}:${url.port})\n`;
  if ('error' in res) {
    if (res.error === 'timeout') {
      // -T shorter than the kernel's connect timeout ends as busybox's alarm says.
      if (a.timeoutMs !== undefined && a.timeoutMs < KERNEL_CONNECT_TIMEOUT_MS)
        return { ...fail(1, `${connecting}wget: download timed out`), waitMs: a.timeoutMs };
      return {
        ...fail(1, `${connecting}wget: can't connect to remote host (${ip}): Connection timed out`),
        waitMs: KERNEL_CONNECT_TIMEOUT_MS,
      };
    }
    return fail(1, `${connecting}wget: can't connect to remote host (${ip}): Connection refused`);
  }
  if (res.status >= 400)
    return fail(
      1,
      `${connecting}wget: server returned error: HTTP/1.1 ${res.status} ${HTTP_REASONS[res.status] ?? ''}`.trimEnd(),
    );
  const bar = (name: string) =>
    `${name.padEnd(20).slice(0, 20)} 100% |********************************| ${String(res.body.length).padStart(5)}  0:00:00 ETA\n`;
  if (a.output === '-')
    return {
      code: 0,
      out: res.body,
      err: a.quiet ? undefined : `${connecting}writing to stdout\n${bar('-')}written to stdout\n`,
    };
  const file =
    a.output ??
    (url.path
      .replace(/[?#].*$/, '')
      .split('/')
      .pop() ||
      'index.html');
  return {
    code: 0,
    out: '',
    save: { file, body: res.body },
    err: a.quiet ? undefined : `${connecting}saving to '${file}'\n${bar(file)}'${file}' saved\n`,
  };
}
