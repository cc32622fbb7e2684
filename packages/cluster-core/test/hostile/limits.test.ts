/**
 * Per-cluster limits, each answered with the Status (or text) a real cluster gives at the same
 * wall, and set per cluster in createCluster.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Cluster, createCluster, DEFAULT_LIMITS } from '../../src';

let cluster: Cluster;
let base: string;

beforeAll(async () => {
  cluster = createCluster({
    nodes: 1,
    limits: { maxObjectBytes: 64 * 1024, maxRequestsInFlight: 2, maxWatches: 2 },
  });
  base = await cluster.serve({ insecureHttp: true });
});
afterAll(() => cluster.close());

const auth = () => ({ Authorization: `Bearer ${cluster.core.token}` });

function configMap(name: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...extra },
    data: {} as Record<string, string>,
  };
}

async function create(obj: unknown, namespace = 'default') {
  const res = await fetch(`${base}/api/v1/namespaces/${namespace}/configmaps`, {
    method: 'POST',
    headers: { ...auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify(obj),
  });
  return { status: res.status, body: (await res.json()) as { message?: string; reason?: string } };
}

test('the defaults are those of the issue: 3 MiB bodies, 1.5 MiB objects, 32 MiB stored, 5,000 objects, 50 in flight, 100 watches', () => {
  expect(DEFAULT_LIMITS).toEqual({
    maxRequestBodyBytes: 3 * 1024 * 1024,
    maxObjectBytes: 1.5 * 1024 * 1024,
    maxAnnotationBytes: 256 * 1024,
    maxStorageBytes: 32 * 1024 * 1024,
    maxObjects: 5000,
    maxRequestsInFlight: 50,
    maxWatches: 100,
  });
});

test('a request body over 3 MiB is 413 RequestEntityTooLarge', async () => {
  const big = configMap('big-body');
  big.data.blob = 'x'.repeat(3 * 1024 * 1024);
  const { status, body } = await create(big);
  expect(status).toBe(413);
  expect(body).toMatchObject({
    reason: 'RequestEntityTooLarge',
    message: 'Request entity too large: limit is 3145728',
  });
});

test('an object over the object size limit is refused as etcd refuses it', async () => {
  const big = configMap('big-object');
  big.data.blob = 'x'.repeat(70 * 1024);
  const { status, body } = await create(big);
  expect(status).toBe(413);
  expect(body).toMatchObject({
    reason: 'RequestEntityTooLarge',
    message: 'etcdserver: request is too large',
  });
  expect(
    (await fetch(`${base}/api/v1/namespaces/default/configmaps/big-object`, { headers: auth() }))
      .status,
  ).toBe(404);
});

test('annotations over 256 KiB are invalid, with upstream text', async () => {
  const { status, body } = await create(
    configMap('annotated', { annotations: { note: 'x'.repeat(256 * 1024) } }),
  );
  expect(status).toBe(422);
  expect(body.message).toBe(
    'ConfigMap "annotated" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes',
  );
});

describe('object counts', () => {
  let perKind: Cluster;
  let total: Cluster;
  const urls = new Map<Cluster, string>();
  beforeAll(async () => {
    const probe = createCluster({ nodes: 1 });
    const bootstrapped = probe.core.store.count();
    await probe.close();
    perKind = createCluster({ nodes: 1, limits: { maxObjectsPerNamespaceKind: 5 } });
    // Room for a few objects past what a fresh cluster stores (its controllers add some 40:
    // pods, events, leases, the IPAddresses of the system Services).
    total = createCluster({ nodes: 1, limits: { maxObjects: bootstrapped + 60 } });
    urls.set(perKind, await perKind.serve({ insecureHttp: true }));
    urls.set(total, await total.serve({ insecureHttp: true }));
  });
  afterAll(async () => {
    await perKind.close();
    await total.close();
  });

  const post = async (c: Cluster, name: string, namespace: string) => {
    const res = await fetch(`${urls.get(c)}/api/v1/namespaces/${namespace}/configmaps`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${c.core.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(configMap(name)),
    });
    return { status: res.status, body: (await res.json()) as { message: string; reason: string } };
  };

  test('past the per-namespace limit of a kind a create is 403 exceeded quota', async () => {
    for (let i = 0; i < 4; i++)
      expect((await post(perKind, `cm-${i}`, 'kube-public')).status).toBe(201);
    // kube-public already holds kube-root-ca.crt: that is the fifth.
    const refused = await post(perKind, 'cm-4', 'kube-public');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      reason: 'Forbidden',
      message:
        'configmaps "cm-4" is forbidden: exceeded quota: cluster-object-count, requested: count/configmaps=1, used: count/configmaps=5, limited: count/configmaps=5',
    });
    expect((await post(perKind, 'cm-4', 'default')).status).toBe(201);
  });

  test('past the cluster limit a create is 403 exceeded quota, and a delete makes room', async () => {
    let refused: { status: number; body: { message: string } } | undefined;
    for (let i = 0; i < 60 && !refused; i++) {
      const result = await post(total, `fill-${i}`, 'default');
      if (result.status !== 201) refused = result;
    }
    expect(refused?.status).toBe(403);
    const limit = total.core.rest.limits.maxObjects;
    expect(refused?.body.message).toMatch(
      `exceeded quota: cluster-object-count, requested: count/objects=1, used: count/objects=${limit}, limited: count/objects=${limit}`,
    );
    expect(total.core.store.count()).toBe(limit);
    await fetch(`${urls.get(total)}/api/v1/namespaces/default/configmaps/fill-0`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${total.core.token}` },
    });
    expect((await post(total, 'after-delete', 'default')).status).toBe(201);
  });
});

/** Starts a request that sends its headers and holds its body: it stays in flight. */
function holdRequest(): { release(): Promise<number> } {
  const url = new URL(`${base}/api/v1/namespaces/default/configmaps`);
  const body = JSON.stringify(configMap(`held-${Math.random().toString(36).slice(2, 8)}`));
  let status: Promise<number> = Promise.resolve(0);
  const req = request(url, {
    method: 'POST',
    headers: {
      ...auth(),
      'Content-Type': 'application/json',
      'Content-Length': String(body.length),
    },
  });
  status = new Promise((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, 5));
  return {
    release: () => {
      req.end(body.slice(5));
      return status;
    },
  };
}

