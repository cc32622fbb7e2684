/**
 * The grader's client for a session on the kubernetes driver. A lab names namespaces as if it
 * had a cluster of its own (`default` when it names none); on a shared host cluster all of them
 * are the session's namespace. Objects come back with the namespace the check asked for, so the
 * grader's messages read as on the embedded cluster.
 */
import type { KubeObject } from '@kubebelt/cluster-core';
import type { KubeClient } from '@kubebelt/labs';

const POLL_MS = 2_000;

/** `current` is read on every call: the client is replaced when the session's token is renewed. */
export function namespacedClient(current: () => KubeClient, sessionNamespace: string): KubeClient {
  const back = (obj: KubeObject, asked: string | undefined): KubeObject =>
    obj.metadata?.namespace === sessionNamespace
      ? { ...obj, metadata: { ...obj.metadata, namespace: asked ?? 'default' } }
      : obj;
  return {
    resource: (kind, apiVersion) => current().resource(kind, apiVersion),
    async get(resource, namespace, name) {
      if (!resource.namespaced) return current().get(resource, namespace, name);
      const obj = await current().get(resource, sessionNamespace, name);
      return obj && back(obj, namespace);
    },
    async list(resource, options = {}) {
      if (!resource.namespaced) return current().list(resource, options);
      const objects = await current().list(resource, { ...options, namespace: sessionNamespace });
      return objects.map((o) => back(o, options.namespace));
    },
    async create(obj) {
      const resource = await current().resource(obj.kind ?? '', obj.apiVersion);
      return current().create(
        resource?.namespaced
          ? { ...obj, metadata: { ...obj.metadata, namespace: sessionNamespace } }
          : obj,
      );
    },
    logs: (_namespace, pod, container, options) =>
      current().logs(sessionNamespace, pod, container, options),
    connect: (_namespace, pod, host, port) => current().connect(sessionNamespace, pod, host, port),
    onChange(kinds, listener) {
      // the learner's token may not watch across namespaces: the namespace's lists are compared
      // every few seconds instead
      let last = '';
      let busy = false;
      const timer = setInterval(async () => {
        if (busy) return;
        busy = true;
        try {
          const versions = await Promise.all(
            kinds.map(async (r) =>
              (await current().list(r, r.namespaced ? { namespace: sessionNamespace } : {}))
                .map((o) => `${o.metadata?.uid}@${o.metadata?.resourceVersion}`)
                .join(','),
            ),
          );
          const now = versions.join(';');
          if (last && now !== last) listener();
          last = now;
        } catch {
          // the next round tries again
        } finally {
          busy = false;
        }
      }, POLL_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
    close: () => current().close(),
  };
}
