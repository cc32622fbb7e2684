/**
 * The StatefulSet controller (pkg/controller/statefulset stateful_set_control.go): pods
 * `<set>-<ordinal>` with stable hostnames under the governing Service, PVCs
 * `<template>-<set>-<ordinal>` from volumeClaimTemplates, OrderedReady (one at a time, each
 * Running and Ready before the next; scale down from the highest ordinal) or Parallel, and
 * RollingUpdate from the highest ordinal down to the partition.
 */
import { deepEqual } from '../api/equality';
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { ControllerContext } from './controller-context';
import { claim, controllerRefOf, newControllerRef, selects } from './controller-ref';
import { ensureRevision, ownedRevisions, REVISION_HASH_LABEL, revisionHash, templatePatch, truncateHistory } from './controller-revisions';
import { availableAt, isPodAvailable, isPodReady, isTerminal, podFromTemplate } from './pod-utils';
import { keyOf, type Reconciler, type Result, splitKey } from './reconciler';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

const REVISION_LABEL = 'controller-revision-hash';
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const ordinalOf = (set: KubeObject, pod: KubeObject): number | undefined => {
  const m = new RegExp(`^${set.metadata.name}-(\\d+)$`).exec(pod.metadata.name ?? '');
  return m ? Number(m[1]) : undefined;
};

function event(ctx: ControllerContext, set: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
  ctx.events.record({ component: ctx.manager }, set, type, reason, message);
}

function claimName(template: Json, podName: string): string {
  return `${template.metadata?.name}-${podName}`;
}

/** newVersionedStatefulSetPod: identity, revision label and claim volumes. */
function setPod(set: KubeObject, ordinal: number, revisionName: string, template: Json): KubeObject {
  const name = `${set.metadata.name}-${ordinal}`;
  const pod = podFromTemplate(set, template, '', {
    [REVISION_LABEL]: revisionName,
    [POD_NAME_LABEL]: name,
    [POD_INDEX_LABEL]: String(ordinal),
  });
  delete pod.metadata.generateName;
  pod.metadata.name = name;
  pod.spec.hostname = name;
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
  const claims = (set.spec?.volumeClaimTemplates ?? []) as Json[];
  if (claims.length) {
    const volumes = ((pod.spec.volumes ?? []) as Json[]).filter((v) => !claims.some((c) => c.metadata?.name === v.name));
    for (const c of claims) volumes.push({ name: c.metadata?.name, persistentVolumeClaim: { claimName: claimName(c, name) } });
    pod.spec.volumes = volumes;
  }
  return pod;
}

function ensureClaims(ctx: ControllerContext, set: KubeObject, podName: string): void {
  for (const t of (set.spec?.volumeClaimTemplates ?? []) as Json[]) {
    const name = claimName(t, podName);
    if (ctx.get('', 'persistentvolumeclaims', set.metadata.namespace, name)) continue;
    const labels = { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) };
    const pvc: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: set.metadata.namespace, labels },
      spec: structuredClone(t.spec ?? {}),
    };
    if (t.metadata?.annotations) pvc.metadata.annotations = { ...t.metadata.annotations };
    const retention = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
    if (retention.whenDeleted === 'Delete') pvc.metadata.ownerReferences = [{ ...newControllerRef(set), controller: false }];
    try {
      ctx.create('', 'persistentvolumeclaims', pvc);
      event(ctx, set, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${podName} in StatefulSet ${set.metadata.name} success`);
    } catch (err) {
      event(ctx, set, 'Warning', 'FailedCreate', `create Claim ${name} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${err instanceof Error ? err.message : err}`);
      throw err;
    }
  }
}

function createSetPod(ctx: ControllerContext, set: KubeObject, pod: KubeObject): void {
  ensureClaims(ctx, set, pod.metadata.name ?? '');
  try {
    ctx.create('', 'pods', pod);
    event(ctx, set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
  } catch (err) {
    if (isStatusError(err) && err.reason === 'AlreadyExists') return;
    event(ctx, set, 'Warning', 'FailedCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${err instanceof Error ? err.message : err}`);
    throw err;
  }
}

function deleteSetPod(ctx: ControllerContext, set: KubeObject, pod: KubeObject): void {
  try {
    ctx.delete('', 'pods', pod.metadata.namespace, pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid } });
    event(ctx, set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
  } catch (err) {
    if (!isStatusError(err)) throw err;
  }
}

const runningAndReady = (p: KubeObject) => p.status?.phase === 'Running' && isPodReady(p) && !p.metadata.deletionTimestamp;

