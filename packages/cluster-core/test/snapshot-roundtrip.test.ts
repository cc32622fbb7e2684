/**
 * snapshot() and restore() keep everything a learner can observe. The property: after random
 * operations with the real kubectl (create, scale, label, exec writing files, delete across
 * several kinds), a snapshot restored in a NEW process (test/restore-and-serve.js) serves the
 * same `kubectl get -A -o yaml` of every listed kind (uids, resourceVersions, generations,
 * managedFields, status), the files exec wrote, the restart counts and logs, accepts the old
 * kubeconfig and ServiceAccount token, and its controllers carry on (a rollout caught half-way
 * completes). Both processes run on manual clocks, so nothing moves unless the test says so.
 * And the regression: restore() in the same process forgets a file written after the snapshot.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { ManualClock } from '../src/clock';
import { createCluster } from '../src/cluster';
import { type ClusterSnapshot, decodeSnapshot } from '../src/snapshot';
import {
  KUBECTL_VERSIONS,
  type KubectlVersion,
  startCluster,
  type TestCluster,
} from './kubectl/harness';

const START = Date.parse('2026-03-01T10:00:00Z');
const debug = (...a: unknown[]) => {
  if (process.env.SNAPSHOT_DEBUG)
    process.stderr.write(`${new Date().toISOString()} ${a.join(' ')}\n`);
};
/** The kinds compared, as one `kubectl get` (one List). */
const KINDS = [
  'namespaces',
  'nodes',
  'deployments',
  'replicasets',
  'daemonsets',
  'controllerrevisions',
  'pods',
  'services',
  'endpoints',
  'endpointslices',
  'ipaddresses',
  'configmaps',
  'secrets',
  'serviceaccounts',
  'jobs',
  'events',
  'leases',
  'persistentvolumeclaims',
].join(',');

const KEEPER = `apiVersion: v1
kind: Pod
metadata:
  name: keeper
  namespace: lab
spec:
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", "echo keeper up; sleep 100000"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    emptyDir: {}
`;

const CRASH = `apiVersion: v1
kind: Pod
metadata:
  name: crash
  namespace: lab
spec:
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", "echo boom; exit 3"]
`;

type Op =
  | { op: 'deploy'; i: number; replicas: number }
  | { op: 'configmap'; i: number; value: string }
  | { op: 'secret'; i: number; value: string }
  | { op: 'service'; i: number }
  | { op: 'scale'; i: number; replicas: number }
  | { op: 'label'; kind: Kind; i: number; value: string }
  | { op: 'exec'; i: number; text: string }
  | { op: 'delete'; kind: Kind; i: number }
  | { op: 'advance'; ms: number };

type Kind = 'deployment' | 'configmap' | 'secret' | 'service';

const index = fc.integer({ min: 0, max: 2 });
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const kind = fc.constantFrom<Kind>('deployment', 'configmap', 'secret', 'service');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('deploy' as const),
    i: index,
    replicas: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ op: fc.constant('configmap' as const), i: index, value: word }),
  fc.record({ op: fc.constant('secret' as const), i: index, value: word }),
  fc.record({ op: fc.constant('service' as const), i: index }),
  fc.record({
    op: fc.constant('scale' as const),
    i: index,
    replicas: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ op: fc.constant('label' as const), kind, i: index, value: word }),
  fc.record({ op: fc.constant('exec' as const), i: index, text: word }),
  fc.record({ op: fc.constant('delete' as const), kind, i: index }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 100, max: 15_000 }) }),
);

