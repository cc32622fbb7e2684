/**
 * Serving what CustomResourceDefinitions define (apiextensions-apiserver): each CRD becomes
 * served resources at its versions, its status gets NamesAccepted/Established, and deleting it
 * removes its objects.
 */

import { evaluateJsonPath } from '../api/jsonpath';
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import { AGE_COLUMN, NAME_COLUMN, since } from '../registry/printing';
import type { ResourceDefinition, TableColumn } from '../registry/types';
import { storageKey } from '../store/store';
import type { ClusterCore } from './cluster-core';
import { systemContext } from './context';
import { apiVersionOf, type ServedResource, servedResources } from './resources';
import { applyDefaults, type JSONSchemaProps, prune, validateSchema } from './structural-schema';

const CRD_STORAGE = storageKey('apiextensions.k8s.io', 'customresourcedefinitions');

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: {
    status?: object;
    scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  };
  additionalPrinterColumns?: {
    name: string;
    type: string;
    format?: string;
    description?: string;
    priority?: number;
    jsonPath: string;
  }[];
}

function cell(value: unknown, type: string, now: number): unknown {
  if (value === undefined || value === null) return null;
  if (type === 'date' && typeof value === 'string') return since(value, { now });
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

function columnsFor(v: CrdVersion): { columns: TableColumn[]; row: ResourceDefinition['row'] } {
  const declared = v.additionalPrinterColumns ?? [];
  if (!declared.length) {
    return {
      columns: [NAME_COLUMN, AGE_COLUMN],
      row: (o, ctx) => [o.metadata.name, since(o.metadata.creationTimestamp, ctx)],
    };
  }
  return {
    columns: [
      NAME_COLUMN,
      ...declared.map(
        (c) =>
          ({
            name: c.name,
            type: c.type,
            format: c.format,
            description: c.description ?? '',
            priority: c.priority ?? 0,
          }) as TableColumn,
      ),
    ],
    row: (o, ctx) => [
      o.metadata.name,
      ...declared.map((c) => cell(evaluateJsonPath(o, c.jsonPath)[0], c.type, ctx.now)),
    ],
  };
}

/** The ServedResources of one established CRD. */
export function crdServedResources(crd: KubeObject): ServedResource[] {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const versions: CrdVersion[] = spec.versions ?? [];
  const storageVersion = versions.find((v) => v.storage)?.name ?? versions[0]?.name;
  if (!spec.group || !names.plural || !names.kind || !storageVersion) return [];
  const storageApiVersion = apiVersionOf(spec.group, storageVersion);
  const out: ServedResource[] = [];
  for (const v of versions.filter((x) => x.served)) {
    const schema = v.schema?.openAPIV3Schema;
    const apiVersion = apiVersionOf(spec.group, v.name);
    const { columns, row } = columnsFor(v);
    const def: ResourceDefinition = {
      group: spec.group,
      version: v.name,
      kind: names.kind,
      plural: names.plural,
      singular: names.singular || names.kind.toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      shortNames: names.shortNames,
      categories: names.categories,
      generation: true,
      statusSubresource: Boolean(v.subresources?.status),
      scale: v.subresources?.scale,
      // Conversion strategy None: versions differ only in apiVersion.
      sharesStorageWith: {
        group: spec.group,
        plural: names.plural,
        toStorage: (o) => ({ ...o, apiVersion: storageApiVersion }),
        fromStorage: (o) => ({ ...o, apiVersion }),
      },
      defaults: (o) => {
        prune(o, schema);
        applyDefaults(o, schema);
      },
      validate: (o) => validateSchema(o, schema),
      columns,
      row,
    };
    const [served] = servedResources(def, schema ?? {});
    out.push({ ...served, preferred: v.name === storageVersion });
  }
  return out;
}

const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
const CLEANUP_DELAY_MS = 300;

/** Keeps the served resources in step with the stored CRDs. */
export function watchCustomResourceDefinitions(core: ClusterCore): () => void {
  const served = (crd: KubeObject) => (r: ServedResource) =>
    r.group === crd.spec?.group && r.plural === crd.spec?.names?.plural && r.schema !== undefined;
  const sync = (crd: KubeObject, removed: boolean) => {
    if (removed) {
      core.resources.removeWhere(served(crd));
      return;
    }
    if (crd.metadata.deletionTimestamp) {
      // The finalizer controller works through its queue a moment later, so requests right
      // after the DELETE (kubectl delete -f of a CRD with its instances) still find the kind.
      core.clock.schedule(CLEANUP_DELAY_MS, () => cleanup(core, crd));
      return;
    }
    core.resources.removeWhere(served(crd));
    core.resources.add(crdServedResources(crd));
    establish(core, crd);
  };
  for (const crd of core.store.list(CRD_STORAGE)) sync(crd, false);
  return core.store.subscribe((change) => {
    if (change.resource !== CRD_STORAGE) return;
    // Status writes by establish() come back here; only spec changes need a resync.
    const specUnchanged =
      JSON.stringify(change.previous?.spec) === JSON.stringify(change.object.spec);
    if (
      change.type === 'MODIFIED' &&
      specUnchanged &&
      change.object.status?.acceptedNames &&
      !change.object.metadata.deletionTimestamp
    )
      return;
    sync(change.object, change.type === 'DELETED');
  });
}

/**
 * The customresourcecleanup finalizer (apiextensions-apiserver finalizer controller): a deleted
 * CRD is Terminating while its instances are deleted, then goes; the kind stays served till then.
 */
function cleanup(core: ClusterCore, crd: KubeObject): void {
  const current = core.store.get(CRD_STORAGE, undefined, crd.metadata.name ?? '');
  if (!current || current.metadata.uid !== crd.metadata.uid) return;
  const key = storageKey(crd.spec.group, crd.spec.names.plural);
  for (const obj of core.store.list(key))
    core.store.remove(key, obj.metadata.namespace, obj.metadata.name ?? '');
  const r = core.resources.preferred('apiextensions.k8s.io', 'customresourcedefinitions');
  if (!r) return;
  const next: KubeObject = {
    ...current,
    metadata: {
      ...current.metadata,
      finalizers: (current.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER),
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
    // Changed meanwhile: the next notification runs the cleanup again.
  }
}

function establish(core: ClusterCore, crd: KubeObject): void {
  if (
    crd.status?.acceptedNames &&
    JSON.stringify(crd.status.acceptedNames) === JSON.stringify(acceptedNames(crd))
  )
    return;
  const now = rfc3339(core.clock.now());
  const storageVersion = (crd.spec.versions ?? []).find((v: CrdVersion) => v.storage)?.name;
  const next: KubeObject = {
    ...crd,
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
  };
  // Written after the current request finishes, as the establishing controller would.
  queueMicrotask(() => {
    const current = core.store.get(CRD_STORAGE, undefined, crd.metadata.name ?? '');
    if (
      current &&
      current.metadata.uid === crd.metadata.uid &&
      !current.metadata.deletionTimestamp
    ) {
      const finalizers = [...new Set([...(current.metadata.finalizers ?? []), CLEANUP_FINALIZER])];
      core.store.put(CRD_STORAGE, {
        ...current,
        metadata: { ...current.metadata, finalizers },
        status: next.status,
      });
    }
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
