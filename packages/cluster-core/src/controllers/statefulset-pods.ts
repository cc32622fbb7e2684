/**
 * The pods and claims of a StatefulSet (pkg/controller/statefulset stateful_set_utils.go,
 * stateful_pod_control.go): `<set>-<ordinal>` pods with their identity (hostname, subdomain,
 * pod-name and pod-index labels, controller-revision-hash), PVCs `<template>-<set>-<ordinal>`
 * created before the pod, owner references on the claims per
 * persistentVolumeClaimRetentionPolicy, and the events the pod control records.
 */
import { isStatusError } from '../api/errors';
import type { KubeObject, OwnerReference } from '../api/object';
import type { ControllerContext } from './controller-context';
import { isPodAvailable, isPodReady, podFromTemplate } from './pod-utils';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

export const STATEFULSET_REVISION_LABEL = 'controller-revision-hash';
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export const startOrdinal = (set: KubeObject): number => set.spec?.ordinals?.start ?? 0;
export const replicasOf = (set: KubeObject): number => set.spec?.replicas ?? 1;

/** getOrdinal: the ordinal of a pod named `<set>-<n>`, or -1. */
export function ordinalOf(set: KubeObject, pod: KubeObject): number {
  const m = /^(.*)-(\d+)$/.exec(pod.metadata.name ?? '');
  if (!m || m[1] !== set.metadata.name) return -1;
  return Number(m[2]);
}

export function inOrdinalRange(set: KubeObject, pod: KubeObject): boolean {
  const o = ordinalOf(set, pod);
  return o >= startOrdinal(set) && o < startOrdinal(set) + replicasOf(set);
}

export const podRevision = (pod: KubeObject): string =>
  pod.metadata.labels?.[STATEFULSET_REVISION_LABEL] ?? '';
export const isTerminating = (pod: KubeObject): boolean => Boolean(pod.metadata.deletionTimestamp);
export const isRunningAndReady = (pod: KubeObject): boolean =>
  pod.status?.phase === 'Running' && isPodReady(pod);
export const isRunningAndAvailable = (
  pod: KubeObject,
  minReadySeconds: number,
  now: number,
): boolean => pod.status?.phase === 'Running' && isPodAvailable(pod, minReadySeconds, now);
export const isHealthy = (pod: KubeObject): boolean =>
  isRunningAndReady(pod) && !isTerminating(pod);
export const isFinished = (pod: KubeObject): boolean =>
  pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';

function claimName(template: Json, set: KubeObject, ordinal: number): string {
  return `${template.metadata?.name}-${set.metadata.name}-${ordinal}`;
}

/** getPersistentVolumeClaims: the claims of the pod at `ordinal`, labelled with the selector's labels. */
export function claimsFor(set: KubeObject, ordinal: number): KubeObject[] {
  return ((set.spec?.volumeClaimTemplates ?? []) as Json[]).map((t) => {
    const claim: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        ...structuredClone(t.metadata ?? {}),
        name: claimName(t, set, ordinal),
        namespace: set.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
      },
      spec: structuredClone(t.spec ?? {}),
    };
    if (!Object.keys(claim.metadata.labels ?? {}).length) delete claim.metadata.labels;
    return claim;
  });
}

/** newStatefulSetPod from `template` (a revision's): identity and storage of `<set>-<ordinal>`. */
export function newStatefulSetPod(
  set: KubeObject,
  template: Json,
  ordinal: number,
  revision: string,
): KubeObject {
  const name = `${set.metadata.name}-${ordinal}`;
  const pod = podFromTemplate(set, template, `${set.metadata.name}-`);
  pod.metadata.name = name;
  pod.metadata.labels = {
    ...(pod.metadata.labels ?? {}),
    [POD_NAME_LABEL]: name,
    [POD_INDEX_LABEL]: String(ordinal),
    [STATEFULSET_REVISION_LABEL]: revision,
  };
  pod.spec.hostname = name;
  pod.spec.subdomain = set.spec?.serviceName ?? '';
  if (!pod.spec.subdomain) delete pod.spec.subdomain;
  const templates = (set.spec?.volumeClaimTemplates ?? []) as Json[];
  if (templates.length) {
    // updateStorage: the claim volumes first, then the template's other volumes.
    const claimVolumes = templates.map((t) => ({
      name: t.metadata?.name,
      persistentVolumeClaim: { claimName: claimName(t, set, ordinal) },
    }));
    const others = ((pod.spec.volumes ?? []) as Json[]).filter(
      (v) => !templates.some((t) => t.metadata?.name === v.name),
    );
    pod.spec.volumes = [...claimVolumes, ...others];
  }
  return pod;
}

