/**
 * One lab cluster as a k3s server container on the session's network (KUBEBELT_K3S_IMAGE):
 * created with the learner's token file, started, its admin kubeconfig read out of the container
 * (K3S_KUBECONFIG, whose server is k3s's own 127.0.0.1) and pointed at the container's address on
 * the network, then waited for until its API answers, a node is Ready and the default
 * ServiceAccount exists (pods can be created). The platform reaches it from the Engine's host
 * through the network's bridge; the workstation from inside the network.
 */
import type { KubeObject } from '@kubebelt/cluster-core';
import type { KubeClient } from '@kubebelt/labs';
import { kubeconfigClient } from '@kubebelt/labs';
import type Docker from 'dockerode';
import { extract } from 'tar-stream';
import type { ClusterEndpoint } from '../cluster-driver';
import { HostCluster } from '../kubernetes/host-cluster';
import {
  addressOn,
  K3S_KUBECONFIG,
  K3S_PORT,
  type K3sOptions,
  k3sContainerOptions,
  tokenFileArchive,
} from './k3s-spec';

type ClientNode = typeof import('@kubernetes/client-node', { with: {
  'resolution-mode': 'import',
}});

/** k3s takes 10 to 30 s to a Ready node on a quiet machine; a busy Engine gets more. */
export const K3S_READY_TIMEOUT_MS = 180_000;

export interface K3sCluster {
  name: string;
  /** https://<address on the session network>:6443, as the workstation's kubeconfig names it. */
  server: string;
  /** The cluster's CA (PEM): the workstation's kubeconfig trusts it. */
  caCert: string;
  /** The learner's bearer token (the token file's). */
  token: string;
  /** The platform's client (k3s's admin credentials): the grader and the lab's set-up use it. */
  client: KubeClient;
  /** The platform's gateway to the cluster, with the learner's own Authorization header. */
  endpoint: ClusterEndpoint;
}

/** Creates, starts and waits for one k3s server; its container is removed with the session's. */
export async function startK3sCluster(
  docker: Docker,
  options: K3sOptions & { token: string; timeoutMs?: number },
): Promise<K3sCluster> {
  const container = await docker.createContainer(k3sContainerOptions(options));
  // before the start: the kube-apiserver reads its token file once
  await container.putArchive(await tokenFileArchive(options.token), { path: '/' });
  await container.start();
  return connectK3sCluster(container, options);
}

/**
 * A started k3s server (a new one, or one a platform that stopped left running for the session),
 * once its API answers with a Ready node.
 */
export async function connectK3sCluster(
  container: Docker.Container,
  options: Pick<K3sOptions, 'cluster' | 'objects'> & { token: string; timeoutMs?: number },
): Promise<K3sCluster> {
  const deadline = Date.now() + (options.timeoutMs ?? K3S_READY_TIMEOUT_MS);
  const address = addressOn(await container.inspect(), options.objects.network);
  if (!address) throw new Error(`the k3s container has no address on ${options.objects.network}`);
  const server = `https://${address}:${K3S_PORT}`;
  const written = await until(deadline, `${K3S_KUBECONFIG} in the k3s container`, () =>
    readFile(container, K3S_KUBECONFIG),
  );
  const { kubeconfig, caCert } = await pointAt(written, server);
  const admin = await HostCluster.fromKubeconfig(kubeconfig);
  await until(deadline, `the k3s API server at ${server}`, () =>
    admin.version().then(
      () => true,
      () => undefined,
    ),
  );
  const client = await kubeconfigClient({ kubeconfig });
  await until(deadline, 'a Ready node and the default ServiceAccount', () =>
    schedulable(client).catch(() => undefined),
  );
  return {
    name: options.cluster,
    server,
    caCert,
    token: options.token,
    client,
    // the gateway let the request in with the session's token, which the token file holds too
    endpoint: admin.proxy((header) => header),
  };
}

/**
 * The admin kubeconfig with its server replaced (k3s writes https://127.0.0.1:6443, the
 * container's own loopback), as JSON (a kubeconfig is YAML, JSON is YAML), and its CA as PEM.
 */
export async function pointAt(
  k3sYaml: string,
  server: string,
): Promise<{ kubeconfig: string; caCert: string }> {
  const k8s: ClientNode = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromString(k3sYaml);
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const context = kc.getContextObject(kc.getCurrentContext());
  if (!cluster?.caData || !user || !context)
    throw new Error(`${K3S_KUBECONFIG} has no current context with a CA and a user`);
  const out = new k8s.KubeConfig();
  out.loadFromOptions({
    clusters: [{ ...cluster, server }],
    users: [user],
    contexts: [context],
    currentContext: context.name,
  });
  return {
    kubeconfig: out.exportConfig(),
    caCert: Buffer.from(cluster.caData, 'base64').toString('utf8'),
  };
}

/**
 * The lab's setup.yaml objects meant for this cluster (kubebelt.dev/cluster, the first cluster
 * by default), each after the namespace it names, as on the embedded clusters.
 */
export async function applySetup(
  client: KubeClient,
  objects: KubeObject[],
  cluster: string,
  first: string,
): Promise<void> {
  const namespaces = await client.resource('Namespace', 'v1');
  for (const obj of objects) {
    const target = (obj.metadata?.annotations?.['kubebelt.dev/cluster'] as string) ?? first;
    if (target !== cluster) continue;
    const namespace = obj.metadata?.namespace;
    if (namespace && namespaces && !(await client.get(namespaces, undefined, namespace)))
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    await client.create(obj);
  }
}

async function schedulable(client: KubeClient): Promise<true | undefined> {
  const nodes = await client.resource('Node', 'v1');
  const accounts = await client.resource('ServiceAccount', 'v1');
  if (!nodes || !accounts) return undefined;
  const ready = (await client.list(nodes)).some((n) =>
    (n.status?.conditions as { type: string; status: string }[] | undefined)?.some(
      (c) => c.type === 'Ready' && c.status === 'True',
    ),
  );
  return ready && (await client.get(accounts, 'default', 'default')) ? true : undefined;
}

/** A file of the container (getArchive's tar holds it alone); undefined while it is missing. */
async function readFile(container: Docker.Container, path: string): Promise<string | undefined> {
  let archive: NodeJS.ReadableStream;
  try {
    archive = await container.getArchive({ path });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
  return new Promise((resolve, reject) => {
    const files = extract();
    let text: string | undefined;
    files.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c) => chunks.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'file') text = Buffer.concat(chunks).toString('utf8');
        next();
      });
    });
    files.on('finish', () => resolve(text?.trim() ? text : undefined));
    files.on('error', reject);
    archive.pipe(files);
  });
}

async function until<T>(
  deadline: number,
  what: string,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
