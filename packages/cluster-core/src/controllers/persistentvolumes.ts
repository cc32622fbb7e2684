/**
 * The PersistentVolume controller (pkg/controller/volume/persistentvolume pv_controller.go) with
 * a simulated external provisioner: claims bind to the smallest Available volume that fits
 * (class, access modes, size, volume mode, selector, pre-binding), or get a dynamically
 * provisioned `pvc-<uid>` volume from their StorageClass (at once, or for WaitForFirstConsumer
 * once a pod using the claim is scheduled); released volumes are kept or deleted per their
 * reclaim policy.
 */
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { tryParseQuantity } from '../api/quantity';
import { rfc3339 } from '../clock';
import { labelSelectorMatches } from '../nodes/node-selection';
import { persistentVolumeClaimClass, persistentVolumeClass } from '../registry/storage-helpers';
import type { ControllerContext } from './controller-context';
import { keyOf, type Reconciler, splitKey } from './reconciler';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

const BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
const BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
const PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
const STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
const BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

function bytes(value: unknown): number {
  const q = tryParseQuantity(value);
  return typeof q === 'string' ? 0 : q.value();
}

function event(
  ctx: ControllerContext,
  obj: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  component = 'persistentvolume-controller',
): void {
  ctx.events.record({ component }, obj, type, reason, message);
}

function setPVPhase(ctx: ControllerContext, pv: KubeObject, phase: string): KubeObject {
  if (pv.status?.phase === phase) return pv;
  return ctx.mutate(
    '',
    'persistentvolumes',
    pv,
    (v) => (v.status = { ...(v.status ?? {}), phase, lastPhaseTransitionTime: rfc3339(ctx.now()) }),
    true,
  );
}

/** Whether `pv` can satisfy `pvc` (findMatchingVolume's checks). */
function fits(pv: KubeObject, pvc: KubeObject): boolean {
  if (persistentVolumeClass(pv) !== persistentVolumeClaimClass(pvc)) return false;
  const ref = pv.spec?.claimRef;
  if (
    ref &&
    !(
      ref.name === pvc.metadata.name &&
      ref.namespace === pvc.metadata.namespace &&
      (!ref.uid || ref.uid === pvc.metadata.uid)
    )
  )
    return false;
  if (!ref && pv.status?.phase !== 'Available') return false;
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (pvc.spec?.volumeMode ?? 'Filesystem'))
    return false;
  const modes: string[] = pv.spec?.accessModes ?? [];
  if (!((pvc.spec?.accessModes ?? []) as string[]).every((m) => modes.includes(m))) return false;
  if (bytes(pv.spec?.capacity?.storage) < bytes(pvc.spec?.resources?.requests?.storage))
    return false;
  if (pvc.spec?.selector && !labelSelectorMatches(pvc.spec.selector, pv.metadata.labels))
    return false;
  if (pv.metadata.deletionTimestamp) return false;
  return true;
}

function bind(ctx: ControllerContext, pv: KubeObject, pvc: KubeObject): void {
  const bound = ctx.mutate('', 'persistentvolumes', pv, (v) => {
    v.spec.claimRef = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      name: pvc.metadata.name,
      namespace: pvc.metadata.namespace,
      resourceVersion: pvc.metadata.resourceVersion,
      uid: pvc.metadata.uid,
    };
    if (!pv.spec?.claimRef)
      v.metadata.annotations = { ...(v.metadata.annotations ?? {}), [BOUND_BY_CONTROLLER]: 'yes' };
  });
  setPVPhase(ctx, bound, 'Bound');
  const claim = ctx.mutate('', 'persistentvolumeclaims', pvc, (c) => {
    c.spec.volumeName = pv.metadata.name;
    const annotations: Record<string, string> = {
      ...(c.metadata.annotations ?? {}),
      [BIND_COMPLETED]: 'yes',
    };
    if (!pvc.spec?.volumeName) annotations[BOUND_BY_CONTROLLER] = 'yes';
    c.metadata.annotations = annotations;
  });
  ctx.mutate(
    '',
    'persistentvolumeclaims',
    claim,
    (c) => {
      c.status = {
        ...(c.status ?? {}),
        phase: 'Bound',
        accessModes: pv.spec?.accessModes,
        capacity: pv.spec?.capacity,
      };
    },
    true,
  );
}

