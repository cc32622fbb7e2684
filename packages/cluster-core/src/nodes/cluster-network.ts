/**
 * The simulated cluster network as seen from inside a pod: CoreDNS names (services, headless
 * service pods, `a-b-c-d.ns.pod` records, resolv.conf search paths) and HTTP to services and
 * pods, answered by what the target container serves. Whether a connection is allowed is
 * decided in one place, `reachable`, which NetworkPolicy enforcement can hook into.
 */
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { containerFiles } from './container-filesystem';
import { resolveImage } from './image-catalogue';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

export const CLUSTER_DOMAIN = 'cluster.local';
export const DNS_SERVER = '10.96.0.10';

function list(core: ClusterCore, plural: string, namespace?: string): KubeObject[] {
  const r = core.resources.preferred('', plural);
  return r ? core.store.list(r.storage, namespace) : [];
}

function readyPods(core: ClusterCore, svc: KubeObject): KubeObject[] {
  const selector = (svc.spec?.selector ?? {}) as Record<string, string>;
  if (!Object.keys(selector).length) return [];
  return list(core, 'pods', svc.metadata.namespace).filter(
    (p) =>
      Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v) &&
      p.status?.podIP &&
      !p.metadata.deletionTimestamp &&
      ((p.status?.conditions ?? []) as Json[]).some((c) => c.type === 'Ready' && c.status === 'True'),
  );
}

export interface Resolution {
  fqdn: string;
  addresses: string[];
}

/** A fully qualified name's records, or undefined (NXDOMAIN). */
function lookupFqdn(core: ClusterCore, fqdn: string): string[] | undefined {
  const name = fqdn.replace(/\.$/, '');
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (!name.endsWith(suffix)) return undefined;
  const parts = name.slice(0, -suffix.length).split('.');
  if (parts.length === 3 && parts[2] === 'svc') {
    const svc = list(core, 'services', parts[1]).find((s) => s.metadata.name === parts[0]);
    if (!svc) return undefined;
    if (svc.spec?.clusterIP && svc.spec.clusterIP !== 'None') return [svc.spec.clusterIP];
    return readyPods(core, svc).map((p) => p.status.podIP);
  }
  if (parts.length === 4 && parts[3] === 'svc') {
    const pod = list(core, 'pods', parts[2]).find((p) => (p.spec?.hostname ?? '') === parts[0] && p.spec?.subdomain === parts[1] && p.status?.podIP);
    return pod ? [pod.status.podIP] : undefined;
  }
  if (parts.length === 3 && parts[2] === 'pod' && /^\d+-\d+-\d+-\d+$/.test(parts[0])) return [parts[0].replace(/-/g, '.')];
  return undefined;
}

/** Resolves `name` from a pod in `namespace`, with the resolv.conf search list and ndots:5. */
export function resolve(core: ClusterCore, namespace: string, name: string): Resolution | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return { fqdn: name, addresses: [name] };
  const search = [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
  const candidates = name.endsWith('.') ? [name] : (name.split('.').length - 1 < 5 ? search.map((s) => `${name}.${s}`) : []).concat([name]);
  for (const fqdn of candidates) {
    const addresses = lookupFqdn(core, fqdn);
    if (addresses?.length) return { fqdn: fqdn.replace(/\.$/, ''), addresses };
  }
  return undefined;
}

/** The single place deciding whether `from` may open a connection to `to` on `port` (NetworkPolicy hooks in here). */
export function reachable(_core: ClusterCore, _from: KubeObject, _to: KubeObject, _port: number): boolean {
  return true;
}

export type HttpResult = { status: number; body: string } | { error: 'refused' | 'timeout' | 'unresolved' };

/** The container of `pod` that serves `port`, and the page it answers with. */
function serve(core: ClusterCore, pod: KubeObject, port: number, path: string): HttpResult {
  for (const spec of (pod.spec?.containers ?? []) as Json[]) {
    const image = resolveImage(spec.image ?? '')?.info;
    if (!image || spec.command?.length || !image.ports.includes(port)) continue;
    const repo = image.repository;
    if (repo.endsWith('/nginx') || repo.endsWith('/nginx-unprivileged') || repo.endsWith('/echoserver')) {
      const file = path === '/' ? '/usr/share/nginx/html/index.html' : `/usr/share/nginx/html${path}`;
      const body = containerFiles(core, pod, spec).read(file);
      return body === undefined ? { status: 404, body: '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n' } : { status: 200, body };
    }
    if (repo.endsWith('/httpd')) return { status: 200, body: '<html><body><h1>It works!</h1></body></html>\n' };
    if (repo.endsWith('/hello-app')) {
      const version = /:(\d+\.\d+)/.exec(spec.image)?.[1] ?? '1.0';
      return { status: 200, body: `Hello, world!\nVersion: ${version}.0\nHostname: ${pod.metadata.name}\n` };
    }
    return { status: 200, body: '' };
  }
  return { error: 'refused' };
}

/** An HTTP GET from `from` to `host:port/path`, as wget or curl inside the pod would see it. */
export function httpGet(core: ClusterCore, from: KubeObject, host: string, port: number, path: string): HttpResult {
  const resolved = resolve(core, from.metadata.namespace ?? 'default', host);
  if (!resolved) return { error: 'unresolved' };
  const ip = resolved.addresses[0];
  const services = list(core, 'services').filter((s) => s.spec?.clusterIP === ip);
  if (services.length) {
    const svc = services[0];
    const svcPort = ((svc.spec?.ports ?? []) as Json[]).find((p) => p.port === port);
    const backends = readyPods(core, svc);
    if (!svcPort || !backends.length) return { error: 'refused' };
    const target = backends[Math.floor(Math.random() * backends.length)];
    let targetPort = svcPort.targetPort ?? svcPort.port;
    if (typeof targetPort === 'string') {
      targetPort = ((target.spec?.containers ?? []) as Json[]).flatMap((c) => c.ports ?? []).find((p: Json) => p.name === targetPort)?.containerPort;
    }
    if (!reachable(core, from, target, Number(targetPort))) return { error: 'timeout' };
    return serve(core, target, Number(targetPort), path);
  }
  const pod = list(core, 'pods').find((p) => p.status?.podIP === ip && !p.spec?.hostNetwork);
  if (!pod) return { error: 'timeout' };
  if (!reachable(core, from, pod, port)) return { error: 'timeout' };
  return serve(core, pod, port, path);
}
