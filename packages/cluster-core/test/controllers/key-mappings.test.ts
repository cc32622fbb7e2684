/**
 * Key mappings (a reconciler's `primaryKeys` and `watches[].keys`) run inside every store write:
 * they only read. Every mapping of every reconciler, fed each stored object as an added,
 * modified and deleted change (a mapping of every resource: each object of each resource), and
 * every `resyncKeys`, leave the objects and the simulation state as they were.
 */

import { RECONCILERS } from '../../src/controllers';
import { ControllerContext } from '../../src/controllers/controller-context';
import { EventRecorder } from '../../src/controllers/events';
import { ALL_RESOURCES, viewOf } from '../../src/controllers/reconciler';
import { simulationOptions } from '../../src/controllers/simulation-options';
import type { Change } from '../../src/store/store';
import { simulatedCluster } from './simulated-cluster';

test('no key mapping changes the objects or the simulation state', async () => {
  const sim = simulatedCluster();
  try {
    const core = sim.cluster.core;
    sim.create('', 'pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'waits-for-config', namespace: 'default' },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'busybox:1.36',
            command: ['sleep', '3600'],
            volumeMounts: [{ name: 'config', mountPath: '/config' }],
          },
        ],
        volumes: [{ name: 'config', configMap: { name: 'not-yet' } }],
      },
    });
    sim.create('apps', 'deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      },
    });
    await sim.advance(10_000);
    const waiting = core.simulation.runtimes.get('default/waits-for-config');
    expect(waiting?.mountFailure).toContain('configmap "not-yet" not found');

    const state = () => JSON.stringify(core.simulation.toData());
    const rv = core.store.resourceVersion();
    const before = state();
    let mapped = 0;
    for (const reconciler of RECONCILERS) {
      const ctx = new ControllerContext(
        core,
        reconciler.name,
        new EventRecorder(core),
        simulationOptions(),
      );
      const view = viewOf(ctx);
      expect(Object.keys(view).sort()).toEqual(['get', 'list', 'now', 'options', 'state']);
      const mappings: [string, (c: Change) => Iterable<string>][] = [
        ...(reconciler.watches ?? []).map((w): [string, (c: Change) => Iterable<string>] => [
          w.resource,
          (c) => w.keys(c, view),
        ]),
      ];
      const primaryKeys = reconciler.primaryKeys;
      if (primaryKeys) mappings.push([reconciler.primary, (c) => primaryKeys(c, view)]);
      for (const [watched, map] of mappings) {
        const resources = watched === ALL_RESOURCES ? core.store.resources() : [watched];
        for (const resource of resources) {
          for (const object of core.store.list(resource)) {
            for (const type of ['ADDED', 'MODIFIED', 'DELETED'] as const) {
              const change: Change = { type, resource, object, previous: object, rv };
              for (const _ of map(change)) mapped++;
            }
          }
        }
      }
      for (const _ of reconciler.resyncKeys?.(view) ?? []) mapped++;
    }
    expect(mapped).toBeGreaterThan(0);
    expect(core.store.resourceVersion()).toBe(rv);
    expect(state()).toBe(before);
  } finally {
    await sim.close();
  }
});
