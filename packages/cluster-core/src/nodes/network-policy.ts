/**
 * NetworkPolicy as a policy-enforcing CNI applies it (networking/v1 semantics, the reference
 * behaviour of the network policy e2e tests): a pod selected by a policy with Ingress (Egress)
 * in its policyTypes accepts (opens) only connections some rule of those policies allows;
 * rules are ORed, a rule's peers are ORed, a peer's namespaceSelector and podSelector are
 * ANDed, ports (named, ranges with endPort) must match, and an empty rule list denies all.
 */
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { labelSelectorMatches } from './node-selection';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

function list(core: ClusterCore, group: string, plural: string, namespace?: string): KubeObject[] {
  const r = core.resources.preferred(group, plural);
  return r ? core.store.list(r.storage, namespace) : [];
}

/** spec.policyTypes, defaulted as the API server does: Ingress, plus Egress when egress rules exist. */
function policyTypes(np: KubeObject): string[] {
  return np.spec?.policyTypes ?? ['Ingress', ...(np.spec?.egress ? ['Egress'] : [])];
}

function policiesFor(core: ClusterCore, pod: KubeObject, type: 'Ingress' | 'Egress'): KubeObject[] {
  return list(core, 'networking.k8s.io', 'networkpolicies', pod.metadata.namespace).filter(
    (np) =>
      policyTypes(np).includes(type) &&
      labelSelectorMatches(np.spec?.podSelector ?? {}, pod.metadata.labels ?? {}),
  );
}

function ipv4(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const a = ipv4(ip);
  const b = ipv4(base);
  const n = Number(bits ?? 32);
  if (a === undefined || b === undefined || !(n >= 0 && n <= 32)) return false;
  const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
  return (a & mask) === (b & mask);
}

function peerMatches(
  core: ClusterCore,
  peer: Json,
  policyNamespace: string,
  other: KubeObject,
): boolean {
  if (peer.ipBlock) {
    const ip = other.status?.podIP ?? '';
    return (
      inCidr(ip, peer.ipBlock.cidr) &&
      !((peer.ipBlock.except ?? []) as string[]).some((c) => inCidr(ip, c))
    );
  }
  let namespaceOk = other.metadata.namespace === policyNamespace;
  if (peer.namespaceSelector) {
    const ns = list(core, '', 'namespaces').find(
      (n) => n.metadata.name === other.metadata.namespace,
    );
    namespaceOk = labelSelectorMatches(peer.namespaceSelector, ns?.metadata.labels ?? {});
  }
  const podOk = peer.podSelector
    ? labelSelectorMatches(peer.podSelector, other.metadata.labels ?? {})
    : true;
  return namespaceOk && podOk;
}

/** The container port a named port stands for on `pod`. */
function namedPort(pod: KubeObject, name: string): number | undefined {
  for (const c of (pod.spec?.containers ?? []) as Json[])
    for (const p of (c.ports ?? []) as Json[]) if (p.name === name) return p.containerPort;
  return undefined;
}

function portMatches(
  ports: Json[] | undefined,
  target: KubeObject,
  port: number,
  protocol: Protocol,
): boolean {
  if (!ports?.length) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    const start =
      typeof p.port === 'string' && !/^\d+$/.test(p.port)
        ? namedPort(target, p.port)
        : Number(p.port);
    if (start === undefined) return false;
    return p.endPort !== undefined ? port >= start && port <= p.endPort : port === start;
  });
}

/** Whether the policies selecting `pod` in `type` allow the peer `other` on `port`. */
function allowed(
  core: ClusterCore,
  pod: KubeObject,
  other: KubeObject,
  type: 'Ingress' | 'Egress',
  port: number,
  protocol: Protocol,
): boolean {
  const policies = policiesFor(core, pod, type);
  if (!policies.length) return true;
  // Ingress ports name the selected pod's ports; egress ports those of the destination.
  const target = type === 'Ingress' ? pod : other;
  return policies.some((np) =>
    ((type === 'Ingress' ? np.spec?.ingress : np.spec?.egress) ?? []).some((rule: Json) => {
      const peers: Json[] | undefined = type === 'Ingress' ? rule.from : rule.to;
      const peerOk =
        !peers?.length ||
        peers.some((peer) => peerMatches(core, peer, np.metadata.namespace ?? '', other));
      return peerOk && portMatches(rule.ports, target, port, protocol);
    }),
  );
}

/** Whether `from` may open a connection to `to` on `port`: egress from the source and ingress into the destination. */
export function policyAllows(
  core: ClusterCore,
  from: KubeObject,
  to: KubeObject,
  port: number,
  protocol: Protocol = 'TCP',
): boolean {
  // A pod always reaches itself (loopback) and host-network pods are not subject to pod policies.
  if (from.metadata.uid && from.metadata.uid === to.metadata.uid) return true;
  if (!from.spec?.hostNetwork && !allowed(core, from, to, 'Egress', port, protocol)) return false;
  if (!to.spec?.hostNetwork && !allowed(core, to, from, 'Ingress', port, protocol)) return false;
  return true;
}

/** Whether `from` can reach the cluster DNS (some CoreDNS pod on UDP 53). */
export function dnsReachable(core: ClusterCore, from: KubeObject): boolean {
  const dns = list(core, '', 'pods', 'kube-system').filter(
    (p) => p.metadata.labels?.['k8s-app'] === 'kube-dns',
  );
  // Without simulated CoreDNS pods the cluster DNS answers as long as egress to UDP 53 is open at all.
  if (!dns.length) {
    const probe: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
      spec: {},
    };
    return allowed(core, from, probe, 'Egress', 53, 'UDP');
  }
  return dns.some((p) => policyAllows(core, from, p, 53, 'UDP'));
}
