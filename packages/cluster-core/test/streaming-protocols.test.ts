/**
 * The streaming protocol variants kubectl itself does not exercise: older remotecommand
 * versions over SPDY, the kubelet's WebSocket subprotocols (binary and base64), the v5 close
 * signal, plain WebSocket port-forwarding, and the HTTP answers before an upgrade.
 */

import { request } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { WebSocket } from 'ws';
import { type Cluster, createCluster } from '../src';
import { systemContext } from '../src/apiserver/context';
import type { ContainerRuntime } from '../src/apiserver/streaming';
import { SpdySession, type SpdyStream } from '../src/apiserver/streaming/spdy';

const runtime: ContainerRuntime = {
  async exec(_pod, _container, command, io) {
    if (command[0] === 'echo') {
      io.stdout.write(`${command.slice(1).join(' ')}\n`);
      return { exitCode: 0 };
    }
    if (command[0] === 'cat') {
      for await (const chunk of io.stdin ?? []) io.stdout.write(chunk as Buffer);
      return { exitCode: 0 };
    }
    return { exitCode: Number(/exit (\d+)/.exec(command.join(' '))?.[1] ?? 1) };
  },
  async attach() {},
  logs(_pod, container, opts, out) {
    for (let i = 1; i <= 3; i++) out.write(`${container} line ${i}\n`);
    expect(opts.signal).toBeInstanceOf(AbortSignal);
  },
  async portForward(_pod, port, stream) {
    for await (const chunk of stream) stream.write(`${port}:${chunk}`);
    stream.end();
  },
};

let cluster: Cluster;
let base: string;

beforeAll(async () => {
  cluster = createCluster({ nodes: 1 });
  base = await cluster.serve({ insecureHttp: true });
  const core = cluster.core;
  core.runtime = runtime;
  const ctx = systemContext('test');
  const nodes = core.resources.preferred('', 'nodes');
  if (nodes && !core.rest.find(nodes, undefined, 'proto-node')) {
    core.rest.create(
      nodes,
      undefined,
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'proto-node' } },
      ctx,
    );
  }
  const pods = core.resources.preferred('', 'pods');
  if (!pods) throw new Error('pods are not served');
  core.rest.create(
    pods,
    'default',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: { nodeName: 'proto-node', containers: [{ name: 'nginx', image: 'nginx' }] },
    },
    ctx,
  );
  core.rest.create(
    pods,
    'default',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'multi', namespace: 'default' },
      spec: {
        nodeName: 'proto-node',
        initContainers: [{ name: 'init', image: 'busybox' }],
        containers: [
          { name: 'app', image: 'nginx' },
          { name: 'sidecar', image: 'busybox' },
        ],
      },
    },
    ctx,
  );
  const created = core.rest.get(pods, 'default', 'web');
  core.rest.update(
    pods,
    'default',
    'web',
    {
      ...created,
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'nginx',
            ready: true,
            restartCount: 0,
            image: 'nginx',
            imageID: '',
            state: { running: {} },
          },
        ],
      },
    },
    ctx,
    'status',
  );
});

afterAll(async () => {
  await cluster.close();
});

const EXEC = '/api/v1/namespaces/default/pods/web/exec';

function auth(): Record<string, string> {
  return { Authorization: `Bearer ${cluster.core.token}` };
}

