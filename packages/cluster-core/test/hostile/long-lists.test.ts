/**
 * A list of thousands of objects is written in slices that take turns with other clusters'
 * requests (as kube-apiserver 1.33 streams collections): its bytes are the same JSON and kubectl
 * reads it as before. (That the slices take turns is fair-queue.test.ts's; what it does for a
 * neighbour's latency is the flooding-neighbour bench's.)
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Cluster, createCluster } from '../../src';
import { KUBECTL_VERSIONS, startCluster, type TestCluster } from '../kubectl/harness';

const CONFIGMAPS = 2_000;

let big: TestCluster;
let plain: Cluster;
let plainUrl: string;

function fill(cluster: Cluster): void {
  for (let i = 0; i < CONFIGMAPS; i++) {
    cluster.api.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${String(i).padStart(4, '0')}`, namespace: 'default' },
      data: { payload: 'x'.repeat(1_000) },
    });
  }
}

beforeAll(async () => {
  big = await startCluster({ name: 'big', nodes: 1 });
  fill(big.cluster);
  // the same list over plain HTTP, read by fetch
  plain = createCluster({ name: 'plain', nodes: 1 });
  fill(plain);
  plainUrl = await plain.serve({ insecureHttp: true });
}, 60_000);

afterAll(async () => {
  await big.close();
  await plain.close();
});

function get(base: string, cluster: Cluster, path: string): Promise<Response> {
  return fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${cluster.core.token}` } });
}

describe.each(KUBECTL_VERSIONS)('kubectl %s reads a list written in slices', (version) => {
  test('get -o json has every object', async () => {
    const out = await big.ok(['get', 'configmaps', '-o', 'json'], { version });
    const list = JSON.parse(out) as { items: { metadata: { name: string } }[] };
    // and kube-root-ca.crt, which the root CA publisher puts in every namespace
    expect(list.items).toHaveLength(CONFIGMAPS + 1);
    expect(list.items.at(-1)?.metadata.name).toBe('kube-root-ca.crt');
  });

  test('get prints a row per object (a Table written in slices)', async () => {
    const out = await big.ok(['get', 'configmaps', '--no-headers'], { version });
    expect(out.trim().split('\n')).toHaveLength(CONFIGMAPS + 1);
  });
});

test("the body is JSON.stringify's, sent without a Content-Length; a short list keeps its length", async () => {
  const long = await get(plainUrl, plain, '/api/v1/namespaces/default/configmaps');
  expect(long.headers.get('content-length')).toBeNull();
  const body = await long.text();
  expect(JSON.stringify(JSON.parse(body))).toBe(body);
  const short = await get(plainUrl, plain, '/api/v1/namespaces/kube-system/configmaps');
  const shortBody = await short.text();
  expect(short.headers.get('content-length')).toBe(String(Buffer.byteLength(shortBody)));
});
