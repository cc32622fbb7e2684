/**
 * Scoring the feasible nodes with the default Score plugins and weights (default_plugins.go):
 * TaintToleration (3, PreferNoSchedule), NodeAffinity (2, preferred terms), PodTopologySpread
 * (2, the system default spreading of a workload's pods over hostnames), InterPodAffinity
 * (2, preferred terms), NodeResourcesFit LeastAllocated (1) and BalancedAllocation (1).
 * Each plugin's scores are normalised to 0..100 across the feasible nodes as upstream does.
 */
import type { KubeObject } from '../api/object';
import { preferredNodeAffinityScore, type Taint, toleratedBy } from './node-selection';
import { nonZeroRequests, resourceList } from './pod-resources';
import { type ClusterSnapshot, termSelects } from './scheduler-filters';

type Scores = Map<string, number>;

function normalize(raw: Scores, reverse = false): Scores {
  const values = [...raw.values()];
  const max = Math.max(0, ...values);
  const out: Scores = new Map();
  for (const [k, v] of raw) {
    if (max === 0) out.set(k, reverse ? 100 : 0);
    else out.set(k, reverse ? 100 - Math.floor((v * 100) / max) : Math.floor((v * 100) / max));
  }
  return out;
}

function preferNoScheduleCount(pod: KubeObject, node: KubeObject): number {
  return ((node.spec?.taints ?? []) as Taint[]).filter(
    (t) => t.effect === 'PreferNoSchedule' && !toleratedBy(pod.spec?.tolerations, t),
  ).length;
}

/** Pods of the same workload: the same controller, or (bare pods) the same labels. */
function sameWorkload(a: KubeObject, b: KubeObject): boolean {
  if (a.metadata.namespace !== b.metadata.namespace) return false;
  const ca = (a.metadata.ownerReferences ?? []).find((r) => r.controller)?.uid;
  const cb = (b.metadata.ownerReferences ?? []).find((r) => r.controller)?.uid;
  if (ca || cb) return ca === cb;
  const la = JSON.stringify(Object.entries(a.metadata.labels ?? {}).sort());
  return la !== '[]' && la === JSON.stringify(Object.entries(b.metadata.labels ?? {}).sort());
}

function podAffinityPreference(pod: KubeObject, node: KubeObject, snap: ClusterSnapshot): number {
  let score = 0;
  const labelsOf = (n: KubeObject | undefined) => n?.metadata.labels ?? {};
  // biome-ignore lint/suspicious/noExplicitAny: weighted terms are free-form JSON
  const weighted = (kind: string): any[] =>
    pod.spec?.affinity?.[kind]?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  for (const [kind, sign] of [
    ['podAffinity', 1],
    ['podAntiAffinity', -1],
  ] as const) {
    for (const w of weighted(kind)) {
      const term = w.podAffinityTerm ?? {};
      const value = labelsOf(node)[term.topologyKey];
      if (value === undefined) continue;
      for (const p of [...snap.podsByNode.values()].flat()) {
        if (
          labelsOf(snap.nodesByName.get(p.spec?.nodeName))[term.topologyKey] === value &&
          termSelects(term, pod, p, snap)
        ) {
          score += sign * (w.weight ?? 0);
        }
      }
    }
  }
  return score;
}

export function scoreNodes(pod: KubeObject, feasible: KubeObject[], snap: ClusterSnapshot): Scores {
  const taints: Scores = new Map();
  const affinity: Scores = new Map();
  const spread: Scores = new Map();
  const interPod: Scores = new Map();
  const least: Scores = new Map();
  const balanced: Scores = new Map();
  const own = nonZeroRequests(pod);
  for (const node of feasible) {
    const name = node.metadata.name ?? '';
    const pods = snap.podsByNode.get(name) ?? [];
    taints.set(name, preferNoScheduleCount(pod, node));
    affinity.set(name, preferredNodeAffinityScore(pod, node));
    spread.set(name, pods.filter((p) => sameWorkload(p, pod)).length);
    interPod.set(name, podAffinityPreference(pod, node, snap));
    const alloc = resourceList(node.status?.allocatable);
    let cpu = own.cpu;
    let memory = own.memory;
    for (const p of pods) {
      const r = nonZeroRequests(p);
      cpu += r.cpu;
      memory += r.memory;
    }
    const cpuFrac = Math.min(1, cpu / Math.max(1, alloc.get('cpu') ?? 1));
    const memFrac = Math.min(1, memory / Math.max(1, alloc.get('memory') ?? 1));
    least.set(name, Math.floor(((1 - cpuFrac + (1 - memFrac)) / 2) * 100));
    balanced.set(name, Math.floor((1 - Math.abs(cpuFrac - memFrac)) * 100));
  }
  // InterPodAffinity normalises between the lowest and highest raw score.
  const interValues = [...interPod.values()];
  const lo = Math.min(0, ...interValues);
  const hi = Math.max(0, ...interValues);
  const interNorm: Scores = new Map(
    [...interPod].map(([k, v]) => [k, hi === lo ? 0 : Math.floor(((v - lo) * 100) / (hi - lo))]),
  );
  const t = normalize(taints, true);
  const a = normalize(affinity);
  const s = normalize(spread, true);
  const total: Scores = new Map();
  for (const node of feasible) {
    const n = node.metadata.name ?? '';
    total.set(
      n,
      3 * (t.get(n) ?? 0) +
        2 * (a.get(n) ?? 0) +
        2 * (s.get(n) ?? 0) +
        2 * (interNorm.get(n) ?? 0) +
        (least.get(n) ?? 0) +
        (balanced.get(n) ?? 0),
    );
  }
  return total;
}

/** The best node, ties broken at random as selectHost's reservoir sampling does. */
export function selectHost(scores: Scores): string | undefined {
  let best: string | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  let ties = 0;
  for (const [name, score] of scores) {
    if (score > bestScore) {
      best = name;
      bestScore = score;
      ties = 1;
    } else if (score === bestScore) {
      ties++;
      if (Math.random() * ties < 1) best = name;
    }
  }
  return best;
}
