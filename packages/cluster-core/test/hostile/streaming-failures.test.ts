/**
 * Streaming subresources (exec, attach, cp, port-forward, logs -f) when the learner's command
 * goes wrong, with kubectl 1.27 (SPDY/3.1) and 1.33 (WebSocket v5, SPDY tunnelled in WebSocket
 * for port-forward): the learner gets the error upstream gives, the cluster keeps serving and
 * nothing is reported as a server bug. A fake container runtime plays the kubelet.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { WebSocket } from 'ws';
import { systemContext } from '../../src/apiserver/context';
import { type ContainerRuntime, ExecFailure } from '../../src/apiserver/streaming';
import {
  eventually,
  KUBECTL,
  KUBECTL_VERSIONS,
  type KubectlVersion,
  startCluster,
  type TestCluster,
} from '../kubectl/harness';

const NODE = 'stream-node';

function readAll(stream: Readable | undefined): Promise<Buffer> {
  if (!stream) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

function notFound(cmd: string): ExecFailure {
  return new ExecFailure(
    `failed to exec in container: failed to start exec "0123abcd": OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown`,
  );
}

/** What the fake kubelet saw: archives unpacked, streams whose client went away. */
const seen = { archives: [] as Buffer[], aborted: [] as string[] };

function abortedWhenDone(name: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => {
      seen.aborted.push(name);
      resolve();
    });
  });
}

function fakeRuntime(root: string): ContainerRuntime {
  return {
    async exec(_pod, _container, command, io) {
      const [cmd, ...args] = command;
      switch (cmd) {
        case 'cat':
          io.stdout.write(await readAll(io.stdin));
          return { exitCode: 0 };
        case 'wc-c':
          io.stdout.write(`${(await readAll(io.stdin)).length}\n`);
          return { exitCode: 0 };
        case 'tar': {
          if (args[0] === 'cf') {
            // `kubectl cp POD:FILE DEST` reads `tar cf - FILE` from the container.
            const file = args[2].replace(/^\//, '');
            io.stdout.write(execFileSync('tar', ['cf', '-', '-C', root, file]));
            return { exitCode: 0 };
          }
          // `kubectl cp FILE POD:DEST` streams an archive into `tar -xmf - -C DIR`.
          if (args.includes('/readonly')) {
            // Fails before reading its stdin, while kubectl is still sending the archive.
            io.stderr?.write("tar: can't change directory to '/readonly': Permission denied\n");
            return { exitCode: 2 };
          }
          seen.archives.push(await readAll(io.stdin));
          return { exitCode: 0 };
        }
        case 'ticker':
          // Writes until the client goes away.
          while (!io.signal.aborted) {
            io.stdout.write('tick\n');
            await new Promise((r) => setTimeout(r, 20));
          }
          seen.aborted.push('exec');
          return { exitCode: 0 };
        case 'buggy':
          // A runtime bug, not an exec failure: the API server answers 500 and reports it.
          throw new TypeError("Cannot read properties of undefined (reading 'pid')");
        default:
          throw notFound(cmd ?? '');
      }
    },
    async attach(_pod, _container, io) {
      io.stdout.write('attached\n');
      await abortedWhenDone('attach', io.signal);
    },
    async logs(_pod, _container, opts, out) {
      out.write('first line\n');
      if (!opts.follow) return;
      while (!opts.signal.aborted) {
        out.write('more\n');
        await new Promise((r) => setTimeout(r, 20));
      }
      seen.aborted.push('logs');
    },
    async portForward(_pod, _port, stream) {
      stream.on('data', (d: Buffer) => stream.write(`echo:${d}`));
      await new Promise<void>((resolve) => {
        stream.on('close', () => resolve());
        stream.on('end', () => resolve());
      });
    },
  };
}

const reported: string[] = [];
let t: TestCluster;
let root: string;

function createPod(name: string): void {
  const core = t.cluster.core;
  const pods = core.resources.preferred('', 'pods');
  if (!pods) throw new Error('pods are not served');
  const ctx = systemContext('test');
  const created = core.rest.create(
    pods,
    'default',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { nodeName: NODE, containers: [{ name: 'app', image: 'busybox' }] },
    },
    ctx,
  );
  const running = { running: { startedAt: '2024-01-01T00:00:00Z' } };
  core.rest.update(
    pods,
    'default',
    name,
    {
      ...created,
      status: {
        phase: 'Running',
        hostIP: '10.0.0.9',
        podIP: '10.244.1.9',
        containerStatuses: [
          {
            name: 'app',
            ready: true,
            restartCount: 0,
            image: 'busybox',
            imageID: '',
            state: running,
            containerID: 'containerd://app',
          },
        ],
      },
    },
    ctx,
    'status',
  );
}

