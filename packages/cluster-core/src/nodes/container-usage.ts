/**
 * What cAdvisor would measure in the simulated containers: the numbers metrics-server serves
 * and `kubectl top` prints, which the HorizontalPodAutoscaler scales on. A container uses the
 * idle footprint of its image, burns CPU when its command does (stress, busy loops), and serves
 * the load that HTTP load generators put on the Service they call (the HPA walkthrough's
 * `while sleep 0.01; do wget -q -O- http://php-apache; done`). CPU never exceeds the limit
 * (CFS throttling). Deterministic: the same pods give the same numbers; a small per-container
 * spread keeps replicas from looking cloned.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/object';
import { tryParseQuantity } from '../api/quantity';
import { resolveImage } from './image-catalogue';
import { labelSelectorMatches } from './node-selection';

// biome-ignore lint/suspicious/noExplicitAny: pod specs are free-form JSON
type Json = Record<string, any>;

export interface Usage {
  /** CPU in nanocores, as the metrics API reports it. */
  cpuNanos: number;
  memoryBytes: number;
}

export interface ContainerUsage {
  name: string;
  usage: Usage;
}

/** What the usage model reads: pods, services and nodes of the cluster. */
export interface UsageView {
  list(group: string, plural: string, namespace?: string): KubeObject[];
}

const MI = 1024 * 1024;

/** Idle CPU (millicores) and memory (MiB) of the catalogue's images, roughly as `kubectl top` shows them. */
const IDLE: Record<string, [number, number]> = {
  nginx: [1, 4],
  'nginx-unprivileged': [1, 4],
  httpd: [1, 9],
  busybox: [0, 0.4],
  alpine: [0, 0.5],
  curl: [0, 0.6],
  busyboxplus: [0, 0.5],
  netshoot: [0, 2],
  ubuntu: [0, 1],
  debian: [0, 1],
  centos: [0, 1.5],
  redis: [2, 3],
  postgres: [3, 32],
  mysql: [6, 380],
  mariadb: [3, 90],
  mongo: [8, 160],
  memcached: [1, 2],
  rabbitmq: [25, 120],
  traefik: [2, 30],
  haproxy: [1, 48],
  wordpress: [1, 26],
  tomcat: [3, 120],
  registry: [1, 8],
  node: [1, 30],
  python: [1, 12],
  golang: [0, 1],
  'webapp-color': [1, 25],
  'hello-app': [0, 2],
  echoserver: [1, 5],
  agnhost: [1, 8],
  // Idle Apache under 1m: the walkthrough's HPA reads 0% before the load starts.
  'hpa-example': [0.5, 10],
  pause: [0, 0.3],
  'kube-apiserver': [45, 280],
  etcd: [20, 45],
  'kube-controller-manager': [15, 55],
  'kube-scheduler': [3, 22],
  coredns: [2, 14],
  'kube-proxy': [1, 18],
  flannel: [3, 14],
};
const DEFAULT_IDLE: [number, number] = [1, 10];

/** CPU an HTTP load generator's loop makes its target Service's pods spend, in total. */
const LOAD_PER_GENERATOR_MILLI = 700;
/** Most servers spend less per request than the walkthrough's CPU-bound php-apache. */
const CPU_BOUND_BACKENDS = new Set(['hpa-example']);
const LIGHT_BACKEND_SHARE = 0.2;
/** What the OS, kubelet and container runtime of a node use besides the pods. */
const NODE_BASE = {
  controlPlane: [55, 420] as [number, number],
  worker: [22, 160] as [number, number],
};

function milli(value: unknown): number | undefined {
  const q = tryParseQuantity(value);
  return typeof q === 'string' ? undefined : q.milliValue();
}

function bytes(value: unknown): number | undefined {
  const q = tryParseQuantity(value);
  return typeof q === 'string' ? undefined : q.value();
}

/** A stable fraction in [0, 1) for a string. */
function spread(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;
}

function imageName(image: string): string {
  const repository = resolveImage(image)?.info?.repository ?? image.replace(/[:@].*$/, '');
  return repository.slice(repository.lastIndexOf('/') + 1);
}

