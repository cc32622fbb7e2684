/**
 * SPDY/3 name/value header blocks: a count, then length-prefixed lower-case names and values
 * (several values of one name joined with NUL), compressed with zlib and the SPDY dictionary.
 * Each direction of a connection has ONE zlib context for its whole life, and every block ends
 * with a sync flush, so the peer can inflate it as soon as the frame arrives (spdystream
 * spdy/read.go uncorkHeaderDecompressor, spdy/write.go writeHeaderValueBlock).
 */
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { SPDY3_HEADER_DICTIONARY } from './spdy-dictionary';
import { SpdyProtocolError } from './spdy-frames';

/** Header names are lower case on the wire; Go's http.Header lookups ignore case likewise. */
export type SpdyHeaders = Record<string, string[]>;

export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const entries = Object.entries(headers);
  parts.push(u32(entries.length));
  for (const [name, values] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(values.join('\0'), 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): SpdyHeaders {
  let offset = 0;
  const read = (bytes: number): Buffer => {
    if (offset + bytes > block.length) throw new SpdyProtocolError('truncated header block');
    const out = block.subarray(offset, offset + bytes);
    offset += bytes;
    return out;
  };
  const count = read(4).readUInt32BE(0);
  const headers: SpdyHeaders = {};
  for (let i = 0; i < count; i++) {
    const name = read(read(4).readUInt32BE(0)).toString('utf8').toLowerCase();
    const value = read(read(4).readUInt32BE(0)).toString('utf8');
    (headers[name] ??= []).push(...value.split('\0'));
  }
  return headers;
}

/**
 * One direction's zlib context. Calls are queued, so blocks go through the context in the order
 * they are submitted whatever the caller awaits.
 */
class ZlibContext {
  private readonly output: Buffer[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private failure?: Error;

  constructor(private readonly stream: Deflate | Inflate) {
    stream.on('data', (chunk: Buffer) => this.output.push(chunk));
    stream.on('error', (err: Error) => {
      this.failure = err;
    });
  }

  run(input: Buffer): Promise<Buffer> {
    const next = this.queue.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          if (this.failure) return reject(this.failure);
          this.stream.write(input);
          this.stream.flush(constants.Z_SYNC_FLUSH, () => {
            // Output pushed while the flush completed is delivered before the next macrotask.
            setImmediate(() => {
              if (this.failure)
                return reject(new SpdyProtocolError(`header block: ${this.failure.message}`));
              resolve(Buffer.concat(this.output.splice(0)));
            });
          });
        }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.stream.destroy();
  }
}

/** Compresses the header blocks this end sends. */
export class HeaderCompressor {
  private readonly zlib = new ZlibContext(
    createDeflate({ dictionary: SPDY3_HEADER_DICTIONARY, level: constants.Z_BEST_COMPRESSION }),
  );

  compress(headers: SpdyHeaders): Promise<Buffer> {
    return this.zlib.run(encodeHeaderBlock(headers));
  }

  close(): void {
    this.zlib.close();
  }
}

/** Inflates the header blocks the peer sends. */
export class HeaderDecompressor {
  private readonly zlib = new ZlibContext(createInflate({ dictionary: SPDY3_HEADER_DICTIONARY }));

  async decompress(block: Buffer): Promise<SpdyHeaders> {
    return decodeHeaderBlock(await this.zlib.run(block));
  }

  close(): void {
    this.zlib.close();
  }
}