/** kubectl arguments of an operation (it may fail: scaling a deleted deployment is a 404). */
function argsOf(op: Op): string[] | undefined {
  const ns = ['-n', 'lab'];
  switch (op.op) {
    case 'deploy':
      return [
        'create',
        'deployment',
        `d${op.i}`,
        '--image=nginx:1.26',
        `--replicas=${op.replicas}`,
        ...ns,
      ];
    case 'configmap':
      return ['create', 'configmap', `c${op.i}`, `--from-literal=key=${op.value}`, ...ns];
    case 'secret':
      return ['create', 'secret', 'generic', `s${op.i}`, `--from-literal=key=${op.value}`, ...ns];
    case 'service':
      return ['create', 'service', 'clusterip', `svc${op.i}`, '--tcp=80:80', ...ns];
    case 'scale':
      return ['scale', `deployment/d${op.i}`, `--replicas=${op.replicas}`, ...ns];
    case 'label':
      return ['label', op.kind, nameOf(op.kind, op.i), `mark=${op.value}`, '--overwrite', ...ns];
    case 'exec':
      return [
        'exec',
        `deploy/d${op.i}`,
        ...ns,
        '--',
        'sh',
        '-c',
        `echo ${op.text} >> /tmp/notes.txt`,
      ];
    case 'delete':
      return ['delete', op.kind, nameOf(op.kind, op.i), '--wait=false', ...ns];
    case 'advance':
      return undefined;
  }
}

function nameOf(kind: Kind, i: number): string {
  const prefix: Record<Kind, string> = {
    deployment: 'd',
    configmap: 'c',
    secret: 's',
    service: 'svc',
  };
  return `${prefix[kind]}${i}`;
}

