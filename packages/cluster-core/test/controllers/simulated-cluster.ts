/**
 * A cluster on a ManualClock for controller tests: create objects through the REST store as a
 * client would, move time forward, and read what the controllers made of them.
 */

import type { KubeObject } from '../../src/api/object';
import { ADMIN_USER, type RequestContext } from '../../src/apiserver/context';
import { ManualClock } from '../../src/clock';
import { type Cluster, type ClusterOptions, createCluster } from '../../src/cluster';

export interface SimulatedCluster {
  cluster: Cluster;
  clock: ManualClock;
  create(group: string, plural: string, obj: KubeObject): KubeObject;
  get(
    group: string,
    plural: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  list(group: string, plural: string, namespace?: string): KubeObject[];
  update(group: string, plural: string, obj: KubeObject): KubeObject;
  remove(group: string, plural: string, namespace: string | undefined, name: string): void;
  events(namespace?: string): KubeObject[];
  /** Lets queued reconciles run without moving the clock. */
  settle(): Promise<void>;
  /** Moves the clock forward in steps, letting controllers react at each step. */
  advance(ms: number, step?: number): Promise<void>;
  close(): Promise<void>;
}

function adminContext(): RequestContext {
  return {
    user: ADMIN_USER,
    dryRun: false,
    fieldManager: 'kubectl-client-side-apply',
    fieldValidation: 'Ignore',
    warnings: [],
  };
}

export function simulatedCluster(options: ClusterOptions = {}): SimulatedCluster {
  const clock = new ManualClock();
  const cluster = createCluster({ clock, ...options });
  const core = cluster.core;
  const r = (group: string, plural: string) => {
    const res = core.resources.preferred(group, plural);
    if (!res) throw new Error(`${group}/${plural} not served`);
    return res;
  };
  const settle = async () => {
    for (let i = 0; i < 30; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    cluster,
    clock,
    create: (group, plural, obj) =>
      core.rest.create(r(group, plural), obj.metadata.namespace, obj, adminContext()),
    get: (group, plural, namespace, name) => core.rest.find(r(group, plural), namespace, name),
    list: (group, plural, namespace) => core.store.list(r(group, plural).storage, namespace),
    update: (group, plural, obj) =>
      core.rest.update(
        r(group, plural),
        obj.metadata.namespace,
        obj.metadata.name ?? '',
        obj,
        adminContext(),
      ).object,
    remove: (group, plural, namespace, name) => {
      core.rest.delete(r(group, plural), namespace, name, {}, adminContext());
    },
    events: (namespace) => core.store.list('/events', namespace),
    settle,
    async advance(ms, step = 100) {
      await settle();
      for (let t = 0; t < ms; t += step) {
        await clock.advance(Math.min(step, ms - t));
        await settle();
      }
    },
    close: () => cluster.close(),
  };
}
