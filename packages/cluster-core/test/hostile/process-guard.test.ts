/**
 * Many clusters share one process: whatever one cluster's handlers, streams or timers throw is
 * answered and reported at that cluster's boundary, and its neighbour keeps serving.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { type Cluster, createCluster } from '../../src';
import type { Subresource } from '../../src/registry/types';

let broken: Cluster;
let neighbour: Cluster;
let brokenUrl: string;
let neighbourUrl: string;
const reported: { where: string; message: string }[] = [];

beforeAll(async () => {
  broken = createCluster({
    name: 'broken',
    nodes: 1,
    onError: (err, where) => reported.push({ where, message: String(err) }),
  });
  neighbour = createCluster({ name: 'neighbour', nodes: 1 });
  brokenUrl = await broken.serve({ insecureHttp: true });
  neighbourUrl = await neighbour.serve({ insecureHttp: true });
  // Stand-ins for bugs: a handler that throws at once, one that fails after it started answering.
  servePodSubresource(broken, 'log', () => {
    throw new TypeError('log handler bug');
  });
  servePodSubresource(broken, 'eviction', async ({ res }) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"partial":');
    await new Promise((r) => setImmediate(r));
    throw new RangeError('eviction handler bug');
  });
});

/** Serves one pods subresource of one cluster with `serve` (its neighbour keeps the real one). */
function servePodSubresource(cluster: Cluster, name: string, serve: Subresource['serve']): void {
  const pods = cluster.core.resources.preferred('', 'pods');
  if (!pods) throw new Error('pods are not served');
  const subresources = pods.def.subresources?.map((s) => (s.name === name ? { ...s, serve } : s));
  cluster.core.resources.add([{ ...pods, def: { ...pods.def, subresources } }]);
}

afterAll(async () => {
  await broken.close();
  await neighbour.close();
});

function get(base: string, cluster: Cluster, path: string): Promise<Response> {
  return fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${cluster.core.token}` } });
}

async function neighbourServes(): Promise<void> {
  const res = await get(neighbourUrl, neighbour, '/api/v1/namespaces/default/pods');
  expect(res.status).toBe(200);
  expect(((await res.json()) as { kind: string }).kind).toBe('PodList');
}

test('a handler that throws answers 500 Internal error, reported once, and the neighbour serves', async () => {
  const res = await get(brokenUrl, broken, '/api/v1/namespaces/default/pods/web/log');
  expect(res.status).toBe(500);
  expect(await res.json()).toMatchObject({
    kind: 'Status',
    reason: 'InternalError',
    message: 'Internal error occurred: log handler bug',
  });
  expect(reported.filter((r) => r.message.includes('log handler bug'))).toHaveLength(1);
  await neighbourServes();
});

test('a handler that fails mid-response drops that connection only', async () => {
  const res = await fetch(`${brokenUrl}/api/v1/namespaces/default/pods/web/eviction`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${broken.core.token}`, 'Content-Type': 'application/json' },
    body: '{}',
  })
    .then((r) => r.text())
    .catch((err: Error) => err);
  expect(String(res)).toContain('terminated');
  expect(reported.filter((r) => r.message.includes('eviction handler bug'))).toHaveLength(1);
  await neighbourServes();
  // The broken cluster itself still answers everything else.
  expect((await get(brokenUrl, broken, '/api/v1/namespaces')).status).toBe(200);
});

test('a timer on the cluster clock that throws is reported, not fatal', async () => {
  const fired = new Promise<void>((resolve) =>
    broken.clock.schedule(1, () => {
      setImmediate(resolve);
      throw new Error('timer bug');
    }),
  );
  await fired;
  expect(reported).toContainEqual({ where: 'timer', message: 'Error: timer bug' });
  await neighbourServes();
});

test('an upgrade request whose handler throws closes that socket only', async () => {
  servePodSubresource(broken, 'attach', () => {
    throw new Error('attach handler bug');
  });
  const res = await fetch(`${brokenUrl}/api/v1/namespaces/default/pods/web/attach`, {
    headers: { Authorization: `Bearer ${broken.core.token}` },
  });
  expect(res.status).toBe(500);
  expect(reported.filter((r) => r.message.includes('attach handler bug'))).toHaveLength(1);
  await neighbourServes();
});
