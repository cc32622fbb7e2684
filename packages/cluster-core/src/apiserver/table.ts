/** Server-side printing: `as=Table` responses (upstream rest.TableConvertor + printers). */
import type { KubeObject } from '../api/object';
import { AGE_COLUMN, age, NAME_COLUMN } from '../registry/printing';
import type { PrintContext, ResourceDefinition } from '../registry/types';
import type { ServedResource } from './resources';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  apiVersion: string;
  includeObject: IncludeObject;
  now: number;
  /** Columns other than the kind's (the Scale of a `--subresource=scale` get). */
  printer?: Pick<ResourceDefinition, 'columns' | 'row' | 'printOrder'>;
}

function partialObject(obj: KubeObject, apiVersion: string): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: obj.metadata };
}

export function toTable(
  r: ServedResource,
  objects: KubeObject[],
  listMeta: Record<string, unknown>,
  opts: TableOptions,
): KubeObject {
  const ctx: PrintContext = { now: opts.now };
  const printer = opts.printer ?? (r.def.columns.length ? r.def : undefined);
  const columns = printer?.columns ?? [NAME_COLUMN, AGE_COLUMN];
  const rowOf = printer
    ? (o: KubeObject) => printer.row(o, ctx)
    : (o: KubeObject) => [o.metadata.name, age(o, ctx)];
  return {
    kind: 'Table',
    apiVersion: opts.apiVersion,
    metadata: listMeta,
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description,
      priority: c.priority ?? 0,
    })),
    rows: (printer?.printOrder ? [...objects].sort(printer.printOrder) : objects).map((o) => {
      const row: Record<string, unknown> = { cells: rowOf(o) };
      if (opts.includeObject === 'Metadata') row.object = partialObject(o, opts.apiVersion);
      else if (opts.includeObject === 'Object') row.object = o;
      return row;
    }),
  };
}
