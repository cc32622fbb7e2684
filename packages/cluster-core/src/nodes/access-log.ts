/**
 * nginx's access log (the image's `main` log_format, written to stdout): a line for each
 * request a pod's nginx served, from another pod's wget or curl (recorded as it is served) and
 * from the kubelet's HTTP probes (at each probe period, from the node's address).
 */
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import type { LogLine } from './container-logs';
import { probeOf, probeTiming } from './probes';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

/** Who sent a request: the client's address and its User-Agent (`Wget`, `curl/7.88.1`, `kube-probe/1.33`). */
export interface HttpClient {
  ip: string;
  agent: string;
}

const MAX_LINES = 5_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** nginx's $time_local: `07/Dec/2026:01:29:34 +0000`. */
function timeLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** One line of the `main` format: `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"`. */
export function accessLine(
  client: HttpClient,
  at: number,
  path: string,
  status: number,
  bytes: number,
): string {
  return `${client.ip} - - [${timeLocal(at)}] "GET ${path} HTTP/1.1" ${status} ${bytes} "-" "${client.agent}" "-"`;
}

export function recordAccess(
  core: ClusterCore,
  pod: KubeObject,
  container: string,
  client: HttpClient,
  path: string,
  status: number,
  bytes: number,
): void {
  // Requests served, by `<pod uid>/<container>`.
  const byContainer = core.simulation.accessLog;
  const key = `${pod.metadata.uid}/${container}`;
  const at = core.clock.now();
  const lines = byContainer.get(key) ?? [];
  lines.push({ at, text: accessLine(client, at, path, status, bytes) });
  if (lines.length > MAX_LINES) lines.shift();
  byContainer.set(key, lines);
}

/** The kubelet's HTTP probes of an nginx container between `start` and `until`, as nginx logs them. */
function probeLines(
  pod: KubeObject,
  spec: Json,
  start: number,
  until: number,
  version: string,
): LogLine[] {
  const out: LogLine[] = [];
  const client = { ip: pod.status?.hostIP ?? '10.0.0.1', agent: `kube-probe/${version}` };
  for (const kind of ['startup', 'liveness', 'readiness'] as const) {
    const probe = probeOf(spec, kind);
    if (!probe?.httpGet) continue;
    const timing = probeTiming(probe);
    const path = probe.httpGet.path || '/';
    const found = path === '/' || path === '/index.html';
    for (
      let at = start + timing.initialDelayMs;
      at <= until && out.length < MAX_LINES;
      at += timing.periodMs
    )
      out.push({ at, text: accessLine(client, at, path, found ? 200 : 404, found ? 615 : 153) });
  }
  return out;
}

/** The access-log lines of `spec`'s container between `start` and `until` (nginx images only). */
export function accessLogLines(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  start: number,
  until: number,
): LogLine[] {
  if (!/(^|\/)nginx(:|@|$)/.test(String(spec.image ?? '')) || spec.command?.length) return [];
  const version = /^v?(\d+\.\d+)/.exec(core.versionInfo.gitVersion)?.[1] ?? '1.33';
  const recorded = (core.simulation.accessLog.get(`${pod.metadata.uid}/${spec.name}`) ?? []).filter(
    (l) => l.at >= start && l.at <= until,
  );
  return [...probeLines(pod, spec, start, until, version), ...recorded].sort((a, b) => a.at - b.at);
}
