/**
 * The StatefulSet controller (pkg/controller/statefulset stateful_set_control.go, 1.33):
 * ControllerRevisions named `<set>-<hash>` with the upstream hash, pods `<set>-<ordinal>`
 * created in order with OrderedReady (each Running, Ready and available before the next) or
 * all at once with Parallel, failed pods recreated, scale-down from the highest ordinal,
 * RollingUpdate from the highest ordinal down to the partition one pod at a time, OnDelete,
 * PVCs from volumeClaimTemplates with their retention policy, and the status kubectl's
 * `rollout status` reads.
 */
import { deepEqual } from '../api/equality';
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { ControllerContext } from './controller-context';
import { claim, controllerRefOf, newControllerRef, selects } from './controller-ref';
import {
  CONTROLLER_REVISION_HASH,
  deleteRevision,
  hashRevision,
  ownedRevisions,
  revisionName,
  revisionTemplate,
  sameData,
  setRevisionNumber,
  templatePatch,
} from './controller-revisions';
import { availableAt } from './pod-utils';
import { keyOf, type Reconciler, type Result, splitKey } from './reconciler';
import {
  createMissingClaims,
  createStatefulPod,
  deleteStatefulPod,
  fixClaimOwners,
  inOrdinalRange,
  isFinished,
  isHealthy,
  isRunningAndAvailable,
  isRunningAndReady,
  isTerminating,
  newStatefulSetPod,
  ordinalOf,
  podRevision,
  replicasOf,
  startOrdinal,
} from './statefulset-pods';

// biome-ignore lint/suspicious/noExplicitAny: statuses are free-form JSON
type Json = Record<string, any>;

interface Revisions {
  current: KubeObject;
  update: KubeObject;
  collisionCount: number;
}

/** getStatefulSetRevisions: the update revision (created, or renumbered on rollback) and the current one. */
function getRevisions(ctx: ControllerContext, set: KubeObject): Revisions {
  const revisions = ownedRevisions(ctx, set);
  let collisionCount: number = set.status?.collisionCount ?? 0;
  const data = templatePatch(set);
  const next = revisions.length ? (revisions[revisions.length - 1].revision ?? 0) + 1 : 1;
  const equal = revisions.filter((r) => sameData(r, data));
  let update: KubeObject;
  if (equal.length && equal[equal.length - 1] === revisions[revisions.length - 1]) {
    update = revisions[revisions.length - 1];
  } else if (equal.length) {
    update = setRevisionNumber(ctx, equal[equal.length - 1], next);
  } else {
    const hash = hashRevision(data, collisionCount);
    const labels = {
      ...(set.spec?.template?.metadata?.labels ?? {}),
      [CONTROLLER_REVISION_HASH]: hash,
    };
    for (;;) {
      const name = revisionName(set.metadata.name ?? '', hashRevision(data, collisionCount));
      const revision: KubeObject = {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: {
          name,
          namespace: set.metadata.namespace,
          labels,
          ownerReferences: [newControllerRef(set)],
        },
        data,
        revision: next,
      };
      try {
        update = ctx.create('apps', 'controllerrevisions', revision);
        break;
      } catch (err) {
        if (!isStatusError(err) || err.reason !== 'AlreadyExists') throw err;
        const exists = ctx.get('apps', 'controllerrevisions', set.metadata.namespace, name);
        if (exists && sameData(exists, data)) {
          update = exists;
          break;
        }
        collisionCount++;
      }
    }
  }
  const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount };
}

interface Counts {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
}

/** computeReplicaStatus */
function countPods(
  pods: KubeObject[],
  minReadySeconds: number,
  now: number,
  current: string,
  update: string,
): Counts {
  const c: Counts = {
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
  };
  for (const pod of pods) {
    if (!pod.metadata.uid) continue;
    c.replicas++;
    if (isRunningAndReady(pod)) {
      c.readyReplicas++;
      if (isRunningAndAvailable(pod, minReadySeconds, now)) c.availableReplicas++;
    }
    if (!isTerminating(pod)) {
      if (podRevision(pod) === current) c.currentReplicas++;
      if (podRevision(pod) === update) c.updatedReplicas++;
    }
  }
  return c;
}

