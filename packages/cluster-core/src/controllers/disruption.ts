/**
 * The disruption controller (pkg/controller/disruption disruption.go): keeps each
 * PodDisruptionBudget's status (currentHealthy, desiredHealthy, expectedPods,
 * disruptionsAllowed, disruptedPods, observedGeneration) and its DisruptionAllowed condition
 * (SufficientPods / InsufficientPods, SyncFailed when the expected count cannot be computed)
 * from the pods its selector matches and the scale of their controllers. What `kubectl get pdb`
 * shows as ALLOWED DISRUPTIONS and what the eviction API consults.
 */
import { deepEqual } from '../api/equality';
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import { labelSelectorMatches } from '../nodes/node-selection';
import type { ControllerContext } from './controller-context';
import { controllerRefOf } from './controller-ref';
import { isPodReady } from './pod-utils';
import { type ControllerView, keyOf, type Reconciler, type Result, splitKey } from './reconciler';

// biome-ignore lint/suspicious/noExplicitAny: PDB objects are free-form JSON
type Json = Record<string, any>;

/** How long an evicted pod counts as disrupted before the controller stops expecting its deletion. */
const DELETION_TIMEOUT_MS = 2 * 60_000;
/** The disruption controller's recorder names itself after the binary, not the controller. */
const SOURCE = { component: 'controllermanager' };

class SyncError extends Error {}

/** intstr.GetScaledValueFromIntOrPercent with roundUp. */
function scaled(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m)
    throw new SyncError(`invalid value for IntOrString: invalid type: string is not a percentage`);
  return Math.ceil((Number(m[1]) * total) / 100);
}

