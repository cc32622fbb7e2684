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

export function fetch(sh: NetShell, tool: 'wget' | 'curl', args: string[]): Result {
  const target = args.filter((a) => !a.startsWith('-') && !/^\d+$/.test(a)).pop();
  const url = target ? parseUrl(target) : undefined;
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
  return {
    code: 0,
    out: '',
    save: { file, body: res.body },
    err: quiet
      ? undefined
      : `${progress}saving to '${file}'\n${file}           100% |********************************|   ${res.body.length}  0:00:00 ETA\n'${file}' saved\n`,
  };
}