/** updateStatefulSet: one pass over the replicas, then the condemned pods, then the rolling update. */
function updateStatefulSet(
  ctx: ControllerContext,
  set: KubeObject,
  rev: Revisions,
  pods: KubeObject[],
): Counts {
  const now = ctx.now();
  const minReady: number = set.spec?.minReadySeconds ?? 0;
  const currentName = rev.current.metadata.name ?? '';
  const updateName = rev.update.metadata.name ?? '';
  const start = startOrdinal(set);
  const count = replicasOf(set);
  const replicas: (KubeObject | undefined)[] = new Array(count).fill(undefined);
  const condemned: KubeObject[] = [];
  for (const pod of pods) {
    if (inOrdinalRange(set, pod)) replicas[ordinalOf(set, pod) - start] = pod;
    else if (ordinalOf(set, pod) >= 0) condemned.push(pod);
  }
  condemned.sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
  const rolling = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const partition: number = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  // newVersionedStatefulSetPod: below the partition pods keep the current revision.
  const podFor = (ordinal: number) => {
    const useCurrent = rolling && ordinal < start + partition;
    const revision = useCurrent ? rev.current : rev.update;
    return newStatefulSetPod(
      set,
      revisionTemplate(revision),
      ordinal,
      revision.metadata.name ?? '',
    );
  };
  const all = () => [
    ...replicas.filter((p): p is KubeObject => Boolean(p?.metadata.uid)),
    ...condemned,
  ];
  const done = () => countPods(all(), minReady, now, currentName, updateName);
  if (set.metadata.deletionTimestamp) return done();
  const monotonic = set.spec?.podManagementPolicy !== 'Parallel';
  const firstUnhealthy = [...replicas, ...[...condemned].reverse()].find(
    (p) => !p || !isHealthy(p),
  );

  for (let i = 0; i < count; i++) {
    const ordinal = start + i;
    let pod = replicas[i];
    if (pod && isFinished(pod)) {
      // Failed or Succeeded pods are deleted; the replacement comes once the pod is gone.
      if (!pod.metadata.deletionTimestamp) deleteStatefulPod(ctx, set, pod);
      if (monotonic) return done();
      continue;
    }
    if (!pod) {
      pod = podFor(ordinal);
      createStatefulPod(ctx, set, pod, ordinal);
      replicas[i] = ctx.get('', 'pods', set.metadata.namespace, pod.metadata.name ?? '');
      if (monotonic) return done();
      continue;
    }
    if (pod.status?.phase === 'Pending') createMissingClaims(ctx, set, pod, ordinal);
    if (
      monotonic &&
      (isTerminating(pod) || !isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, now))
    )
      return done();
    fixClaimOwners(ctx, set, pod);
  }
  for (const pod of condemned) fixClaimOwners(ctx, set, pod);
  for (const pod of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) return done();
      continue;
    }
    if (
      monotonic &&
      pod !== firstUnhealthy &&
      (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, now))
    )
      return done();
    deleteStatefulPod(ctx, set, pod);
    if (monotonic) return done();
  }
  if (!rolling) return done();
  // The pod with the largest ordinal not at the update revision goes first, down to the partition.
  for (let target = count - 1; target >= partition; target--) {
    const pod = replicas[target];
    if (!pod) continue;
    if (podRevision(pod) !== updateName && !isTerminating(pod)) {
      deleteStatefulPod(ctx, set, pod);
      const c = done();
      c.currentReplicas--;
      return c;
    }
    if (!isHealthy(pod)) return done();
  }
  return done();
}

