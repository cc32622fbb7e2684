#!/usr/bin/env node
/**
 * cluster-core benchmarks (`npm run bench`). Goals live here, not in tests:
 *   in-process ready p50 < 10 ms, idle heap < 1 MB per cluster, 1,000 clusters < 2 GB RSS,
 *   `kubebelt-cluster serve` launch-to-ready < 1 s, server share of `kubectl get pods` (100 pods) < 30 ms.
 *   snapshot of a typical lab cluster < 50 ms and < 200 KB.
 * Results go to bench/results/<name>.json; run with `node --expose-gc bench/run.js [name...]`.
 */
const { execFile, spawn } = require('node:child_process');
const { mkdtempSync, writeFileSync, mkdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist');
const { createCluster, ManualClock } = require(dist);
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
    return {
      unit: 'ms',
      samples: times.length,
      p50: round(percentile(times, 50), 3),
      p90: round(percentile(times, 90), 3),
      p99: round(percentile(times, 99), 3),
      goal: { p50: '< 10' },
    };
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
    return {
      unit: 'bytes',
      clusters: n,
      heapPerCluster: Math.round(perCluster),
      heapPerClusterMB: round(perCluster / 1048576, 3),
      goal: { heapPerClusterMB: '< 1' },
    };
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
    // Idle CPU is measured by thousand-live-clusters, once everything has settled.
    return {
      clusters: clusters.length,
      createAllMs: elapsedMs,
      rssMB: round(rss / 1048576, 1),
      rssBeforeMB: round(rssBefore / 1048576, 1),
      heapUsedMB: round(heapUsed / 1048576, 1),
      goal: { rssMB: '< 2048' },
    };
  },

  /**
   * Issue 16's load: 1,000 clusters in one process, each running a 3-replica Deployment and a
   * CronJob; RSS and CPU once they have settled (goals: RSS < 3 GB, idle CPU < 5% of one core).
   */
  async 'thousand-live-clusters'() {
    const n = Number(process.env.BENCH_CLUSTERS ?? 1000);
    const ctx = {
      user: { username: 'bench', groups: ['system:masters'] },
      dryRun: false,
      fieldManager: 'bench',
      fieldValidation: 'Ignore',
      warnings: [],
    };
    const t0 = Date.now();
    const clusters = [];
    for (let i = 0; i < n; i++) {
      const cluster = createCluster();
      const core = cluster.core;
      core.rest.create(
        core.resources.preferred('apps', 'deployments'),
        'default',
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: {
            replicas: 3,
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
            },
          },
        },
        ctx,
      );
      core.rest.create(
        core.resources.preferred('batch', 'cronjobs'),
        'default',
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata: { name: 'tick' },
          spec: {
            schedule: '0 * * * *',
            jobTemplate: {
              spec: {
                template: {
                  spec: {
                    restartPolicy: 'OnFailure',
                    containers: [{ name: 'c', image: 'busybox', command: ['date'] }],
                  },
                },
              },
            },
          },
        },
        ctx,
      );
      clusters.push(cluster);
    }
    const createdMs = Date.now() - t0;
    // Wait until every Deployment reports 3 available replicas.
    const deployments = (c) => c.core.store.get('apps/deployments', 'default', 'web');
    const deadline = Date.now() + 600_000;
    while (clusters.some((c) => (deployments(c)?.status?.availableReplicas ?? 0) < 3)) {
      if (Date.now() > deadline)
        throw new Error('deployments did not become available in 10 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }
    const settledMs = Date.now() - t0;
    // Let V8 finish sweeping what start-up allocated before measuring the steady state.
    gc();
    await new Promise((r) => setTimeout(r, 15_000));
    const cpuBefore = process.cpuUsage();
    const idleStart = Date.now();
    await new Promise((r) => setTimeout(r, 10_000));
    const cpu = process.cpuUsage(cpuBefore);
    const wall = Date.now() - idleStart;
    const { rss, heapUsed } = process.memoryUsage();
    const pods = clusters.reduce((sum, c) => sum + c.core.store.list('/pods').length, 0);
    return {
      clusters: clusters.length,
      podsTotal: pods,
      createMs: createdMs,
      allAvailableMs: settledMs,
      rssMB: round(rss / 1048576, 1),
      heapUsedMB: round(heapUsed / 1048576, 1),
      idleCpuPercentOfOneCore: round(((cpu.user + cpu.system) / 1000 / wall) * 100, 2),
      goal: { rssMB: '< 3072', idleCpuPercentOfOneCore: '< 5' },
    };
  },

  /** `kubebelt-cluster serve` from process launch to the `ready` line with the kubeconfig written. */
  async 'serve-ready'() {
    const bin = join(__dirname, '..', 'bin', 'kubebelt-cluster.js');
    const dir = mkdtempSync(join(tmpdir(), 'kubebelt-bench-'));
    const times = [];
    for (let i = 0; i < 10; i++) {
      const t0 = process.hrtime.bigint();
      const child = spawn(
        process.execPath,
        [bin, 'serve', '--kubeconfig', join(dir, `config-${i}`)],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
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
    return {
      unit: 'ms',
      samples: times.length,
      p50: round(percentile(times, 50), 1),
      p90: round(percentile(times, 90), 1),
      goal: { p50: '< 1000' },
    };
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
    const ctx = {
      user: { username: 'bench', groups: ['system:masters'] },
      dryRun: false,
      fieldManager: 'bench',
      fieldValidation: 'Ignore',
      warnings: [],
    };
    for (let i = 0; i < 100; i++) {
      cluster.core.rest.create(
        pods,
        'default',
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `pod-${i}`, labels: { app: 'bench' } },
          spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
        },
        ctx,
      );
    }
    // Asynchronous: the server answers from this same process while kubectl runs.
    const time = (args) =>
      new Promise((resolve, reject) => {
        const t0 = process.hrtime.bigint();
        execFile(KUBECTL, args, { env }, (err) =>
          err ? reject(err) : resolve(Number(process.hrtime.bigint() - t0) / 1e6),
        );
      });
    await time(['get', 'pods']); // warm discovery cache, as a learner's second command would be
    const client = [];
    const get = [];
    for (let i = 0; i < 20; i++) {
      client.push(await time(['version', '--client']));
      get.push(await time(['get', 'pods']));
    }
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
    const clientP50 = percentile(client, 50);
    const getP50 = percentile(get, 50);
    return {
      unit: 'ms',
      pods: 100,
      kubectlVersionClientP50: round(clientP50, 1),
      kubectlGetPodsP50: round(getP50, 1),
      serverShareP50: round(getP50 - clientP50, 1),
      goal: { serverShareP50: '< 30' },
    };
  },

  /**
   * An open `kubectl exec -it POD -- sh`: the just-bash interpreter with the container's files,
   * kept between lines. Heap per open shell, and the time to open one and run its first line.
   */
  async 'shell-memory'() {
    const { containerShell, runScript } = require(join(dist, 'nodes', 'container-bash'));
    const cluster = createCluster();
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'box',
        namespace: 'default',
        uid: 'uid-box',
        creationTimestamp: new Date().toISOString(),
      },
      spec: { nodeName: 'node01', containers: [{ name: 'box', image: 'busybox:1.36' }] },
      status: { phase: 'Running', podIP: '10.244.1.5' },
    };
    const spec = pod.spec.containers[0];
    const signal = new AbortController().signal;
    const open = async () => {
      const shell = await containerShell(cluster.core, pod, spec, signal);
      await runScript(shell, 'X=1; cd /tmp; for i in 1 2 3; do echo $i; done | wc -l > n', 'sh');
      return shell;
    };
    for (let i = 0; i < 20; i++) await open(); // warm up just-bash's lazily loaded commands
    const times = [];
    for (let i = 0; i < 50; i++) {
      const t0 = process.hrtime.bigint();
      await open();
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const n = 500;
    gc();
    const before = process.memoryUsage().heapUsed;
    const shells = [];
    for (let i = 0; i < n; i++) shells.push(await open());
    gc();
    const perShell = (process.memoryUsage().heapUsed - before) / n;
    shells.length = 0;
    await cluster.close();
    return {
      unit: 'bytes',
      shells: n,
      heapPerShell: Math.round(perShell),
      heapPerShellKB: round(perShell / 1024, 1),
      openAndFirstLineP50Ms: round(percentile(times, 50), 2),
      openAndFirstLineP90Ms: round(percentile(times, 90), 2),
      goal: { heapPerShellKB: '< 512', openAndFirstLineP50Ms: '< 20' },
    };
  },

  /**
   * Containers whose main process is a shell loop (`while true; do date; sleep 5; done`): the heap
   * each running process holds, and the CPU time the processes take per minute of cluster time.
   */
  async 'main-process-memory'() {
    const { startMainProcess, shellProgram } = require(join(dist, 'nodes', 'main-process'));
    const clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));
    const cluster = createCluster({ clock, simulation: { systemWorkloads: false } });
    const spec = {
      name: 'loop',
      image: 'busybox:1.36',
      command: ['sh', '-c', 'while true; do echo "$(date) tick"; sleep 5; done'],
    };
    const program = shellProgram(spec, undefined);
    const pod = (i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `loop-${i}`, namespace: 'default', uid: `uid-${i}` },
      spec: { nodeName: 'node01', containers: [spec] },
      status: { phase: 'Running', podIP: '10.244.1.5' },
    });
    const settle = async () => {
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    const n = 300;
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++)
      startMainProcess(
        cluster.core,
        pod(i),
        spec,
        `id-${i}`,
        program,
        clock.now(),
        undefined,
        () => {},
      );
    await settle();
    await clock.advance(10);
    gc();
    const perProcess = (process.memoryUsage().heapUsed - before) / n;
    const cpu0 = process.cpuUsage();
    const t0 = clock.now();
    while (clock.now() - t0 < 60_000) {
      await clock.advance(1_000);
      await settle();
    }
    const cpu = process.cpuUsage(cpu0);
    const lines = cluster.core.simulation.processOutput.get('id-0')?.length ?? 0;
    await cluster.close();
    return {
      unit: 'bytes',
      processes: n,
      heapPerProcess: Math.round(perProcess),
      heapPerProcessKB: round(perProcess / 1024, 1),
      linesPerProcessAfterOneMinute: lines,
      cpuMsPerProcessPerMinute: round((cpu.user + cpu.system) / 1000 / n, 2),
      goal: { heapPerProcessKB: '< 512', cpuMsPerProcessPerMinute: '< 60' },
    };
  },
};

