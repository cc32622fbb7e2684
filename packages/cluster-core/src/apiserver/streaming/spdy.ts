/**
 * A SPDY/3.1 session over any byte stream (a hijacked HTTP connection, or a WebSocket tunnel
 * for `SPDY/3.1+portforward.k8s.io`), behaving like moby/spdystream's Connection as
 * k8s.io/apimachinery/pkg/util/httpstream/spdy uses it:
 * - the client opens streams (odd ids, increasing); the server accepts each with an empty
 *   SYN_REPLY or refuses it with RST_STREAM;
 * - DATA with FIN half-closes a stream, RST_STREAM tears it down;
 * - PINGs from the peer are echoed; SETTINGS and WINDOW_UPDATE are read and ignored, since
 *   spdystream implements no flow control (it never sends WINDOW_UPDATE, so honouring windows
 *   would stall every stream after 64 KiB);
 * - closing resets the unfinished streams and sends GOAWAY (connection.go Close).
 * Frames are written in order through one queue, because header compression is asynchronous
 * and a SYN_REPLY must reach the wire before the stream's first DATA frame.
 */
import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import {
  encodeFrame,
  GoAwayStatus,
  MAX_DATA_LENGTH,
  parseFrame,
  RstStatus,
  type SpdyFrame,
} from './spdy-frames';
import { HeaderCompressor, HeaderDecompressor, type SpdyHeaders } from './spdy-headers';

export type { SpdyHeaders } from './spdy-headers';

const EMPTY = Buffer.alloc(0);
/** How long a half-closed connection may wait for the peer to close its side. */
const LINGER_MS = 10_000;

export class SpdyStream extends Duplex {
  private localFin = false;
  private remoteFin = false;
  private wasReset = false;

  constructor(
    private readonly session: SpdySession,
    readonly id: number,
    readonly headers: SpdyHeaders,
  ) {
    super({ allowHalfOpen: true });
  }

  /** First value of a header, case-insensitively (Go's http.Header.Get). */
  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()]?.[0];
  }

  /** True once the peer has sent FIN or reset the stream. */
  get remoteClosed(): boolean {
    return this.remoteFin || this.wasReset;
  }

  override _read(): void {
    // Data is pushed as frames arrive: SPDY as spdystream speaks it has no flow control to apply.
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    if (this.localFin || this.wasReset) {
      callback();
      return;
    }
    this.session.sendData(this.id, chunk, false).then(
      () => callback(),
      () => callback(),
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.finishLocal();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.wasReset && !this.localFin) {
      this.localFin = true;
      this.session.sendReset(this.id, RstStatus.Cancel);
    }
    this.session.forget(this.id);
    callback(error);
  }

  /** Sends FIN unless already sent (spdystream Stream.Close). */
  finishLocal(): void {
    if (this.localFin || this.wasReset) return;
    this.localFin = true;
    void this.session.sendData(this.id, EMPTY, true);
    this.forgetIfDone();
  }

  /** Tears the stream down with RST_STREAM CANCEL unless it already finished (spdystream Stream.Reset). */
  reset(): void {
    if (!this.localFin && !this.wasReset) {
      this.localFin = true;
      this.session.sendReset(this.id, RstStatus.Cancel);
    }
    this.remoteEnded();
    this.session.forget(this.id);
  }

  /** @internal */
  receive(data: Buffer, fin: boolean): void {
    if (this.remoteClosed) return;
    if (data.length && !this.destroyed) this.push(data);
    if (fin) {
      this.remoteFin = true;
      this.remoteEnded();
      this.forgetIfDone();
    }
  }

  /** @internal the peer reset the stream, or the connection went away. */
  receiveReset(): void {
    this.wasReset = true;
    this.localFin = true;
    this.remoteEnded();
    this.session.forget(this.id);
  }

  private remoteEnded(): void {
    if (!this.destroyed && !this.readableEnded) this.push(null);
  }

  private forgetIfDone(): void {
    if (this.localFin && this.remoteFin) this.session.forget(this.id);
  }
}

