/**
 * The default scheduler's Filter plugins in their default order (pkg/scheduler/apis/config/v1
 * default_plugins.go): NodeUnschedulable, TaintToleration, NodeAffinity, NodePorts,
 * NodeResourcesFit, PodTopologySpread, InterPodAffinity. Each node gets the first failing
 * plugin's reasons and code, as RunFilterPlugins stops at the first failure; the reason
 * strings are the plugins' ErrReason constants.
 */
import type { KubeObject } from '../api/object';
import {
  firstUntoleratedTaint,
  labelSelectorMatches,
  matchesNodeSelectorAndAffinity,
  type Toleration,
  toleratedBy,
} from './node-selection';
import { podRequests, type Resources, resourceList } from './pod-resources';

export type FilterCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface FilterFailure {
  code: FilterCode;
  reasons: string[];
}

/** The scheduler's view of the cluster for one scheduling cycle. */
export interface ClusterSnapshot {
  nodes: KubeObject[];
  /** Assigned, non-terminal pods by node name (the scheduler cache). */
  podsByNode: Map<string, KubeObject[]>;
  nodesByName: Map<string, KubeObject>;
  namespaceLabels(namespace: string): Record<string, string> | undefined;
}

const unresolvable = (reason: string): FilterFailure => ({
  code: 'UnschedulableAndUnresolvable',
  reasons: [reason],
});
const unschedulable = (...reasons: string[]): FilterFailure => ({ code: 'Unschedulable', reasons });

function nodeUnschedulable(pod: KubeObject, node: KubeObject): FilterFailure | undefined {
  if (!node.spec?.unschedulable) return undefined;
  const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
  if (toleratedBy(pod.spec?.tolerations as Toleration[], taint)) return undefined;
  return unresolvable('node(s) were unschedulable');
}

function taintToleration(pod: KubeObject, node: KubeObject): FilterFailure | undefined {
  const taint = firstUntoleratedTaint(node, pod.spec?.tolerations, ['NoSchedule', 'NoExecute']);
  if (!taint) return undefined;
  return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
}

function nodeAffinity(pod: KubeObject, node: KubeObject): FilterFailure | undefined {
  return matchesNodeSelectorAndAffinity(pod, node)
    ? undefined
    : unresolvable("node(s) didn't match Pod's node affinity/selector");
}

interface HostPort {
  hostIP: string;
  protocol: string;
  port: number;
}

function hostPorts(pod: KubeObject): HostPort[] {
  const out: HostPort[] = [];
  // biome-ignore lint/suspicious/noExplicitAny: container specs are free-form JSON
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])] as any[]) {
    for (const p of c.ports ?? []) {
      if (p.hostPort > 0)
        out.push({
          hostIP: p.hostIP || '0.0.0.0',
          protocol: p.protocol || 'TCP',
          port: p.hostPort,
        });
    }
  }
  return out;
}

function nodePorts(pod: KubeObject, pods: KubeObject[]): FilterFailure | undefined {
  const wanted = hostPorts(pod);
  if (!wanted.length) return undefined;
  const used = pods.flatMap(hostPorts);
  const conflict = wanted.some((w) =>
    used.some(
      (u) =>
        u.port === w.port &&
        u.protocol === w.protocol &&
        (u.hostIP === w.hostIP || u.hostIP === '0.0.0.0' || w.hostIP === '0.0.0.0'),
    ),
  );
  return conflict
    ? unschedulable("node(s) didn't have free ports for the requested pod ports")
    : undefined;
}