beforeAll(async () => {
  t = await startCluster({ nodes: 1, onError: (err, where) => reported.push(`${where}: ${err}`) });
  root = join(t.dir, 'container');
  mkdirSync(join(root, 'tmp'), { recursive: true });
  writeFileSync(join(root, 'tmp', 'report.txt'), 'from the pod\n');
  const core = t.cluster.core;
  const nodes = core.resources.preferred('', 'nodes');
  if (!nodes) throw new Error('nodes are not served');
  const ctx = systemContext('test');
  const node = core.rest.create(
    nodes,
    undefined,
    { apiVersion: 'v1', kind: 'Node', metadata: { name: NODE } },
    ctx,
  );
  const capacity = { cpu: '4', memory: '8Gi', pods: '110' };
  const status = { capacity, allocatable: capacity, images: [] };
  core.rest.update(nodes, undefined, NODE, { ...node, status }, ctx, 'status');
  core.runtime = fakeRuntime(root);
  createPod('web');
});

afterAll(async () => {
  await t.close();
  // Every failure above was the learner's or the runtime's: none is a server bug.
  expect(reported).toEqual([]);
});

/** Starts kubectl in the background; `kill` ends it as a closed laptop lid would. */
function startKubectl(version: KubectlVersion, args: string[]) {
  const child = spawn(KUBECTL[version], args, {
    env: { PATH: process.env.PATH ?? '/usr/bin', HOME: t.dir, KUBECONFIG: t.kubeconfig },
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    stdin: child.stdin,
    exited,
    output: () => output,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function stillServing(): Promise<void> {
  expect(await t.ok(['get', 'pods', '-o', 'name'])).toContain('pod/web');
}

describe.each(KUBECTL_VERSIONS)('with kubectl %s', (version) => {
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });

  test('a missing command with stdin piped in is an error for kubectl only', async () => {
    const result = await k(['exec', '-i', 'web', '--', 'nosuchcmd'], 'hi\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('exec: "nosuchcmd": executable file not found in $PATH');
    await stillServing();
  });

  test('a huge stdin into a command that never reads it ends as that command does', async () => {
    const kubectl = startKubectl(version, ['exec', '-i', 'web', '--', 'nosuchcmd']);
    // kubectl exits before it has read all of it.
    kubectl.stdin.on('error', () => {});
    kubectl.stdin.end('x'.repeat(4 << 20));
    expect(await kubectl.exited).not.toBe(0);
    expect(kubectl.output()).toContain('executable file not found');
    await stillServing();
  });

  test('a huge stdin reaches a command that reads it', async () => {
    const result = await k(['exec', '-i', 'web', '--', 'wc-c'], 'x'.repeat(4 << 20));
    expect(result).toMatchObject({ code: 0, stdout: `${4 << 20}\n` });
  });

  test('kubectl cp into a directory tar cannot write fails with tar message', async () => {
    const file = t.file('notes.txt', 'x'.repeat(200_000));
    const result = await k(['cp', file, 'web:/readonly/notes.txt']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('command terminated with exit code 2');
    await stillServing();
  });

  test('kubectl cp copies a file into the pod and out of it', async () => {
    const before = seen.archives.length;
    const file = t.file('upload.txt', 'to the pod\n');
    expect((await k(['cp', file, 'web:/tmp/upload.txt'])).code).toBe(0);
    expect(seen.archives.length).toBe(before + 1);
    expect(seen.archives.at(-1)?.toString('latin1')).toContain('to the pod\n');
    const out = join(t.dir, `report-${version}.txt`);
    const down = await k(['cp', 'web:/tmp/report.txt', out]);
    expect(down.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('from the pod\n');
  });

  test('a missing container is refused before any stream opens', async () => {
    const result = await k(['exec', 'web', '-c', 'nope', '--', 'cat']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('container nope is not valid for pod web');
    await stillServing();
  });

  test('a runtime that throws ends only that command, with an internal error', async () => {
    const result = await k(['exec', 'web', '--', 'buggy']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Cannot read properties of undefined (reading 'pid')");
    await stillServing();
  });

  test.each([
    ['exec', ['exec', 'web', '--', 'ticker'], 'tick'],
    ['attach', ['attach', 'web'], 'attached'],
    ['logs', ['logs', '-f', 'web'], 'more'],
  ])(
    'a client that disconnects mid-%s stops the stream on the node',
    async (kind, args, marker) => {
      const before = seen.aborted.filter((a) => a === kind).length;
      const kubectl = startKubectl(version, args);
      await eventually(kubectl.output, (o) => o.includes(marker), 15_000);
      await kubectl.kill();
      await eventually(
        () => seen.aborted.filter((a) => a === kind).length,
        (n) => n > before,
        10_000,
      );
      await stillServing();
    },
  );

  test('a client that disconnects mid-port-forward leaves the cluster serving', async () => {
    const pf = startKubectl(version, ['port-forward', 'pod/web', ':80']);
    const output = await eventually(pf.output, (o) => /Forwarding from 127\.0\.0\.1:\d+/.test(o));
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    const socket = connect({ port, host: '127.0.0.1' });
    const reply = await new Promise<string>((resolve, reject) => {
      socket.once('connect', () => socket.write('hello'));
      socket.once('data', (d) => resolve(d.toString()));
      socket.once('error', reject);
    });
    expect(reply).toBe('echo:hello');
    socket.on('error', () => {});
    await pf.kill();
    socket.destroy();
    await stillServing();
  });
});

test('exec without a command over WebSocket v5 ends with a Failure status', async () => {
  const url = new URL(t.cluster.kubeconfig().match(/server: (\S+)/)?.[1] ?? '');
  const ws = new WebSocket(
    `wss://${url.host}/api/v1/namespaces/default/pods/web/exec?stdout=true&stdin=true`,
    ['v5.channel.k8s.io'],
    { headers: { Authorization: `Bearer ${t.cluster.core.token}` }, rejectUnauthorized: false },
  );
  const status = await new Promise<string>((resolve, reject) => {
    ws.on('open', () => ws.send(Buffer.from([0, ...Buffer.from('input')])));
    ws.on('message', (data: Buffer) => {
      if (data[0] === 3) resolve(data.subarray(1).toString());
    });
    ws.on('error', reject);
  });
  expect(JSON.parse(status)).toMatchObject({ status: 'Failure' });
  ws.close();
  await stillServing();
});

test('deleting the pod ends an attach through the simulated kubelet', async () => {
  // The real node side this time: the container stops when its pod is deleted.
  const real = await startCluster({ nodes: 1 });
  try {
    await real.ok([
      'run',
      'loop',
      '--image=busybox',
      '--',
      'sh',
      '-c',
      'while true; do echo tick; sleep 1; done',
    ]);
    await eventually(
      () => real.kubectl(['get', 'pod', 'loop', '-o', 'jsonpath={.status.phase}']),
      (r) => r.stdout === 'Running',
    );
    for (const version of KUBECTL_VERSIONS) {
      const attach = spawn(KUBECTL[version], ['attach', 'loop'], {
        env: { PATH: process.env.PATH ?? '/usr/bin', HOME: real.dir, KUBECONFIG: real.kubeconfig },
      });
      let output = '';
      attach.stdout.on('data', (d) => {
        output += d;
      });
      const exited = new Promise<number | null>((resolve) => attach.once('exit', resolve));
      await eventually(
        () => output,
        (o) => o.includes('tick'),
      );
      if (version === KUBECTL_VERSIONS.at(-1)) {
        await real.ok(['delete', 'pod', 'loop', '--grace-period=1', '--wait=false']);
        expect(await exited).toBe(0);
      } else {
        attach.kill('SIGKILL');
        await exited;
      }
    }
    expect(await real.ok(['get', 'pods', '-o', 'name'])).toBe('');
  } finally {
    await real.close();
  }
});
