/**
 * Pod IPs from the node's podCIDR, as the host-local IPAM plugin hands them out (flannel's
 * default): the lowest free address from .2 up, never one a live pod on the node holds.
 * Host-network pods get the node's InternalIP.
 */
import type { KubeObject } from '../api/object';

export function nodeInternalIP(node: KubeObject | undefined): string {
  return (
    ((node?.status?.addresses ?? []) as { type: string; address: string }[]).find(
      (a) => a.type === 'InternalIP',
    )?.address ?? ''
  );
}

/** IPs in use on a node: those of its pods that are not finished, plus any `reserved`. */
export function allocatePodIP(
  node: KubeObject,
  podsOnNode: KubeObject[],
  reserved: Iterable<string>,
): string | undefined {
  const cidr: string = node.spec?.podCIDR ?? '';
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const prefix = Number(m[5]);
  const base =
    ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  const size = 2 ** (32 - prefix);
  const used = new Set<string>(reserved);
  for (const p of podsOnNode) {
    if (p.spec?.hostNetwork) continue;
    const phase = p.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    if (p.status?.podIP) used.add(p.status.podIP);
  }
  for (let i = 2; i < size - 1; i++) {
    const n = (base + i) >>> 0;
    const ip = `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
    if (!used.has(ip)) return ip;
  }
  return undefined;
}