export function event(
  ctx: ControllerContext,
  set: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): void {
  ctx.events.record({ component: ctx.manager }, set, type, reason, message);
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

function sameOwner(ref: OwnerReference, owner: KubeObject): boolean {
  return ref.uid === owner.metadata.uid;
}

/**
 * updateClaimOwnerRefForSetAndPod: whenDeleted=Delete makes the set an owner of the claim;
 * whenScaled=Delete makes the pod its owner once the pod is scaled away.
 */
export function claimOwnerRefs(
  set: KubeObject,
  pod: KubeObject,
  claim: KubeObject,
): OwnerReference[] {
  const policy = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  const scaledDown = !inOrdinalRange(set, pod);
  const wantSet =
    policy.whenDeleted === 'Delete' && !(policy.whenScaled === 'Delete' && scaledDown);
  const wantPod = policy.whenScaled === 'Delete' && scaledDown;
  let refs = [...(claim.metadata.ownerReferences ?? [])];
  const ensure = (owner: KubeObject, want: boolean, apiVersion: string, kind: string) => {
    const has = refs.some((r) => sameOwner(r, owner));
    if (want && !has)
      refs.push({
        apiVersion,
        kind,
        name: owner.metadata.name ?? '',
        uid: owner.metadata.uid ?? '',
      });
    if (!want && has) refs = refs.filter((r) => !sameOwner(r, owner));
  };
  ensure(set, wantSet, 'apps/v1', 'StatefulSet');
  if (pod.metadata.uid) ensure(pod, wantPod, 'v1', 'Pod');
  return refs;
}

/** createPersistentVolumeClaims: the pod's missing claims (an existing one being deleted is an error). */
export function createMissingClaims(
  ctx: ControllerContext,
  set: KubeObject,
  pod: KubeObject,
  ordinal: number,
): void {
  const errors: string[] = [];
  for (const claim of claimsFor(set, ordinal)) {
    const existing = ctx.get(
      '',
      'persistentvolumeclaims',
      set.metadata.namespace,
      claim.metadata.name ?? '',
    );
    if (existing) {
      if (existing.metadata.deletionTimestamp)
        errors.push(`pvc ${claim.metadata.name} is being deleted`);
      continue;
    }
    const refs = claimOwnerRefs(set, pod, claim);
    if (refs.length) claim.metadata.ownerReferences = refs;
    try {
      ctx.create('', 'persistentvolumeclaims', claim);
      event(
        ctx,
        set,
        'Normal',
        'SuccessfulCreate',
        `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`,
      );
    } catch (err) {
      if (isStatusError(err) && err.reason === 'AlreadyExists') continue;
      errors.push(`failed to create PVC ${claim.metadata.name}: ${errorText(err)}`);
      event(
        ctx,
        set,
        'Warning',
        'FailedCreate',
        `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errorText(err)}`,
      );
    }
  }
  if (errors.length) throw new Error(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
}

/** UpdatePodClaimForRetentionPolicy: claim owner references brought in line with the policy. */
export function fixClaimOwners(ctx: ControllerContext, set: KubeObject, pod: KubeObject): void {
  for (const wanted of claimsFor(set, ordinalOf(set, pod))) {
    const claim = ctx.get(
      '',
      'persistentvolumeclaims',
      set.metadata.namespace,
      wanted.metadata.name ?? '',
    );
    if (!claim) continue;
    const refs = claimOwnerRefs(set, pod, claim);
    if (JSON.stringify(refs) === JSON.stringify(claim.metadata.ownerReferences ?? [])) continue;
    ctx.mutate('', 'persistentvolumeclaims', claim, (c) => {
      if (refs.length) c.metadata.ownerReferences = refs;
      else delete c.metadata.ownerReferences;
    });
  }
}

/** CreateStatefulPod: claims first, then the pod, with the pod control's events. */
export function createStatefulPod(
  ctx: ControllerContext,
  set: KubeObject,
  pod: KubeObject,
  ordinal: number,
): void {
  try {
    createMissingClaims(ctx, set, pod, ordinal);
  } catch (err) {
    event(
      ctx,
      set,
      'Warning',
      'FailedCreate',
      `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errorText(err)}`,
    );
    throw err;
  }
  let created: KubeObject;
  try {
    created = ctx.create('', 'pods', pod);
  } catch (err) {
    if (isStatusError(err) && err.reason === 'AlreadyExists') return;
    event(
      ctx,
      set,
      'Warning',
      'FailedCreate',
      `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errorText(err)}`,
    );
    throw err;
  }
  fixClaimOwners(ctx, set, created);
  event(
    ctx,
    set,
    'Normal',
    'SuccessfulCreate',
    `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
  );
}

/** DeleteStatefulPod */
export function deleteStatefulPod(ctx: ControllerContext, set: KubeObject, pod: KubeObject): void {
  try {
    ctx.delete('', 'pods', pod.metadata.namespace, pod.metadata.name ?? '', {
      preconditions: { uid: pod.metadata.uid },
    });
    event(
      ctx,
      set,
      'Normal',
      'SuccessfulDelete',
      `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
    );
  } catch (err) {
    if (isStatusError(err) && err.code === 404) return;
    event(
      ctx,
      set,
      'Warning',
      'FailedDelete',
      `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errorText(err)}`,
    );
    throw err;
  }
}