/** NodeResourcesFit: "Too many pods", then cpu, memory, ephemeral-storage, extended resources. */
export function insufficientResources(
  pod: KubeObject,
  node: KubeObject,
  pods: KubeObject[],
): string[] {
  const allocatable = resourceList(node.status?.allocatable);
  const reasons: string[] = [];
  if (pods.length + 1 > (allocatable.get('pods') ?? 110)) reasons.push('Too many pods');
  const want = podRequests(pod);
  const used: Resources = new Map();
  for (const p of pods) for (const [k, v] of podRequests(p)) used.set(k, (used.get(k) ?? 0) + v);
  const ordered = [
    'cpu',
    'memory',
    'ephemeral-storage',
    ...[...want.keys()]
      .filter((k) => !['cpu', 'memory', 'ephemeral-storage', 'pods'].includes(k))
      .sort(),
  ];
  for (const name of ordered) {
    const w = want.get(name) ?? 0;
    if (w <= 0) continue;
    const free = (allocatable.get(name) ?? 0) - (used.get(name) ?? 0);
    if (w > free) reasons.push(`Insufficient ${name}`);
  }
  return reasons;
}

function nodeResourcesFit(
  pod: KubeObject,
  node: KubeObject,
  pods: KubeObject[],
): FilterFailure | undefined {
  const reasons = insufficientResources(pod, node, pods);
  return reasons.length ? unschedulable(...reasons) : undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: affinity terms are free-form JSON
type Term = Record<string, any>;

/** Whether `target` falls in a pod (anti-)affinity term declared by `owner`. */
export function termSelects(
  term: Term,
  owner: KubeObject,
  target: KubeObject,
  snap: ClusterSnapshot,
): boolean {
  const ns = target.metadata.namespace ?? '';
  const names: string[] = term.namespaces ?? [];
  const nsSelector = term.namespaceSelector;
  let inNamespace: boolean;
  if (!names.length && !nsSelector) inNamespace = ns === owner.metadata.namespace;
  else
    inNamespace =
      names.includes(ns) ||
      (nsSelector ? labelSelectorMatches(nsSelector, snap.namespaceLabels(ns)) : false);
  if (!inNamespace) return false;
  const labels = target.metadata.labels ?? {};
  const selector = term.labelSelector;
  if (!selector) return false;
  // matchLabelKeys / mismatchLabelKeys add the owner's values of those keys.
  const extra: Record<string, string> = {};
  for (const k of (term.matchLabelKeys ?? []) as string[])
    if (owner.metadata.labels?.[k] !== undefined) extra[k] = owner.metadata.labels[k];
  for (const [k, v] of Object.entries(extra)) if (labels[k] !== v) return false;
  for (const k of (term.mismatchLabelKeys ?? []) as string[]) {
    if (owner.metadata.labels?.[k] !== undefined && labels[k] === owner.metadata.labels[k])
      return false;
  }
  return labelSelectorMatches(selector, labels);
}

function topologyValue(node: KubeObject | undefined, key: string): string | undefined {
  const labels = node?.metadata.labels ?? {};
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

function requiredTerms(pod: KubeObject, kind: 'podAffinity' | 'podAntiAffinity'): Term[] {
  return (pod.spec?.affinity?.[kind]?.requiredDuringSchedulingIgnoredDuringExecution ??
    []) as Term[];
}

function allAssigned(snap: ClusterSnapshot): KubeObject[] {
  return [...snap.podsByNode.values()].flat();
}

function interPodAffinity(
  pod: KubeObject,
  node: KubeObject,
  snap: ClusterSnapshot,
): FilterFailure | undefined {
  const affinity = requiredTerms(pod, 'podAffinity');
  const anti = requiredTerms(pod, 'podAntiAffinity');
  const others = allAssigned(snap);
  if (affinity.length) {
    if (affinity.some((t) => topologyValue(node, t.topologyKey) === undefined)) {
      return unresolvable("node(s) didn't match pod affinity rules");
    }
    const matchingAll = others.filter((p) => affinity.every((t) => termSelects(t, pod, p, snap)));
    const satisfied = affinity.every((t) =>
      matchingAll.some(
        (p) =>
          topologyValue(snap.nodesByName.get(p.spec?.nodeName), t.topologyKey) ===
          topologyValue(node, t.topologyKey),
      ),
    );
    // The first pod of a group with affinity to itself may go anywhere its terms allow.
    const firstOfItsKind =
      !matchingAll.length && affinity.every((t) => termSelects(t, pod, pod, snap));
    if (!satisfied && !firstOfItsKind)
      return unresolvable("node(s) didn't match pod affinity rules");
  }
  for (const t of anti) {
    const value = topologyValue(node, t.topologyKey);
    if (value === undefined) continue;
    const clash = others.some(
      (p) =>
        termSelects(t, pod, p, snap) &&
        topologyValue(snap.nodesByName.get(p.spec?.nodeName), t.topologyKey) === value,
    );
    if (clash) return unschedulable("node(s) didn't match pod anti-affinity rules");
  }
  for (const p of others) {
    for (const t of requiredTerms(p, 'podAntiAffinity')) {
      const value = topologyValue(node, t.topologyKey);
      if (value === undefined || !termSelects(t, p, pod, snap)) continue;
      if (topologyValue(snap.nodesByName.get(p.spec?.nodeName), t.topologyKey) === value) {
        return unschedulable("node(s) didn't satisfy existing pods anti-affinity rules");
      }
    }
  }
  return undefined;
}

const SPREAD_MISMATCH = "node(s) didn't match pod topology spread constraints";

function topologySpread(
  pod: KubeObject,
  node: KubeObject,
  snap: ClusterSnapshot,
): FilterFailure | undefined {
  // biome-ignore lint/suspicious/noExplicitAny: constraints are free-form JSON
  const constraints = ((pod.spec?.topologySpreadConstraints ?? []) as any[]).filter(
    (c) => c.whenUnsatisfiable === 'DoNotSchedule',
  );
  for (const c of constraints) {
    const value = topologyValue(node, c.topologyKey);
    if (value === undefined) return unresolvable(`${SPREAD_MISMATCH} (missing required label)`);
    const selector = { ...(c.labelSelector ?? {}) };
    const matchLabels: Record<string, string> = { ...(selector.matchLabels ?? {}) };
    for (const k of (c.matchLabelKeys ?? []) as string[])
      if (pod.metadata.labels?.[k] !== undefined) matchLabels[k] = pod.metadata.labels[k];
    selector.matchLabels = matchLabels;
    const eligible = snap.nodes.filter((n) => {
      if (topologyValue(n, c.topologyKey) === undefined) return false;
      if ((c.nodeAffinityPolicy ?? 'Honor') === 'Honor' && !matchesNodeSelectorAndAffinity(pod, n))
        return false;
      if (
        c.nodeTaintsPolicy === 'Honor' &&
        firstUntoleratedTaint(n, pod.spec?.tolerations, ['NoSchedule', 'NoExecute'])
      )
        return false;
      return true;
    });
    const counts = new Map<string, number>();
    for (const n of eligible) {
      const domain = topologyValue(n, c.topologyKey) as string;
      const matching = (snap.podsByNode.get(n.metadata.name ?? '') ?? []).filter(
        (p) =>
          !p.metadata.deletionTimestamp &&
          p.metadata.namespace === pod.metadata.namespace &&
          labelSelectorMatches(selector, p.metadata.labels),
      ).length;
      counts.set(domain, (counts.get(domain) ?? 0) + matching);
    }
    let min = counts.size ? Math.min(...counts.values()) : 0;
    if (c.minDomains && counts.size < c.minDomains) min = 0;
    const self = labelSelectorMatches(selector, pod.metadata.labels) ? 1 : 0;
    if ((counts.get(value) ?? 0) + self - min > (c.maxSkew ?? 1))
      return unschedulable(SPREAD_MISMATCH);
  }
  return undefined;
}

/** Runs the filters on one node: undefined when the pod fits. */
export function filterNode(
  pod: KubeObject,
  node: KubeObject,
  snap: ClusterSnapshot,
): FilterFailure | undefined {
  const pods = snap.podsByNode.get(node.metadata.name ?? '') ?? [];
  return (
    nodeUnschedulable(pod, node) ??
    taintToleration(pod, node) ??
    nodeAffinity(pod, node) ??
    nodePorts(pod, pods) ??
    nodeResourcesFit(pod, node, pods) ??
    topologySpread(pod, node, snap) ??
    interPodAffinity(pod, node, snap)
  );
}
