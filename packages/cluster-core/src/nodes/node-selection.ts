/**
 * Matching pods to nodes by labels, fields and taints, as k8s.io/component-helpers
 * scheduling/corev1 (nodeaffinity, ToleratesTaint / FindMatchingUntoleratedTaint).
 */
import type { KubeObject } from '../api/object';
import { fromLabelSelector, matchesLabels } from '../api/selectors/labels';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** v1helper.TolerationsTolerateTaint for one toleration. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const operator = t.operator || 'Equal';
  if (operator === 'Exists') return true;
  if (operator === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

export function toleratedBy(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => tolerates(t, taint));
}

/** The first taint with one of `effects` that no toleration tolerates. */
export function firstUntoleratedTaint(
  node: KubeObject,
  tolerations: Toleration[] | undefined,
  effects: string[],
): Taint | undefined {
  return ((node.spec?.taints ?? []) as Taint[]).find(
    (taint) => effects.includes(taint.effect) && !toleratedBy(tolerations, taint),
  );
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || !/^-?\d+$/.test(value) || values.length !== 1) return false;
      const n = Number(value);
      const bound = Number(values[0]);
      return r.operator === 'Gt' ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

/** One NodeSelectorTerm: all expressions and fields must match; an empty term matches nothing. */
export function termMatches(term: NodeSelectorTerm, node: KubeObject): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  const labels = node.metadata.labels ?? {};
  for (const r of exprs) {
    if (!requirementMatches(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined))
      return false;
  }
  for (const r of fields) {
    if (r.key !== 'metadata.name' || !requirementMatches(r, node.metadata.name)) return false;
  }
  return true;
}

/** nodeSelector plus requiredDuringSchedulingIgnoredDuringExecution (the NodeAffinity filter). */
export function matchesNodeSelectorAndAffinity(pod: KubeObject, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries((pod.spec?.nodeSelector ?? {}) as Record<string, string>)) {
    if (labels[k] !== v) return false;
  }
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    const terms = (required.nodeSelectorTerms ?? []) as NodeSelectorTerm[];
    if (!terms.some((t) => termMatches(t, node))) return false;
  }
  return true;
}

/** Sum of the weights of preferred node affinity terms the node matches. */
export function preferredNodeAffinityScore(pod: KubeObject, node: KubeObject): number {
  const preferred = (pod.spec?.affinity?.nodeAffinity
    ?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as {
    weight: number;
    preference: NodeSelectorTerm;
  }[];
  return preferred.reduce(
    (sum, p) => sum + (p.weight && termMatches(p.preference ?? {}, node) ? p.weight : 0),
    0,
  );
}

export function labelSelectorMatches(
  selector: any,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  return matchesLabels(fromLabelSelector(selector), labels);
}
