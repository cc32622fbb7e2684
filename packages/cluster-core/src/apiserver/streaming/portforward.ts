/**
 * pods/portforward, as the kubelet serves it (kubelet cri/streaming/portforward):
 * - SPDY `portforward.k8s.io` (kubectl <= 1.30, and the fallback of later ones), also reached
 *   through a WebSocket carrying SPDY frames (`SPDY/3.1+portforward.k8s.io`, kubectl >= 1.31;
 *   apiserver util/proxy/streamtunnel.go): every forwarded connection is a pair of client
 *   streams, `error` and `data`, sharing `port` and `requestID` headers;
 * - plain WebSocket channels (`v4.channel.k8s.io` and friends, for other clients): two channels
 *   per `ports` query entry, each starting with the port as a little-endian uint16.
 */
import { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { KubeObject } from '../../api/object';
import { type ContainerRuntime, sandboxId } from './runtime';
import type { SpdySession, SpdyStream } from './spdy';
import { CHANNEL_PROTOCOLS, WebSocketChannels } from './websocket-channels';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
/** The WebSocket subprotocol prefix of SPDY tunneled over WebSocket (portforward constants.go). */
export const SPDY_TUNNELING_PREFIX = 'SPDY/3.1+';
export const PORT_FORWARD_WEBSOCKET_PROTOCOLS = [
  'v4.channel.k8s.io',
  'v4.base64.channel.k8s.io',
  '',
];
const STREAM_CREATION_TIMEOUT_MS = 30_000;

/**
 * containerd's refusal when nothing listens on the port, for runtimes that cannot forward;
 * the kubelet prefixes it with the port and sandbox.
 */
export function connectionRefused(pod: KubeObject, port: number): string {
  const sandbox = sandboxId(pod);
  const netns = `/var/run/netns/cni-${sandbox.slice(0, 8)}-${sandbox.slice(8, 12)}-${sandbox.slice(12, 16)}-${sandbox.slice(16, 20)}-${sandbox.slice(20, 32)}`;
  return (
    `failed to execute portforward in network namespace "${netns}": failed to connect to localhost:${port} inside namespace "${sandbox}", ` +
    `IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `
  );
}

/** Connects one forwarded connection; resolves with the kubelet's error text, if any. */
async function forward(
  runtime: ContainerRuntime,
  pod: KubeObject,
  port: number,
  data: Duplex,
): Promise<string | undefined> {
  try {
    if (!runtime.portForward) throw new Error(connectionRefused(pod, port));
    await runtime.portForward(pod, port, data);
    return undefined;
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    return `error forwarding port ${port} to pod ${sandboxId(pod)}, uid : ${text}`;
  }
}

interface StreamPair {
  error?: SpdyStream;
  data?: SpdyStream;
  timer: NodeJS.Timeout;
}

/**
 * The kubelet's httpStreamHandler on an accepted SPDY session: validates each stream's headers
 * (refusing bad ones), pairs them by request id and forwards each complete pair.
 */
export function servePortForwardSpdy(
  runtime: ContainerRuntime,
  pod: KubeObject,
): (session: SpdySession) => void {
  return (session) => {
    const pairs = new Map<string, StreamPair>();
    session.on('stream', (stream: SpdyStream) => {
      const type = stream.header('streamType');
      // Clients without request ids (pre-1.6) use consecutive stream ids: error n, data n+2.
      const requestID =
        stream.header('requestID') ?? String(type === 'data' ? stream.id - 2 : stream.id);
      let pair = pairs.get(requestID);
      if (!pair) {
        const timer = setTimeout(() => {
          pairs.get(requestID)?.error?.end(`(request=${requestID}) timed out waiting for streams`);
          pairs.delete(requestID);
        }, STREAM_CREATION_TIMEOUT_MS);
        timer.unref?.();
        pair = { timer };
        pairs.set(requestID, pair);
      }
      if (type === 'error') {
        if (pair.error)
          return void stream.end(
            `error processing stream for request ${requestID}: error stream already assigned`,
          );
        pair.error = stream;
        stream.resume();
      } else {
        if (pair.data)
          return void pair.error?.write(
            `error processing stream for request ${requestID}: data stream already assigned`,
          );
        pair.data = stream;
      }
      if (!pair.error || !pair.data) return;
      clearTimeout(pair.timer);
      pairs.delete(requestID);
      const { error, data } = pair;
      const port = Number(data.header('port'));
      void forward(runtime, pod, port, data).then((message) => {
        if (message) error.write(message);
        data.finishLocal();
        error.finishLocal();
      });
    });
    session.once('close', () => {
      for (const pair of pairs.values()) clearTimeout(pair.timer);
    });
  };
}

/** httpStreamReceived: the stream headers a port-forward stream must carry. */
export function acceptPortForwardStream(stream: SpdyStream): boolean {
  const port = stream.header('port') ?? '';
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) return false;
  const type = stream.header('streamType');
  return type === 'error' || type === 'data';
}

/** portforward.NewV4Options for WebSocket requests: the `ports` query parameter. */
export function webSocketPorts(query: URLSearchParams): number[] | string {
  const values = query.getAll('ports');
  if (!values.length) return 'query parameter "ports" is required';
  const ports: number[] = [];
  for (const value of values) {
    if (!value) return 'query parameter "ports" cannot be empty';
    for (const p of value.split(',')) {
      if (!/^\d+$/.test(p) || Number(p) > 65535)
        return `unable to parse "${value}" as a port: strconv.ParseUint: parsing "${p}": invalid syntax`;
      if (Number(p) < 1) return `port "${value}" must be > 0`;
      ports.push(Number(p));
    }
  }
  return ports;
}

/** handleWebSocketStreams: channels 2n (data) and 2n+1 (error) for the n-th port. */
export async function servePortForwardWebSocket(
  runtime: ContainerRuntime,
  pod: KubeObject,
  ws: WebSocket,
  protocol: string,
  ports: number[],
): Promise<void> {
  const channels = new WebSocketChannels(
    ws,
    CHANNEL_PROTOCOLS[protocol] ?? CHANNEL_PROTOCOLS[''],
    ports.map((_, i) => 2 * i),
  );
  await Promise.all(
    ports.map(async (port, i) => {
      const portBytes = Buffer.alloc(2);
      portBytes.writeUInt16LE(port);
      channels.send(2 * i, portBytes);
      channels.send(2 * i + 1, portBytes);
      const out = channels.writer(2 * i);
      const input = channels.reader(2 * i);
      const data = Duplex.from({ readable: input, writable: out });
      const message = await forward(runtime, pod, port, data);
      if (message) channels.send(2 * i + 1, Buffer.from(message));
    }),
  );
  channels.close();
}
