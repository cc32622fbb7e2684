/** Content negotiation and object responses (JSON, YAML, or a Table for `kubectl get`). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { notAcceptable } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { ResourceDefinition } from '../registry/types';
import type { ClusterCore } from './cluster-core';
import { parseAccept, requestUrl, sendJson, warningHeaders } from './http';
import type { ServedResource } from './resources';
import { type IncludeObject, toTable } from './table';

export interface Negotiated {
  table?: { apiVersion: string };
  yaml?: boolean;
  discovery?: 'v2' | 'v2beta1';
}

export function negotiate(accept: string | undefined): Negotiated {
  for (const range of parseAccept(accept)) {
    const { type, params } = range;
    if (type === 'application/json' && params.as === 'Table' && params.g === 'meta.k8s.io') {
      if (params.v === 'v1' || params.v === 'v1beta1')
        return { table: { apiVersion: `meta.k8s.io/${params.v}` } };
      continue;
    }
    if (
      type === 'application/json' &&
      params.as === 'APIGroupDiscoveryList' &&
      params.g === 'apidiscovery.k8s.io'
    ) {
      if (params.v === 'v2' || params.v === 'v2beta1') return { discovery: params.v };
      continue;
    }
    if (params.as) continue;
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return {};
    if (type === 'application/yaml') return { yaml: true };
  }
  throw notAcceptable(
    'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
  );
}

export function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** Writes one object, as a Table (with `printer`'s columns, else the kind's) when asked for one. */
export function respondObject(
  core: ClusterCore,
  req: IncomingMessage,
  res: ServerResponse,
  r: ServedResource,
  code: number,
  obj: KubeObject,
  warnings: string[],
  printer?: Pick<ResourceDefinition, 'columns' | 'row'>,
): void {
  const n = negotiate(req.headers.accept);
  const headers = warningHeaders(warnings);
  if (n.table && (obj.kind === r.kind || printer)) {
    const query = requestUrl(req).searchParams;
    const table = toTable(
      r,
      [obj],
      { resourceVersion: obj.metadata.resourceVersion },
      {
        apiVersion: n.table.apiVersion,
        includeObject: includeObject(query),
        now: core.clock.now(),
        printer,
      },
    );
    sendJson(res, code, table, headers);
    return;
  }
  sendJson(res, code, obj, headers);
}
