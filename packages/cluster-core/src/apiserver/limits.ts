/**
 * What one cluster may use, so that one learner's loop (`for i in $(seq 100000); do kubectl
 * create ...`) or a crafted request cannot slow or stop the other clusters in the process. Each
 * limit is answered with the Status a real cluster gives when it meets the same wall.
 */
import { forbidden, internalError, StatusError } from '../api/errors';
import type { ServedResource } from './resources';

export interface ClusterLimits {
  /** Request body bytes (kube-apiserver --max-request-body-bytes): 413 RequestEntityTooLarge. */
  maxRequestBodyBytes: number;
  /** An object's encoded size (etcd's --max-request-bytes, 1.5 MiB): 413 `etcdserver: request is too large`. */
  maxObjectBytes: number;
  /** metadata.annotations keys and values together (TotalAnnotationSizeLimitB): 422. */
  maxAnnotationBytes: number;
  /**
   * Encoded bytes of everything stored (etcd's --quota-backend-bytes, 2 GiB on a real cluster; a
   * lab needs a few MB): past it, writes that grow the store fail as etcd's NOSPACE alarm makes
   * them fail; reads, deletes and shrinking updates go on.
   */
  maxStorageBytes: number;
  /** Objects stored in the cluster: 403 `exceeded quota` as a ResourceQuota answers. */
  maxObjects: number;
  /** Objects of one resource in one namespace (undefined: no limit of its own). */
  maxObjectsPerNamespaceKind?: number;
  /** Requests being served at once, watches and streams aside (--max-requests-inflight): 429. */
  maxRequestsInFlight: number;
  /** Open watches: 429 like any request over the in-flight limit. */
  maxWatches: number;
}

export const DEFAULT_LIMITS: ClusterLimits = {
  maxRequestBodyBytes: 3 * 1024 * 1024,
  maxObjectBytes: 1.5 * 1024 * 1024,
  maxAnnotationBytes: 256 * 1024,
  maxStorageBytes: 32 * 1024 * 1024,
  maxObjects: 5000,
  maxRequestsInFlight: 50,
  maxWatches: 100,
};

/** The quota's name in `exceeded quota` messages. */
export const OBJECT_COUNT_QUOTA = 'cluster-object-count';

/** etcd refusing a value over its request size, as the apiserver passes it on. */
export function objectTooLarge(): StatusError {
  return new StatusError(413, 'RequestEntityTooLarge', 'etcdserver: request is too large');
}

/** etcd past its space quota, as the apiserver passes the error on (a storage internal error). */
export function storageExhausted(): StatusError {
  return internalError(new Error('etcdserver: mvcc: database space exceeded'));
}

/**
 * The object-count limits, worded as the ResourceQuota admission plugin words its refusals
 * (`exceeded quota: <name>, requested: <resource>=1, used: <resource>=N, limited: <resource>=N`).
 */
export function checkObjectCount(
  limits: ClusterLimits,
  r: ServedResource,
  name: string,
  count: { total: number; inNamespace?: number },
): void {
  const exceeded = (resource: string, used: number, limit: number) =>
    forbidden(
      r.gr,
      name,
      `exceeded quota: ${OBJECT_COUNT_QUOTA}, requested: ${resource}=1, used: ${resource}=${used}, limited: ${resource}=${limit}`,
    );
  if (count.total >= limits.maxObjects)
    throw exceeded('count/objects', count.total, limits.maxObjects);
  const perKind = limits.maxObjectsPerNamespaceKind;
  if (perKind !== undefined && count.inNamespace !== undefined && count.inNamespace >= perKind) {
    const resource = r.group ? `count/${r.plural}.${r.group}` : `count/${r.plural}`;
    throw exceeded(resource, count.inNamespace, perKind);
  }
}

/**
 * The answer past maxRequestsInFlight, as filters/maxinflight.go tooManyRequests writes it
 * (plain text; client-go waits Retry-After seconds and tries again).
 */
export const TOO_MANY_REQUESTS = 'Too many requests, please try again later.\n';
