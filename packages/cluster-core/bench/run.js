#!/usr/bin/env node
/**
 * cluster-core benchmarks (`npm run bench`). Goals live here, not in tests:
 *   in-process ready p50 < 10 ms, idle heap < 1 MB per cluster, 1,000 clusters < 2 GB RSS,
 *   `kubebelt-cluster serve` launch-to-ready < 1 s, server share of `kubectl get pods` (100 pods) < 30 ms.
 * Results go to bench/results/<name>.json; run with `node --expose-gc bench/run.js [name...]`.
 */
const { execFileSync, spawn } = require('node:child_process');
const { mkdtempSync, writeFileSync, mkdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist');
const { createCluster } = require(dist);
const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function round(n, digits = 2) {
  return Math.round(n * 10 ** digits) / 10 ** digits;
}

function gc() {
  if (global.gc) {
    global.gc();
    global.gc();
  }
}

const benches = {
  /** createCluster() until its API objects exist and it can answer requests in process. */
  'cluster-start'() {
    for (let i = 0; i < 20; i++) createCluster(); // warm up the code paths
    const times = [];
    for (let i = 0; i < 200; i++) {
      const t0 = process.hrtime.bigint();
      createCluster();
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return { unit: 'ms', samples: times.length, p50: round(percentile(times, 50), 3), p90: round(percentile(times, 90), 3), p99: round(percentile(times, 99), 3), goal: { p50: '< 10' } };
  },

  /** Heap each idle cluster with its default objects keeps alive. */
  'cluster-heap'() {
    const n = 200;
    gc();
    const before = process.memoryUsage().heapUsed;
    const clusters = [];
    for (let i = 0; i < n; i++) clusters.push(createCluster());
    gc();
    const after = process.memoryUsage().heapUsed;
    const perCluster = (after - before) / n;
    clusters.length = 0;
    return { unit: 'bytes', clusters: n, heapPerCluster: Math.round(perCluster), heapPerClusterMB: round(perCluster / 1048576, 3), goal: { heapPerClusterMB: '< 1' } };
  },

  /** 1,000 clusters in one process. */
  'thousand-clusters'() {
    gc();
    const rssBefore = process.memoryUsage().rss;
    const t0 = Date.now();
    const clusters = [];
    for (let i = 0; i < 1000; i++) clusters.push(createCluster());
    const elapsedMs = Date.now() - t0;
    gc();
    const { rss, heapUsed } = process.memoryUsage();
    const cpuBefore = process.cpuUsage();
    const idleStart = Date.now();
    return new Promise((resolve) => {
      setTimeout(() => {
        const cpu = process.cpuUsage(cpuBefore);
        const wall = Date.now() - idleStart;
        const idleCpuPercent = round(((cpu.user + cpu.system) / 1000 / wall) * 100, 2);
        resolve({
          clusters: clusters.length,
          createAllMs: elapsedMs,
          rssMB: round(rss / 1048576, 1),
          rssBeforeMB: round(rssBefore / 1048576, 1),
          heapUsedMB: round(heapUsed / 1048576, 1),
          idleCpuPercentOfOneCore: idleCpuPercent,
          goal: { rssMB: '< 2048' },
        });
      }, 3000);
    });
  },

  /** `kubebelt-cluster serve` from process launch to the `ready` line with the kubeconfig written. */
  async 'serve-ready'() {
    const bin = join(__dirname, '..', 'bin', 'kubebelt-cluster.js');
    const dir = mkdtempSync(join(tmpdir(), 'kubebelt-bench-'));
    const times = [];
    for (let i = 0; i < 10; i++) {
      const t0 = process.hrtime.bigint();
      const child = spawn(process.execPath, [bin, 'serve', '--kubeconfig', join(dir, `config-${i}`)], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('ready')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
    return { unit: 'ms', samples: times.length, p50: round(percentile(times, 50), 1), p90: round(percentile(times, 90), 1), goal: { p50: '< 1000' } };
  },

  /** The server's share of one `kubectl get pods` on 100 pods: its median minus `kubectl version --client`'s. */
  async 'kubectl-get-pods'() {
    const cluster = createCluster();
    await cluster.serve();
    const dir = mkdtempSync(join(tmpdir(), 'kubebelt-bench-'));
    const kubeconfig = join(dir, 'config');
    writeFileSync(kubeconfig, cluster.kubeconfig());
    const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: dir };
    const pods = cluster.core.resources.preferred('', 'pods');
    if (!pods) throw new Error('pods are not served');
    const ctx = { user: { username: 'bench', groups: ['system:masters'] }, dryRun: false, fieldManager: 'bench', fieldValidation: 'Ignore', warnings: [] };
    for (let i = 0; i < 100; i++) {
      cluster.core.rest.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, labels: { app: 'bench' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } }, ctx);
    }
    const time = (args) => {
      const t0 = process.hrtime.bigint();
      execFileSync(KUBECTL, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    time(['get', 'pods']); // warm discovery cache, as a learner's second command would be
    const client = [];
    const get = [];
    for (let i = 0; i < 20; i++) {
      client.push(time(['version', '--client']));
      get.push(time(['get', 'pods']));
    }
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
    const clientP50 = percentile(client, 50);
    const getP50 = percentile(get, 50);
    return { unit: 'ms', pods: 100, kubectlVersionClientP50: round(clientP50, 1), kubectlGetPodsP50: round(getP50, 1), serverShareP50: round(getP50 - clientP50, 1), goal: { serverShareP50: '< 30' } };
  },
};

async function main() {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(benches);
  const outDir = join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  for (const name of names) {
    if (!benches[name]) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(', ')}`);
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
