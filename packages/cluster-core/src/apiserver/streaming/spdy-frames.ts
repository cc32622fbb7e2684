/**
 * SPDY/3.1 frame layout (the draft spec; moby/spdystream spdy/read.go and write.go are the
 * implementation kubectl uses). Header blocks travel here still compressed: the per-connection
 * zlib contexts live in spdy-headers.ts.
 */

export const SPDY_VERSION = 3;
/** Data frames carry at most 2^24 - 1 bytes. */
export const MAX_DATA_LENGTH = 0xffffff;

export const FrameType = {
  SynStream: 1,
  SynReply: 2,
  RstStream: 3,
  Settings: 4,
  Ping: 6,
  GoAway: 7,
  Headers: 8,
  WindowUpdate: 9,
} as const;

export const RstStatus = {
  ProtocolError: 1,
  InvalidStream: 2,
  RefusedStream: 3,
  UnsupportedVersion: 4,
  Cancel: 5,
  InternalError: 6,
  FlowControlError: 7,
  StreamInUse: 8,
  StreamAlreadyClosed: 9,
  FrameTooLarge: 11,
} as const;

export const GoAwayStatus = { Ok: 0, ProtocolError: 1, InternalError: 2 } as const;

const FLAG_FIN = 0x01;
const FLAG_UNIDIRECTIONAL = 0x02;

export interface SettingsEntry {
  flags: number;
  id: number;
  value: number;
}

export type SpdyFrame =
  | { type: 'data'; streamId: number; fin: boolean; data: Buffer }
  | {
      type: 'syn_stream';
      streamId: number;
      associatedToStreamId: number;
      priority: number;
      slot: number;
      fin: boolean;
      unidirectional: boolean;
      headerBlock: Buffer;
    }
  | { type: 'syn_reply'; streamId: number; fin: boolean; headerBlock: Buffer }
  | { type: 'rst_stream'; streamId: number; status: number }
  | { type: 'settings'; clearSettings: boolean; entries: SettingsEntry[] }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'headers'; streamId: number; fin: boolean; headerBlock: Buffer }
  | { type: 'window_update'; streamId: number; deltaWindowSize: number }
  | { type: 'unknown'; frameType: number; version: number };

export class SpdyProtocolError extends Error {}

/**
 * Reads one frame from the start of `buf`. Returns undefined while the frame is incomplete,
 * otherwise the frame and how many bytes it used.
 */
export function parseFrame(buf: Buffer): { frame: SpdyFrame; size: number } | undefined {
  if (buf.length < 8) return undefined;
  const length = buf.readUInt32BE(4) & 0xffffff;
  const flags = buf[4];
  const size = 8 + length;
  if (buf.length < size) return undefined;
  const body = buf.subarray(8, size);
  const first = buf.readUInt32BE(0);
  if ((first & 0x80000000) === 0) {
    const streamId = first & 0x7fffffff;
    if (streamId === 0) throw new SpdyProtocolError('stream id zero is disallowed');
    return {
      frame: { type: 'data', streamId, fin: (flags & FLAG_FIN) !== 0, data: Buffer.from(body) },
      size,
    };
  }
  const version = (first >>> 16) & 0x7fff;
  const frameType = first & 0xffff;
  return { frame: parseControl(version, frameType, flags, body), size };
}

function need(body: Buffer, bytes: number): void {
  if (body.length < bytes) throw new SpdyProtocolError('invalid control frame');
}