/** The controller and scale of a pod (the finders: ReplicaSet, Deployment, RC, StatefulSet, scale subresource). */
function controllerScale(
  ctx: ControllerContext,
  pod: KubeObject,
): { uid: string; scale: number } | undefined {
  const ref = controllerRefOf(pod);
  if (!ref) return undefined;
  const ns = pod.metadata.namespace;
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  if (ref.kind === 'ReplicaSet' && group === 'apps') {
    const rs = ctx.get('apps', 'replicasets', ns, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    const owner = controllerRefOf(rs);
    if (owner?.kind === 'Deployment') {
      const d = ctx.get('apps', 'deployments', ns, owner.name);
      return d && d.metadata.uid === owner.uid
        ? { uid: d.metadata.uid ?? '', scale: d.spec?.replicas ?? 1 }
        : undefined;
    }
    return { uid: rs.metadata.uid ?? '', scale: rs.spec?.replicas ?? 1 };
  }
  const r = ctx.core.resources
    .all()
    .find((x) => x.group === group && x.kind === ref.kind && x.preferred);
  if (!r?.def.scale) return undefined;
  const owner = ctx.get(r.group, r.plural, ns, ref.name);
  if (!owner || owner.metadata.uid !== ref.uid) return undefined;
  const path = r.def.scale.specReplicasPath.replace(/^\./, '').split('.');
  const replicas = path.reduce<Json | undefined>((v, k) => v?.[k], owner);
  return { uid: owner.metadata.uid ?? '', scale: typeof replicas === 'number' ? replicas : 1 };
}

/** getExpectedScale: the sum of the scales of the pods' controllers. */
function expectedScale(
  ctx: ControllerContext,
  pods: KubeObject[],
): { expected: number; unmanaged: string[] } {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = controllerRefOf(pod);
    if (!ref) {
      unmanaged.push(pod.metadata.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = controllerScale(ctx, pod);
    if (!found) throw new SyncError(`found no controllers for pod "${pod.metadata.name}"`);
    scales.set(found.uid, found.scale);
  }
  return { expected: [...scales.values()].reduce((a, b) => a + b, 0), unmanaged };
}

/** getExpectedPodCount */
function expectedPodCount(ctx: ControllerContext, pdb: KubeObject, pods: KubeObject[]) {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable != null) {
    const { expected, unmanaged } = expectedScale(ctx, pods);
    return {
      expected,
      desired: Math.max(0, expected - scaled(spec.maxUnavailable, expected)),
      unmanaged,
    };
  }
  if (spec.minAvailable != null) {
    if (typeof spec.minAvailable === 'number')
      return { expected: pods.length, desired: spec.minAvailable, unmanaged: [] };
    const { expected, unmanaged } = expectedScale(ctx, pods);
    return { expected, desired: scaled(spec.minAvailable, expected), unmanaged };
  }
  return { expected: 0, desired: 0, unmanaged: [] };
}

/** A *metav1.LabelSelector as Go's %v prints it. */
function goSelector(sel: Json | undefined): string {
  if (!sel) return '<nil>';
  const labels = Object.keys(sel.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${sel.matchLabels[k]},`)
    .join('');
  const exprs = ((sel.matchExpressions ?? []) as Json[])
    .map(
      (e) =>
        `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`,
    )
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/** apimeta.SetStatusCondition for DisruptionAllowed. */
function setDisruptionAllowed(
  status: Json,
  value: 'True' | 'False',
  reason: string,
  message: string,
  generation: number | undefined,
  now: number,
): void {
  const conditions: Json[] = [...(status.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === 'DisruptionAllowed');
  const previous = i >= 0 ? conditions[i] : undefined;
  const next: Json = {
    lastTransitionTime:
      previous && previous.status === value ? previous.lastTransitionTime : rfc3339(now),
    message,
    observedGeneration: generation,
    reason,
    status: value,
    type: 'DisruptionAllowed',
  };
  if (generation === undefined) delete next.observedGeneration;
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
  status.conditions = conditions;
}

function writeStatus(ctx: ControllerContext, pdb: KubeObject, status: Json): void {
  if (deepEqual(status, pdb.status ?? {})) return;
  ctx.mutate('policy', 'poddisruptionbudgets', pdb, (o) => (o.status = status), true);
}

function sync(ctx: ControllerContext, key: string): Result {
  const { namespace, name } = splitKey(key);
  const pdb = ctx.get('policy', 'poddisruptionbudgets', namespace, name);
  if (!pdb) return;
  const now = ctx.now();
  const pods = ctx
    .list('', 'pods', namespace)
    .filter((p) => labelSelectorMatches(pdb.spec?.selector, p.metadata.labels));
  if (!pods.length) ctx.events.record(SOURCE, pdb, 'Normal', 'NoPods', 'No matching pods found');
  let counts: ReturnType<typeof expectedPodCount>;
  try {
    counts = expectedPodCount(ctx, pdb, pods);
  } catch (err) {
    if (!(err instanceof SyncError)) throw err;
    ctx.events.record(
      SOURCE,
      pdb,
      'Warning',
      'CalculateExpectedPodCountFailed',
      `Failed to calculate the number of expected pods: ${err.message}`,
    );
    // failSafe: no disruptions allowed while the budget cannot be computed
    const status = { ...(pdb.status ?? {}), disruptionsAllowed: 0 };
    setDisruptionAllowed(
      status,
      'False',
      'SyncFailed',
      err.message,
      pdb.status?.observedGeneration,
      now,
    );
    writeStatus(ctx, pdb, status);
    return;
  }
  if (counts.unmanaged.length) {
    ctx.events.record(
      SOURCE,
      pdb,
      'Warning',
      'UnmanagedPods',
      `Pods selected by this PodDisruptionBudget (selector: ${goSelector(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
    );
  }
  // buildDisruptedPodMap: evicted pods stay counted as disrupted until deleted or timed out
  const disrupted: Record<string, string> = {};
  let recheck: number | undefined;
  const previous: Record<string, string> = pdb.status?.disruptedPods ?? {};
  for (const pod of pods) {
    const at = previous[pod.metadata.name ?? ''];
    if (pod.metadata.deletionTimestamp || !at) continue;
    const expires = Date.parse(at) + DELETION_TIMEOUT_MS;
    if (expires < now) {
      ctx.events.record(
        SOURCE,
        pod,
        'Warning',
        'NotDeleted',
        `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.namespace} to be deleted but it wasn't`,
      );
    } else {
      disrupted[pod.metadata.name ?? ''] = at;
      recheck = Math.min(recheck ?? expires, expires);
    }
  }
  const currentHealthy = pods.filter(
    (p) => !p.metadata.deletionTimestamp && !disrupted[p.metadata.name ?? ''] && isPodReady(p),
  ).length;
  let allowed = currentHealthy - counts.desired;
  if (counts.expected <= 0 || allowed <= 0) allowed = 0;
  const status: Json = {
    currentHealthy,
    desiredHealthy: counts.desired,
    disruptionsAllowed: allowed,
    expectedPods: counts.expected,
    observedGeneration: pdb.metadata.generation,
  };
  if (Object.keys(disrupted).length) status.disruptedPods = disrupted;
  if (pdb.status?.conditions) status.conditions = pdb.status.conditions;
  setDisruptionAllowed(
    status,
    allowed > 0 ? 'True' : 'False',
    allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
    '',
    pdb.metadata.generation,
    now,
  );
  writeStatus(ctx, pdb, status);
  if (recheck !== undefined) return { requeueAfter: recheck - now };
}

/** The budgets a pod change concerns: those in its namespace selecting it, before or after. */
function budgetsForPod(ctx: ControllerView, pods: (KubeObject | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const pod of pods) {
    if (!pod) continue;
    for (const pdb of ctx.list('policy', 'poddisruptionbudgets', pod.metadata.namespace)) {
      if (labelSelectorMatches(pdb.spec?.selector, pod.metadata.labels)) keys.add(keyOf(pdb));
    }
  }
  return [...keys];
}

export const disruptionController: Reconciler = {
  name: 'disruption-controller',
  primary: 'policy/poddisruptionbudgets',
  watches: [
    {
      resource: '/pods',
      keys: (change, ctx) => budgetsForPod(ctx, [change.object, change.previous]),
    },
  ],
  reconcile: (key, ctx) => sync(ctx, key),
};