/** Moves a manual clock as a running one would: timers fire in 100 ms steps, controllers work in between. */
async function advance(clock: ManualClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 100) {
    await clock.advance(Math.min(100, ms - t));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Waits until the cluster writes nothing for a while (its clock is still). */
async function settle(t: TestCluster): Promise<void> {
  let rv = t.cluster.core.store.resourceVersion();
  for (let quiet = 0; quiet < 3; ) {
    await new Promise((r) => setTimeout(r, 100));
    const now = t.cluster.core.store.resourceVersion();
    quiet = now === rv ? quiet + 1 : 0;
    rv = now;
  }
}

interface Observed {
  items: unknown[];
  layerFile: string;
  volumeFile: string;
  crashLogs: string;
  crashPreviousLogs: string;
  jobLogs: string;
  restartCount: string;
}

/** What the test compares between the two processes. */
async function observe(t: TestCluster, version: KubectlVersion): Promise<Observed> {
  const ok = (args: string[]) => t.ok(args, { version });
  const list = parse(await ok(['get', KINDS, '-A', '-o', 'yaml']));
  const exec = (path: string) => ok(['exec', 'keeper', '-n', 'lab', '--', 'cat', path]);
  return {
    items: list.items,
    layerFile: await exec('/tmp/layer.txt'),
    volumeFile: await exec('/data/volume.txt'),
    crashLogs: await ok(['logs', 'crash', '-n', 'lab']),
    crashPreviousLogs: await ok(['logs', 'crash', '-n', 'lab', '--previous']),
    jobLogs: await ok(['logs', 'job/hello', '-n', 'lab']),
    restartCount: await ok([
      'get',
      'pod',
      'crash',
      '-n',
      'lab',
      '-o',
      'jsonpath={.status.containerStatuses[0].restartCount}',
    ]),
  };
}

/** A cluster restored from `snapshot` in a new process, serving on `port`. */
async function restoreElsewhere(
  t: TestCluster,
  name: string,
  snapshot: ClusterSnapshot,
  port: number,
): Promise<{ child: ChildProcess; send(line: string, answer: string): Promise<void> }> {
  const file = t.file(`${name}.json`, JSON.stringify(snapshot));
  const child = spawn(
    process.execPath,
    [join(__dirname, 'restore-and-serve.js'), file, String(port)],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
    debug(`[${name}] ${d}`);
  });
  const waitFor = async (text: string, from: number) => {
    for (let i = 0; i < 600 && !out.slice(from).includes(text); i++) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!out.slice(from).includes(text))
      throw new Error(`restore-and-serve did not answer ${text}: ${out}${err}`);
  };
  await waitFor('ready', 0);
  return {
    child,
    async send(line, answer) {
      const from = out.length;
      child.stdin?.write(`${line}\n`);
      await waitFor(answer, from);
    },
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

describe('a snapshot restored in a new process', () => {
  it('serves the same objects, files, restart counts and logs, and its controllers carry on', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...KUBECTL_VERSIONS),
        fc.array(opArb, { minLength: 3, maxLength: 9 }),
        async (version, ops) => {
          const clock = new ManualClock(START);
          const t = await startCluster({ clock });
          const ok = (args: string[]) => t.ok(args, { version });
          const children: ChildProcess[] = [];
          try {
            const port = Number(new URL(t.cluster.connection().server).port);
            await ok(['create', 'namespace', 'lab']);
            await ok(['apply', '-f', t.file('keeper.yaml', KEEPER)]);
            await ok(['apply', '-f', t.file('crash.yaml', CRASH)]);
            await ok([
              'create',
              'deployment',
              'roll',
              '--image=nginx:1.26',
              '--replicas=3',
              '-n',
              'lab',
            ]);
            await ok([
              'create',
              'deployment',
              'd0',
              '--image=nginx:1.26',
              '--replicas=2',
              '-n',
              'lab',
            ]);
            await ok([
              'create',
              'job',
              'hello',
              '--image=busybox:1.36',
              '-n',
              'lab',
              '--',
              'sh',
              '-c',
              'echo hello from the job',
            ]);
            debug('set up with kubectl', version);
            await advance(clock, 5_000);
            for (const op of ops) {
              const args = argsOf(op);
              debug(JSON.stringify(op));
              if (args) await t.kubectl(args, { version });
              else if (op.op === 'advance') await advance(clock, op.ms);
              await advance(clock, 500);
            }
            debug('ops done');
            // Crash loops: back-offs of 10 s and 20 s make two restarts.
            await advance(clock, 40_000);
            await ok([
              'exec',
              'keeper',
              '-n',
              'lab',
              '--',
              'sh',
              '-c',
              'echo in the layer > /tmp/layer.txt',
            ]);
            await ok([
              'exec',
              'keeper',
              '-n',
              'lab',
              '--',
              'sh',
              '-c',
              'echo in the volume > /data/volume.txt',
            ]);
            const token = (await ok(['create', 'token', 'default', '-n', 'lab'])).trim();
            await settle(t);

            debug('settled');
            let before: Observed;
            let snapshot: ClusterSnapshot;
            for (;;) {
              const rv = t.cluster.core.store.resourceVersion();
              before = await observe(t, version);
              if (t.cluster.core.store.resourceVersion() !== rv) continue;
              snapshot = t.cluster.snapshot();
              break;
            }
            debug('observed');
            expect(Number(before.restartCount)).toBeGreaterThanOrEqual(2);
            expect(before.crashPreviousLogs).toBe('boom\n');
            expect(before.jobLogs).toBe('hello from the job\n');

            // A rollout caught half-way: a new image is being pulled for the first new pod.
            await ok(['set', 'image', 'deployment/roll', 'nginx=nginx:1.27', '-n', 'lab']);
            await advance(clock, 1_000);
            const midway = JSON.parse(
              await ok(['get', 'deployment', 'roll', '-n', 'lab', '-o', 'json']),
            );
            expect(midway.status.updatedReplicas ?? 0).toBeLessThan(3);
            const rolling = t.cluster.snapshot();
            await t.cluster.close();

            debug('closed A');
            // The first snapshot in a new process: everything as it was.
            const first = await restoreElsewhere(t, 'first', snapshot, port);
            children.push(first.child);
            debug('B ready');
            const after = await observe(t, version);
            expect(after.items).toEqual(before.items);
            expect(after).toEqual(before);
            // Saved again by the new process: the same objects, state and credentials.
            const again = join(t.dir, 'again.json');
            await first.send(`snapshot ${again}`, 'saved');
            const resaved = decodeSnapshot(JSON.parse(readFileSync(again, 'utf8')));
            const original = decodeSnapshot(snapshot);
            expect(resaved.objects).toEqual(original.objects);
            expect(resaved.simulation).toEqual(original.simulation);
            expect(resaved.credentials).toEqual(original.credentials);
            expect(resaved.clock?.at).toBe(original.clock?.at);
            // `kubectl auth whoami` is GA from 1.28: asked with 1.33.
            const whoami = await t.ok([
              'auth',
              'whoami',
              `--token=${token}`,
              '-o',
              'jsonpath={.status.userInfo.username}',
            ]);
            expect(whoami).toBe('system:serviceaccount:lab:default');
            debug('compared');
            await stop(first.child);

            // The second: the rollout completes once time moves on.
            const second = await restoreElsewhere(t, 'second', rolling, port);
            children.push(second.child);
            debug('B2 ready');
            await second.send('advance 60000', 'advanced');
            await ok(['rollout', 'status', 'deployment/roll', '-n', 'lab', '--timeout=20s']);
            const done = JSON.parse(
              await ok(['get', 'deployment', 'roll', '-n', 'lab', '-o', 'json']),
            );
            expect(done.status).toMatchObject({
              replicas: 3,
              updatedReplicas: 3,
              availableReplicas: 3,
            });
            const images = await ok([
              'get',
              'pods',
              '-n',
              'lab',
              '-l',
              'app=roll',
              '-o',
              'jsonpath={.items[*].spec.containers[0].image}',
            ]);
            expect(images.split(' ')).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
          } finally {
            for (const child of children) await stop(child);
            await t.close();
          }
        },
      ),
      {
        numRuns: Number(process.env.SNAPSHOT_RUNS ?? 3),
        endOnFailure: Boolean(process.env.SNAPSHOT_DEBUG),
      },
    );
  }, 400_000);
});

