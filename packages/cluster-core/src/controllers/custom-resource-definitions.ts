/**
 * apiextensions-apiserver's controllers for CustomResourceDefinitions, as one reconciler per CRD
 * name: the CRD handler serves its resources at its versions (apiserver/custom-resources.ts),
 * the naming and establishing controllers set NamesAccepted/Established and acceptedNames, and
 * the finalizer controller (customresourcecleanup) deletes its objects once it is deleted and
 * lets it go; it stays served till then.
 */
import type { KubeObject } from '../api/object';
import { systemContext } from '../apiserver/context';
import { type CrdVersion, crdServedResources } from '../apiserver/custom-resources';
import type { ServedResource } from '../apiserver/resources';
import { rfc3339 } from '../clock';
import { storageKey } from '../store/store';
import type { ControllerContext } from './controller-context';
import { keyOf, type Reconciler } from './reconciler';

const CRD_STORAGE = storageKey('apiextensions.k8s.io', 'customresourcedefinitions');
const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
/**
 * The finalizer controller works through its queue a moment after the DELETE, so requests right
 * after it (kubectl delete -f of a CRD with its instances) still find the kind. The
 * deletionTimestamp has whole seconds: cleaning up from its next second on plus this delay
 * leaves at least this long.
 */
const CLEANUP_DELAY_MS = 300;

/** A CRD's name is `<plural>.<group>` (validation requires it): what it serves when it is gone. */
function servedBy(name: string): (r: ServedResource) => boolean {
  const dot = name.indexOf('.');
  const plural = name.slice(0, dot);
  const group = name.slice(dot + 1);
  return (r) => r.group === group && r.plural === plural && r.schema !== undefined;
}

function reconcile(name: string, ctx: ControllerContext): { requeueAfter: number } | undefined {
  const core = ctx.core;
  const crd = core.store.get(CRD_STORAGE, undefined, name);
  if (!crd) {
    core.resources.removeWhere(servedBy(name));
    return undefined;
  }
  if (crd.metadata.deletionTimestamp) {
    const due = Date.parse(crd.metadata.deletionTimestamp) + 1000 + CLEANUP_DELAY_MS;
    if (ctx.now() < due) return { requeueAfter: due - ctx.now() };
    cleanup(ctx, crd);
    return undefined;
  }
  core.resources.removeWhere(servedBy(name));
  core.resources.add(crdServedResources(crd));
  establish(ctx, crd);
  return undefined;
}

/** The customresourcecleanup finalizer: a deleted CRD's objects go, then the CRD itself. */
function cleanup(ctx: ControllerContext, crd: KubeObject): void {
  const core = ctx.core;
  const key = storageKey(crd.spec.group, crd.spec.names.plural);
  for (const obj of core.store.list(key))
    core.store.remove(key, obj.metadata.namespace, obj.metadata.name ?? '');
  const r = core.resources.preferred('apiextensions.k8s.io', 'customresourcedefinitions');
  if (!r) return;
  const next: KubeObject = {
    ...crd,
    metadata: {
      ...crd.metadata,
      finalizers: (crd.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER),
    },
  };
  if (!next.metadata.finalizers?.length) delete next.metadata.finalizers;
  try {
    core.rest.update(
      r,
      undefined,
      next.metadata.name ?? '',
      next,
      systemContext('apiextensions-apiserver'),
    );
  } catch {
    // Changed meanwhile: that change brings the CRD back here.
  }
}

/** The naming and establishing controllers: accepted names, conditions, the cleanup finalizer. */
function establish(ctx: ControllerContext, crd: KubeObject): void {
  if (
    crd.status?.acceptedNames &&
    JSON.stringify(crd.status.acceptedNames) === JSON.stringify(acceptedNames(crd))
  )
    return;
  const now = rfc3339(ctx.now());
  const storageVersion = (crd.spec.versions ?? []).find((v: CrdVersion) => v.storage)?.name;
  const finalizers = [...new Set([...(crd.metadata.finalizers ?? []), CLEANUP_FINALIZER])];
  ctx.core.store.put(CRD_STORAGE, {
    ...crd,
    metadata: { ...crd.metadata, finalizers },
    status: {
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          lastTransitionTime: now,
          reason: 'NoConflicts',
          message: 'no conflicts found',
        },
        {
          type: 'Established',
          status: 'True',
          lastTransitionTime: now,
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        },
      ],
      acceptedNames: acceptedNames(crd),
      storedVersions: [
        ...new Set([...(crd.status?.storedVersions ?? []), storageVersion].filter(Boolean)),
      ],
    },
  });
}

function acceptedNames(crd: KubeObject): Record<string, unknown> {
  const names = crd.spec.names ?? {};
  return {
    ...names,
    singular: names.singular || names.kind.toLowerCase(),
    listKind: names.listKind || `${names.kind}List`,
  };
}

export const customResourceDefinitionController: Reconciler = {
  name: 'customresourcedefinition-controller',
  primary: CRD_STORAGE,
  // the status establish() writes comes back here: only spec changes and deletions need a sync
  primaryKeys: (change) => {
    const specUnchanged =
      JSON.stringify(change.previous?.spec) === JSON.stringify(change.object.spec);
    const settled =
      change.type === 'MODIFIED' &&
      specUnchanged &&
      change.object.status?.acceptedNames &&
      !change.object.metadata.deletionTimestamp;
    return settled ? [] : [keyOf(change.object)];
  },
  reconcile: (name, ctx) => reconcile(name, ctx),
};
