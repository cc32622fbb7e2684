/**
 * Where a DaemonSet's pods go and what they look like (pkg/controller/daemon
 * daemon_controller.go NodeShouldRunDaemonPod, daemon/util/daemonset_util.go): the template
 * with the tolerations every daemon pod gets, the `controller-revision-hash` and
 * `pod-template-generation` labels, and a required node affinity on `metadata.name` that pins
 * the pod to its node for the default scheduler.
 */
import type { KubeObject } from '../api/object';
import {
  firstUntoleratedTaint,
  matchesNodeSelectorAndAffinity,
  type Toleration,
} from '../nodes/node-selection';
import { podFromTemplate } from './pod-utils';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

export const DAEMONSET_HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** AddOrUpdateTolerationInPodSpec over the tolerations AddOrUpdateDaemonPodTolerations adds. */
export function daemonTolerations(spec: Json): Toleration[] {
  const added: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork)
    added.push({
      key: 'node.kubernetes.io/network-unavailable',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
  const out = [...((spec.tolerations ?? []) as Toleration[])];
  for (const t of added) {
    // MatchToleration: same key, operator, value and effect.
    const same = out.findIndex(
      (e) =>
        (e.key ?? '') === t.key &&
        (e.operator ?? 'Equal') === t.operator &&
        (e.value ?? '') === '' &&
        (e.effect ?? '') === t.effect,
    );
    if (same < 0) out.push(t);
    else out[same] = t;
  }
  return out;
}

/** NodeShouldRunDaemonPod: whether a daemon pod should run on the node, and whether one there may stay. */
export function nodeShouldRunDaemonPod(
  ds: KubeObject,
  node: KubeObject,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec: Json = ds.spec?.template?.spec ?? {};
  if (spec.nodeName && spec.nodeName !== node.metadata.name)
    return { shouldRun: false, shouldContinueRunning: false };
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec };
  if (!matchesNodeSelectorAndAffinity(pod, node))
    return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = daemonTolerations(spec);
  if (firstUntoleratedTaint(node, tolerations, ['NoSchedule', 'NoExecute'])) {
    // A pod already there stays unless a NoExecute taint evicts it.
    return {
      shouldRun: false,
      shouldContinueRunning: !firstUntoleratedTaint(node, tolerations, ['NoExecute']),
    };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/** GetTargetNodeName: the pod's nodeName, or the node its `metadata.name` affinity pins it to. */
export function targetNode(pod: KubeObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = (pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    ?.nodeSelectorTerms ?? []) as Json[];
  for (const t of terms) {
    for (const f of (t.matchFields ?? []) as Json[])
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1)
        return f.values[0];
  }
  return undefined;
}

/** GetTemplateGeneration: the generation the registry keeps in an annotation. */
export function templateGeneration(ds: KubeObject): string | undefined {
  return ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
}

/** IsPodUpdated: the pod carries the current hash or template generation. */
export function isPodUpdated(ds: KubeObject, pod: KubeObject, hash: string): boolean {
  const generation = templateGeneration(ds);
  const labels = pod.metadata.labels ?? {};
  return (
    (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === generation) ||
    (hash !== '' && labels[DAEMONSET_HASH_LABEL] === hash)
  );
}

/** CreatePodTemplate + ReplaceDaemonSetPodNodeNameNodeAffinity: the daemon pod for `node`. */
export function daemonPod(ds: KubeObject, node: string, hash: string): KubeObject {
  const labels: Record<string, string> = {};
  const generation = templateGeneration(ds);
  if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = generation;
  labels[DAEMONSET_HASH_LABEL] = hash;
  const pod = podFromTemplate(ds, ds.spec?.template, `${ds.metadata.name}-`, labels);
  const spec = pod.spec;
  spec.tolerations = daemonTolerations(spec);
  const required = {
    nodeSelectorTerms: [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] },
    ],
  };
  if (!spec.affinity)
    spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } };
  else if (!spec.affinity.nodeAffinity)
    spec.affinity.nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution: required };
  else spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = required;
  return pod;
}

/** podByCreationTimestampAndPhase: scheduled before unscheduled, then oldest first. */
export function byCreationAndPhase(a: KubeObject, b: KubeObject): number {
  const ra = a.spec?.nodeName ? 0 : 1;
  const rb = b.spec?.nodeName ? 0 : 1;
  if (ra !== rb) return ra - rb;
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  return ta - tb || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}