describe('restore() in the same process', () => {
  it('forgets a file kubectl exec wrote after the snapshot, and keeps the one before', async () => {
    const clock = new ManualClock(START);
    const t = await startCluster({ clock });
    try {
      await t.ok([
        'apply',
        '-f',
        t.file('keeper.yaml', KEEPER.replace('namespace: lab', 'namespace: default')),
      ]);
      await advance(clock, 5_000);
      await t.ok(['exec', 'keeper', '--', 'sh', '-c', 'echo before > /data/before.txt']);
      const snapshot = t.cluster.snapshot();
      await t.ok([
        'exec',
        'keeper',
        '--',
        'sh',
        '-c',
        'echo after > /data/after.txt; echo after > /tmp/after.txt',
      ]);
      expect(await t.ok(['exec', 'keeper', '--', 'cat', '/data/after.txt'])).toBe('after\n');
      t.cluster.restore(snapshot);
      expect(await t.ok(['exec', 'keeper', '--', 'cat', '/data/before.txt'])).toBe('before\n');
      for (const path of ['/data/after.txt', '/tmp/after.txt']) {
        const gone = await t.kubectl(['exec', 'keeper', '--', 'cat', path]);
        expect(gone.code).not.toBe(0);
        expect(gone.stderr).toContain('No such file or directory');
      }
    } finally {
      await t.close();
    }
  });

  it('leaves out what only a deleted pod could show (its layer, emptyDir and environment)', async () => {
    const clock = new ManualClock(START);
    const t = await startCluster({ clock });
    try {
      await t.ok([
        'apply',
        '-f',
        t.file('keeper.yaml', KEEPER.replace('namespace: lab', 'namespace: default')),
      ]);
      await advance(clock, 5_000);
      await t.ok(['exec', 'keeper', '--', 'sh', '-c', 'echo x > /data/v.txt; echo y > /tmp/l.txt']);
      const uid = (await t.ok(['get', 'pod', 'keeper', '-o', 'jsonpath={.metadata.uid}'])).trim();
      const id = (
        await t.ok([
          'get',
          'pod',
          'keeper',
          '-o',
          'jsonpath={.status.containerStatuses[0].containerID}',
        ])
      ).trim();
      const saved = (s: ClusterSnapshot) => {
        const { simulation } = decodeSnapshot(s);
        return {
          files: simulation?.fileWrites.map(([k]) => k).filter((k) => k.includes(uid)),
          environment: simulation?.environments.some(([k]) => k === id),
        };
      };
      expect(saved(t.cluster.snapshot())).toEqual({
        files: [`pod:${uid}:data/v.txt`, `ctr:${uid}:main/tmp/l.txt`],
        environment: true,
      });
      await t.ok(['delete', 'pod', 'keeper', '--grace-period=0', '--force']);
      await advance(clock, 2_000);
      expect(saved(t.cluster.snapshot())).toEqual({ files: [], environment: false });
    } finally {
      await t.close();
    }
  });

  it('restores a snapshot of the previous format (objects only)', async () => {
    const clock = new ManualClock(START);
    const source = createCluster({ clock });
    await advance(clock, 3_000);
    const v1 = source.core.store.snapshot();
    const target = createCluster({ clock: new ManualClock(START) });
    target.restore(JSON.parse(JSON.stringify(v1)));
    expect(target.core.store.list('/pods')).toEqual(source.core.store.list('/pods'));
    expect(target.core.store.resourceVersion()).toBe(v1.resourceVersion);
    await Promise.all([source.close(), target.close()]);
  });

  it('goes on from the snapshot time when the new clock is behind it', async () => {
    const clock = new ManualClock(START);
    const source = createCluster({ clock });
    await advance(clock, 90_000);
    const snapshot = source.snapshot();
    const target = createCluster({ clock: new ManualClock(START - 3_600_000) });
    target.restore(JSON.parse(JSON.stringify(snapshot)));
    expect(target.clock.now()).toBe(START + 90_000);
    // A later restore of the same snapshot never moves the time back.
    target.restore(snapshot);
    expect(target.clock.now()).toBe(START + 90_000);
    await Promise.all([source.close(), target.close()]);
  });

  it('keeps a stopped kubelet stopped: the node goes NotReady in the restored cluster', async () => {
    const clock = new ManualClock(START);
    const source = createCluster({ clock });
    await advance(clock, 2_000);
    source.stopKubelet('node01', { gracePeriodMs: 10_000 });
    await advance(clock, 4_000);
    const snapshot = JSON.parse(JSON.stringify(source.snapshot()));
    await source.close();
    const targetClock = new ManualClock(START);
    const target = createCluster({ clock: targetClock });
    target.restore(snapshot);
    const ready = () =>
      (target.core.store.get('/nodes', undefined, 'node01')?.status?.conditions ?? []).find(
        (c: { type: string }) => c.type === 'Ready',
      );
    expect(ready()?.status).toBe('True');
    // The grace period counts from when the kubelet stopped, before the snapshot.
    await advance(targetClock, 7_000);
    expect(ready()).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    target.startKubelet('node01');
    expect(ready()?.status).toBe('True');
    await target.close();
  });

  it('takes over the saved CA even while its own is being generated', async () => {
    const source = createCluster({ clock: new ManualClock(START) });
    const saved = await source.core.ca.get();
    const snapshot = source.snapshot();
    const target = createCluster({ clock: new ManualClock(START) });
    const generating = target.core.ca.get();
    target.restore(snapshot);
    expect((await generating).certPem).toBe(saved.certPem);
    expect((await target.core.ca.get()).certPem).toBe(saved.certPem);
    await new Promise((r) => setTimeout(r, 50));
    expect(target.core.ca.current?.certPem).toBe(saved.certPem);
    expect(target.core.token).toBe(source.core.token);
    await Promise.all([source.close(), target.close()]);
  });

  it('refuses a snapshot of a format it does not know', () => {
    const cluster = createCluster({ clock: new ManualClock(START) });
    expect(() => cluster.restore({ version: 3 } as unknown as ClusterSnapshot)).toThrow(
      'cluster snapshot version 3 is not one this cluster-core reads (1 to 2)',
    );
    void cluster.close();
  });
});