function commandText(c: Json): string {
  return [...(c.command ?? []), ...(c.args ?? [])].join(' ');
}

/** stress / stress-ng workers: `--cpu N`, `--vm N --vm-bytes S` (defaults 1 and 256M). */
function stressDemand(c: Json): { cpuMilli: number; memoryBytes: number } | undefined {
  const words = [...(c.command ?? []), ...(c.args ?? [])].flatMap((w: string) =>
    String(w).split(/\s+/),
  );
  const isStress =
    /stress/.test(imageName(c.image ?? '')) || words.some((w) => /(^|\/)stress(-ng)?$/.test(w));
  if (!isStress) return undefined;
  const flag = (...names: string[]) => {
    const i = words.findIndex((w) => names.includes(w));
    return i >= 0 ? words[i + 1] : undefined;
  };
  const cpus = Number(flag('--cpu', '-c') ?? 0);
  const vms = Number(flag('--vm', '-m') ?? 0);
  const vmBytes =
    bytes(String(flag('--vm-bytes') ?? '256M').replace(/([KMG])$/i, '$1i')) ?? 256 * MI;
  return { cpuMilli: 1000 * (cpus + vms || 1), memoryBytes: vms * vmBytes };
}

/** Shell loops that spin without sleeping, `yes > /dev/null`, `md5sum /dev/urandom` and the like. */
function burnsCpu(c: Json): boolean {
  const text = commandText(c);
  if (/while\s+(true|:|\[\s*1\s*\])\s*;?\s*do\s*(:|true)?\s*;?\s*done/.test(text)) return true;
  return /\byes\b[^|;&]*>\s*\/dev\/null|\b(md5sum|sha256sum|gzip)\b[^;&]*\/dev\/(u?random|zero)|dd\s+if=\/dev\/(zero|u?random)\s+of=\/dev\/null/.test(
    text,
  );
}

