/**
 * Channels multiplexed over one WebSocket, as k8s.io/apimachinery wsstream conn.go: each
 * message starts with its channel number, a byte (`channel.k8s.io`, `v4.channel.k8s.io`,
 * `v5.channel.k8s.io`) or an ASCII digit followed by base64 data (`base64.channel.k8s.io`,
 * `v4.base64.channel.k8s.io`). v5 adds the CLOSE signal: `[255, n]` half-closes channel n, which
 * is how kubectl 1.30+ tells the server its stdin has ended.
 */
import { Duplex, Readable, Writable } from 'node:stream';
import type { WebSocket } from 'ws';

export const STREAM_CLOSE = 255;

export interface ChannelProtocol {
  /** Raw bytes, or base64 text messages. */
  binary: boolean;
  /** Understands the v5 `[255, channel]` close signal. */
  closeSignal: boolean;
}

/** The subprotocols a channel WebSocket accepts, as the kubelet and the v5 stream translator list them. */
export const CHANNEL_PROTOCOLS: Record<string, ChannelProtocol> = {
  'v5.channel.k8s.io': { binary: true, closeSignal: true },
  'v4.channel.k8s.io': { binary: true, closeSignal: false },
  'v4.base64.channel.k8s.io': { binary: false, closeSignal: false },
  'channel.k8s.io': { binary: true, closeSignal: false },
  'base64.channel.k8s.io': { binary: false, closeSignal: false },
  '': { binary: true, closeSignal: false },
};

export class WebSocketChannels {
  private readonly readers = new Map<number, Readable>();
  /**
   * Channels whose end was pushed. A Readable's `readableEnded` turns true only once its consumer
   * has read to the end, and a command that never reads stdin (a missing command, `tar` failing)
   * leaves it false: pushing the client's next message then throws ERR_STREAM_PUSH_AFTER_EOF.
   */
  private readonly ended = new Set<number>();
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly protocol: ChannelProtocol,
    /** Channels the client may write to; data for others is dropped (wsstream IgnoreChannel). */
    readable: number[],
  ) {
    for (const channel of readable) this.readers.set(channel, new Readable({ read() {} }));
    ws.on('message', (data: Buffer) => {
      try {
        this.receive(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
      } catch (err) {
        // A message this end cannot take ends this connection, never the process.
        ws.emit('error', err);
        ws.terminate();
      }
    });
    ws.on('close', () => this.endAll());
    ws.on('error', () => this.endAll());
  }

  /** What the client sends on `channel`; ends on a v5 close signal or when the socket closes. */
  reader(channel: number): Readable {
    const r = this.readers.get(channel);
    if (!r) throw new Error(`channel ${channel} is not readable`);
    return r;
  }

  /** A writable for `channel`: every write becomes one message. */
  writer(channel: number): Writable {
    return new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        // Output for a client that went away is dropped, as a kubelet's write to a closed stream
        // only stops the copy: an 'error' here would have no listener in the container runtime.
        this.send(channel, chunk, () => callback());
      },
    });
  }

  /** Sends one message on `channel`, empty messages included (the kubelet's "connected" ping). */
  send(channel: number, data: Buffer, callback?: (err?: Error) => void): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) {
      callback?.();
      return;
    }
    const message = this.protocol.binary
      ? Buffer.concat([Buffer.from([channel]), data])
      : String.fromCharCode(48 + channel) + data.toString('base64');
    this.ws.send(message, { binary: this.protocol.binary }, (err) => callback?.(err ?? undefined));
  }

  /** Stops reading the client's channels (stdin, resize) as the translator's finish does. */
  closeReaders(): void {
    this.endAll();
  }

  /** Normal closure: the client reads what is left and closes its side. */
  close(): void {
    this.closed = true;
    this.endAll();
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING)
      this.ws.close(1000);
  }

  private receive(data: Buffer): void {
    if (data.length === 0) return;
    let channel = data[0];
    let payload = data.subarray(1);
    if (!this.protocol.binary) {
      channel -= 48;
      payload = Buffer.from(payload.toString('latin1'), 'base64');
    }
    if (channel === STREAM_CLOSE && this.protocol.closeSignal) {
      if (payload.length) this.end(payload[0]);
      return;
    }
    const reader = this.readers.get(channel);
    if (reader && !this.ended.has(channel) && !reader.destroyed) reader.push(payload);
  }

  private end(channel: number): void {
    const reader = this.readers.get(channel);
    if (!reader || this.ended.has(channel)) return;
    this.ended.add(channel);
    if (!reader.destroyed) reader.push(null);
  }

  private endAll(): void {
    for (const channel of this.readers.keys()) this.end(channel);
  }
}

/**
 * A WebSocket as a byte stream (client-go tunneling_connection.go): each binary message is a
 * run of bytes, each write one message; ending it closes with 1000, which the client reads as EOF.
 */
export function webSocketDuplex(ws: WebSocket): Duplex {
  let ended = false;
  const duplex = new Duplex({
    allowHalfOpen: true,
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      if (ws.readyState !== ws.OPEN) return callback();
      ws.send(chunk, { binary: true }, () => callback());
    },
    final(callback) {
      if (ws.readyState === ws.OPEN) ws.close(1000);
      callback();
    },
    destroy(error, callback) {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.terminate();
      callback(error);
    },
  });
  ws.on('message', (data: Buffer) => {
    if (!duplex.destroyed && !ended)
      duplex.push(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
  });
  ws.on('close', () => {
    if (!ended && !duplex.destroyed) duplex.push(null);
    ended = true;
    duplex.destroy();
  });
  ws.on('error', () => duplex.destroy());
  return duplex;
}