export interface SpdySessionOptions {
  /** Server sessions accept client streams (odd ids) and open even ones. */
  server: boolean;
  /**
   * A stream the peer opened, with its decoded headers. Return false to refuse it (RST_STREAM,
   * as the kubelet does for port-forward streams without a valid `port` header).
   */
  onStream?: (stream: SpdyStream) => boolean | void;
}

export class SpdySession extends EventEmitter {
  private readonly streams = new Map<number, SpdyStream>();
  private readonly pendingOpens = new Map<
    number,
    { resolve(s: SpdyStream): void; reject(e: Error): void; stream: SpdyStream }
  >();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private inbuf: Buffer = EMPTY;
  private pumping = false;
  private writeQueue: Promise<void> = Promise.resolve();
  private nextStreamId: number;
  private lastReceivedStreamId = 0;
  private goneAway = false;
  private closing = false;
  private peerEndPending = false;
  private socketClosed = false;
  private closedFlag = false;
  private lingerTimer?: NodeJS.Timeout;

  constructor(
    private readonly socket: Duplex,
    private readonly options: SpdySessionOptions,
  ) {
    super();
    this.nextStreamId = options.server ? 2 : 1;
    socket.on('data', (chunk: Buffer) => {
      this.inbuf = this.inbuf.length ? Buffer.concat([this.inbuf, chunk]) : chunk;
      void this.pump();
    });
    // End and close take effect after the frames already received: a reply may still be inflating.
    socket.on('end', () => {
      this.peerEndPending = true;
      void this.pump();
    });
    socket.on('close', () => {
      this.socketClosed = true;
      void this.pump();
    });
    socket.on('error', () => this.teardown());
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Opens a stream from this end and resolves once the peer replies (client use, tests). */
  openStream(headers: SpdyHeaders, fin = false): Promise<SpdyStream> {
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new SpdyStream(this, id, headers);
    this.streams.set(id, stream);
    return new Promise((resolve, reject) => {
      this.pendingOpens.set(id, { resolve, reject, stream });
      this.enqueue(async () =>
        encodeFrame({
          type: 'syn_stream',
          streamId: id,
          associatedToStreamId: 0,
          priority: 0,
          slot: 0,
          fin,
          unidirectional: false,
          headerBlock: await this.compressor.compress(headers),
        }),
      );
      if (fin) stream.finishLocal();
    });
  }

  /** @internal */
  sendData(streamId: number, data: Buffer, fin: boolean): Promise<void> {
    if (data.length <= MAX_DATA_LENGTH)
      return this.enqueue(() => encodeFrame({ type: 'data', streamId, fin, data }));
    let last: Promise<void> = Promise.resolve();
    for (let offset = 0; offset < data.length; offset += MAX_DATA_LENGTH) {
      const piece = data.subarray(offset, offset + MAX_DATA_LENGTH);
      last = this.enqueue(() =>
        encodeFrame({
          type: 'data',
          streamId,
          fin: fin && offset + MAX_DATA_LENGTH >= data.length,
          data: piece,
        }),
      );
    }
    return last;
  }

  /** @internal */
  sendReset(streamId: number, status: number): void {
    void this.enqueue(() => encodeFrame({ type: 'rst_stream', streamId, status }));
  }

  /** @internal */
  forget(streamId: number): void {
    this.streams.delete(streamId);
  }

  /**
   * Ends the session as the kubelet does when a command finishes (apimachinery connection.Close):
   * resets every stream not yet finished, sends GOAWAY, then half-closes the connection so the
   * peer reads everything before it closes its side.
   */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    for (const stream of [...this.streams.values()]) stream.reset();
    if (!this.goneAway) {
      this.goneAway = true;
      const lastGood = this.lastReceivedStreamId;
      void this.enqueue(() =>
        encodeFrame({ type: 'goaway', lastGoodStreamId: lastGood, status: GoAwayStatus.Ok }),
      );
    }
    void this.writeQueue.then(() => {
      if (this.socket.destroyed) return;
      this.socket.end();
      this.lingerTimer = setTimeout(() => this.socket.destroy(), LINGER_MS);
      this.lingerTimer.unref?.();
    });
  }

  /** Drops the connection at once. */
  destroy(): void {
    this.socket.destroy();
    this.teardown();
  }

