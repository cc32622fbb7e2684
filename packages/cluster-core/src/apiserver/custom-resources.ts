/**
 * Serving what CustomResourceDefinitions define (apiextensions-apiserver's CRD handler): each CRD
 * becomes served resources at its versions. controllers/custom-resource-definitions.ts keeps
 * them in step with the stored CRDs.
 */

import { evaluateJsonPath } from '../api/jsonpath';
import type { KubeObject } from '../api/object';
import { AGE_COLUMN, NAME_COLUMN, since } from '../registry/printing';
import type { ResourceDefinition, TableColumn } from '../registry/types';
import { apiVersionOf, type ServedResource, servedResources } from './resources';
import { applyDefaults, type JSONSchemaProps, prune, validateSchema } from './structural-schema';

export interface CrdVersion {
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
