/** Subresources: status and scale served generically, the others by their kind's `serve` hook. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, methodNotSupported, StatusError } from '../api/errors';
import { clone, type KubeObject } from '../api/object';
import {
  AGE_COLUMN,
  age,
  formatLabelSelector,
  formatLabels,
  NAME_COLUMN,
} from '../registry/printing';
import type { ResourceDefinition } from '../registry/types';
import type { ClusterCore } from './cluster-core';
import type { RequestContext } from './context';
import { decodeBody, readBody, sendJson, warningHeaders } from './http';
import { respondObject } from './respond';

const SCALE_DEFINITION = 'io.k8s.api.autoscaling.v1.Scale';
const scaleSchema: SchemaLookup = (name) => builtinDefinition(name) as ReturnType<SchemaLookup>;

import { builtinDefinition } from '../openapi/definitions';
import {
  applyPatch,
  checkPatchContentType,
  patchTypeFromContentType,
  type SchemaLookup,
} from '../patch';
import type { ResourceRequest } from './request';
import type { ServedResource } from './resources';

/** printers.go printScale */
const SCALE_PRINTER: Pick<ResourceDefinition, 'columns' | 'row'> = {
  columns: [
    NAME_COLUMN,
    {
      name: 'Desired',
      type: 'integer',
      description: 'Desired number of instances of the scaled object.',
    },
    {
      name: 'Available',
      type: 'integer',
      description: 'Actual number of observed instances of the scaled object.',
    },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [
    obj.metadata.name,
    obj.spec?.replicas ?? 0,
    obj.status?.replicas ?? 0,
    age(obj, ctx),
  ],
};

/** Reads a dotted JSON path such as `.spec.replicas`. */
function readPath(obj: KubeObject, path: string): unknown {
  return path
    .replace(/^\./, '')
    .split('.')
    .reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      obj,
    );
}

function writePath(obj: KubeObject, path: string, value: unknown): void {
  const keys = path.replace(/^\./, '').split('.');
  let node = obj as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) {
    if (!node[k] || typeof node[k] !== 'object') node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** The autoscaling/v1 Scale of an object (upstream scale subresources of apps/v1 kinds). */
export function scaleOf(r: ServedResource, obj: KubeObject): KubeObject {
  const spec = r.def.scale ?? {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.replicas',
  };
  const selectorValue = spec.labelSelectorPath ? readPath(obj, spec.labelSelectorPath) : undefined;
  // ReplicationControllers select with a plain map; the apps kinds with a LabelSelector.
  const isLabelSelector = (v: object) => 'matchLabels' in v || 'matchExpressions' in v;
  const selector =
    typeof selectorValue === 'string'
      ? selectorValue
      : selectorValue && typeof selectorValue === 'object'
        ? isLabelSelector(selectorValue)
          ? formatLabelSelector(selectorValue)
          : formatLabels(selectorValue as Record<string, string>)
        : '';
  const status: Record<string, unknown> = {
    replicas: Number(readPath(obj, spec.statusReplicasPath) ?? 0),
  };
  if (selector && selector !== '<none>') status.selector = selector;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: Number(readPath(obj, spec.specReplicasPath) ?? 0) },
    status,
  };
}

export async function handleSubresource(
  cluster: ClusterCore,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  p: ResourceRequest,
  r: ServedResource,
  query: URLSearchParams,
  ctx: RequestContext,
): Promise<void> {
  const ns = r.namespaced ? p.namespace : undefined;
  const name = p.name as string;
  const sub = p.subresource as string;
  const rest = cluster.rest;
  const serve = r.def.subresources?.find((s) => s.name === sub)?.serve;
  if (serve) {
    await serve({
      cluster,
      req,
      res,
      method,
      resource: r,
      namespace: ns,
      name,
      query,
      ctx,
      proxyPath: p.proxyPath,
    });
    return;
  }
  if ((sub === 'status' && r.def.statusSubresource) || r.def.partialSubresources?.[sub]) {
    switch (method) {
      case 'GET':
        respondObject(cluster, req, res, r, 200, rest.get(r, ns, name), ctx.warnings);
        return;
      case 'PUT': {
        const body = decodeBody(await readBody(req), req.headers['content-type']);
        const { object } = rest.update(r, ns, name, body, ctx, sub);
        sendJson(res, 200, object, warningHeaders(ctx.warnings));
        return;
      }
      case 'PATCH': {
        const body = (await readBody(req)).toString('utf8');
        const { object } = cluster.patch(
          r,
          ns,
          name,
          req.headers['content-type'] ?? '',
          body,
          query,
          ctx,
          sub,
        );
        sendJson(res, 200, object, warningHeaders(ctx.warnings));
        return;
      }
      default:
        throw methodNotSupported(r.gr, method.toLowerCase());
    }
  }
  if (sub === 'scale' && r.def.scale) {
    const scaleSpec = r.def.scale;
    const withScale = r;
    const current = rest.get(r, ns, name);
    let desired: KubeObject;
    switch (method) {
      case 'GET':
        respondObject(
          cluster,
          req,
          res,
          r,
          200,
          scaleOf(withScale, current),
          ctx.warnings,
          SCALE_PRINTER,
        );
        return;
      case 'PUT':
        desired = decodeBody(await readBody(req), req.headers['content-type']) as KubeObject;
        break;
      case 'PATCH': {
        const type = patchTypeFromContentType(req.headers['content-type'] ?? '');
        if (!type || type === 'apply') {
          throw (
            checkPatchContentType(req.headers['content-type'] ?? '', true) ??
            badRequest(`unsupported patch type ${type} for scale`)
          );
        }
        const body = (await readBody(req)).toString('utf8');
        desired = applyPatch(
          type,
          scaleOf(withScale, current),
          body,
          scaleSchema,
          SCALE_DEFINITION,
        );
        break;
      }
      default:
        throw methodNotSupported(r.gr, method.toLowerCase());
    }
    const replicas = desired?.spec?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
      throw badRequest('spec.replicas must be an integer');
    }
    if (
      desired.metadata?.resourceVersion &&
      desired.metadata.resourceVersion !== current.metadata.resourceVersion
    ) {
      throw new StatusError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${r.gr.resource}${r.group ? `.${r.group}` : ''} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const next = clone(current);
    writePath(next, scaleSpec.specReplicasPath, replicas);
    const { object } = rest.update(r, ns, name, next, ctx);
    sendJson(res, 200, scaleOf(withScale, object), warningHeaders(ctx.warnings));
    return;
  }
  throw new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}
