import { createHash } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { SpdySession, type SpdyStream } from './spdy';
import { SPDY3_HEADER_DICTIONARY } from './spdy-dictionary';
import { encodeFrame, parseFrame, RstStatus, type SpdyFrame } from './spdy-frames';
import {
  decodeHeaderBlock,
  encodeHeaderBlock,
  HeaderCompressor,
  HeaderDecompressor,
  type SpdyHeaders,
} from './spdy-headers';

describe('SPDY/3 header dictionary', () => {
  test('is the 1423 bytes of spdystream headerDictionary', () => {
    expect(SPDY3_HEADER_DICTIONARY.length).toBe(1423);
    expect(createHash('sha256').update(SPDY3_HEADER_DICTIONARY).digest('hex')).toBe(
      '51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02',
    );
  });
});

describe('SPDY frames', () => {
  const frames: SpdyFrame[] = [
    { type: 'data', streamId: 5, fin: true, data: Buffer.from('hello') },
    { type: 'data', streamId: 7, fin: false, data: Buffer.alloc(0) },
    {
      type: 'syn_stream',
      streamId: 1,
      associatedToStreamId: 0,
      priority: 3,
      slot: 0,
      fin: false,
      unidirectional: true,
      headerBlock: Buffer.from([1, 2, 3]),
    },
    { type: 'syn_reply', streamId: 3, fin: true, headerBlock: Buffer.from([9]) },
    { type: 'headers', streamId: 3, fin: false, headerBlock: Buffer.from([8, 7]) },
    { type: 'rst_stream', streamId: 9, status: RstStatus.Cancel },
    { type: 'settings', clearSettings: false, entries: [{ flags: 1, id: 7, value: 65536 }] },
    { type: 'ping', id: 1 },
    { type: 'goaway', lastGoodStreamId: 11, status: 0 },
    { type: 'window_update', streamId: 5, deltaWindowSize: 1024 },
  ];

  test.each(frames.map((f) => [f.type, f] as const))(
    '%s frames survive an encode/parse round trip',
    (_type, frame) => {
      const wire = encodeFrame(frame);
      expect(parseFrame(wire)).toEqual({ frame, size: wire.length });
    },
  );

  test('control frames carry version 3 and the control bit', () => {
    const wire = encodeFrame({ type: 'ping', id: 3 });
    expect([...wire.subarray(0, 8)]).toEqual([0x80, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04]);
  });

  test('an incomplete frame parses as nothing yet', () => {
    const wire = encodeFrame({
      type: 'data',
      streamId: 1,
      fin: false,
      data: Buffer.from('abcdef'),
    });
    expect(parseFrame(wire.subarray(0, 7))).toBeUndefined();
    expect(parseFrame(wire.subarray(0, wire.length - 1))).toBeUndefined();
  });

  test('unknown control frame types are read and skipped', () => {
    const wire = Buffer.from([0x80, 0x03, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x02, 0xaa, 0xbb]);
    expect(parseFrame(wire)).toEqual({
      frame: { type: 'unknown', frameType: 10, version: 3 },
      size: 10,
    });
  });
});

describe('SPDY header blocks', () => {
  test('name/value blocks lower-case names and join repeated values with NUL', () => {
    const block = encodeHeaderBlock({ StreamType: ['stdout'], port: ['80', '81'] });
    expect(decodeHeaderBlock(block)).toEqual({ streamtype: ['stdout'], port: ['80', '81'] });
  });

  test('blocks compressed with one context inflate in order with one context', async () => {
    const compressor = new HeaderCompressor();
    const decompressor = new HeaderDecompressor();
    const blocks: SpdyHeaders[] = [
      { streamtype: ['error'] },
      { streamtype: ['stdout'], requestid: ['0'] },
      {},
      { streamtype: ['stdout'], requestid: ['0'] },
      { big: ['x'.repeat(100_000)] },
    ];
    const compressed: Buffer[] = [];
    for (const b of blocks) compressed.push(await compressor.compress(b));
    // The repeated block compresses to fewer bytes: the window persists across blocks.
    expect(compressed[3].length).toBeLessThan(compressed[1].length);
    for (let i = 0; i < blocks.length; i++)
      expect(await decompressor.decompress(compressed[i])).toEqual(blocks[i]);
    compressor.close();
    decompressor.close();
  });

  test('the first compressed block is a zlib stream using the SPDY dictionary', async () => {
    const compressor = new HeaderCompressor();
    const first = await compressor.compress({ streamtype: ['error'] });
    expect(first[1] & 0x20).toBe(0x20); // FDICT
    expect(first.readUInt32BE(2)).toBe(adler32(SPDY3_HEADER_DICTIONARY));
    expect(
      decodeHeaderBlock(
        inflateSync(first, { dictionary: SPDY3_HEADER_DICTIONARY, finishFlush: 2 }),
      ),
    ).toEqual({
      streamtype: ['error'],
    });
    compressor.close();
  });
});

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

describe('SPDY sessions', () => {
  let server: Server;
  let serverSession: Promise<SpdySession>;
  let accepted: SpdyStream[];
  let client: SpdySession;
  let clientSocket: Socket;

  beforeEach(async () => {
    accepted = [];
    let resolveSession: (s: SpdySession) => void = () => undefined;
    serverSession = new Promise((r) => {
      resolveSession = r;
    });
    server = createServer({ allowHalfOpen: true }, (socket) => {
      resolveSession(
        new SpdySession(socket, {
          server: true,
          onStream: (stream) => {
            if (stream.header('streamType') === 'refused') return false;
            accepted.push(stream);
          },
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    clientSocket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    await new Promise((r) => clientSocket.once('connect', r));
    client = new SpdySession(clientSocket, { server: false });
  });

  afterEach(async () => {
    client.destroy();
    (await serverSession).destroy();
    await new Promise((r) => server.close(r));
  });

  test('a client stream is accepted with a reply and carries data both ways until FIN', async () => {
    const stream = await client.openStream({ streamtype: ['stdout'] });
    expect(stream.id).toBe(1);
    expect(accepted.map((s) => s.header('StreamType'))).toEqual(['stdout']);
    const [remote] = accepted;
    stream.end('ping from client');
    expect(await readAll(remote)).toBe('ping from client');
    remote.end('pong from server');
    expect(await readAll(stream)).toBe('pong from server');
  });

  test('a refused stream is reset', async () => {
    await expect(client.openStream({ streamtype: ['refused'] })).rejects.toThrow('Stream reset');
  });

  test('closing the server session resets open streams, sends GOAWAY and ends the connection', async () => {
    const stream = await client.openStream({ streamtype: ['error'] });
    const session = await serverSession;
    accepted[0].write('status');
    const goaway = new Promise((r) => client.once('goaway', r));
    session.close();
    expect(await readAll(stream)).toBe('status');
    await goaway;
    await new Promise((r) => client.once('end', r));
  });

  test('pings from the client are echoed', async () => {
    const echoed = new Promise<Buffer>((resolve) => {
      const raw = connect({ port: (server.address() as { port: number }).port, host: '127.0.0.1' });
      raw.on('data', (d) => {
        resolve(d);
        raw.destroy();
      });
      raw.write(encodeFrame({ type: 'ping', id: 7 }));
    });
    expect(parseFrame(await echoed)?.frame).toEqual({ type: 'ping', id: 7 });
  });
});

function readAll(stream: SpdyStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (d: Buffer) => {
      text += d.toString();
    });
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}