function syncStatefulSet(key: string, ctx: ControllerContext): Result {
  const { namespace, name } = splitKey(key);
  const set = ctx.get('apps', 'statefulsets', namespace, name);
  if (!set) return;
  const pods = claim(ctx, set, set.spec?.selector, ctx.list('', 'pods', namespace), {
    group: '',
    plural: 'pods',
  }).filter((p) => ordinalOf(set, p) >= 0);
  const rev = getRevisions(ctx, set);
  const counts = updateStatefulSet(ctx, set, rev, pods);
  const status: Json = {
    observedGeneration: set.metadata.generation,
    replicas: counts.replicas,
    currentRevision: rev.current.metadata.name,
    updateRevision: rev.update.metadata.name,
    collisionCount: rev.collisionCount,
    availableReplicas: counts.availableReplicas,
  };
  if (counts.readyReplicas) status.readyReplicas = counts.readyReplicas;
  if (counts.currentReplicas) status.currentReplicas = counts.currentReplicas;
  if (counts.updatedReplicas) status.updatedReplicas = counts.updatedReplicas;
  // completeRollingUpdate
  const rolling = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (
    rolling &&
    counts.updatedReplicas === counts.replicas &&
    counts.readyReplicas === counts.replicas
  ) {
    if (counts.updatedReplicas) status.currentReplicas = counts.updatedReplicas;
    else delete status.currentReplicas;
    status.currentRevision = status.updateRevision;
  }
  if (set.status?.conditions) status.conditions = set.status.conditions;
  const current = ctx.get('apps', 'statefulsets', namespace, name) ?? set;
  if (!deepEqual(status, current.status ?? {}))
    ctx.mutate('apps', 'statefulsets', current, (o) => (o.status = status), true);
  truncateHistory(
    ctx,
    set,
    ctx.list('', 'pods', namespace).filter((p) => controllerRefOf(p)?.uid === set.metadata.uid),
    [status.currentRevision, status.updateRevision],
  );
  // Ready pods become available after minReadySeconds: look again then.
  const minReady: number = set.spec?.minReadySeconds ?? 0;
  if (minReady > 0) {
    const now = ctx.now();
    const due = pods.map((p) => availableAt(p, minReady) ?? 0).filter((t) => t > now);
    if (due.length) return { requeueAfter: Math.min(...due) - now };
  }
}

/** truncateHistory: revisions no pod (nor the current or update revision) uses, beyond the limit, go. */
function truncateHistory(
  ctx: ControllerContext,
  set: KubeObject,
  pods: KubeObject[],
  live: string[],
): void {
  const used = new Set([...live, ...pods.map(podRevision)]);
  const history = ownedRevisions(ctx, set).filter((r) => !used.has(r.metadata.name ?? ''));
  const limit: number = set.spec?.revisionHistoryLimit ?? 10;
  for (const r of history.slice(0, Math.max(0, history.length - limit))) deleteRevision(ctx, r);
}

export const statefulSetController: Reconciler = {
  name: 'statefulset-controller',
  primary: 'apps/statefulsets',
  watches: [
    {
      resource: '/pods',
      keys: (change, ctx) => {
        const keys = new Set<string>();
        for (const pod of [change.object, change.previous]) {
          if (!pod) continue;
          const ref = controllerRefOf(pod);
          if (ref) {
            if (ref.kind === 'StatefulSet') keys.add(`${pod.metadata.namespace}/${ref.name}`);
            continue;
          }
          if (change.type === 'DELETED') continue;
          for (const s of ctx.list('apps', 'statefulsets', pod.metadata.namespace))
            if (selects(s.spec?.selector, pod.metadata.labels)) keys.add(keyOf(s));
        }
        return keys;
      },
    },
    {
      resource: 'apps/controllerrevisions',
      keys: (change) => {
        const ref = controllerRefOf(change.object);
        return ref?.kind === 'StatefulSet'
          ? [`${change.object.metadata.namespace}/${ref.name}`]
          : [];
      },
    },
  ],
  reconcile: syncStatefulSet,
};
