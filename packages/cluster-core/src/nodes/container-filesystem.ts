/**
 * What a simulated container sees on disk: the files the kubelet writes (/etc/hosts,
 * /etc/resolv.conf, /etc/hostname), its volume mounts (ConfigMap and Secret keys as files,
 * the service account token directory, downward API, emptyDir and claims that keep what is
 * written to them), and a few files of well-known images. Writes outside volumes land in the
 * container's own layer.
 */
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { resolveImage } from './image-catalogue';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** Writable volume contents, per cluster: emptyDir per pod, claims per claim (they outlive pods). */
const written = new WeakMap<ClusterCore, Map<string, string>>();

function store(core: ClusterCore): Map<string, string> {
  let m = written.get(core);
  if (!m) {
    m = new Map();
    written.set(core, m);
  }
  return m;
}

export interface ContainerFiles {
  /** File content, or undefined when there is no such file. */
  read(path: string): string | undefined;
  /** Directory entries, or undefined when `path` is not a directory. */
  list(path: string): string[] | undefined;
  /** Writes a file; returns an error text (read-only file system) or undefined. */
  write(path: string, content: string, append: boolean): string | undefined;
}

export function normalizePath(path: string, cwd = '/'): string {
  const parts: string[] = [];
  for (const p of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (!p || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

function decode(value: string): string {
  return Buffer.from(value, 'base64').toString('utf8');
}

interface Mount {
  path: string;
  readOnly: boolean;
  /** Fixed files of the volume, relative to the mount path. */
  files?: Map<string, string>;
  /** Key prefix of writable storage. */
  scope?: string;
}

function keyedFiles(data: Record<string, string>, items: Json[] | undefined): Map<string, string> {
  const files = new Map<string, string>();
  if (items?.length) for (const i of items) (data[i.key] !== undefined ? files.set(i.path, data[i.key]) : undefined);
  else for (const [k, v] of Object.entries(data)) files.set(k, v);
  return files;
}

function volumeFiles(core: ClusterCore, pod: KubeObject, volume: Json): Map<string, string> | undefined {
  const ns = pod.metadata.namespace;
  const get = (plural: string, name: string) => {
    const r = core.resources.preferred('', plural);
    return r ? core.rest.find(r, ns, name) : undefined;
  };
  if (volume.configMap) {
    const cm = get('configmaps', volume.configMap.name);
    return keyedFiles({ ...(cm?.data ?? {}), ...Object.fromEntries(Object.entries(cm?.binaryData ?? {}).map(([k, v]) => [k, decode(String(v))])) }, volume.configMap.items);
  }
  if (volume.secret) {
    const s = get('secrets', volume.secret.secretName);
    const data = Object.fromEntries(Object.entries((s?.data ?? {}) as Record<string, string>).map(([k, v]) => [k, decode(v)]));
    return keyedFiles(data, volume.secret.items);
  }
  if (volume.downwardAPI || volume.projected) {
    const files = new Map<string, string>();
    for (const source of volume.projected?.sources ?? [{ downwardAPI: volume.downwardAPI }]) {
      if (source.serviceAccountToken) files.set(source.serviceAccountToken.path ?? 'token', serviceAccountToken(pod));
      if (source.configMap) for (const [k, v] of volumeFiles(core, pod, { configMap: source.configMap }) ?? []) files.set(k, v);
      if (source.secret) for (const [k, v] of volumeFiles(core, pod, { secret: { ...source.secret, secretName: source.secret.name } }) ?? []) files.set(k, v);
      for (const item of source.downwardAPI?.items ?? []) files.set(item.path, fieldValue(pod, item.fieldRef?.fieldPath ?? ''));
    }
    return files;
  }
  return undefined;
}

/** A token-shaped JWT for the pod's service account (never verified by anyone). */
function serviceAccountToken(pod: KubeObject): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = b64({ alg: 'RS256', kid: 'kubebelt' });
  const payload = b64({
    aud: ['https://kubernetes.default.svc.cluster.local'],
    iss: 'https://kubernetes.default.svc.cluster.local',
    sub: `system:serviceaccount:${pod.metadata.namespace}:${pod.spec?.serviceAccountName ?? 'default'}`,
  });
  return `${header}.${payload}.${Buffer.from(pod.metadata.uid ?? '').toString('base64url')}`;
}

/** Downward API fields (metadata.name, metadata.labels['x'], status.podIP, spec.nodeName, ...). */
export function fieldValue(pod: KubeObject, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return ((pod.metadata[m[1]] ?? {}) as Record<string, string>)[m[2]] ?? '';
  if (path === 'metadata.labels' || path === 'metadata.annotations') {
    const map = (pod.metadata[path.slice(9)] ?? {}) as Record<string, string>;
    return Object.entries(map).sort().map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('\n');
  }
  const value = path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Json)[k] : undefined), pod);
  if (path === 'spec.serviceAccountName') return String(value ?? 'default');
  return value === undefined ? '' : String(value);
}

