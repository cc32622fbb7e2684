/**
 * kubectl exec, attach, logs and port-forward against the embedded API server, with kubectl
 * 1.27 (SPDY/3.1 only) and 1.33 (WebSocket v5 first, SPDY over WebSocket for port-forward).
 * A fake container runtime stands in for the kubelet.
 */

import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { badRequest } from '../../src/api/errors';
import { systemContext } from '../../src/apiserver/context';
import {
  type ContainerRuntime,
  ExecFailure,
  type TerminalSize,
} from '../../src/apiserver/streaming';
import { eventually, KUBECTL, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const NODE = 'stream-node';
const LOG_LINES = ['line 1', 'line 2', 'line 3', 'line 4', 'line 5'];

function readAll(stream: Readable | undefined): Promise<string> {
  if (!stream) return Promise.resolve('');
  return new Promise((resolve) => {
    let text = '';
    stream.on('data', (d: Buffer) => {
      text += d.toString();
    });
    stream.on('end', () => resolve(text));
  });
}

function readAllBuffer(stream: Readable | undefined): Promise<Buffer> {
  if (!stream) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** What `tar` received, for the kubectl cp test. */
const received: { command: string[]; archive: Buffer }[] = [];

/** Echoes commands the way a tiny shell would; enough for the transports under test. */
const fakeRuntime: ContainerRuntime = {
  async exec(pod, container, command, io) {
    const [cmd, ...args] = command;
    switch (cmd) {
      case 'echo':
        io.stdout.write(`${args.join(' ')}\n`);
        return { exitCode: 0 };
      case 'hostname':
        io.stdout.write(`${pod.metadata.name}/${container}\n`);
        return { exitCode: 0 };
      case 'cat':
        io.stdout.write(await readAll(io.stdin));
        return { exitCode: 0 };
      case 'sh': {
        const exit = /^exit (\d+)$/.exec(args[1] ?? '');
        if (args[0] === '-c' && exit) return { exitCode: Number(exit[1]) };
        io.stderr?.write('sh: unsupported\n');
        return { exitCode: 2 };
      }
      case 'tar': {
        // `kubectl cp` to a pod streams a tar archive into `tar -xmf -`.
        const archive = await readAllBuffer(io.stdin);
        received.push({ command, archive });
        return { exitCode: 0 };
      }
      case 'complain':
        io.stdout.write('to stdout\n');
        io.stderr?.write('to stderr\n');
        return { exitCode: 0 };
      case 'tty': {
        const size = await new Promise<TerminalSize | undefined>((resolve) => {
          io.onResize(resolve);
          setTimeout(() => resolve(undefined), 2000);
        });
        io.stdout.write(
          `${io.tty ? 'tty' : 'not a tty'} ${size ? `${size.width}x${size.height}` : 'no size'}\n`,
        );
        return { exitCode: 0 };
      }
      case 'bigout': {
        const line = `${'x'.repeat(99)}\n`;
        for (let i = 0; i < Number(args[0]); i++) {
          if (!io.stdout.write(line)) await new Promise((r) => io.stdout.once('drain', r));
        }
        return { exitCode: 0 };
      }
      default:
        throw new ExecFailure(
          `failed to exec in container: failed to start exec "0123abcd": OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown`,
        );
    }
  },
  async attach(_pod, _container, io) {
    io.stdout.write('attached output\n');
  },
  async logs(pod, container, opts, out) {
    // The simulated kubelet may move this pod along; the refusal itself is what is under test.
    if (pod.metadata.name === 'waiting')
      throw badRequest(
        `container "${container}" in pod "waiting" is waiting to start: ContainerCreating`,
      );
    const lines = LOG_LINES.map((l) => `${l} from ${container}`);
    const shown =
      opts.tailLines === undefined
        ? lines
        : lines.slice(Math.max(0, lines.length - opts.tailLines));
    for (const line of shown) out.write(`${line}\n`);
    if (!opts.follow) return;
    for (let i = 6; i <= 7 && !opts.signal.aborted; i++) {
      await new Promise((r) => setTimeout(r, 50));
      out.write(`line ${i} from ${container}\n`);
    }
  },
  async portForward(_pod, port, stream) {
    if (port !== 80) throw new Error(`failed to connect to localhost:${port}: connection refused`);
    await new Promise<void>((resolve) => {
      stream.on('data', (d: Buffer) => stream.write(`echo:${d.toString()}`));
      stream.on('end', () => {
        stream.end();
        resolve();
      });
      stream.on('close', () => resolve());
    });
  },
};

describe.each(KUBECTL_VERSIONS)('streaming subresources with kubectl %s', (version) => {
  let t: TestCluster;
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });

  function createPod(
    name: string,
    containers: string[],
    state: Record<string, unknown> = { running: { startedAt: '2024-01-01T00:00:00Z' } },
    nodeName = NODE,
    image = 'nginx',
  ): void {
    const core = t.cluster.core;
    const pods = core.resources.preferred('', 'pods');
    if (!pods) throw new Error('pods are not served');
    const ctx = systemContext('test');
    core.rest.create(
      pods,
      'default',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default' },
        spec: {
          nodeName: nodeName || undefined,
          // A scheduler nobody runs keeps the unscheduled pod pending.
          schedulerName: nodeName ? undefined : 'no-such-scheduler',
          containers: containers.map((c) => ({ name: c, image })),
        },
      },
      ctx,
    );
    const created = core.rest.get(pods, 'default', name);
    core.rest.update(
      pods,
      'default',
      name,
      {
        ...created,
        status: {
          phase: 'running' in state ? 'Running' : 'Pending',
          hostIP: '10.0.0.9',
          podIP: '10.244.1.9',
          containerStatuses: containers.map((c) => ({
            name: c,
            ready: 'running' in state,
            restartCount: 0,
            image: 'nginx',
            imageID: '',
            state,
            containerID: 'running' in state ? `containerd://${c}` : undefined,
          })),
        },
      },
      ctx,
      'status',
    );
  }

  beforeAll(async () => {
    t = await startCluster();
    const core = t.cluster.core;
    const nodes = core.resources.preferred('', 'nodes');
    if (nodes && !core.rest.find(nodes, undefined, NODE)) {
      const ctx = systemContext('test');
      const node = core.rest.create(
        nodes,
        undefined,
        { apiVersion: 'v1', kind: 'Node', metadata: { name: NODE } },
        ctx,
      );
      const status = {
        capacity: { cpu: '4', memory: '8Gi', pods: '110' },
        allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
        images: [],
      };
      core.rest.update(nodes, undefined, NODE, { ...node, status }, ctx, 'status');
    }
    core.runtime = fakeRuntime;
    createPod('web', ['nginx']);
    createPod('multi', ['app', 'sidecar']);
    createPod('waiting', ['nginx'], { waiting: { reason: 'ContainerCreating' } });
    createPod('unscheduled', ['nginx'], { waiting: { reason: 'ContainerCreating' } }, '');
    // An image nobody can pull keeps the container from ever running.
    createPod(
      'stuck',
      ['app'],
      { waiting: { reason: 'ContainerCreating' } },
      NODE,
      'registry.invalid/nothing:1',
    );
  });
  afterAll(async () => {
    await t.close();
  });

  test('kubectl exec prints the command output', async () => {
    expect(await ok(['exec', 'web', '--', 'echo', 'hi'])).toBe('hi\n');
  });

  test('a non-zero exit code is reported and becomes kubectl exit code', async () => {
    const result = await k(['exec', 'web', '--', 'sh', '-c', 'exit 3']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('command terminated with exit code 3\n');
  });

  test('stdin is piped to the command and its end reaches it', async () => {
    expect(await ok(['exec', '-i', 'web', '--', 'cat'], 'abc\n')).toBe('abc\n');
  });

  test('stdout and stderr stay separate without a tty', async () => {
    const result = await k(['exec', 'web', '--', 'complain']);
    expect(result).toMatchObject({ code: 0, stdout: 'to stdout\n', stderr: 'to stderr\n' });
  });

  test('-c picks the container of a multi-container pod', async () => {
    expect(await ok(['exec', 'multi', '-c', 'sidecar', '--', 'hostname'])).toBe('multi/sidecar\n');
  });

  test('without -c kubectl defaults to the first container and says so', async () => {
    const result = await k(['exec', 'multi', '--', 'hostname']);
    expect(result.stdout).toBe('multi/app\n');
    expect(result.stderr).toContain('Defaulted container "app" out of: app, sidecar');
  });

  test('an unknown container is rejected by the API server', async () => {
    const result = await k(['exec', 'web', '-c', 'nope', '--', 'echo', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (BadRequest): container nope is not valid for pod web\n',
    );
  });

  test('a missing executable is an internal error from the runtime', async () => {
    const result = await k(['exec', 'web', '--', 'bash']);
    expect(result.code).toBe(1);
    const prefix =
      version === '1.27'
        ? 'error: Internal error occurred: '
        : 'error: Internal error occurred: Internal error occurred: ';
    expect(result.stderr).toBe(
      `${prefix}error executing command in container: failed to exec in container: failed to start exec "0123abcd": OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown\n`,
    );
  });

  test('exec into a pod that is not found prints NotFound', async () => {
    const result = await k(['exec', 'ghost', '--', 'echo', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Error from server (NotFound): pods "ghost" not found\n');
  });

  test('exec into an unscheduled pod is refused for lack of a host', async () => {
    const result = await k(['exec', 'unscheduled', '--', 'echo', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (BadRequest): pod unscheduled does not have a host assigned\n',
    );
  });

  test('kubectl cp streams a tar archive of the file into the container', async () => {
    const content = Buffer.alloc(300_000, 'k');
    const file = t.file(`payload-${version}.bin`, content.toString());
    received.length = 0;
    await ok(['cp', file, 'web:/tmp/payload.bin']);
    expect(received).toHaveLength(1);
    expect(received[0].command[0]).toBe('tar');
    expect(received[0].archive.includes(content)).toBe(true);
  });

  test('large output arrives whole', async () => {
    const out = await ok(['exec', 'web', '--', 'bigout', '50000']);
    expect(out.length).toBe(5_000_000);
  });

  test('exec -it runs with a TTY and reports the terminal size', async () => {
    // `script` gives kubectl a pseudo-terminal of a known size.
    const command = `stty cols 123 rows 45; ${KUBECTL[version]} --cache-dir=${t.dir}/cache-tty exec -it web -- tty`;
    const out = await new Promise<string>((resolve) => {
      execFile(
        'script',
        ['-qec', command, '/dev/null'],
        { env: { PATH: process.env.PATH, HOME: t.dir, KUBECONFIG: t.kubeconfig }, timeout: 20_000 },
        (_err, stdout) => resolve(stdout),
      );
    });
    expect(out.replace(/\r/g, '')).toContain('tty 123x45\n');
  });

  test('without a kubelet runtime, a container that is not running is not found by the kubelet', async () => {
    const core = t.cluster.core;
    const saved = core.runtime;
    core.runtime = undefined;
    try {
      const result = await k(['exec', 'stuck', '--', 'echo', 'hi']);
      expect(result.code).toBe(1);
      const prefix = version === '1.27' ? 'error: ' : 'error: Internal error occurred: ';
      expect(result.stderr).toBe(
        `${prefix}unable to upgrade connection: container not found ("app")\n`,
      );
    } finally {
      core.runtime = saved;
    }
  });

  test('kubectl logs prints the log and --tail keeps the last lines', async () => {
    expect(await ok(['logs', 'web'])).toBe(LOG_LINES.map((l) => `${l} from nginx\n`).join(''));
    expect(await ok(['logs', 'web', '--tail=2'])).toBe('line 4 from nginx\nline 5 from nginx\n');
    expect(await ok(['logs', 'multi', '-c', 'sidecar', '--tail=1'])).toBe('line 5 from sidecar\n');
  });

  test('kubectl logs -f streams until the runtime ends the log', async () => {
    const out = await ok(['logs', '-f', 'web', '--tail=1']);
    expect(out).toBe('line 5 from nginx\nline 6 from nginx\nline 7 from nginx\n');
  });

  test('logs of a waiting container are refused with the kubelet reason', async () => {
    const result = await k(['logs', 'waiting']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (BadRequest): container "nginx" in pod "waiting" is waiting to start: ContainerCreating\n',
    );
  });

  test('logs of an unscheduled pod are empty', async () => {
    expect(await ok(['logs', 'unscheduled'])).toBe('');
  });

  test('kubectl attach streams the main process output', async () => {
    const result = await k(['attach', 'web']);
    expect(result.stdout).toBe('attached output\n');
    expect(result.code).toBe(0);
  });

  test('kubectl port-forward carries a TCP connection to the pod port', async () => {
    const pf = t.background(['port-forward', 'pod/web', ':80'], { version });
    try {
      const output = await eventually(
        () => pf.output(),
        (o) => /Forwarding from 127\.0\.0\.1:\d+ -> 80/.test(o),
        15_000,
      );
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect({ port, host: '127.0.0.1' }, () => socket.write('hello'));
        socket.on('data', (d) => {
          resolve(d.toString());
          socket.end();
        });
        socket.on('error', reject);
      });
      expect(reply).toBe('echo:hello');
    } finally {
      await pf.stop();
    }
  });
});
