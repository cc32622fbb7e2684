/**
 * Serving what CustomResourceDefinitions define (apiextensions-apiserver): each CRD becomes
 * served resources at its versions, its status gets NamesAccepted/Established, and deleting it
 * removes its objects.
 */
import type { KubeObject } from '../api/object';
import { evaluateJsonPath } from '../api/jsonpath';
import { rfc3339 } from '../clock';
import { AGE_COLUMN, NAME_COLUMN, since } from '../registry/printing';
import type { ResourceDefinition, TableColumn } from '../registry/types';
import { storageKey } from '../store/store';
import type { ClusterCore } from './cluster-core';
import { apiVersionOf, servedResources, type ServedResource } from './resources';
import { applyDefaults, type JSONSchemaProps, prune, validateSchema } from './structural-schema';

const CRD_STORAGE = storageKey('apiextensions.k8s.io', 'customresourcedefinitions');

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: { name: string; type: string; format?: string; description?: string; priority?: number; jsonPath: string }[];
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
    return { columns: [NAME_COLUMN, AGE_COLUMN], row: (o, ctx) => [o.metadata.name, since(o.metadata.creationTimestamp, ctx)] };
  }
  return {
    columns: [
      NAME_COLUMN,
      ...declared.map((c) => ({ name: c.name, type: c.type, format: c.format, description: c.description ?? '', priority: c.priority ?? 0 }) as TableColumn),
    ],
    row: (o, ctx) => [o.metadata.name, ...declared.map((c) => cell(evaluateJsonPath(o, c.jsonPath)[0], c.type, ctx.now))],
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

/** Keeps the served resources in step with the stored CRDs. */
export function watchCustomResourceDefinitions(core: ClusterCore): () => void {
  const sync = (crd: KubeObject, removed: boolean) => {
    const group = crd.spec?.group;
    const plural = crd.spec?.names?.plural;
    core.resources.removeWhere((r) => r.group === group && r.plural === plural && r.schema !== undefined);
    if (removed) {
      // The customresourcecleanup finalizer's job: instances go with their definition.
      const key = storageKey(group, plural);
      for (const obj of core.store.list(key)) core.store.remove(key, obj.metadata.namespace, obj.metadata.name ?? '');
      return;
    }
    if (crd.metadata.deletionTimestamp) return;
    core.resources.add(crdServedResources(crd));
    establish(core, crd);
  };
  for (const crd of core.store.list(CRD_STORAGE)) sync(crd, false);
  return core.store.subscribe((change) => {
    if (change.resource !== CRD_STORAGE) return;
    // Status writes by establish() come back here; only spec changes need a resync.
    if (change.type === 'MODIFIED' && JSON.stringify(change.previous?.spec) === JSON.stringify(change.object.spec) && change.object.status?.acceptedNames) return;
    sync(change.object, change.type === 'DELETED');
  });
}

function establish(core: ClusterCore, crd: KubeObject): void {
  if (crd.status?.acceptedNames && JSON.stringify(crd.status.acceptedNames) === JSON.stringify(acceptedNames(crd))) return;
  const now = rfc3339(core.clock.now());
  const storageVersion = (crd.spec.versions ?? []).find((v: CrdVersion) => v.storage)?.name;
  const next: KubeObject = {
    ...crd,
    status: {
      conditions: [
        { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
      acceptedNames: acceptedNames(crd),
      storedVersions: [...new Set([...(crd.status?.storedVersions ?? []), storageVersion].filter(Boolean))],
    },
  };
  // Written after the current request finishes, as the establishing controller would.
  queueMicrotask(() => {
    const current = core.store.get(CRD_STORAGE, undefined, crd.metadata.name ?? '');
    if (current && current.metadata.uid === crd.metadata.uid) {
      core.store.put(CRD_STORAGE, { ...current, status: next.status });
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
