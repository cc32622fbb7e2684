/**
 * A container's environment as the kubelet and the runtime build it when the container starts
 * (pkg/kubelet kubelet_pods.go makeEnvironmentVariables, envvars.FromServices; containerd's CRI
 * containerSpec): PATH and HOSTNAME, the image's ENV, envFrom and env (with $(VAR) references,
 * ConfigMap/Secret keys, downward API fields and resource limits), the service links of the
 * Services that exist at that moment, HOME.
 * It is fixed for the life of the container: a ConfigMap edited or a Service created later
 * only shows in a container started after it, so the kubelet takes a snapshot at each start.
 */
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { fieldValue } from './container-filesystem';
import { nginxVersion } from './container-logs';
import { type ImageInfo, resolveImage } from './image-catalogue';
import { resourceFieldValue } from './resource-field-ref';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

function serviceLinks(env: Map<string, string>, core: ClusterCore, pod: KubeObject): void {
  const svcR = core.resources.preferred('', 'services');
  const services = svcR ? core.store.list(svcR.storage) : [];
  for (const svc of services) {
    const master = svc.metadata.namespace === 'default' && svc.metadata.name === 'kubernetes';
    if (
      !master &&
      (svc.metadata.namespace !== pod.metadata.namespace || pod.spec?.enableServiceLinks === false)
    )
      continue;
    const ip = svc.spec?.clusterIP;
    const ports = (svc.spec?.ports ?? []) as Json[];
    if (!ip || ip === 'None' || !ports.length) continue;
    const n = (svc.metadata.name ?? '').toUpperCase().replace(/-/g, '_');
    env.set(`${n}_SERVICE_HOST`, ip);
    env.set(`${n}_SERVICE_PORT`, String(ports[0].port));
    for (const p of ports)
      if (p.name)
        env.set(`${n}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port));
    env.set(`${n}_PORT`, `${(ports[0].protocol ?? 'TCP').toLowerCase()}://${ip}:${ports[0].port}`);
    for (const p of ports) {
      const proto = (p.protocol ?? 'TCP').toUpperCase();
      const base = `${n}_PORT_${p.port}_${proto}`;
      env.set(base, `${proto.toLowerCase()}://${ip}:${p.port}`);
      env.set(`${base}_PROTO`, proto.toLowerCase());
      env.set(`${base}_PORT`, String(p.port));
      env.set(`${base}_ADDR`, ip);
    }
  }
}

/** The image's own ENV lines, in the Dockerfile's order (nginxinc/docker-nginx mainline/debian). */
function imageEnvironment(image: ImageInfo | undefined, ref: string): [string, string][] {
  if (!image?.repository.endsWith('/nginx')) return [];
  return [
    ['NGINX_VERSION', nginxVersion(ref)],
    ['NJS_VERSION', '0.9.1'],
    ['NJS_RELEASE', '1~bookworm'],
    ['PKG_RELEASE', '1~bookworm'],
    ['DYNPKG_RELEASE', '1~bookworm'],
  ];
}

/**
 * The process's environment in the order the runtime builds it (containerd's CRI
 * containerSpec): the default PATH, HOSTNAME, TERM for a TTY, the image's ENV, then the
 * kubelet's list, each replacing an earlier value in place (oci.WithEnv); runc adds HOME last
 * when nothing set it. The kubelet's list (makeEnvironmentVariables) is the container's env and
 * envFrom, then the service links they do not name; the kubelet ranges over Go maps for both, so
 * a real container's order inside each part changes from start to start: here it is the
 * declaration order, then the Services' order.
 */
function compute(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  image: ImageInfo | undefined,
): Map<string, string> {
  const env = new Map<string, string>([
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    // A host-network pod has the node's hostname (kubectl debug node/..., static control-plane pods).
    [
      'HOSTNAME',
      pod.spec?.hostNetwork
        ? (pod.spec?.nodeName ?? '')
        : (pod.spec?.hostname ?? pod.metadata.name ?? ''),
    ],
  ]);
  if (spec.tty) env.set('TERM', 'xterm');
  for (const [k, v] of imageEnvironment(image, spec.image ?? '')) env.set(k, v);
  const services = new Map<string, string>();
  serviceLinks(services, core, pod);
  const declared = new Map<string, string>();
  const get = (plural: string, name: string) => {
    const r = core.resources.preferred('', plural);
    return r ? core.rest.find(r, pod.metadata.namespace, name) : undefined;
  };
  const decode = (v: string) => Buffer.from(v, 'base64').toString('utf8');
  for (const from of (spec.envFrom ?? []) as Json[]) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef)
      for (const [k, v] of Object.entries(get('configmaps', from.configMapRef.name)?.data ?? {}))
        declared.set(prefix + k, String(v));
    if (from.secretRef)
      for (const [k, v] of Object.entries(get('secrets', from.secretRef.name)?.data ?? {}))
        declared.set(prefix + k, decode(String(v)));
  }
  for (const e of (spec.env ?? []) as Json[]) {
    let value = '';
    // third_party/forked/golang/expansion: $(VAR) from the variables declared before it and
    // the service links, left as written when unknown; $$ is a literal $.
    if (e.value !== undefined)
      value = String(e.value).replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, v) =>
        m === '$$' ? '$' : (declared.get(v) ?? services.get(v) ?? m),
      );
    else if (e.valueFrom?.configMapKeyRef)
      value = String(
        get('configmaps', e.valueFrom.configMapKeyRef.name)?.data?.[
          e.valueFrom.configMapKeyRef.key
        ] ?? '',
      );
    else if (e.valueFrom?.secretKeyRef)
      value = decode(
        String(
          get('secrets', e.valueFrom.secretKeyRef.name)?.data?.[e.valueFrom.secretKeyRef.key] ?? '',
        ),
      );
    else if (e.valueFrom?.fieldRef) value = fieldValue(pod, e.valueFrom.fieldRef.fieldPath);
    else if (e.valueFrom?.resourceFieldRef)
      value = resourceFieldValue(core, pod, spec, e.valueFrom.resourceFieldRef);
    declared.set(e.name, value);
  }
  for (const [k, v] of declared) env.set(k, v);
  for (const [k, v] of services) if (!declared.has(k)) env.set(k, v);
  if (!env.has('HOME')) env.set('HOME', '/root');
  return env;
}

/** Called by the kubelet as it starts a container: what the process will see for its whole life. */
export function snapshotEnvironment(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  containerID: string,
  podIP?: string,
): void {
  const byId = core.simulation.environments;
  // The status with the pod IP is written after the start; status.podIP fields read the runtime's.
  const view: KubeObject =
    podIP && !pod.status?.podIP
      ? { ...pod, status: { ...pod.status, podIP, podIPs: [{ ip: podIP }] } }
      : pod;
  byId.set(containerID, compute(core, view, spec, resolveImage(spec.image ?? '')?.info));
  // Forget containers that are gone (bounded: a few per pod that ever ran).
  if (byId.size > 5_000) byId.delete(byId.keys().next().value as string);
}

/** The environment of the running instance of `spec` in `pod` (computed now if the start was not seen, e.g. after a restore). */
export function containerEnvironment(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  image: ImageInfo | undefined,
): Map<string, string> {
  const status = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ].find((c: Json) => c.name === spec.name);
  const snapshot = status?.containerID
    ? core.simulation.environments.get(status.containerID)
    : undefined;
  return new Map(snapshot ?? compute(core, pod, spec, image));
}
