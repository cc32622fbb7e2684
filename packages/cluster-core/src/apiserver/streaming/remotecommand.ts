/**
 * The exec/attach stream protocol (remotecommand) over both transports kubectl speaks:
 * - SPDY (kubectl <= 1.29, and the fallback of later ones): the client opens one stream per
 *   channel, named by its `streamType` header: error, stdin, stdout, stderr, resize
 *   (kubelet cri/streaming/remotecommand/httpstream.go);
 * - WebSocket (kubectl >= 1.30): one-byte channel prefixes 0 stdin, 1 stdout, 2 stderr,
 *   3 error, 4 resize, and in v5 255 = close (apiserver util/proxy/websocket.go).
 * Whatever the transport, a session ends with one status on the error channel, then the
 * connection is closed.
 */
import type { Readable, Writable } from 'node:stream';
import { Writable as WritableStream } from 'node:stream';
import type { WebSocket } from 'ws';
import { errorStreamPayload, failureStatus, type ResultStatus } from './exec-status';
import type { ExecIO, TerminalSize } from './runtime';
import { KubeletError } from './runtime';
import type { SpdySession, SpdyStream } from './spdy';
import { CHANNEL_PROTOCOLS, WebSocketChannels } from './websocket-channels';

/** Protocols the kubelet accepts over SPDY (remotecommand.SupportedStreamingProtocols). */
export const SPDY_COMMAND_PROTOCOLS = [
  'v4.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
];
/** apimachinery remotecommand.DefaultStreamCreationTimeout. */
const STREAM_CREATION_TIMEOUT_MS = 30_000;

export interface CommandOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

function flag(query: URLSearchParams, name: string): boolean {
  const v = (query.get(name) ?? '').toLowerCase();
  return v === 'true' || v === '1';
}

/** The streams PodExecOptions / PodAttachOptions ask for, as given. */
export function requestedStreams(query: URLSearchParams): CommandOptions {
  return {
    stdin: flag(query, 'stdin'),
    stdout: flag(query, 'stdout'),
    stderr: flag(query, 'stderr'),
    tty: flag(query, 'tty'),
  };
}

/** kubelet remotecommand.NewOptions: a TTY has no separate stderr; at least one stream is needed. */
export function commandOptions(query: URLSearchParams): CommandOptions {
  const requested = requestedStreams(query);
  const opts = { ...requested, stderr: requested.stderr && !requested.tty };
  if (!opts.stdin && !opts.stdout && !opts.stderr) {
    throw new KubeletError(400, 'you must specify at least 1 of stdin, stdout, stderr');
  }
  return opts;
}

/** The channels of one exec/attach session, whatever carries them. */
export interface CommandSession {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  resize?: Readable;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Reports the kubelet-side status (a v4 Status) and ends the session. */
  finish(status: ResultStatus): Promise<void>;
}

/**
 * Waits for the streams the client must open for `opts` (httpstream.go waitForStreams), then
 * returns the session; undefined if the client did not open them in time.
 */
export function acceptSpdyCommand(
  session: SpdySession,
  protocol: string,
  opts: CommandOptions,
): Promise<CommandSession | undefined> {
  const resizable = protocol !== 'v2.channel.k8s.io' && protocol !== 'channel.k8s.io';
  const expected =
    1 +
    Number(opts.stdin) +
    Number(opts.stdout) +
    Number(opts.stderr) +
    Number(opts.tty && resizable);
  const byType = new Map<string, SpdyStream>();
  const controller = new AbortController();
  session.once('close', () => controller.abort());
  session.once('end', () => controller.abort());
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      session.close();
      resolve(undefined);
    }, STREAM_CREATION_TIMEOUT_MS);
    session.on('stream', (stream: SpdyStream) => {
      const type = stream.header('streamType') ?? '';
      if (!['error', 'stdin', 'stdout', 'stderr', 'resize'].includes(type) || byType.has(type))
        return;
      if (type === 'resize' && !resizable) return;
      byType.set(type, stream);
      if (byType.size < expected) return;
      clearTimeout(timer);
      const errorStream = byType.get('error') as SpdyStream;
      resolve({
        stdin: byType.get('stdin'),
        stdout: byType.get('stdout'),
        stderr: byType.get('stderr'),
        resize: byType.get('resize'),
        signal: controller.signal,
        finish: async (status) => {
          const payload = errorStreamPayload(status, protocol === 'v4.channel.k8s.io');
          if (payload) await new Promise<void>((done) => errorStream.write(payload, () => done()));
          session.close();
        },
      });
    });
  });
}

