/**
 * The simulated cluster network as seen from inside a pod: CoreDNS names (services, headless
 * service pods, `a-b-c-d.ns.pod` records, resolv.conf search paths) and HTTP to services and
 * pods, answered by what the target container serves. Whether a connection is allowed is
 * decided in one place, `reachable`, which NetworkPolicy enforcement can hook into.
 */
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { type HttpClient, recordAccess } from './access-log';
import { containerFiles } from './container-filesystem';
import { resolveImage } from './image-catalogue';
import { dnsReachable, policyAllows } from './network-policy';

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
      ((p.status?.conditions ?? []) as Json[]).some(
        (c) => c.type === 'Ready' && c.status === 'True',
      ),
  );
}

export interface Resolution {
  fqdn: string;
  addresses: string[];
}

/** A fully qualified name's A records, or undefined (NXDOMAIN). */
export function lookupFqdn(core: ClusterCore, fqdn: string): string[] | undefined {
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
    const pod = list(core, 'pods', parts[2]).find(
      (p) =>
        (p.spec?.hostname ?? '') === parts[0] && p.spec?.subdomain === parts[1] && p.status?.podIP,
    );
    return pod ? [pod.status.podIP] : undefined;
  }
  if (parts.length === 3 && parts[2] === 'pod' && /^\d+-\d+-\d+-\d+$/.test(parts[0]))
    return [parts[0].replace(/-/g, '.')];
  return undefined;
}

/** The resolv.conf search list of a pod in `namespace` (dnsPolicy ClusterFirst). */
export function searchDomains(namespace: string): string[] {
  return [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
}

/**
 * The PTR answer CoreDNS gives for an IP (kubernetes plugin, reverse zones): a Service's
 * cluster IP names the Service; an endpoint's IP names the endpoint under its Service, by
 * its hostname (StatefulSet pods behind their headless Service) or its dashed IP.
 */
export function reverseName(core: ClusterCore, ip: string): string | undefined {
  if (ip === DNS_SERVER) return `kube-dns.kube-system.svc.${CLUSTER_DOMAIN}`;
  const services = list(core, 'services');
  const svc = services.find((s) => s.spec?.clusterIP === ip);
  if (svc) return `${svc.metadata.name}.${svc.metadata.namespace}.svc.${CLUSTER_DOMAIN}`;
  for (const s of services) {
    const pod = readyPods(core, s).find((p) => p.status.podIP === ip);
    if (!pod) continue;
    const host =
      pod.spec?.hostname && pod.spec?.subdomain === s.metadata.name
        ? pod.spec.hostname
        : ip.replace(/\./g, '-');
    return `${host}.${s.metadata.name}.${s.metadata.namespace}.svc.${CLUSTER_DOMAIN}`;
  }
  return undefined;
}

/** Resolves `name` from a pod in `namespace`, with the resolv.conf search list and ndots:5. */
export function resolve(
  core: ClusterCore,
  namespace: string,
  name: string,
): Resolution | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return { fqdn: name, addresses: [name] };
  const search = searchDomains(namespace);
  const candidates = name.endsWith('.')
    ? [name]
    : (name.split('.').length - 1 < 5 ? search.map((s) => `${name}.${s}`) : []).concat([name]);
  for (const fqdn of candidates) {
    const addresses = lookupFqdn(core, fqdn);
    if (addresses?.length) return { fqdn: fqdn.replace(/\.$/, ''), addresses };
  }
  return undefined;
}

/** The single place deciding whether `from` may open a connection to `to` on `port`: the NetworkPolicies. */
export function reachable(
  core: ClusterCore,
  from: KubeObject,
  to: KubeObject,
  port: number,
): boolean {
  return policyAllows(core, from, to, port);
}

export type HttpResult =
  | { status: number; body: string }
  | { error: 'refused' | 'timeout' | 'unresolved' };

