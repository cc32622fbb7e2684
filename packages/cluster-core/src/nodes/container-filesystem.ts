/**
 * What a simulated container sees on disk: the files the kubelet writes (/etc/hosts,
 * /etc/resolv.conf, /etc/hostname), its volume mounts (ConfigMap and Secret keys as files,
 * the service account token directory, downward API, emptyDir and claims that keep what is
 * written to them), and a few files of well-known images. Writes outside volumes land in the
 * container's own layer.
 */
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import type { FileOp } from '../simulation-state';
import { containerFileWrites, type LogLine } from './container-logs';
import { resolveImage } from './image-catalogue';
import { imageFiles } from './image-files';
import { imageFlavour } from './image-tools';
import { shellProgram } from './main-process';
import { resourceFieldValue } from './resource-field-ref';

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

/**
 * What `kubectl exec` wrote is kept in the cluster's simulation state (`fileWrites`), by storage
 * key: `pod:<uid>:<volume>/<path>` (emptyDir), `host:<node>:<dir>/<path>` (hostPath, and volumes
 * backed by a node directory), `pv:<name>/<path>`, `ctr:<uid>:<container>/<path>` (the container's
 * own layer). Main processes' writes are derived from their scripts on each read.
 */
function store(core: ClusterCore): Map<string, FileOp[]> {
  return core.simulation.fileWrites;
}

export interface ContainerFiles {
  /** File content, or undefined when there is no such file. */
  read(path: string): string | undefined;
  /** Directory entries, or undefined when `path` is not a directory. */
  list(path: string): string[] | undefined;
  /** Writes a file; returns an error text (read-only file system) or undefined. */
  write(path: string, content: string, append: boolean): string | undefined;
  /** Removes a file; returns an error text or undefined. */
  remove(path: string): string | undefined;
  /** The lines `tail -f path` prints between `at` and `until`: the file's last `last` lines (or all), then each appended line. */
  follow(path: string, last: number | 'all', at: number, until: number): LogLine[];
  /**
   * The container's volume mounts, in the pod spec's order; `projected` for ConfigMap, Secret,
   * downward API and projected volumes; `memory` for those the kubelet backs with a tmpfs.
   */
  readonly mounts: { path: string; readOnly: boolean; projected: boolean; memory: boolean }[];
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
  /**
   * A tmpfs on the node: Secret, downward API and projected volumes (their plugins wrap an
   * emptyDir of medium Memory) and emptyDir with medium Memory; ConfigMaps and other emptyDirs
   * are on the node's disk.
   */
  memory?: boolean;
}

function keyedFiles(data: Record<string, string>, items: Json[] | undefined): Map<string, string> {
  const files = new Map<string, string>();
  if (items?.length)
    for (const i of items) data[i.key] !== undefined ? files.set(i.path, data[i.key]) : undefined;
  else for (const [k, v] of Object.entries(data)) files.set(k, v);
  return files;
}

function volumeFiles(
  core: ClusterCore,
  pod: KubeObject,
  volume: Json,
): Map<string, string> | undefined {
  const ns = pod.metadata.namespace;
  const get = (plural: string, name: string) => {
    const r = core.resources.preferred('', plural);
    return r ? core.rest.find(r, ns, name) : undefined;
  };
  if (volume.configMap) {
    const cm = get('configmaps', volume.configMap.name);
    return keyedFiles(
      {
        ...(cm?.data ?? {}),
        ...Object.fromEntries(
          Object.entries(cm?.binaryData ?? {}).map(([k, v]) => [k, decode(String(v))]),
        ),
      },
      volume.configMap.items,
    );
  }
  if (volume.secret) {
    const s = get('secrets', volume.secret.secretName);
    const data = Object.fromEntries(
      Object.entries((s?.data ?? {}) as Record<string, string>).map(([k, v]) => [k, decode(v)]),
    );
    return keyedFiles(data, volume.secret.items);
  }
  if (volume.downwardAPI || volume.projected) {
    const files = new Map<string, string>();
    for (const source of volume.projected?.sources ?? [{ downwardAPI: volume.downwardAPI }]) {
      if (source.serviceAccountToken)
        files.set(source.serviceAccountToken.path ?? 'token', serviceAccountToken(pod));
      if (source.configMap)
        for (const [k, v] of volumeFiles(core, pod, { configMap: source.configMap }) ?? [])
          files.set(k, v);
      if (source.secret)
        for (const [k, v] of volumeFiles(core, pod, {
          secret: { ...source.secret, secretName: source.secret.name },
        }) ?? [])
          files.set(k, v);
      for (const item of source.downwardAPI?.items ?? [])
        files.set(
          item.path,
          item.resourceFieldRef
            ? resourceFieldValue(core, pod, {}, item.resourceFieldRef)
            : fieldValue(pod, item.fieldRef?.fieldPath ?? ''),
        );
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
    return Object.entries(map)
      .sort()
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join('\n');
  }
  const value = path
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Json)[k] : undefined), pod);
  if (path === 'spec.serviceAccountName') return String(value ?? 'default');
  return value === undefined ? '' : String(value);
}