function etcFiles(pod: KubeObject): Map<string, string> {
  const name = pod.spec?.hostname ?? pod.metadata.name ?? '';
  const ns = pod.metadata.namespace ?? 'default';
  const ip = pod.status?.podIP ?? '';
  const fqdn = pod.spec?.subdomain ? `${name}.${pod.spec.subdomain}.${ns}.svc.cluster.local\t${name}` : name;
  return new Map([
    ['/etc/hostname', `${name}\n`],
    ['/etc/resolv.conf', `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`],
    [
      '/etc/hosts',
      `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${ip}\t${fqdn}\n`,
    ],
  ]);
}

export function containerFiles(core: ClusterCore, pod: KubeObject, spec: Json): ContainerFiles {
  const uid = pod.metadata.uid ?? '';
  const volumes = new Map(((pod.spec?.volumes ?? []) as Json[]).map((v) => [v.name, v]));
  const mounts: Mount[] = [];
  for (const m of (spec.volumeMounts ?? []) as Json[]) {
    const v = volumes.get(m.name);
    if (!v) continue;
    const path = normalizePath(m.mountPath);
    const files = volumeFiles(core, pod, v);
    let scope: string | undefined;
    if (v.emptyDir) scope = `pod:${uid}:${v.name}`;
    else if (v.persistentVolumeClaim) scope = `pvc:${pod.metadata.namespace}/${v.persistentVolumeClaim.claimName}`;
    else if (v.hostPath) scope = `host:${pod.spec?.nodeName}:${v.hostPath.path}`;
    if (m.subPath) {
      const content = files?.get(m.subPath);
      if (files) mounts.push({ path, readOnly: true, files: new Map(content !== undefined ? [['', content]] : []) });
      else mounts.push({ path, readOnly: Boolean(m.readOnly), scope: scope && `${scope}/${m.subPath}` });
      continue;
    }
    mounts.push({ path, readOnly: Boolean(m.readOnly) || Boolean(files), files, scope });
  }
  const layer = `ctr:${uid}:${spec.name}`;
  const image = resolveImage(spec.image ?? '')?.info;
  const base = etcFiles(pod);
  if (image?.repository.endsWith('/nginx') || image?.repository.endsWith('/nginx-slim')) {
    base.set('/usr/share/nginx/html/index.html', NGINX_INDEX);
    base.set('/usr/share/nginx/html/50x.html', '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n');
  }
  const mine = store(core);
  const mountFor = (path: string) =>
    mounts.filter((m) => path === m.path || path.startsWith(`${m.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
  const rel = (m: Mount, path: string) => (path === m.path ? '' : path.slice(m.path.length + 1));
  const scoped = (scope: string) => [...mine.keys()].filter((k) => k.startsWith(`${scope}/`)).map((k) => k.slice(scope.length + 1));
  const entries = (names: Iterable<string>, prefix: string) => {
    const out = new Set<string>();
    for (const n of names) if (prefix === '' || n.startsWith(`${prefix}/`)) out.add((prefix ? n.slice(prefix.length + 1) : n).split('/')[0]);
    return out;
  };
  return {
    read(path) {
      const p = normalizePath(path);
      const m = mountFor(p);
      if (m) {
        const r = rel(m, p);
        if (m.files) return m.files.get(r);
        return m.scope ? mine.get(`${m.scope}/${r}`) : undefined;
      }
      return mine.get(`${layer}/${p.slice(1)}`) ?? base.get(p);
    },
    list(path) {
      const p = normalizePath(path);
      const m = mountFor(p);
      const names = new Set<string>();
      if (m) {
        const r = rel(m, p);
        for (const n of entries(m.files?.keys() ?? (m.scope ? scoped(m.scope) : []), r)) names.add(n);
        if (!names.size && r) return undefined;
        if (m.files && !r) for (const k of m.files.keys()) if (!k.includes('/')) names.add(k);
      }
      const prefix = p.slice(1);
      for (const n of entries([...base.keys()].map((k) => k.slice(1)), prefix)) names.add(n);
      for (const n of entries(scoped(layer), prefix)) names.add(n);
      for (const mount of mounts) if (mount.path !== p && mount.path.startsWith(p === '/' ? '/' : `${p}/`)) names.add(mount.path.slice(p.length + (p === '/' ? 0 : 1)).split('/')[0]);
      if (!names.size && !m && p !== '/' && !['/tmp', '/etc', '/var', '/usr', '/root', '/home'].includes(p)) return undefined;
      return [...names].filter(Boolean).sort();
    },
    write(path, content, append) {
      const p = normalizePath(path);
      const m = mountFor(p);
      if (m && (m.readOnly || !m.scope)) return `can't create ${p}: Read-only file system`;
      const key = m?.scope ? `${m.scope}/${rel(m, p)}` : `${layer}/${p.slice(1)}`;
      mine.set(key, append ? (mine.get(key) ?? '') + content : content);
      return undefined;
    },
  };
}

export { SA_DIR };
