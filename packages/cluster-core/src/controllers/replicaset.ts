/**
 * ReplicaSet and ReplicationController (pkg/controller/replicaset): claim the pods the selector
 * matches, create or delete pods until the active ones equal spec.replicas (pods named
 * `<owner>-<5 random chars>`), and report replicas, fullyLabeledReplicas, readyReplicas,
 * availableReplicas and observedGeneration, with a ReplicaFailure condition when creating or
 * deleting fails.
 */
import { deepEqual } from '../api/equality';
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import type { Change } from '../store/store';
import type { ControllerContext } from './controller-context';
import { claim, controllerRefOf, selects } from './controller-ref';
import {
  availableAt,
  createPod,
  deletePod,
  deletionOrder,
  isActive,
  isPodAvailable,
  isPodReady,
  podFromTemplate,
} from './pod-utils';
import { type ControllerView, keyOf, type Reconciler, type Result, splitKey } from './reconciler';

interface Flavour {
  name: string;
  group: string;
  plural: string;
  kind: string;
  // biome-ignore lint/suspicious/noExplicitAny: selectors are free-form JSON
  selector(owner: KubeObject): any;
}

const REPLICA_SET: Flavour = {
  name: 'replicaset-controller',
  group: 'apps',
  plural: 'replicasets',
  kind: 'ReplicaSet',
  selector: (rs) => rs.spec?.selector,
};

const REPLICATION_CONTROLLER: Flavour = {
  name: 'replication-controller',
  group: '',
  plural: 'replicationcontrollers',
  kind: 'ReplicationController',
  // An RC's selector is a plain map, defaulting to the template labels.
  selector: (rc) => ({
    matchLabels: rc.spec?.selector ?? rc.spec?.template?.metadata?.labels ?? {},
  }),
};

function sync(flavour: Flavour, key: string, ctx: ControllerContext): Result {
  const { namespace, name } = splitKey(key);
  const owner = ctx.get(flavour.group, flavour.plural, namespace, name);
  if (!owner) return;
  const selector = flavour.selector(owner);
  const candidates = ctx.list('', 'pods', namespace).filter(isActive);
  const pods = claim(ctx, owner, selector, candidates, { group: '', plural: 'pods' });
  const desired: number = owner.spec?.replicas ?? 1;
  let failure: { reason: string; message: string } | undefined;
  if (!owner.metadata.deletionTimestamp) {
    const diff = pods.length - desired;
    try {
      if (diff < 0) {
        for (let i = 0; i < -diff; i++) {
          const pod = podFromTemplate(owner, owner.spec?.template, `${owner.metadata.name}-`);
          const created = createPod(ctx, owner, pod);
          if (created) pods.push(created);
        }
      } else if (diff > 0) {
        const byNode = new Map<string, number>();
        for (const p of pods)
          byNode.set(p.spec?.nodeName ?? '', (byNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
        const victims = deletionOrder(pods, (p) =>
          p.spec?.nodeName ? (byNode.get(p.spec.nodeName) ?? 0) : 0,
        ).slice(0, diff);
        for (const victim of victims) {
          deletePod(ctx, owner, victim);
          pods.splice(pods.indexOf(victim), 1);
        }
      }
    } catch (err) {
      failure = {
        reason: diff < 0 ? 'FailedCreate' : 'FailedDelete',
        message: err instanceof Error ? err.message : String(err),
      };
    }
  }
  const minReadySeconds: number = owner.spec?.minReadySeconds ?? 0;
  const templateLabels: Record<string, string> = owner.spec?.template?.metadata?.labels ?? {};
  const now = ctx.now();
  const status: Record<string, unknown> = { replicas: pods.length };
  const fully = pods.filter((p) =>
    Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v),
  ).length;
  const ready = pods.filter(isPodReady);
  const available = ready.filter((p) => isPodAvailable(p, minReadySeconds, now)).length;
  if (fully) status.fullyLabeledReplicas = fully;
  if (ready.length) status.readyReplicas = ready.length;
  if (available) status.availableReplicas = available;
  if (owner.metadata.generation) status.observedGeneration = owner.metadata.generation;
  const conditions = ((owner.status?.conditions ?? []) as Record<string, unknown>[]).filter(
    (c) => c.type !== 'ReplicaFailure',
  );
  const existingFailure = ((owner.status?.conditions ?? []) as Record<string, unknown>[]).find(
    (c) => c.type === 'ReplicaFailure',
  );
  if (failure && existingFailure) conditions.push(existingFailure);
  else if (failure) {
    conditions.push({
      lastTransitionTime: rfc3339(now),
      message: failure.message,
      reason: failure.reason,
      status: 'True',
      type: 'ReplicaFailure',
    });
  }
  if (conditions.length) status.conditions = conditions;
  if (!deepEqual(status, owner.status ?? {}))
    ctx.mutate(flavour.group, flavour.plural, owner, (o) => (o.status = status), true);
  if (failure) throw new Error(failure.message);
  // Pods that are ready but not yet available become available later: look again then.
  if (minReadySeconds > 0 && ready.length > available) {
    const next = Math.min(
      ...ready.map((p) => availableAt(p, minReadySeconds) ?? now).filter((t) => t > now),
    );
    if (Number.isFinite(next)) return { requeueAfter: next - now };
  }
}

/** Owners a pod change concerns: its controller, or (orphans) every owner whose selector matches. */
function podOwners(flavour: Flavour, change: Change, ctx: ControllerView): string[] {
  const keys = new Set<string>();
  for (const pod of [change.object, change.previous]) {
    if (!pod) continue;
    const ref = controllerRefOf(pod);
    if (ref) {
      if (ref.kind === flavour.kind) keys.add(`${pod.metadata.namespace}/${ref.name}`);
      continue;
    }
    if (change.type === 'DELETED' || pod.metadata.deletionTimestamp) continue;
    for (const owner of ctx.list(flavour.group, flavour.plural, pod.metadata.namespace)) {
      if (selects(flavour.selector(owner), pod.metadata.labels)) keys.add(keyOf(owner));
    }
  }
  return [...keys];
}

function reconciler(flavour: Flavour): Reconciler {
  return {
    name: flavour.name,
    primary: `${flavour.group}/${flavour.plural}`,
    watches: [{ resource: '/pods', keys: (change, ctx) => podOwners(flavour, change, ctx) }],
    reconcile: (key, ctx) => sync(flavour, key, ctx),
  };
}

export const replicaSetController = reconciler(REPLICA_SET);
export const replicationController = reconciler(REPLICATION_CONTROLLER);