function syncStatefulSet(key: string, ctx: ControllerContext): Result {
  const { namespace, name } = splitKey(key);
  const set = ctx.get('apps', 'statefulsets', namespace, name);
  if (!set) return;
  const now = ctx.now();
  const hash = revisionHash(templatePatch(set), set.status?.collisionCount);
  const updateRevision = ensureRevision(ctx, set, `${set.metadata.name}-${hash}`, {
    ...(set.spec?.template?.metadata?.labels ?? {}),
    [REVISION_HASH_LABEL]: hash,
  });
  const updateName = updateRevision.metadata.name ?? '';
  const currentName: string = set.status?.currentRevision ?? updateName;
  const currentRevision = ownedRevisions(ctx, set).find((r) => r.metadata.name === currentName) ?? updateRevision;
  const pods = claim(ctx, set, set.spec?.selector, ctx.list('', 'pods', namespace), { group: '', plural: 'pods' });
  const replicas: number = set.spec?.replicas ?? 1;
  const start: number = set.spec?.ordinals?.start ?? 0;
  const parallel = set.spec?.podManagementPolicy === 'Parallel';
  const byOrdinal = new Map<number, KubeObject>();
  for (const p of pods) {
    const o = ordinalOf(set, p);
    if (o !== undefined) byOrdinal.set(o, p);
  }
  const partition: number = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  const rolling = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const templateFor = (ordinal: number) => {
    // Pods below the partition keep the current revision; the rest get the update revision.
    const useCurrent = rolling && ordinal - start < partition && currentRevision !== updateRevision;
    const rev = useCurrent ? currentRevision : updateRevision;
    return { name: rev.metadata.name ?? '', template: (rev.data as Json)?.spec?.template ?? set.spec?.template };
  };
  if (!set.metadata.deletionTimestamp) {
    for (let i = start; i < start + replicas; i++) {
      const pod = byOrdinal.get(i);
      if (pod && (isTerminal(pod) || pod.status?.phase === 'Failed')) {
        deleteSetPod(ctx, set, pod);
        if (!parallel) break;
        continue;
      }
      if (!pod) {
        const t = templateFor(i);
        const { $patch: _replace, ...template } = t.template ?? {};
        createSetPod(ctx, set, setPod(set, i, t.name, template));
        if (!parallel) break;
        continue;
      }
      if (!parallel && !runningAndReady(pod)) break;
    }
    const condemned = [...byOrdinal.entries()].filter(([o]) => o < start || o >= start + replicas).sort((a, b) => b[0] - a[0]);
    const lowerReady = [...byOrdinal.entries()].filter(([o]) => o >= start && o < start + replicas).every(([, p]) => runningAndReady(p));
    for (const [, pod] of condemned) {
      if (pod.metadata.deletionTimestamp) {
        if (!parallel) break;
        continue;
      }
      if (!parallel && !lowerReady) break;
      deleteSetPod(ctx, set, pod);
      if (!parallel) break;
    }
    if (rolling && updateName !== currentName) {
      // Highest ordinal first, one pod at a time, each update Ready before the next.
      const members = [...byOrdinal.entries()].filter(([o]) => o >= start + partition && o < start + replicas).sort((a, b) => b[0] - a[0]);
      for (const [, pod] of members) {
        if (pod.metadata.labels?.[REVISION_LABEL] !== updateName) {
          if (!pod.metadata.deletionTimestamp && [...byOrdinal.values()].every(runningAndReady)) {
            deleteSetPod(ctx, set, pod);
          }
          break;
        }
        if (!runningAndReady(pod)) break;
      }
    }
  }
  const fresh = ctx.list('', 'pods', namespace).filter((p) => controllerRefOf(p)?.uid === set.metadata.uid && !p.metadata.deletionTimestamp);
  const minReady: number = set.spec?.minReadySeconds ?? 0;
  const ready = fresh.filter(isPodReady);
  const available = ready.filter((p) => isPodAvailable(p, minReady, now));
  const updated = fresh.filter((p) => p.metadata.labels?.[REVISION_LABEL] === updateName).length;
  const current = fresh.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentName).length;
  const complete = updated === replicas && fresh.length === replicas && ready.length === replicas;
  const status: Json = {
    availableReplicas: available.length,
    collisionCount: set.status?.collisionCount ?? 0,
    currentRevision: complete ? updateName : currentName,
    observedGeneration: set.metadata.generation,
    replicas: fresh.length,
    updateRevision: updateName,
  };
  const currentCount = complete ? updated : current;
  if (currentCount) status.currentReplicas = currentCount;
  if (ready.length) status.readyReplicas = ready.length;
  if (updated) status.updatedReplicas = updated;
  if (!deepEqual(status, set.status ?? {})) ctx.mutate('apps', 'statefulsets', set, (o) => (o.status = status), true);
  const inUse = new Set(fresh.map((p) => p.metadata.labels?.[REVISION_LABEL] ?? '').concat([updateName, status.currentRevision]));
  truncateHistory(ctx, set, inUse, set.spec?.revisionHistoryLimit ?? 10);
  if (minReady > 0 && ready.length > available.length) {
    const next = Math.min(...ready.map((p) => availableAt(p, minReady) ?? now).filter((t) => t > now));
    if (Number.isFinite(next)) return { requeueAfter: next - now };
  }
}

export const statefulSetController: Reconciler = {
  name: 'statefulset-controller',
  primary: 'apps/statefulsets',
  watches: [
    {
      resource: '/pods',
      keys: (change, ctx) => {
        const ref = controllerRefOf(change.object);
        if (ref) return ref.kind === 'StatefulSet' ? [`${change.object.metadata.namespace}/${ref.name}`] : [];
        if (change.type === 'DELETED') return [];
        return ctx
          .list('apps', 'statefulsets', change.object.metadata.namespace)
          .filter((s) => selects(s.spec?.selector, change.object.metadata.labels))
          .map(keyOf);
      },
    },
  ],
  reconcile: syncStatefulSet,
};
