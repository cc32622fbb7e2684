#!/usr/bin/env node
/**
 * Grader benchmarks (`npm run bench`). Goal: grading a 10-check lab in process p99 < 20 ms.
 * Also measured: the same lab over a kubeconfig (HTTPS through @kubernetes/client-node), and,
 * as the reference in the same run, one plain `GET /api/v1/namespaces/default/pods` over the
 * same HTTPS connection settings. Results go to bench/results/<name>.json.
 */
const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createCluster, scaledKubeletTimings } = require('@kubebelt/cluster-core');
const { gradeLab, inProcessClient, kubeconfigClient } = require('../dist');
const { parseAllDocuments } = require('yaml');

const SETUP = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: nginx:1.27, ports: [{ containerPort: 80 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: client, labels: { app: client } }
spec: { containers: [{ name: c, image: busybox:1.36, command: [sh, -c, 'echo started; sleep 3600'] }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: app-config }
data: { mode: production }
`;

/** Ten checks of the kinds labs use most, each reading the cluster. */
const LAB = {
  id: 'bench',
  tasks: [
    {
      id: 'deploy',
      title: { en: 'd', zh: 'd' },
      checks: [
        {
          id: 'image',
          type: 'field',
          target: { kind: 'Deployment', name: 'web' },
          path: '{.spec.template.spec.containers[?(@.name=="nginx")].image}',
          value: 'nginx:1.27',
        },
        {
          id: 'replicas',
          type: 'field',
          target: { kind: 'Deployment', name: 'web' },
          path: '.spec.replicas',
          value: 3,
        },
        { id: 'rolled-out', type: 'rolledOut', target: { kind: 'Deployment', name: 'web' } },
        { id: 'ready', type: 'podsReady', selector: 'app=web', count: 3 },
        {
          id: 'running',
          type: 'field',
          target: { kind: 'Pod', selector: 'app=web' },
          path: '.status.phase',
          value: 'Running',
        },
      ],
    },
    {
      id: 'expose',
      title: { en: 'e', zh: 'e' },
      needs: ['deploy'],
      checks: [
        {
          id: 'endpoints',
          type: 'serviceEndpoints',
          service: 'web',
          workload: { kind: 'Deployment', name: 'web' },
        },
        { id: 'connects', type: 'connectivity', from: { pod: 'client' }, host: 'web', port: 80 },
        { id: 'config', type: 'exists', target: { kind: 'ConfigMap', name: 'app-config' } },
        { id: 'logs', type: 'logs', target: { kind: 'Pod', name: 'client' }, contains: 'started' },
        {
          id: 'cel',
          type: 'cel',
          target: { kind: 'Deployment', name: 'web' },
          expression: 'object.spec.replicas >= 3',
        },
      ],
    },
  ],
};

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const round = (n, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

async function settledCluster() {
  const cluster = createCluster({ simulation: { kubelet: scaledKubeletTimings(0.05) } });
  for (const d of parseAllDocuments(SETUP)) cluster.api.create(d.toJS());
  const client = inProcessClient(cluster);
  for (let i = 0; i < 200; i++) {
    const r = await gradeLab(LAB, { client: () => client });
    if (r.passed) return { cluster, client };
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the bench lab never passed');
}

async function time(fn, samples) {
  for (let i = 0; i < 10; i++) await fn();
  const times = [];
  for (let i = 0; i < samples; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return {
    samples,
    p50: round(percentile(times, 50), 3),
    p90: round(percentile(times, 90), 3),
    p99: round(percentile(times, 99), 3),
  };
}

const benches = {
  async 'grade-in-process'() {
    const { cluster, client } = await settledCluster();
    const result = await time(() => gradeLab(LAB, { client: () => client }), 300);
    await cluster.close();
    return { unit: 'ms', checks: 10, ...result, goal: { p99: '< 20' } };
  },
  async 'grade-over-kubeconfig'() {
    const { cluster } = await settledCluster();
    await cluster.serve();
    const dir = mkdtempSync(join(tmpdir(), 'kubebelt-bench-'));
    writeFileSync(join(dir, 'config'), cluster.kubeconfig());
    const client = await kubeconfigClient({ file: join(dir, 'config') });
    const graded = await time(() => gradeLab(LAB, { client: () => client }), 50);
    const pods = await client.resource('Pod');
    const reference = await time(() => client.list(pods, { namespace: 'default' }), 100);
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
    return {
      unit: 'ms',
      checks: 10,
      ...graded,
      reference: { what: 'one GET of the pod list over the same client', ...reference },
    };
  },
};

async function main() {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(benches);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  for (const name of names) {
    const result = {
      name,
      date: new Date().toISOString(),
      node: process.version,
      ...(await benches[name]()),
    };
    writeFileSync(
      join(__dirname, 'results', `${name}.json`),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    console.log(JSON.stringify(result));
  }
  process.exit(0);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