/** Channel numbers of the remotecommand WebSocket protocols. */
const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4 } as const;

/** A WebSocket exec/attach session (kubelet and apiserver createWebSocketStreams). */
export function acceptWebSocketCommand(
  ws: WebSocket,
  protocol: string,
  opts: CommandOptions,
): CommandSession {
  const p = CHANNEL_PROTOCOLS[protocol] ?? CHANNEL_PROTOCOLS[''];
  const readable: number[] = [CHANNEL.resize];
  if (opts.stdin) readable.push(CHANNEL.stdin);
  const channels = new WebSocketChannels(ws, p, readable);
  const controller = new AbortController();
  ws.once('close', () => controller.abort());
  // "Send an empty message to the lowest writable channel to notify the client the connection is established."
  channels.send(
    opts.stdout ? CHANNEL.stdout : opts.stderr ? CHANNEL.stderr : CHANNEL.error,
    Buffer.alloc(0),
  );
  const jsonStatus = protocol === 'v5.channel.k8s.io' || protocol.startsWith('v4.');
  return {
    stdin: opts.stdin ? channels.reader(CHANNEL.stdin) : undefined,
    stdout: opts.stdout ? channels.writer(CHANNEL.stdout) : undefined,
    stderr: opts.stderr ? channels.writer(CHANNEL.stderr) : undefined,
    resize: channels.reader(CHANNEL.resize),
    signal: controller.signal,
    finish: async (status) => {
      channels.closeReaders();
      const payload = errorStreamPayload(status, jsonStatus);
      if (payload)
        await new Promise<void>((done) => channels.send(CHANNEL.error, payload, () => done()));
      channels.close();
    },
  };
}

/** Decodes the resize channel: json.Encoder output, one TerminalSize a line (`{"Width":80,"Height":24}`). */
function watchResizes(resize: Readable | undefined, onSize: (size: TerminalSize) => void): void {
  if (!resize) return;
  let pending = '';
  resize.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const size = tryParse(line);
      if (size) onSize(size);
    }
  });
  resize.resume();
}

function tryParse(text: string): TerminalSize | undefined {
  if (!text.trim()) return undefined;
  try {
    const v = JSON.parse(text) as { Width?: number; Height?: number } | null;
    if (!v || typeof v !== 'object') return undefined;
    return { width: Number(v.Width ?? 0), height: Number(v.Height ?? 0) };
  } catch {
    return undefined;
  }
}

const discard = () =>
  new WritableStream({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

function ended(stream: Writable | undefined): Promise<void> {
  if (!stream || stream.writableFinished || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('finish', () => resolve());
    stream.once('close', () => resolve());
    stream.once('error', () => resolve());
    if (!stream.writableEnded) stream.end();
  });
}

/**
 * Runs one command on a session: hands the runtime its IO, waits for it, flushes its output,
 * then reports `status` (or the failure, worded with `failurePrefix`) and closes the session.
 */
export async function runCommand(
  session: CommandSession,
  tty: boolean,
  run: (io: ExecIO) => Promise<ResultStatus>,
  failurePrefix: string,
  /** How the status reaches the client (the v5 translator re-words it). */
  report: (status: ResultStatus) => ResultStatus = (s) => s,
): Promise<void> {
  let lastSize: TerminalSize | undefined;
  const listeners: ((size: TerminalSize) => void)[] = [];
  watchResizes(session.resize, (size) => {
    lastSize = size;
    for (const cb of listeners) cb(size);
  });
  const io: ExecIO = {
    stdin: session.stdin,
    stdout: session.stdout ?? discard(),
    stderr: tty ? undefined : (session.stderr ?? discard()),
    tty,
    onResize(cb) {
      listeners.push(cb);
      if (lastSize) cb(lastSize);
    },
    signal: session.signal,
  };
  let status: ResultStatus;
  try {
    status = await run(io);
  } catch (err) {
    status = failureStatus(err, failurePrefix);
  }
  await Promise.all([ended(session.stdout), ended(session.stderr)]);
  if (!session.signal.aborted) await session.finish(report(status));
}
