#!/usr/bin/env node
/**
 * Hostile-learner benchmarks (`npm run bench:hostile`, after `npm run build`):
 *   flooding-neighbour: a quiet cluster's `kubectl get pods` (a Table list of its pods) p99 while
 *     a neighbour in the same process is flooded by another process (creates past its object
 *     limit, big lists, bad bodies, more requests than its in-flight limit), against the quiet
 *     cluster's p99 alone. Goal: ratio < 2.
 *   api-fuzz: random and malformed requests (bench/api-fuzz-cases.js) for FUZZ_SECONDS (20):
 *     cases per second, how many, and the failures (500s, hangs) among them. Goal: 0 failures.
 * Results go to bench/results/<name>.json.
 */
const { spawn } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const fc = require('fast-check');
const { createCluster } = require(join(__dirname, '..', 'dist'));
const { requestArbitrary, send, fuzzableResources, isFailure } = require('./api-fuzz-cases');

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** `kubectl get pods` timed this many times alone and again during the flood. */
const SAMPLES = Number(process.env.FLOOD_SAMPLES ?? 1000);

/** `kubectl get pods`: the Table list kubectl asks for. */
async function getPods(base, token) {
  const t0 = process.hrtime.bigint();
  const res = await fetch(`${base}/api/v1/namespaces/default/pods?limit=500`, {
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    },
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`quiet cluster answered ${res.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function sample(base, token, n) {
  const times = [];
  for (let i = 0; i < n; i++) times.push(await getPods(base, token));
  return times;
}

/** The flood, from another process as a learner's loop would come: `workers` requests at a time. */
const FLOOD = `
const [base, token, workers] = process.argv.slice(1);
const h = { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' };
let i = 0;
const kinds = [
  () => fetch(base + '/api/v1/namespaces/default/configmaps', { method: 'POST', headers: h,
    body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flood-' + process.pid + '-' + i++ }, data: { a: 'x'.repeat(2000) } }) }),
  () => fetch(base + '/api/v1/configmaps', { headers: h }),
  () => fetch(base + '/api/v1/namespaces/default/configmaps?labelSelector=a%20in%20(b,c),d!=e&fieldSelector=metadata.name!=x', { headers: h }),
  () => fetch(base + '/api/v1/namespaces/default/pods', { method: 'POST', headers: h, body: '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":' + '['.repeat(5000) }),
];
async function worker() {
  for (;;) {
    try { const r = await kinds[i % kinds.length](); await r.arrayBuffer(); } catch {}
    i++;
  }
}
for (let w = 0; w < Number(workers); w++) worker();
`;

const benches = {
  async 'flooding-neighbour'() {
    const quiet = createCluster({ name: 'quiet', nodes: 1 });
    const flooded = createCluster({ name: 'flooded', nodes: 1 });
    const quietUrl = await quiet.serve({ insecureHttp: true });
    const floodedUrl = await flooded.serve({ insecureHttp: true });
    for (let i = 0; i < 20; i++) {
      await fetch(`${quietUrl}/api/v1/namespaces/default/pods`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${quiet.core.token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `web-${i}` },
          spec: { containers: [{ name: 'web', image: 'nginx' }] },
        }),
      });
    }
    // the baseline is a settled cluster's: its pods running, its controllers done with them
    const pods = quiet.api.resource('Pod');
    for (let i = 0; i < 300; i++) {
      const running = quiet.api.list(pods).filter((p) => p.status?.phase === 'Running');
      if (running.length >= 20) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 2000));
    await sample(quietUrl, quiet.core.token, 50); // warm up
    const baseline = await sample(quietUrl, quiet.core.token, SAMPLES);
    const workers = Number(process.env.FLOOD_WORKERS ?? 64);
    const flood = spawn(
      process.execPath,
      ['-e', FLOOD, floodedUrl, flooded.core.token, String(workers)],
      {
        stdio: 'ignore',
      },
    );
    await new Promise((r) => setTimeout(r, 3000)); // the flood fills the neighbour up to its limits
    const during = await sample(quietUrl, quiet.core.token, SAMPLES);
    const floodedObjects = flooded.core.store.count();
    flood.kill('SIGKILL');
    await quiet.close();
    await flooded.close();
    const p99Baseline = percentile(baseline, 99);
    const p99During = percentile(during, 99);
    return {
      unit: 'ms',
      samples: SAMPLES,
      floodWorkers: workers,
      floodedClusterObjects: floodedObjects,
      baseline: { p50: round(percentile(baseline, 50), 3), p99: round(p99Baseline, 3) },
      duringFlood: { p50: round(percentile(during, 50), 3), p99: round(p99During, 3) },
      p99Ratio: round(p99During / p99Baseline, 2),
      goal: { p99Ratio: '< 2' },
    };
  },

  async 'api-fuzz'() {
    const seconds = Number(process.env.FUZZ_SECONDS ?? 20);
    const reported = [];
    const cluster = createCluster({
      nodes: 2,
      onError: (err, where) => reported.push(`${where}: ${err}`),
    });
    const base = await cluster.serve({ insecureHttp: true });
    const codes = {};
    let cases = 0;
    let failures = 0;
    const failed = [];
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(requestArbitrary(fuzzableResources(cluster)), async (c) => {
        cases++;
        const res = await send(base, cluster.core.token, c);
        codes[res.status] = (codes[res.status] ?? 0) + 1;
        if (isFailure(res)) {
          failures++;
          if (failed.length < 5)
            failed.push({ ...c, status: res.status, answer: res.text.slice(0, 300) });
        }
      }),
      {
        numRuns: 10_000_000,
        interruptAfterTimeLimit: seconds * 1000,
        markInterruptAsFailure: false,
      },
    );
    const elapsed = (Date.now() - started) / 1000;
    await cluster.close();
    return {
      unit: 'cases',
      seconds: round(elapsed, 1),
      cases,
      casesPerSecond: round(cases / elapsed, 1),
      failures,
      reportedErrors: reported.length,
      statusCodes: codes,
      failed,
      reported: reported.slice(0, 5),
      goal: { failures: 0 },
    };
  },
};

async function main() {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(benches);
  const outDir = join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  for (const name of names) {
    if (!benches[name])
      throw new Error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(', ')}`);
    const result = await benches[name]();
    const record = { name, date: new Date().toISOString(), node: process.version, ...result };
    writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
    console.log(JSON.stringify(record));
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