/** The node of a scheduled pod that uses the claim (what selected-node records). */
function consumerNode(ctx: ControllerContext, pvc: KubeObject): string | undefined {
  if (pvc.metadata.annotations?.[SELECTED_NODE]) return pvc.metadata.annotations[SELECTED_NODE];
  return ctx
    .list('', 'pods', pvc.metadata.namespace)
    .find(
      (p) =>
        p.spec?.nodeName &&
        ((p.spec?.volumes ?? []) as Json[]).some(
          (v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name,
        ),
    )?.spec?.nodeName;
}

function provision(
  ctx: ControllerContext,
  pvc: KubeObject,
  sc: KubeObject,
  node: string | undefined,
): void {
  const provisioner: string = sc.provisioner;
  const name = `pvc-${pvc.metadata.uid}`;
  if (!pvc.metadata.annotations?.[STORAGE_PROVISIONER]) {
    ctx.mutate('', 'persistentvolumeclaims', pvc, (c) => {
      c.metadata.annotations = {
        ...(c.metadata.annotations ?? {}),
        [BETA_STORAGE_PROVISIONER]: provisioner,
        [STORAGE_PROVISIONER]: provisioner,
      };
      if (node) c.metadata.annotations[SELECTED_NODE] = node;
    });
    event(
      ctx,
      pvc,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
  }
  if (ctx.get('', 'persistentvolumes', undefined, name)) return;
  const ns = pvc.metadata.namespace;
  event(
    ctx,
    pvc,
    'Normal',
    'Provisioning',
    `External provisioner is provisioning volume for claim "${ns}/${pvc.metadata.name}"`,
    provisioner,
  );
  const pv: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { [PROVISIONED_BY]: provisioner } },
    spec: {
      accessModes: pvc.spec?.accessModes,
      capacity: { storage: pvc.spec?.resources?.requests?.storage },
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        name: pvc.metadata.name,
        namespace: ns,
        resourceVersion: pvc.metadata.resourceVersion,
        uid: pvc.metadata.uid,
      },
      hostPath: {
        path: `/opt/local-path-provisioner/${name}_${ns}_${pvc.metadata.name}`,
        type: 'DirectoryOrCreate',
      },
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
    },
  };
  if (node) {
    pv.spec.nodeAffinity = {
      required: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
        ],
      },
    };
  }
  if (sc.mountOptions) pv.spec.mountOptions = sc.mountOptions;
  ctx.create('', 'persistentvolumes', pv);
  event(
    ctx,
    pvc,
    'Normal',
    'ProvisioningSucceeded',
    `Successfully provisioned volume ${name}`,
    provisioner,
  );
}

function syncClaim(ctx: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key);
  const pvc = ctx.get('', 'persistentvolumeclaims', namespace, name);
  if (!pvc || pvc.metadata.deletionTimestamp) return;
  if (pvc.spec?.volumeName) {
    const pv = ctx.get('', 'persistentvolumes', undefined, pvc.spec.volumeName);
    if (!pv) {
      if (pvc.status?.phase === 'Bound')
        ctx.mutate(
          '',
          'persistentvolumeclaims',
          pvc,
          (c) => (c.status = { ...c.status, phase: 'Lost' }),
          true,
        );
      return;
    }
    if (pvc.status?.phase !== 'Bound' && fits(pv, pvc)) bind(ctx, pv, pvc);
    return;
  }
  const candidates = ctx.list('', 'persistentvolumes').filter((pv) => fits(pv, pvc));
  candidates.sort((a, b) => {
    const pa = a.spec?.claimRef ? 0 : 1;
    const pb = b.spec?.claimRef ? 0 : 1;
    return pa - pb || bytes(a.spec?.capacity?.storage) - bytes(b.spec?.capacity?.storage);
  });
  if (candidates.length) {
    bind(ctx, candidates[0], pvc);
    return;
  }
  const className = persistentVolumeClaimClass(pvc);
  if (!className) {
    event(
      ctx,
      pvc,
      'Normal',
      'FailedBinding',
      'no persistent volumes available for this claim and no storage class is set',
    );
    return;
  }
  const sc = ctx.get('storage.k8s.io', 'storageclasses', undefined, className);
  if (!sc) {
    event(
      ctx,
      pvc,
      'Warning',
      'ProvisioningFailed',
      `storageclass.storage.k8s.io "${className}" not found`,
    );
    return;
  }
  const waitForConsumer = sc.volumeBindingMode === 'WaitForFirstConsumer';
  const node = consumerNode(ctx, pvc);
  if (waitForConsumer && !node) {
    event(
      ctx,
      pvc,
      'Normal',
      'WaitForFirstConsumer',
      'waiting for first consumer to be created before binding',
    );
    return;
  }
  if (sc.provisioner === NO_PROVISIONER) {
    event(
      ctx,
      pvc,
      'Normal',
      'FailedBinding',
      'no persistent volumes available for this claim and no storage class is set',
    );
    return;
  }
  provision(ctx, pvc, sc, waitForConsumer ? node : undefined);
}

