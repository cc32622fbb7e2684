/**
 * A pod's effective resource requests as the scheduler counts them
 * (k8s.io/component-helpers/resource PodRequests): the sum of its containers plus restartable
 * init containers (sidecars), or the largest plain init container on top of the sidecars
 * started before it, whichever is larger, plus spec.overhead.
 */
import type { KubeObject } from '../api/object';
import { tryParseQuantity } from '../api/quantity';

/** Resource name to amount: milli-units for cpu, plain units for the rest. */
export type Resources = Map<string, number>;

function amount(name: string, value: unknown): number {
  const q = tryParseQuantity(value);
  if (typeof q === 'string') return 0;
  return name === 'cpu' ? q.milliValue() : q.value();
}

export function resourceList(list: Record<string, unknown> | undefined): Resources {
  const out: Resources = new Map();
  for (const [k, v] of Object.entries(list ?? {})) out.set(k, amount(k, v));
  return out;
}

function add(into: Resources, from: Resources): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

function max(into: Resources, from: Resources): void {
  for (const [k, v] of from) into.set(k, Math.max(into.get(k) ?? 0, v));
}

// biome-ignore lint/suspicious/noExplicitAny: container specs are free-form JSON
type Container = Record<string, any>;

function containerRequests(c: Container): Resources {
  // Requests default to limits (SetDefaults_Pod), which the registry applies; read both anyway.
  const requests = resourceList(c.resources?.requests);
  for (const [k, v] of resourceList(c.resources?.limits)) if (!requests.has(k)) requests.set(k, v);
  return requests;
}

export function podRequests(pod: KubeObject): Resources {
  const spec = pod.spec ?? {};
  const total: Resources = new Map();
  for (const c of (spec.containers ?? []) as Container[]) add(total, containerRequests(c));
  const sidecars: Resources = new Map();
  const initMax: Resources = new Map();
  for (const c of (spec.initContainers ?? []) as Container[]) {
    const r = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      add(total, r);
      add(sidecars, r);
      max(initMax, sidecars);
    } else {
      const withSidecars: Resources = new Map(sidecars);
      add(withSidecars, r);
      max(initMax, withSidecars);
    }
  }
  max(total, initMax);
  add(total, resourceList(spec.overhead));
  return total;
}

/** The scheduler's non-zero defaults for scoring: 100m CPU and 200 MiB per container without requests. */
export function nonZeroRequests(pod: KubeObject): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of (pod.spec?.containers ?? []) as Container[]) {
    const r = containerRequests(c);
    cpu += r.get('cpu') ?? 100;
    memory += r.get('memory') ?? 200 * 1024 * 1024;
  }
  return { cpu, memory };
}
