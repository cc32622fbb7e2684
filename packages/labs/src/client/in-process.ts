/** KubeClient over an embedded cluster in this process: no HTTP, no TLS, no encoding. */
import type { Cluster } from '@kubebelt/cluster-core';
import type { KubeClient } from './kube-client';

export function inProcessClient(cluster: Cluster): KubeClient {
  const api = cluster.api;
  return {
    resource: async (kind, apiVersion) => api.resource(kind, apiVersion),
    get: async (r, namespace, name) => api.get(r, namespace, name),
    list: async (r, options) => api.list(r, options),
    create: async (obj) => api.create(obj),
    logs: (namespace, pod, container, options) => api.logs(namespace, pod, container, options),
    connect: async (namespace, pod, host, port) => api.connect(namespace, pod, host, port),
    onChange: (kinds, listener) => api.onChange(listener, kinds),
    close: async () => {},
  };
}