  private enqueue(make: () => Buffer | Promise<Buffer>): Promise<void> {
    const next = this.writeQueue.then(async () => {
      if (this.closedFlag || this.socket.destroyed || this.socket.writableEnded) return;
      const frame = await make();
      if (this.socket.destroyed || this.socket.writableEnded) return;
      // Waiting for 'drain' here is the only back-pressure a stream writer gets.
      if (!this.socket.write(frame)) await this.drained();
    });
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        if (this.closedFlag) return;
        const parsed = parseFrame(this.inbuf);
        if (!parsed) break;
        this.inbuf = this.inbuf.subarray(parsed.size);
        await this.handle(parsed.frame);
      }
    } catch (err) {
      this.emit('protocolError', err);
      void this.enqueue(() =>
        encodeFrame({
          type: 'goaway',
          lastGoodStreamId: this.lastReceivedStreamId,
          status: GoAwayStatus.ProtocolError,
        }),
      );
      void this.writeQueue.then(() => this.destroy());
    } finally {
      this.pumping = false;
    }
    if (this.peerEndPending) {
      this.peerEndPending = false;
      this.peerEnded();
    }
    if (this.socketClosed) this.teardown();
  }

  private async handle(frame: SpdyFrame): Promise<void> {
    switch (frame.type) {
      case 'data':
        this.streams.get(frame.streamId)?.receive(frame.data, frame.fin);
        return;
      case 'syn_stream': {
        // Always inflate, even for a stream we refuse: the zlib context spans the connection.
        const headers = await this.decompressor.decompress(frame.headerBlock);
        const ownParity = this.options.server ? 0 : 1;
        if (this.goneAway) return;
        if (frame.streamId % 2 === ownParity || frame.streamId <= this.lastReceivedStreamId) {
          this.sendReset(frame.streamId, RstStatus.ProtocolError);
          return;
        }
        this.lastReceivedStreamId = frame.streamId;
        const stream = new SpdyStream(this, frame.streamId, headers);
        this.streams.set(frame.streamId, stream);
        if (this.options.onStream?.(stream) === false) {
          stream.reset();
          return;
        }
        void this.enqueue(async () =>
          encodeFrame({
            type: 'syn_reply',
            streamId: frame.streamId,
            fin: false,
            headerBlock: await this.compressor.compress({}),
          }),
        );
        if (frame.fin) stream.receive(EMPTY, true);
        this.emit('stream', stream);
        return;
      }
      case 'syn_reply': {
        await this.decompressor.decompress(frame.headerBlock);
        const pending = this.pendingOpens.get(frame.streamId);
        if (!pending) return;
        this.pendingOpens.delete(frame.streamId);
        pending.resolve(pending.stream);
        if (frame.fin) pending.stream.receive(EMPTY, true);
        return;
      }
      case 'headers':
        await this.decompressor.decompress(frame.headerBlock);
        if (frame.fin) this.streams.get(frame.streamId)?.receive(EMPTY, true);
        return;
      case 'rst_stream': {
        const pending = this.pendingOpens.get(frame.streamId);
        if (pending) {
          this.pendingOpens.delete(frame.streamId);
          pending.reject(new Error('Stream reset'));
        }
        this.streams.get(frame.streamId)?.receiveReset();
        return;
      }
      case 'ping':
        // Our own pings carry our parity; echo the peer's (spdystream handlePingFrame).
        if (frame.id % 2 !== (this.options.server ? 0 : 1))
          void this.enqueue(() => encodeFrame(frame));
        return;
      case 'goaway':
        this.goneAway = true;
        this.emit('goaway', frame.lastGoodStreamId);
        return;
      default:
        return;
    }
  }

  /** The peer closed its side: spdystream clients only do that when they are gone for good. */
  private peerEnded(): void {
    for (const stream of [...this.streams.values()]) stream.receiveReset();
    this.emit('end');
    if (this.socket.writableEnded) this.socket.destroy();
    else this.close();
  }

  private teardown(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    for (const stream of [...this.streams.values()]) stream.receiveReset();
    for (const pending of this.pendingOpens.values())
      pending.reject(new Error('connection closed'));
    this.pendingOpens.clear();
    this.compressor.close();
    this.decompressor.close();
    this.emit('close');
  }
}
