/**
 * KubeClient over a kubeconfig, for any conformant cluster. @kubernetes/client-node reads the
 * kubeconfig (contexts, certificates, tokens, exec plugins), runs commands in pods and watches;
 * plain REST requests carry its TLS and auth options.
 */

import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Writable } from 'node:stream';
import type { KubeClient, KubeObject, ResourceInfo } from './kube-client';

type ClientNode = typeof import('@kubernetes/client-node', { with: {
  'resolution-mode': 'import',
}});

export interface KubeconfigClientOptions {
  /** The kubeconfig's text (or use `file`). */
  kubeconfig?: string;
  file?: string;
  /** Context to use; the kubeconfig's current context by default. */
  context?: string;
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export async function kubeconfigClient(options: KubeconfigClientOptions): Promise<KubeClient> {
  // client-node is an ES module; loaded on first use so the in-process path never needs it
  const k8s: ClientNode = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  if (options.kubeconfig !== undefined) kc.loadFromString(options.kubeconfig);
  else if (options.file) kc.loadFromFile(options.file);
  else kc.loadFromDefault();
  if (options.context) kc.setCurrentContext(options.context);
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig has no current cluster');
  const base = new URL(server);

  async function call(
    method: string,
    path: string,
    body?: unknown,
    accept = 'application/json',
  ): Promise<string> {
    const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
    const opts: RequestOptions = {
      method,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: { accept, ...(body ? { 'content-type': 'application/json' } : {}) },
    };
    await kc.applyToHTTPSOptions(opts);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) < 300) return resolve(text);
          let message = text;
          try {
            message = JSON.parse(text).message ?? text;
          } catch {
            // a plain-text error body
          }
          reject(new ApiError(res.statusCode ?? 500, message.trim()));
        });
      });
      req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      if (body) req.write(JSON.stringify(body));
      req.end();
    });
  }
  const getJson = async (path: string) => JSON.parse(await call('GET', path));

  let discovery: Promise<ResourceInfo[]> | undefined;
  const discover = () =>
    (discovery ??= (async () => {
      const out: ResourceInfo[] = [];
      const add = async (group: string, version: string, prefix: string) => {
        const list = await getJson(prefix);
        for (const r of list.resources ?? []) {
          if (String(r.name).includes('/')) continue;
          out.push({
            group,
            version,
            apiVersion: group ? `${group}/${version}` : version,
            kind: r.kind,
            plural: r.name,
            namespaced: r.namespaced,
          });
        }
      };
      await add('', 'v1', '/api/v1');
      const groups = await getJson('/apis');
      await Promise.all(
        (groups.groups ?? []).map((g: { name: string; preferredVersion: { version: string } }) =>
          add(
            g.name,
            g.preferredVersion.version,
            `/apis/${g.name}/${g.preferredVersion.version}`,
          ).catch(() => {}),
        ),
      );
      return out;
    })());

  const collectionPath = (r: ResourceInfo, namespace?: string) =>
    `${r.group ? `/apis/${r.group}` : '/api'}/${r.version}${r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${r.plural}`;

  const exec = new k8s.Exec(kc);

  /** Runs a command in a pod's first container; undefined when the pod cannot run it at all. */
  async function execIn(
    namespace: string,
    pod: string,
    command: string[],
  ): Promise<{ success: boolean; output: string } | undefined> {
    let output = '';
    const sink = new Writable({
      write(chunk, _e, done) {
        output += chunk.toString();
        done();
      },
    });
    try {
      const status = await new Promise<{ status?: string; message?: string }>((resolve, reject) => {
        exec
          .exec(namespace, pod, '', command, sink, sink, null, false, (s) => resolve(s))
          .catch(reject);
      });
      return { success: status.status === 'Success', output: `${output}\n${status.message ?? ''}` };
    } catch (error) {
      const message = (error as Error).message ?? '';
      if (/executable file not found|no such file/i.test(message))
        return { success: false, output: message };
      return undefined;
    }
  }

  const resource = async (kind: string, apiVersion?: string) => {
    const all = await discover();
    return all.find((r) => r.kind === kind && (!apiVersion || r.apiVersion === apiVersion));
  };

  return {
    resource,
    async get(r, namespace, name) {
      try {
        return (await getJson(
          `${collectionPath(r, namespace)}/${encodeURIComponent(name)}`,
        )) as KubeObject;
      } catch (err) {
        if (err instanceof ApiError && err.code === 404) return undefined;
        throw err;
      }
    },
    async list(r, options = {}) {
      const query = new URLSearchParams();
      if (options.labelSelector) query.set('labelSelector', options.labelSelector);
      if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
      const list = await getJson(
        `${collectionPath(r, options.namespace)}${query.size ? `?${query}` : ''}`,
      );
      return ((list.items ?? []) as KubeObject[]).map((o) => ({
        ...o,
        apiVersion: r.apiVersion,
        kind: r.kind,
      }));
    },
    async create(obj) {
      const r = await resource(obj.kind ?? '', obj.apiVersion);
      if (!r) throw new Error(`the cluster serves no ${obj.apiVersion} ${obj.kind}`);
      return JSON.parse(
        await call('POST', collectionPath(r, obj.metadata?.namespace ?? 'default'), obj),
      );
    },
    async logs(namespace, pod, container, options = {}) {
      const query = new URLSearchParams();
      if (container) query.set('container', container);
      if (options.previous) query.set('previous', 'true');
      if (options.tailLines !== undefined) query.set('tailLines', String(options.tailLines));
      return call(
        'GET',
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log?${query}`,
        undefined,
        'text/plain',
      );
    },
    async connect(namespace, pod, host, port) {
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
      // busybox and most images have wget; curl images (curlimages/curl, netshoot) have curl
      for (const command of [
        ['wget', '-q', '-T', '2', '-O', '/dev/null', url],
        ['curl', '-sS', '-m', '2', '-o', '/dev/null', url],
      ]) {
        const run = await execIn(namespace, pod, command);
        if (!run) return { ok: false, error: 'no-pod' };
        if (run.success) return { ok: true, status: 200 };
        const { output } = run;
        if (/executable file not found|no such file or directory|not found in \$PATH/i.test(output))
          continue;
        // wget's and curl's words for each failure
        if (
          /bad address|unknown host|Name or service not known|Could not resolve host/i.test(output)
        )
          return { ok: false, error: 'unresolved' };
        if (/refused/i.test(output)) return { ok: false, error: 'refused' };
        if (/server returned error|HTTP\/1\.\d \d{3}|returned error/i.test(output))
          return { ok: true, status: 500 };
        return { ok: false, error: 'timeout' };
      }
      // neither tool in the image: the connection cannot be tried from this pod
      return { ok: false, error: 'no-pod' };
    },
    onChange(kinds, listener) {
      const watch = new k8s.Watch(kc);
      const aborts: Promise<AbortController | undefined>[] = [];
      let stopped = false;
      const start = (r: ResourceInfo) => {
        if (stopped) return;
        aborts.push(
          watch
            .watch(
              collectionPath(r),
              {},
              () => listener(),
              () => setTimeout(() => start(r), 1_000),
            )
            .catch(() => undefined),
        );
      };
      for (const r of kinds) start(r);
      return () => {
        stopped = true;
        for (const a of aborts) void a.then((c) => c?.abort());
      };
    },
    async close() {},
  };
}