function etcFiles(pod: KubeObject): Map<string, string> {
  const name = pod.spec?.hostNetwork
    ? (pod.spec?.nodeName ?? '')
    : (pod.spec?.hostname ?? pod.metadata.name ?? '');
  const ns = pod.metadata.namespace ?? 'default';
  const ip = pod.status?.podIP ?? '';
  const fqdn = pod.spec?.subdomain
    ? `${name}.${pod.spec.subdomain}.${ns}.svc.cluster.local\t${name}`
    : name;
  return new Map([
    ['/etc/hostname', `${name}\n`],
    [
      '/etc/resolv.conf',
      `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`,
    ],
    [
      '/etc/hosts',
      `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${ip}\t${fqdn}\n`,
    ],
  ]);
}

/** Where a claim's data lives: on the node for volumes backed by a node directory, else with the volume. */
function claimScope(core: ClusterCore, pod: KubeObject, claimName: string): string {
  const pvcR = core.resources.preferred('', 'persistentvolumeclaims');
  const pvR = core.resources.preferred('', 'persistentvolumes');
  const pvc = pvcR ? core.rest.find(pvcR, pod.metadata.namespace, claimName) : undefined;
  const pv =
    pvR && pvc?.spec?.volumeName ? core.rest.find(pvR, undefined, pvc.spec.volumeName) : undefined;
  if (pv?.spec?.hostPath?.path)
    return `host:${pod.spec?.nodeName}:${normalizePath(pv.spec.hostPath.path)}`;
  if (pv?.spec?.local?.path)
    return `host:${pod.spec?.nodeName}:${normalizePath(pv.spec.local.path)}`;
  if (pv) return `pv:${pv.metadata.name}`;
  return `pvc:${pod.metadata.namespace}/${claimName}`;
}

function mountsOf(core: ClusterCore, pod: KubeObject, spec: Json): Mount[] {
  const uid = pod.metadata.uid ?? '';
  const volumes = new Map(((pod.spec?.volumes ?? []) as Json[]).map((v) => [v.name, v]));
  const mounts: Mount[] = [];
  for (const m of (spec.volumeMounts ?? []) as Json[]) {
    const v = volumes.get(m.name);
    if (!v) continue;
    const path = normalizePath(m.mountPath);
    const files = volumeFiles(core, pod, v);
    const memory = Boolean(
      v.secret || v.downwardAPI || v.projected || v.emptyDir?.medium === 'Memory',
    );
    let scope: string | undefined;
    if (v.emptyDir) scope = `pod:${uid}:${v.name}`;
    else if (v.persistentVolumeClaim)
      scope = claimScope(core, pod, v.persistentVolumeClaim.claimName);
    else if (v.hostPath) scope = `host:${pod.spec?.nodeName}:${normalizePath(v.hostPath.path)}`;
    if (m.subPath) {
      const content = files?.get(m.subPath);
      if (files)
        mounts.push({
          path,
          readOnly: true,
          files: new Map(content !== undefined ? [['', content]] : []),
          memory,
        });
      else
        mounts.push({
          path,
          readOnly: Boolean(m.readOnly),
          scope: scope && `${scope}/${m.subPath}`,
          memory,
        });
      continue;
    }
    mounts.push({ path, readOnly: Boolean(m.readOnly) || Boolean(files), files, scope, memory });
  }
  return mounts;
}