function parseControl(version: number, frameType: number, flags: number, body: Buffer): SpdyFrame {
  const fin = (flags & FLAG_FIN) !== 0;
  switch (frameType) {
    case FrameType.SynStream:
      need(body, 10);
      return {
        type: 'syn_stream',
        streamId: body.readUInt32BE(0) & 0x7fffffff,
        associatedToStreamId: body.readUInt32BE(4) & 0x7fffffff,
        priority: body[8] >> 5,
        slot: body[9],
        fin,
        unidirectional: (flags & FLAG_UNIDIRECTIONAL) !== 0,
        headerBlock: Buffer.from(body.subarray(10)),
      };
    case FrameType.SynReply:
      need(body, 4);
      return {
        type: 'syn_reply',
        streamId: body.readUInt32BE(0) & 0x7fffffff,
        fin,
        headerBlock: Buffer.from(body.subarray(4)),
      };
    case FrameType.Headers:
      need(body, 4);
      return {
        type: 'headers',
        streamId: body.readUInt32BE(0) & 0x7fffffff,
        fin,
        headerBlock: Buffer.from(body.subarray(4)),
      };
    case FrameType.RstStream:
      need(body, 8);
      return {
        type: 'rst_stream',
        streamId: body.readUInt32BE(0) & 0x7fffffff,
        status: body.readUInt32BE(4),
      };
    case FrameType.Settings: {
      need(body, 4);
      const count = body.readUInt32BE(0);
      need(body, 4 + count * 8);
      const entries: SettingsEntry[] = [];
      for (let i = 0; i < count; i++) {
        const flagId = body.readUInt32BE(4 + i * 8);
        entries.push({
          flags: flagId >>> 24,
          id: flagId & 0xffffff,
          value: body.readUInt32BE(8 + i * 8),
        });
      }
      return { type: 'settings', clearSettings: (flags & 0x01) !== 0, entries };
    }
    case FrameType.Ping:
      need(body, 4);
      return { type: 'ping', id: body.readUInt32BE(0) };
    case FrameType.GoAway:
      need(body, 4);
      // SPDY/3 adds a status word; SPDY/2-style 4-byte bodies read as status OK.
      return {
        type: 'goaway',
        lastGoodStreamId: body.readUInt32BE(0) & 0x7fffffff,
        status: body.length >= 8 ? body.readUInt32BE(4) : 0,
      };
    case FrameType.WindowUpdate:
      need(body, 8);
      return {
        type: 'window_update',
        streamId: body.readUInt32BE(0) & 0x7fffffff,
        deltaWindowSize: body.readUInt32BE(4) & 0x7fffffff,
      };
    default:
      return { type: 'unknown', frameType, version };
  }
}

function controlFrame(frameType: number, flags: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  head.writeUInt16BE(frameType, 2);
  head.writeUInt32BE((((flags & 0xff) << 24) | body.length) >>> 0, 4);
  return Buffer.concat([head, body]);
}

function words(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeUInt32BE(v >>> 0, i * 4));
  return out;
}

/** Serializes a frame; header blocks must already be compressed. */
export function encodeFrame(frame: SpdyFrame): Buffer {
  switch (frame.type) {
    case 'data': {
      if (frame.data.length > MAX_DATA_LENGTH) throw new SpdyProtocolError('invalid data frame');
      const head = Buffer.alloc(8);
      head.writeUInt32BE(frame.streamId & 0x7fffffff, 0);
      head.writeUInt32BE((((frame.fin ? FLAG_FIN : 0) << 24) | frame.data.length) >>> 0, 4);
      return Buffer.concat([head, frame.data]);
    }
    case 'syn_stream': {
      const fixed = Buffer.alloc(10);
      fixed.writeUInt32BE(frame.streamId, 0);
      fixed.writeUInt32BE(frame.associatedToStreamId, 4);
      fixed[8] = (frame.priority & 0x07) << 5;
      fixed[9] = frame.slot;
      const flags = (frame.fin ? FLAG_FIN : 0) | (frame.unidirectional ? FLAG_UNIDIRECTIONAL : 0);
      return controlFrame(FrameType.SynStream, flags, Buffer.concat([fixed, frame.headerBlock]));
    }
    case 'syn_reply':
      return controlFrame(
        FrameType.SynReply,
        frame.fin ? FLAG_FIN : 0,
        Buffer.concat([words(frame.streamId), frame.headerBlock]),
      );
    case 'headers':
      return controlFrame(
        FrameType.Headers,
        frame.fin ? FLAG_FIN : 0,
        Buffer.concat([words(frame.streamId), frame.headerBlock]),
      );
    case 'rst_stream':
      return controlFrame(FrameType.RstStream, 0, words(frame.streamId, frame.status));
    case 'settings':
      return controlFrame(
        FrameType.Settings,
        frame.clearSettings ? 0x01 : 0,
        words(
          frame.entries.length,
          ...frame.entries.flatMap((e) => [((e.flags & 0xff) << 24) | (e.id & 0xffffff), e.value]),
        ),
      );
    case 'ping':
      return controlFrame(FrameType.Ping, 0, words(frame.id));
    case 'goaway':
      return controlFrame(FrameType.GoAway, 0, words(frame.lastGoodStreamId, frame.status));
    case 'window_update':
      return controlFrame(FrameType.WindowUpdate, 0, words(frame.streamId, frame.deltaWindowSize));
    case 'unknown':
      throw new SpdyProtocolError(`cannot encode unknown frame type ${frame.frameType}`);
  }
}