function syncVolume(ctx: ControllerContext, name: string): void {
  const pv = ctx.get('', 'persistentvolumes', undefined, name);
  if (!pv) return;
  const ref = pv.spec?.claimRef;
  if (!ref) {
    setPVPhase(ctx, pv, 'Available');
    return;
  }
  const claim = ctx.get('', 'persistentvolumeclaims', ref.namespace, ref.name);
  if (!ref.uid) {
    // Pre-bound to a claim by name: the claim side binds it.
    setPVPhase(ctx, pv, 'Available');
    return;
  }
  if (claim && claim.metadata.uid === ref.uid) {
    if (claim.spec?.volumeName === pv.metadata.name) setPVPhase(ctx, pv, 'Bound');
    return;
  }
  // The claim is gone: Released, then reclaimed.
  const released = setPVPhase(ctx, pv, 'Released');
  const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  if (policy === 'Delete' && !pv.metadata.deletionTimestamp) {
    try {
      ctx.delete('', 'persistentvolumes', undefined, pv.metadata.name ?? '');
    } catch (err) {
      if (!isStatusError(err)) throw err;
    }
  } else if (policy === 'Recycle') {
    ctx.mutate('', 'persistentvolumes', released, (v) => delete v.spec.claimRef);
  }
}

export const persistentVolumeController: Reconciler = {
  name: 'persistentvolume-binder-controller',
  primary: '/persistentvolumeclaims',
  primaryKeys: (change, ctx) => {
    const keys = [keyOf(change.object)];
    if (change.type === 'DELETED') {
      for (const pv of ctx.list('', 'persistentvolumes'))
        if (pv.spec?.claimRef?.uid === change.object.metadata.uid)
          keys.push(`pv:${pv.metadata.name}`);
    }
    return keys;
  },
  watches: [
    {
      resource: '/persistentvolumes',
      keys: (change, ctx) => {
        const keys = [`pv:${change.object.metadata.name}`];
        // A new or freed volume may satisfy waiting claims.
        for (const pvc of ctx.list('', 'persistentvolumeclaims'))
          if (pvc.status?.phase === 'Pending') keys.push(keyOf(pvc));
        return keys;
      },
    },
    {
      resource: '/pods',
      keys: (change) =>
        change.object.spec?.nodeName
          ? ((change.object.spec?.volumes ?? []) as Json[])
              .filter((v) => v.persistentVolumeClaim?.claimName)
              .map(
                (v) => `${change.object.metadata.namespace}/${v.persistentVolumeClaim.claimName}`,
              )
          : [],
    },
    {
      resource: 'storage.k8s.io/storageclasses',
      keys: (_c, ctx) =>
        ctx
          .list('', 'persistentvolumeclaims')
          .filter((p) => p.status?.phase === 'Pending')
          .map(keyOf),
    },
  ],
  reconcile(key, ctx) {
    if (key.startsWith('pv:')) syncVolume(ctx, key.slice(3));
    else syncClaim(ctx, key);
  },
};