/** Hosts a container's loop keeps requesting (`wget`/`curl` in a `while`/`for` loop). */
export function loadGeneratorHosts(c: Json): string[] {
  const text = commandText(c);
  if (!/\b(while|for)\b/.test(text) || !/\b(wget|curl)\b/.test(text)) return [];
  const hosts = new Set<string>();
  for (const m of text.matchAll(/\b(?:wget|curl)\b([^;&|]*)/g)) {
    const target = m[1]
      .trim()
      .split(/\s+/)
      .filter((w) => w && !w.startsWith('-'))
      .pop();
    if (!target) continue;
    const host = target
      .replace(/^["']|["']$/g, '')
      .replace(/^https?:\/\//, '')
      .split(/[/:?]/)[0];
    if (host) hosts.add(host.toLowerCase());
  }
  return [...hosts];
}

function isRunning(pod: KubeObject): boolean {
  return (
    pod.status?.phase === 'Running' &&
    !(pod.status?.containerStatuses ?? []).every((s: Json) => !s.state?.running)
  );
}

function isReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some(
    (c: Json) => c.type === 'Ready' && c.status === 'True',
  );
}

function serviceFor(
  host: string,
  namespace: string,
  services: KubeObject[],
): KubeObject | undefined {
  const [name, ns] = host.split('.');
  return (
    services.find((s) => s.spec?.clusterIP === host) ??
    services.find((s) => s.metadata.name === name && s.metadata.namespace === (ns ?? namespace))
  );
}

/**
 * CPU (millicores) the running load generators make each backend pod spend, by `namespace/name`:
 * each generator's demand is split evenly across the ready pods behind the Service it calls.
 */
export function serviceLoad(view: UsageView): Map<string, number> {
  const load = new Map<string, number>();
  const pods = view.list('', 'pods').filter(isRunning);
  const generators = pods.flatMap((p) =>
    ((p.spec?.containers ?? []) as Json[]).flatMap((c) =>
      loadGeneratorHosts(c).map((h) => [p, h] as const),
    ),
  );
  if (!generators.length) return load;
  const services = view.list('', 'services');
  for (const [pod, host] of generators) {
    const svc = serviceFor(host, pod.metadata.namespace ?? 'default', services);
    if (!svc?.spec?.selector) continue;
    const selector = { matchLabels: svc.spec.selector };
    const backends = pods.filter(
      (p) =>
        p.metadata.namespace === svc.metadata.namespace &&
        isReady(p) &&
        labelSelectorMatches(selector, p.metadata.labels),
    );
    for (const b of backends) {
      const key = `${b.metadata.namespace}/${b.metadata.name}`;
      load.set(key, (load.get(key) ?? 0) + LOAD_PER_GENERATOR_MILLI / backends.length);
    }
  }
  return load;
}

/** The container that serves a pod's traffic: the first whose image listens on a port. */
function servingContainer(pod: KubeObject): string | undefined {
  const containers = (pod.spec?.containers ?? []) as Json[];
  return (
    containers.find(
      (c) => (c.ports ?? []).length || (resolveImage(c.image ?? '')?.info?.ports ?? []).length,
    ) ?? containers[0]
  )?.name;
}

function containerUsage(pod: KubeObject, c: Json, load: number): Usage {
  const name = imageName(c.image ?? '');
  const [idleCpu, idleMi] = IDLE[name] ?? DEFAULT_IDLE;
  const seed = `${pod.metadata.uid ?? pod.metadata.name}/${c.name}`;
  let cpu = idleCpu * (0.85 + 0.3 * spread(`${seed}/cpu`));
  let memory = idleMi * MI * (0.9 + 0.2 * spread(`${seed}/memory`));
  const stress = stressDemand(c);
  if (stress) {
    cpu += stress.cpuMilli;
    memory += stress.memoryBytes;
  } else if (burnsCpu(c)) {
    cpu += 1000;
  }
  if (load) {
    const share = CPU_BOUND_BACKENDS.has(name) ? 1 : LIGHT_BACKEND_SHARE;
    cpu += load * share;
    memory += Math.min(load, 1000) * share * 0.05 * MI;
  }
  const cpuLimit = milli(c.resources?.limits?.cpu);
  if (cpuLimit !== undefined) cpu = Math.min(cpu, cpuLimit);
  const memoryLimit = bytes(c.resources?.limits?.memory);
  if (memoryLimit !== undefined) memory = Math.min(memory, memoryLimit);
  // kubelet's working set is counted in pages.
  return {
    cpuNanos: Math.round(cpu * 1e6),
    memoryBytes: Math.max(4096, Math.round(memory / 4096) * 4096),
  };
}

/** Usage of a pod's running containers, or undefined when none runs (metrics-server has no sample). */
export function podUsage(pod: KubeObject, load: Map<string, number>): ContainerUsage[] | undefined {
  if (!isRunning(pod)) return undefined;
  const running = new Set(
    ((pod.status?.containerStatuses ?? []) as Json[])
      .filter((s) => s.state?.running)
      .map((s) => s.name),
  );
  const served = load.get(`${pod.metadata.namespace}/${pod.metadata.name}`) ?? 0;
  const server = served ? servingContainer(pod) : undefined;
  const out = ((pod.spec?.containers ?? []) as Json[])
    .filter((c) => running.has(c.name))
    .map((c) => ({
      name: c.name as string,
      usage: containerUsage(pod, c, c.name === server ? served : 0),
    }));
  return out.length ? out : undefined;
}

/** A node's usage: its base footprint plus its running pods. */
export function nodeUsage(node: KubeObject, pods: ContainerUsage[][]): Usage {
  const controlPlane = Object.keys(node.metadata.labels ?? {}).includes(
    'node-role.kubernetes.io/control-plane',
  );
  const [cpu, mi] = controlPlane ? NODE_BASE.controlPlane : NODE_BASE.worker;
  const seed = node.metadata.uid ?? node.metadata.name ?? '';
  const total: Usage = {
    cpuNanos: Math.round(cpu * (0.9 + 0.2 * spread(`${seed}/cpu`)) * 1e6),
    memoryBytes: Math.round((mi * MI * (0.95 + 0.1 * spread(`${seed}/memory`))) / 4096) * 4096,
  };
  for (const containers of pods) {
    for (const { usage } of containers) {
      total.cpuNanos += usage.cpuNanos;
      total.memoryBytes += usage.memoryBytes;
    }
  }
  return total;
}
