/**
 * services/<name>/proxy and pods/<name>/proxy (upstream pkg/registry/core/service/proxy.go and
 * pod/rest/subresources.go): `kubectl proxy` and `kubectl get --raw .../proxy/` reach the
 * simulated containers' HTTP answers through the same network model the pods use.
 */
import { notFound, StatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { SubresourceRequest } from '../apiserver/cluster-core';
import { sendText } from '../apiserver/http';
import { httpGet } from '../nodes/cluster-network';

/** `name`, `name:port` or `scheme:name:port`, as upstream's proxy ID. */
function splitId(id: string): { name: string; port?: string } {
  const parts = id.split(':');
  if (parts.length === 3) return { name: parts[1], port: parts[2] };
  if (parts.length === 2) return { name: parts[0], port: parts[1] };
  return { name: id };
}

function serviceUnavailable(message: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', message);
}

/** The apiserver dials from the control plane, outside every pod network namespace. */
function apiserverPod(namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'kube-apiserver', namespace },
    spec: { hostNetwork: true },
  };
}

function answer(
  request: SubresourceRequest,
  target: string,
  result: ReturnType<typeof httpGet>,
): void {
  if ('error' in result) {
    const why = result.error === 'refused' ? 'connect: connection refused' : 'i/o timeout';
    throw serviceUnavailable(`error trying to reach service: dial tcp ${target}: ${why}`);
  }
  const html = result.body.trimStart().startsWith('<');
  sendText(
    request.res,
    result.status,
    result.body,
    html ? 'text/html' : 'text/plain; charset=utf-8',
  );
}

export async function serviceProxy(request: SubresourceRequest): Promise<void> {
  const { cluster, namespace, name: id } = request;
  const { name, port } = splitId(id);
  const services = cluster.resources.preferred('', 'services');
  const svc = services && cluster.rest.find(services, namespace, name);
  if (!svc) throw notFound({ group: '', resource: 'services' }, name);
  const ports: { name?: string; port: number }[] = svc.spec?.ports ?? [];
  const svcPort =
    port === undefined
      ? ports.length === 1
        ? ports[0]
        : undefined
      : ports.find((p) => p.name === port || String(p.port) === port);
  const endpoints = cluster.resources.preferred('', 'endpoints');
  const ep = endpoints && cluster.rest.find(endpoints, namespace, name);
  const ready = (ep?.subsets ?? []).some(
    (s: { addresses?: unknown[] }) => (s.addresses ?? []).length > 0,
  );
  if (!svcPort || !ready) throw serviceUnavailable(`no endpoints available for service "${id}"`);
  const ip = svc.spec?.clusterIP;
  answer(
    request,
    `${ip}:${svcPort.port}`,
    httpGet(
      cluster,
      apiserverPod(namespace ?? 'default'),
      ip,
      svcPort.port,
      request.proxyPath ?? '/',
    ),
  );
}

export async function podProxy(request: SubresourceRequest): Promise<void> {
  const { cluster, namespace, name: id } = request;
  const { name, port } = splitId(id);
  const pods = cluster.resources.preferred('', 'pods');
  const pod = pods && cluster.rest.find(pods, namespace, name);
  if (!pod) throw notFound({ group: '', resource: 'pods' }, name);
  const ip = pod.status?.podIP;
  if (!ip) throw new StatusError(400, 'BadRequest', `address not allowed`);
  const containerPort = Number(port ?? pod.spec?.containers?.[0]?.ports?.[0]?.containerPort ?? 80);
  answer(
    request,
    `${ip}:${containerPort}`,
    httpGet(
      cluster,
      apiserverPod(namespace ?? 'default'),
      ip,
      containerPort,
      request.proxyPath ?? '/',
    ),
  );
}
