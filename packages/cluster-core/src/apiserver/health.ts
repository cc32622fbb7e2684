/** /healthz, /livez and /readyz as kube-apiserver answers them (k8s.io/apiserver/pkg/server/healthz). */
import type { ServerResponse } from 'node:http';
import { StatusError } from '../api/errors';
import { sendText } from './http';

/** The checks kube-apiserver 1.33 lists for each health endpoint. */
const HEALTH_CHECKS: Record<string, string[]> = {
  healthz: [
    'ping',
    'log',
    'etcd',
    'poststarthook/start-apiserver-admission-initializer',
    'poststarthook/generic-apiserver-start-informers',
    'poststarthook/priority-and-fairness-config-consumer',
    'poststarthook/priority-and-fairness-filter',
    'poststarthook/storage-object-count-tracker-hook',
    'poststarthook/start-apiextensions-informers',
    'poststarthook/start-apiextensions-controllers',
    'poststarthook/crd-informer-synced',
    'poststarthook/start-system-namespaces-controller',
    'poststarthook/bootstrap-controller',
    'poststarthook/rbac/bootstrap-roles',
    'poststarthook/scheduling/bootstrap-system-priority-classes',
    'poststarthook/start-cluster-authentication-info-controller',
    'poststarthook/aggregator-reload-proxy-client-cert',
    'poststarthook/apiservice-registration-controller',
    'autoregister-completion',
  ],
  livez: [
    'ping',
    'log',
    'etcd',
    'poststarthook/start-apiserver-admission-initializer',
    'poststarthook/generic-apiserver-start-informers',
    'poststarthook/start-apiextensions-informers',
    'poststarthook/start-apiextensions-controllers',
    'poststarthook/crd-informer-synced',
    'poststarthook/start-system-namespaces-controller',
    'poststarthook/bootstrap-controller',
    'poststarthook/rbac/bootstrap-roles',
    'poststarthook/scheduling/bootstrap-system-priority-classes',
    'autoregister-completion',
  ],
  readyz: [
    'ping',
    'log',
    'etcd',
    'etcd-readiness',
    'informer-sync',
    'poststarthook/start-apiserver-admission-initializer',
    'poststarthook/generic-apiserver-start-informers',
    'poststarthook/start-apiextensions-informers',
    'poststarthook/start-apiextensions-controllers',
    'poststarthook/crd-informer-synced',
    'poststarthook/start-system-namespaces-controller',
    'poststarthook/bootstrap-controller',
    'poststarthook/rbac/bootstrap-roles',
    'poststarthook/scheduling/bootstrap-system-priority-classes',
    'autoregister-completion',
    'shutdown',
  ],
};

/** /healthz, /livez, /readyz and their per-check paths, with `?verbose` as upstream prints it. */
export function serveHealth(
  res: ServerResponse,
  endpoint: string,
  check: string | undefined,
  query: URLSearchParams,
): void {
  const checks = HEALTH_CHECKS[endpoint] ?? [];
  if (check) {
    if (!checks.includes(check))
      throw new StatusError(
        404,
        'NotFound',
        'the server could not find the requested resource',
        {},
      );
    sendText(res, 200, 'ok');
    return;
  }
  if (!query.has('verbose')) {
    sendText(res, 200, 'ok');
    return;
  }
  const excluded = new Set(query.getAll('exclude'));
  const lines = checks.map((c) => (excluded.has(c) ? `[+]${c} excluded: ok` : `[+]${c} ok`));
  sendText(res, 200, `${lines.join('\n')}\n${endpoint} check passed\n`);
}