/** The mount a path falls under (the deepest), if any. */
function mountFor(mounts: Mount[], path: string): Mount | undefined {
  return mounts
    .filter((m) => path === m.path || path.startsWith(`${m.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

function relative(m: Mount, path: string): string {
  return path === m.path ? '' : path.slice(m.path.length + 1);
}

/** The storage key of a path as one container sees it, or undefined on a read-only source (ConfigMap, Secret). */
function storageKey(mounts: Mount[], layer: string, path: string): string | undefined {
  const m = mountFor(mounts, path);
  if (!m) return `${layer}/${path.slice(1)}`;
  if (!m.scope) return undefined;
  const r = relative(m, path);
  return r ? `${m.scope}/${r}` : m.scope;
}

function instances(
  pod: KubeObject,
  name: string,
  now: number,
): { start: number; end: number; current: boolean }[] {
  const status = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ].find((c: Json) => c.name === name);
  if (!status) return [];
  const out: { start: number; end: number; current: boolean }[] = [];
  const time = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : Number.NaN);
  const current = status.state?.running ?? status.state?.terminated;
  if (
    current &&
    !Number.isNaN(time(current.startedAt)) &&
    status.state?.terminated?.reason !== 'StartError'
  ) {
    out.push({
      start: time(current.startedAt),
      end: Number.isNaN(time(current.finishedAt)) ? now : time(current.finishedAt),
      current: true,
    });
  }
  const last = status.lastState?.terminated;
  if (last && last.reason !== 'StartError' && !Number.isNaN(time(last.startedAt)))
    out.push({ start: time(last.startedAt), end: time(last.finishedAt) || now, current: false });
  return out;
}

/** Storage that outlives the pod: a node directory or a persistent volume (not emptyDir, not the container layer). */
const shared = (key: string) =>
  key.startsWith('host:') || key.startsWith('pv:') || key.startsWith('pvc:');

/** A container instance by its start second (the status keeps start times to the second). */
const instanceId = (pod: KubeObject, container: string, start: number) =>
  `${pod.metadata.uid}/${container}/${Math.floor(start / 1000)}`;

/** Container instances whose writes to shared storage were copied into the store when they stopped. */
function persistedOf(core: ClusterCore): Set<string> {
  return core.simulation.persistedInstances;
}

/** One instance's writes, by storage key (`onlyShared`: just those to node directories and volumes). */
function instanceWrites(
  core: ClusterCore,
  pod: KubeObject,
  c: Json,
  start: number,
  end: number,
  current: boolean,
  onlyShared: boolean,
  into: Map<string, FileOp[]>,
): void {
  const image = resolveImage(c.image ?? '')?.info;
  // A shell script writes its files itself, through the shell's filesystem.
  if (shellProgram(c, image)) return;
  const mounts = mountsOf(core, pod, c);
  const done = persistedOf(core).has(instanceId(pod, c.name, start));
  for (const w of containerFileWrites(pod, c, image, start, end)) {
    const path = normalizePath(w.path);
    // A restarted container starts from a fresh layer; volumes keep what earlier instances wrote.
    if (!current && !mountFor(mounts, path)?.scope) continue;
    const key = storageKey(mounts, `ctr:${pod.metadata.uid}:${c.name}`, path);
    // Shared storage already holds what a stopped instance wrote; other pods only share node directories and volumes.
    if (!key || (shared(key) ? done : onlyShared)) continue;
    const ops = into.get(key) ?? [];
    ops.push({ at: w.at, op: w.op, text: w.text });
    into.set(key, ops);
  }
}

function podsSharingStorage(core: ClusterCore, pod: KubeObject): KubeObject[] {
  const r = core.resources.preferred('', 'pods');
  if (!r) return [];
  return core.store
    .list(r.storage)
    .filter(
      (p) =>
        p.metadata.uid !== pod.metadata.uid &&
        ((p.spec?.volumes ?? []) as Json[]).some((v) => v.hostPath || v.persistentVolumeClaim),
    );
}

/**
 * What the main processes wrote up to `until`, by storage key: every write of this pod's
 * containers, and the writes of other pods' containers to node directories and volumes.
 */
function programWrites(core: ClusterCore, pod: KubeObject, until: number): Map<string, FileOp[]> {
  const byKey = new Map<string, FileOp[]>();
  for (const p of [pod, ...podsSharingStorage(core, pod)]) {
    for (const c of [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])] as Json[]) {
      for (const inst of instances(p, c.name, until))
        instanceWrites(
          core,
          p,
          c,
          inst.start,
          Math.min(inst.end, until),
          inst.current,
          p !== pod,
          byKey,
        );
    }
  }
  return byKey;
}

/**
 * Called by the kubelet as a container stops: its writes to node directories and volumes become
 * part of the stored contents, so they stay after the pod is gone.
 */
export function persistProgramWrites(
  core: ClusterCore,
  pod: KubeObject,
  container: string,
  start: number,
  end: number,
): void {
  const c = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
    (x: Json) => x.name === container,
  );
  const id = instanceId(pod, container, start);
  const done = persistedOf(core);
  if (!c || done.has(id)) return;
  const writes = new Map<string, FileOp[]>();
  instanceWrites(core, pod, c, start, end, true, true, writes);
  const mine = store(core);
  for (const [key, ops] of writes) mine.set(key, [...(mine.get(key) ?? []), ...ops]);
  done.add(id);
}

export function containerFiles(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  until = core.clock.now(),
): ContainerFiles {
  const uid = pod.metadata.uid ?? '';
  const mounts = mountsOf(core, pod, spec);
  const layer = `ctr:${uid}:${spec.name}`;
  const image = resolveImage(spec.image ?? '')?.info;
  const base = etcFiles(pod);
  for (const [path, content] of imageFiles(image, imageFlavour(spec.image ?? '') === 'busybox'))
    base.set(path, content);
  if (image?.repository.endsWith('/nginx') || image?.repository.endsWith('/nginx-slim')) {
    base.set('/usr/share/nginx/html/index.html', NGINX_INDEX);
    base.set(
      '/usr/share/nginx/html/50x.html',
      '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n',
    );
  }
  const mine = store(core);
  let programs: Map<string, FileOp[]> | undefined;
  const program = () => (programs ??= programWrites(core, pod, until));
  const opsOf = (key: string) =>
    [...(program().get(key) ?? []), ...(mine.get(key) ?? [])]
      .filter((o) => o.at <= until)
      .sort((a, b) => a.at - b.at);
  const replay = (key: string, initial: string | undefined) => {
    let content = initial;
    for (const o of opsOf(key))
      content =
        o.op === 'remove' ? undefined : o.op === 'write' ? o.text : (content ?? '') + o.text;
    return content;
  };
  const keys = () => new Set([...mine.keys(), ...program().keys()]);
  const scoped = (scope: string) =>
    [...keys()]
      .filter((k) => k.startsWith(`${scope}/`) && replay(k, undefined) !== undefined)
      .map((k) => k.slice(scope.length + 1));
  const entries = (names: Iterable<string>, prefix: string) => {
    const out = new Set<string>();
    for (const n of names)
      if (prefix === '' || n.startsWith(`${prefix}/`))
        out.add((prefix ? n.slice(prefix.length + 1) : n).split('/')[0]);
    return out;
  };
  const record = (path: string, op: FileOp['op'], text: string) => {
    const p = normalizePath(path);
    const m = mountFor(mounts, p);
    if (m && (m.readOnly || !m.scope)) return `can't create ${p}: Read-only file system`;
    const key = storageKey(mounts, layer, p) as string;
    const ops = mine.get(key) ?? [];
    ops.push({ at: core.clock.now(), op, text });
    mine.set(key, ops);
    return undefined;
  };
  const files: ContainerFiles = {
    mounts: mounts.map((m) => ({
      path: m.path,
      readOnly: m.readOnly,
      projected: Boolean(m.files) && !m.files?.has(''),
      memory: Boolean(m.memory),
    })),
    read(path) {
      const p = normalizePath(path);
      const m = mountFor(mounts, p);
      if (m?.files) return m.files.get(relative(m, p));
      const key = storageKey(mounts, layer, p);
      return key ? replay(key, m ? undefined : base.get(p)) : undefined;
    },
    list(path) {
      const p = normalizePath(path);
      const m = mountFor(mounts, p);
      const names = new Set<string>();
      if (m) {
        const r = relative(m, p);
        for (const n of entries(m.files?.keys() ?? (m.scope ? scoped(m.scope) : []), r))
          names.add(n);
        if (!names.size && r) return undefined;
        if (m.files && !r) for (const k of m.files.keys()) if (!k.includes('/')) names.add(k);
      }
      const prefix = p.slice(1);
      for (const n of entries(
        [...base.keys()].map((k) => k.slice(1)),
        prefix,
      ))
        names.add(n);
      for (const n of entries(scoped(layer), prefix)) names.add(n);
      for (const mount of mounts)
        if (mount.path !== p && mount.path.startsWith(p === '/' ? '/' : `${p}/`))
          names.add(mount.path.slice(p.length + (p === '/' ? 0 : 1)).split('/')[0]);
      if (
        !names.size &&
        !m &&
        p !== '/' &&
        !['/tmp', '/etc', '/var', '/usr', '/root', '/home'].includes(p)
      )
        return undefined;
      return [...names].filter(Boolean).sort();
    },
    write: (path, content, append) => record(path, append ? 'append' : 'write', content),
    remove: (path) => record(path, 'remove', ''),
    follow(path, last, at, untilTime) {
      const p = normalizePath(path);
      const key = storageKey(mounts, layer, p);
      if (!key) {
        const fixed = files.read(p);
        return fixed === undefined
          ? []
          : fixed
              .split('\n')
              .filter((l, i, all) => l || i < all.length - 1)
              .map((text) => ({ at, text }));
      }
      let lines: LogLine[] = [];
      for (const o of opsOf(key)) {
        if (o.at > untilTime) break;
        const added = o.text
          .split('\n')
          .filter((l, i, all) => l || i < all.length - 1)
          .map((text) => ({ at: o.at, text }));
        lines = o.op === 'append' ? lines.concat(added) : o.op === 'write' ? added : [];
      }
      const before = lines.filter((l) => l.at <= at);
      const shown = last === 'all' ? before : last === 0 ? [] : before.slice(-last);
      return [...shown.map((l) => ({ at, text: l.text })), ...lines.filter((l) => l.at > at)];
    },
  };
  return files;
}

export { SA_DIR };