/** The container of `pod` that serves `port`, and the page it answers with. */
function serve(
  core: ClusterCore,
  pod: KubeObject,
  port: number,
  path: string,
  client?: HttpClient,
): HttpResult {
  for (const spec of (pod.spec?.containers ?? []) as Json[]) {
    const image = resolveImage(spec.image ?? '')?.info;
    if (!image || spec.command?.length || !image.ports.includes(port)) continue;
    const repo = image.repository;
    if (
      repo.endsWith('/nginx') ||
      repo.endsWith('/nginx-unprivileged') ||
      repo.endsWith('/nginx-slim') ||
      repo.endsWith('/echoserver')
    ) {
      const file =
        path === '/' ? '/usr/share/nginx/html/index.html' : `/usr/share/nginx/html${path}`;
      const body = containerFiles(core, pod, spec).read(file);
      if (client)
        recordAccess(
          core,
          pod,
          spec.name,
          client,
          path,
          body === undefined ? 404 : 200,
          body === undefined ? 153 : Buffer.byteLength(body),
        );
      return body === undefined
        ? {
            status: 404,
            body: '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
          }
        : { status: 200, body };
    }
    // The HPA walkthrough's index.php burns some CPU, then answers "OK!" (no newline).
    if (repo.endsWith('/hpa-example')) return { status: 200, body: 'OK!' };
    if (repo.endsWith('/httpd'))
      return { status: 200, body: '<html><body><h1>It works!</h1></body></html>\n' };
    if (repo.endsWith('/hello-app')) {
      const version = /:(\d+\.\d+)/.exec(spec.image)?.[1] ?? '1.0';
      return {
        status: 200,
        body: `Hello, world!\nVersion: ${version}.0\nHostname: ${pod.metadata.name}\n`,
      };
    }
    return { status: 200, body: '' };
  }
  return { error: 'refused' };
}

/** What kube-proxy does with a connection to one of a Service's ports: a random ready backend, or REJECT. */
function viaService(
  core: ClusterCore,
  from: KubeObject,
  svc: KubeObject,
  svcPort: Json | undefined,
  path: string,
  client?: HttpClient,
): HttpResult {
  const backends = readyPods(core, svc);
  if (!svcPort || !backends.length) return { error: 'refused' };
  const target = backends[Math.floor(Math.random() * backends.length)];
  let targetPort = svcPort.targetPort ?? svcPort.port;
  if (typeof targetPort === 'string') {
    targetPort = ((target.spec?.containers ?? []) as Json[])
      .flatMap((c) => c.ports ?? [])
      .find((p: Json) => p.name === targetPort)?.containerPort;
  }
  if (!reachable(core, from, target, Number(targetPort))) return { error: 'timeout' };
  return serve(core, target, Number(targetPort), path, client);
}

function nodeIPs(node: KubeObject): string[] {
  return ((node.status?.addresses ?? []) as Json[])
    .filter((a) => a.type === 'InternalIP' || a.type === 'ExternalIP')
    .map((a) => a.address);
}

/** An HTTP GET from `from` to `host:port/path`, as wget or curl inside the pod would see it. */
export function httpGet(
  core: ClusterCore,
  from: KubeObject,
  host: string,
  port: number,
  path: string,
  client?: HttpClient,
): HttpResult {
  // /etc/hosts maps localhost to the loopback of the pod's own network namespace, shared by its containers.
  if (host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host))
    return serve(core, from, port, path, client);
  // A name needs the cluster DNS, which an egress policy may cut off (the lookup then times out).
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(host) && !dnsReachable(core, from))
    return { error: 'unresolved' };
  const resolved = resolve(core, from.metadata.namespace ?? 'default', host);
  if (!resolved) return { error: 'unresolved' };
  const ip = resolved.addresses[0];
  // kube-proxy also answers a LoadBalancer's ingress IPs and externalIPs inside the cluster.
  const svc = list(core, 'services').find(
    (s) =>
      s.spec?.clusterIP === ip ||
      ((s.status?.loadBalancer?.ingress ?? []) as Json[]).some((i) => i.ip === ip) ||
      ((s.spec?.externalIPs ?? []) as string[]).includes(ip),
  );
  if (svc)
    return viaService(
      core,
      from,
      svc,
      ((svc.spec?.ports ?? []) as Json[]).find((p) => p.port === port),
      path,
      client,
    );
  // A node's address: kube-proxy answers NodePorts on every node.
  if (list(core, 'nodes').some((n) => nodeIPs(n).includes(ip))) {
    for (const s of list(core, 'services')) {
      const nodePort = ((s.spec?.ports ?? []) as Json[]).find((p) => p.nodePort === port);
      if (nodePort && (s.spec?.type === 'NodePort' || s.spec?.type === 'LoadBalancer'))
        return viaService(core, from, s, nodePort, path, client);
    }
    return { error: 'refused' };
  }
  const pod = list(core, 'pods').find((p) => p.status?.podIP === ip && !p.spec?.hostNetwork);
  if (!pod) return { error: 'timeout' };
  if (!reachable(core, from, pod, port)) return { error: 'timeout' };
  return serve(core, pod, port, path, client);
}