/** Opens a WebSocket and collects its messages until the server closes it. */
function webSocketSession(
  path: string,
  protocols: string[],
  send: (ws: WebSocket) => void = () => undefined,
) {
  const ws = new WebSocket(`${base.replace('http', 'ws')}${path}`, protocols, { headers: auth() });
  const messages: { data: Buffer; binary: boolean }[] = [];
  const done = new Promise<{ code: number; protocol: string }>((resolve, reject) => {
    ws.on('open', () => send(ws));
    ws.on('message', (data: Buffer, binary: boolean) => messages.push({ data, binary }));
    ws.on('close', (code) => resolve({ code, protocol: ws.protocol }));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
  return { ws, messages, done };
}

describe('remotecommand over WebSocket', () => {
  test('v4.channel.k8s.io carries stdout on channel 1 and the JSON status on channel 3', async () => {
    const { messages, done } = webSocketSession(`${EXEC}?command=echo&command=hi&stdout=true`, [
      'v4.channel.k8s.io',
    ]);
    expect(await done).toEqual({ code: 1000, protocol: 'v4.channel.k8s.io' });
    const byChannel = messages.map((m) => [m.data[0], m.data.subarray(1).toString()]);
    expect(byChannel).toEqual([
      [1, ''],
      [1, 'hi\n'],
      [3, '{"metadata":{},"status":"Success"}'],
    ]);
  });

  test('base64.channel.k8s.io sends text frames and the bare failure message (v1 status)', async () => {
    const { messages, done } = webSocketSession(
      `${EXEC}?command=sh&command=-c&command=exit%203&stdout=true`,
      ['base64.channel.k8s.io'],
    );
    await done;
    expect(messages.every((m) => !m.binary)).toBe(true);
    const decoded = messages.map((m) => [
      m.data.toString()[0],
      Buffer.from(m.data.toString().slice(1), 'base64').toString(),
    ]);
    expect(decoded).toEqual([
      ['1', ''],
      [
        '3',
        'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      ],
    ]);
  });

  test('v5 ends stdin on the close signal and re-words exit codes as the stream translator', async () => {
    const { messages, done } = webSocketSession(
      `${EXEC}?command=cat&stdin=true&stdout=true`,
      ['v5.channel.k8s.io'],
      (ws) => {
        ws.send(Buffer.from([0, ...Buffer.from('abc')]));
        ws.send(Buffer.from([255, 0]));
      },
    );
    await done;
    expect(messages.map((m) => [m.data[0], m.data.subarray(1).toString()])).toEqual([
      [1, ''],
      [1, 'abc'],
      [3, '{"metadata":{},"status":"Success"}'],
    ]);
    const failed = webSocketSession(`${EXEC}?command=sh&command=-c&command=exit%207&stdout=true`, [
      'v5.channel.k8s.io',
    ]);
    await failed.done;
    const status = JSON.parse(
      failed.messages
        .find((m) => m.data[0] === 3)
        ?.data.subarray(1)
        .toString() ?? '{}',
    );
    expect(status).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: command terminated with exit code 7',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '7' }] },
    });
  });

  test('a WebSocket offering no known subprotocol is forbidden', async () => {
    const { done } = webSocketSession(`${EXEC}?command=echo&stdout=true`, ['v9.channel.k8s.io']);
    await expect(done).rejects.toThrow('HTTP 403');
  });

  test('port-forward over plain WebSocket channels starts each channel with the port', async () => {
    const path = '/api/v1/namespaces/default/pods/web/portforward?ports=8080';
    const { messages, done } = webSocketSession(path, ['v4.channel.k8s.io'], (ws) => {
      ws.send(Buffer.from([0, ...Buffer.from('ping')]));
      setTimeout(() => ws.close(), 200);
    });
    await done;
    const port = Buffer.from([0x90, 0x1f]).toString('latin1');
    expect(messages.map((m) => [m.data[0], m.data.subarray(1).toString('latin1')])).toEqual([
      [0, port],
      [1, port],
      [0, '8080:ping'],
    ]);
  });
});

/** An HTTP upgrade to SPDY/3.1 with the given protocol versions; resolves the socket or the refusal. */
function spdyUpgrade(path: string, protocols?: string[], method = 'POST') {
  return new Promise<{
    socket?: Socket;
    status: number;
    body: string;
    headers: Record<string, unknown>;
  }>((resolve, reject) => {
    const url = new URL(path, base);
    // No body: a chunked terminator would otherwise follow the request into the upgraded stream.
    const headers: Record<string, string> = {
      ...auth(),
      Connection: 'Upgrade',
      Upgrade: 'SPDY/3.1',
      'Content-Length': '0',
    };
    if (protocols) headers['X-Stream-Protocol-Version'] = protocols.join(', ');
    const req = request(url, { method, headers });
    req.on('upgrade', (res, socket) =>
      resolve({ socket, status: res.statusCode ?? 0, body: '', headers: res.headers }),
    );
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function readAll(stream: SpdyStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.on('data', (d: Buffer) => {
      text += d;
    });
    stream.on('end', () => resolve(text));
  });
}

describe('remotecommand over SPDY', () => {
  test('v2.channel.k8s.io reports a failure as plain text on the error stream', async () => {
    const up = await spdyUpgrade(`${EXEC}?command=sh&command=-c&command=exit%205&stdout=true`, [
      'v2.channel.k8s.io',
    ]);
    expect(up.status).toBe(101);
    expect(up.headers['x-stream-protocol-version']).toBe('v2.channel.k8s.io');
    const session = new SpdySession(up.socket as Socket, { server: false });
    const error = await session.openStream({ streamtype: ['error'] });
    const stdout = await session.openStream({ streamtype: ['stdout'] });
    const [errorText, out] = await Promise.all([readAll(error), readAll(stdout)]);
    expect(out).toBe('');
    expect(errorText).toBe(
      'command terminated with non-zero exit code: error executing command [sh -c exit 5], exit code 5',
    );
    session.destroy();
  });

  test('v4.channel.k8s.io is preferred to older versions', async () => {
    const up = await spdyUpgrade(`${EXEC}?command=echo&command=hi&stdout=true`, [
      'v4.channel.k8s.io',
      'v3.channel.k8s.io',
    ]);
    expect(up.headers['x-stream-protocol-version']).toBe('v4.channel.k8s.io');
    const session = new SpdySession(up.socket as Socket, { server: false });
    const error = await session.openStream({ streamtype: ['error'] });
    const stdout = await session.openStream({ streamtype: ['stdout'] });
    expect(await Promise.all([readAll(error), readAll(stdout)])).toEqual([
      '{"metadata":{},"status":"Success"}',
      'hi\n',
    ]);
    session.destroy();
  });

  test('a request without X-Stream-Protocol-Version is refused as the kubelet does', async () => {
    const up = await spdyUpgrade(`${EXEC}?command=echo&stdout=true`);
    expect(up.status).toBe(400);
    expect(up.body).toMatch(
      /^unable to upgrade: header X-Stream-Protocol-Version does not exist in request with \d+ headers\n$/,
    );
  });

  test('a request with no stream at all is refused by the kubelet', async () => {
    const up = await spdyUpgrade(`${EXEC}?command=echo`, ['v4.channel.k8s.io']);
    expect(up).toMatchObject({
      status: 400,
      body: 'you must specify at least 1 of stdin, stdout, stderr\n',
    });
  });
});

describe('answers before any upgrade', () => {
  test('exec without an upgrade is a BadRequest Status', async () => {
    const res = await fetch(`${base}${EXEC}?command=echo&stdout=true`, {
      method: 'POST',
      headers: auth(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      message: 'Upgrade request required',
    });
  });

  test('an upgrade without credentials is Unauthorized', async () => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}${EXEC}?command=echo&stdout=true`, [
      'v5.channel.k8s.io',
    ]);
    const status = await new Promise<number>((resolve) =>
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(401);
  });
});

describe('pods/log', () => {
  const LOG = '/api/v1/namespaces/default/pods';
  const get = (path: string) => fetch(`${base}${LOG}/${path}`, { headers: auth() });

  test('streams the container log as text/plain', async () => {
    const res = await get('web/log');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(await res.text()).toBe('nginx line 1\nnginx line 2\nnginx line 3\n');
  });

  test('limitBytes cuts the stream', async () => {
    expect(await (await get('web/log?limitBytes=15')).text()).toBe('nginx line 1\nng');
  });

  test('several containers and no container parameter: the API server asks which one', async () => {
    const res = await get('multi/log');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      reason: 'BadRequest',
      message:
        'a container name must be specified for pod multi, choose one of: [init app sidecar]',
    });
    expect(await (await get('multi/log?container=sidecar')).text()).toBe(
      'sidecar line 1\nsidecar line 2\nsidecar line 3\n',
    );
  });

  test('invalid options are an Invalid PodLogOptions', async () => {
    const res = await get('web/log?tailLines=-1&limitBytes=0');
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      reason: 'Invalid',
      message:
        'PodLogOptions "web" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, limitBytes: Invalid value: 0: must be greater than 0]',
      details: { name: 'web', kind: 'PodLogOptions' },
    });
  });

  test('a container that does not exist is not valid for the pod', async () => {
    const res = await get('web/log?container=nope');
    expect(await res.json()).toMatchObject({
      code: 400,
      message: 'container nope is not valid for pod web',
    });
  });
});
