/**
 * The API under random and malformed input (fast-check, bounded in time: FUZZ_SECONDS, 30 s by
 * default). Every answer is a sensible one for bad input (never a 500, never a hang), nothing
 * is reported as a server bug, and afterwards the store is consistent: every list equals what
 * is stored, resourceVersions are unique and within the store's counter.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { type Cluster, createCluster } from '../../src';

// Shared with the fuzz bench (bench/hostile.js).
const { requestArbitrary, send, fuzzableResources, isFailure } =
  require('../../bench/api-fuzz-cases.js') as {
    requestArbitrary(resources: unknown[]): fc.Arbitrary<FuzzCase>;
    send(
      base: string,
      token: string,
      c: FuzzCase,
    ): Promise<{ status: number; contentType: string; text: string }>;
    fuzzableResources(cluster: Cluster): { group: string; plural: string }[];
    isFailure(res: { status: number; text: string }): boolean;
  };

interface FuzzCase {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string;
  accept: string;
  body: string;
}

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 30);

let cluster: Cluster;
let base: string;
const reported: string[] = [];

beforeAll(async () => {
  cluster = createCluster({
    nodes: 2,
    onError: (err, where) => reported.push(`${where}: ${(err as Error)?.stack ?? err}`),
  });
  base = await cluster.serve({ insecureHttp: true });
});
afterAll(() => cluster.close());

test(
  `${SECONDS} s of random requests get no 500 (but upstream's own), no hang, and leave the store consistent`,
  async () => {
    const started = Date.now();
    let cases = 0;
    let failures = 0;
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArbitrary(fuzzableResources(cluster)), async (c) => {
        cases++;
        const res = await send(base, cluster.core.token, c);
        codes.set(res.status, (codes.get(res.status) ?? 0) + 1);
        const bugs = reported.splice(0);
        if (isFailure(res) || bugs.length) {
          failures++;
          throw new Error(
            `${c.method} ${c.path} answered ${res.status}: ${res.text.slice(0, 400)}\n${bugs.join('\n')}`,
          );
        }
        if (res.contentType.startsWith('application/json') && res.text) JSON.parse(res.text);
      }),
      {
        numRuns: 1_000_000,
        interruptAfterTimeLimit: SECONDS * 1000,
        markInterruptAsFailure: false,
      },
    );
    const elapsed = (Date.now() - started) / 1000;
    console.log(
      `api fuzz: ${cases} cases in ${elapsed.toFixed(1)} s (${Math.round(cases / elapsed)}/s); status codes ${JSON.stringify(Object.fromEntries([...codes].sort((a, b) => a[0] - b[0])))}`,
    );
    expect(failures).toBe(0);
    expect(cases).toBeGreaterThan(20);

    // The store is consistent: the API lists what is stored, each resourceVersion once.
    const store = cluster.core.store;
    const seen = new Set<number>();
    const checked = new Set<string>();
    for (const r of cluster.core.resources.all()) {
      // Versions of one kind share its storage: each storage is checked once.
      if (!r.verbs.includes('list') || r.def.computeOnRead || checked.has(r.storage)) continue;
      checked.add(r.storage);
      const stored = store.list(r.storage);
      const listed = (await (
        await fetch(
          `${base}${r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`}/${r.plural}`,
          {
            headers: { Authorization: `Bearer ${cluster.core.token}` },
          },
        )
      ).json()) as {
        items: { metadata: { name: string; namespace?: string; resourceVersion: string } }[];
      };
      const key = (m: { name?: string; namespace?: string }) => `${m.namespace ?? ''}/${m.name}`;
      expect(listed.items.map((o) => key(o.metadata)).sort()).toEqual(
        store
          .list(r.storage)
          .map((o) => key(o.metadata))
          .sort(),
      );
      for (const o of stored) {
        const rv = Number(o.metadata.resourceVersion);
        expect(rv).toBeGreaterThan(0);
        expect(rv).toBeLessThanOrEqual(store.resourceVersion());
        // One counter for the whole store, as etcd's revision: no two objects share one.
        expect(seen.has(rv)).toBe(false);
        seen.add(rv);
      }
    }
  },
  (SECONDS + 60) * 1000,
);

test("the one 500 kube-apiserver gives bad input itself is upstream's, and other 500s are failures", async () => {
  // the fuzzer's counterexample: a server-side apply whose object does not fit the schema
  const res = await send(base, cluster.core.token, {
    method: 'PATCH',
    path: '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web',
    query: { fieldManager: ' ' },
    contentType: 'application/apply-patch+yaml',
    accept: 'application/json',
    body: '{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{},"data":0}',
  } as unknown as FuzzCase);
  expect(res.status).toBe(500);
  expect(JSON.parse(res.text)).toMatchObject({
    reason: '',
    message:
      'failed to create typed patch object (/; policy/v1, Kind=PodDisruptionBudget): .data: field not declared in schema',
  });
  expect(isFailure(res)).toBe(false);
  const internal = { kind: 'Status', reason: 'InternalError', message: 'Internal error occurred' };
  expect(isFailure({ status: 500, text: JSON.stringify(internal) })).toBe(true);
  expect(isFailure({ status: 0, text: '' })).toBe(true);
});