test('past the requests in flight, a request is 429 with Retry-After, as max-in-flight answers', async () => {
  const held = [holdRequest(), holdRequest()];
  await new Promise((r) => setTimeout(r, 100));
  const res = await fetch(`${base}/api/v1/namespaces/default/pods`, { headers: auth() });
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe('1');
  expect(await res.text()).toBe('Too many requests, please try again later.\n');
  expect(await Promise.all(held.map((h) => h.release()))).toEqual([201, 201]);
  expect((await fetch(`${base}/api/v1/namespaces/default/pods`, { headers: auth() })).status).toBe(
    200,
  );
});

test('watches do not count as in flight, and past the watch limit a watch is 429', async () => {
  const controllers = [new AbortController(), new AbortController()];
  const watches = await Promise.all(
    controllers.map((c) =>
      fetch(`${base}/api/v1/namespaces/default/configmaps?watch=true`, {
        headers: auth(),
        signal: c.signal,
      }),
    ),
  );
  expect(watches.map((w) => w.status)).toEqual([200, 200]);
  const third = await fetch(`${base}/api/v1/namespaces/default/configmaps?watch=true`, {
    headers: auth(),
  });
  expect(third.status).toBe(429);
  // Ordinary requests still go through.
  expect((await fetch(`${base}/api/v1/namespaces`, { headers: auth() })).status).toBe(200);
  controllers[0].abort();
  await new Promise((r) => setTimeout(r, 100));
  const again = new AbortController();
  const reopened = await fetch(`${base}/api/v1/namespaces/default/configmaps?watch=true`, {
    headers: auth(),
    signal: again.signal,
  });
  expect(reopened.status).toBe(200);
  again.abort();
  controllers[1].abort();
});

describe('stored bytes', () => {
  let small: Cluster;
  let smallBase: string;
  beforeAll(async () => {
    small = createCluster({ nodes: 1, limits: { maxStorageBytes: 2 * 1024 * 1024 } });
    smallBase = await small.serve({ insecureHttp: true });
  });
  afterAll(() => small.close());

  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${smallBase}${path}`, {
      method,
      headers: { Authorization: `Bearer ${small.core.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  test('past the quota a growing write fails as a full etcd fails it; reads and deletes go on, and a delete makes room', async () => {
    const blob = (name: string) => ({ ...configMap(name), data: { blob: 'x'.repeat(400 * 1024) } });
    let refused: Response | undefined;
    let created = 0;
    for (let i = 0; i < 10 && !refused; i++) {
      const res = await send('POST', '/api/v1/namespaces/default/configmaps', blob(`fill-${i}`));
      if (res.status === 201) created++;
      else refused = res;
    }
    expect(created).toBeGreaterThanOrEqual(3);
    expect(refused?.status).toBe(500);
    expect(await refused?.json()).toMatchObject({
      reason: 'InternalError',
      message: 'Internal error occurred: etcdserver: mvcc: database space exceeded',
    });
    expect(small.core.store.storedBytes()).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect((await send('GET', '/api/v1/namespaces/default/configmaps')).status).toBe(200);
    expect((await send('DELETE', '/api/v1/namespaces/default/configmaps/fill-0')).status).toBe(200);
    const again = await send('POST', '/api/v1/namespaces/default/configmaps', blob('after-delete'));
    expect(again.status).toBe(201);
  });
});