/**
 * A typical lab cluster (3 nodes with their system pods, a namespace with two Deployments of 3 and
 * 2 replicas, a Service, ConfigMaps, a Secret, a finished Job, files written by exec, the events
 * all this records): how long `snapshot()` plus the JSON text the platform stores takes, how big
 * that text is (and the objects' JSON before compression), and how long `restore()` of it takes.
 */
benches.snapshot = async () => {
  const clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));
  const cluster = createCluster({ clock });
  await cluster.serve(); // the CA exists, as in every served lab
  const ctx = {
    user: { username: 'bench', groups: ['system:masters'] },
    dryRun: false,
    fieldManager: 'kubectl-create',
    fieldValidation: 'Strict',
    warnings: [],
  };
  const create = (group, plural, namespace, obj) =>
    cluster.core.rest.create(cluster.core.resources.preferred(group, plural), namespace, obj, ctx);
  const meta = (name, labels) => ({ name, namespace: 'lab', ...(labels ? { labels } : {}) });
  create('', 'namespaces', undefined, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'lab' },
  });
  for (const [name, image, replicas] of [
    ['web', 'nginx:1.27', 3],
    ['api', 'httpd:2.4', 2],
  ]) {
    create('apps', 'deployments', 'lab', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(name, { app: name }),
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name, image, ports: [{ containerPort: 80 }] }] },
        },
      },
    });
  }
  create('', 'services', 'lab', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('web'),
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] },
  });
  for (const name of ['settings', 'feature-flags'])
    create('', 'configmaps', 'lab', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(name),
      data: { 'app.properties': 'mode=production\nlevel=info\n', color: 'blue' },
    });
  create('', 'secrets', 'lab', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta('db'),
    type: 'Opaque',
    data: { password: Buffer.from('s3cret').toString('base64') },
  });
  create('batch', 'jobs', 'lab', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('hello'),
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            { name: 'hello', image: 'busybox:1.36', command: ['sh', '-c', 'echo hello'] },
          ],
        },
      },
    },
  });
  for (let t = 0; t < 30_000; t += 100) {
    await clock.advance(100);
    await new Promise((r) => setImmediate(r));
  }
  // Files a learner wrote with kubectl exec into a web pod's layer and an emptyDir.
  const web = cluster.core.store.list('/pods', 'lab').find((p) => p.metadata.labels?.app === 'web');
  for (const [key, text] of [
    [`ctr:${web.metadata.uid}:web/tmp/notes.txt`, 'written by kubectl exec\n'],
    [`pod:${web.metadata.uid}:data/index.html`, '<h1>hello</h1>\n'],
  ])
    cluster.core.simulation.fileWrites.set(key, [{ at: clock.now(), op: 'write', text }]);
  const pods = cluster.core.store.list('/pods');
  const running = pods.filter((p) => p.status?.phase === 'Running').length;
  const take = () => JSON.stringify(cluster.snapshot());
  for (let i = 0; i < 10; i++) take(); // warm up
  const times = [];
  let text = '';
  for (let i = 0; i < 50; i++) {
    const t0 = process.hrtime.bigint();
    text = take();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const objectsBytes = Buffer.byteLength(JSON.stringify(cluster.core.store.snapshot().objects));
  const restores = [];
  for (let i = 0; i < 20; i++) {
    const target = createCluster({ clock: new ManualClock(Date.parse('2026-03-01T09:00:00Z')) });
    const t0 = process.hrtime.bigint();
    target.restore(JSON.parse(text));
    restores.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await target.close();
  }
  await cluster.close();
  return {
    unit: 'ms',
    objects: cluster.core.store.count(),
    pods: pods.length,
    runningPods: running,
    samples: times.length,
    p50: round(percentile(times, 50), 2),
    p90: round(percentile(times, 90), 2),
    bytes: Buffer.byteLength(text),
    kilobytes: round(Buffer.byteLength(text) / 1024, 1),
    objectsJsonKilobytes: round(objectsBytes / 1024, 1),
    restoreP50: round(percentile(restores, 50), 2),
    goal: { p50: '< 50', kilobytes: '< 200' },
  };
};

/** Each benchmark runs in a fresh process, so clusters one leaves behind do not weigh on the next. */
async function main() {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(benches);
  for (const name of names) {
    if (!benches[name])
      throw new Error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(', ')}`);
  }
  if (names.length > 1) {
    for (const name of names) {
      const code = await new Promise((resolve) => {
        spawn(process.execPath, ['--expose-gc', '--max-old-space-size=8192', __filename, name], {
          stdio: 'inherit',
        }).on('exit', resolve);
      });
      if (code !== 0) throw new Error(`benchmark ${name} failed`);
    }
    process.exit(0);
  }
  const [name] = names;
  const outDir = join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  const result = await benches[name]();
  const record = { name, date: new Date().toISOString(), node: process.version, ...result };
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  console.log(JSON.stringify(record));
  process.exit(0);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
