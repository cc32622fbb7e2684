/**
 * A minimal reader of the protocol-buffers wire format (varints, fixed32/64, length-delimited
 * fields, groups skipped), written from the encoding spec. Error texts are those of the
 * gogo-generated Unmarshal code in k8s.io/api (`generated.pb.go`), which the apiserver quotes.
 */

export enum WireType {
  Varint = 0,
  Fixed64 = 1,
  LengthDelimited = 2,
  StartGroup = 3,
  EndGroup = 4,
  Fixed32 = 5,
}

/** A malformed message; the text is the one Go's generated code returns. */
export class ProtoDecodeError extends Error {}

export const UNEXPECTED_EOF = 'unexpected EOF';
const INTEGER_OVERFLOW = 'proto: integer overflow';
const NEGATIVE_LENGTH = 'proto: negative length found during unmarshaling';

export interface Tag {
  field: number;
  wireType: WireType;
  /** The raw tag value, which Go's "illegal tag" message prints. */
  raw: number;
}

export class WireReader {
  private pos: number;

  constructor(
    private readonly buf: Buffer,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a field tag; `message` names the message in Go's error texts. */
  tag(message: string): Tag {
    const wire = this.varint64();
    // Go: fieldNum := int32(wire >> 3)
    const field = Number(BigInt.asIntN(32, wire >> 3n));
    const wireType = Number(wire & 7n) as WireType;
    const raw = Number(wire);
    if (wireType === WireType.EndGroup) {
      throw new ProtoDecodeError(`proto: ${message}: wiretype end group for non-group`);
    }
    if (field <= 0)
      throw new ProtoDecodeError(`proto: ${message}: illegal tag ${field} (wire type ${raw})`);
    return { field, wireType, raw };
  }

  /** An unsigned varint of up to 64 bits. */
  varint64(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (shift >= 64n) throw new ProtoDecodeError(INTEGER_OVERFLOW);
      if (this.pos >= this.end) throw new ProtoDecodeError(UNEXPECTED_EOF);
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
  }

  /** proto `int32`: negative values travel as sign-extended 64-bit varints. */
  int32(): number {
    return Number(BigInt.asIntN(32, this.varint64()));
  }

  /** proto `int64`; values past 2^53 lose precision exactly as JSON numbers would. */
  int64(): number {
    return Number(BigInt.asIntN(64, this.varint64()));
  }

  bool(): boolean {
    return this.varint64() !== 0n;
  }

  fixed32(): Buffer {
    return this.take(4);
  }

  fixed64(): Buffer {
    return this.take(8);
  }

  /** The payload of a length-delimited field (a view, not a copy). */
  lengthDelimited(): Buffer {
    const length = this.varint64();
    if (length > BigInt(0x7fffffff)) throw new ProtoDecodeError(NEGATIVE_LENGTH);
    return this.take(Number(length));
  }

  /** Skips the value of a field of an unknown number, as Go's skipGenerated. */
  skip(wireType: WireType, depth = 0): void {
    switch (wireType) {
      case WireType.Varint:
        this.varint64();
        return;
      case WireType.Fixed64:
        this.take(8);
        return;
      case WireType.Fixed32:
        this.take(4);
        return;
      case WireType.LengthDelimited:
        this.lengthDelimited();
        return;
      case WireType.StartGroup:
        for (;;) {
          const inner = Number(this.varint64() & 7n) as WireType;
          if (inner === WireType.EndGroup) return;
          this.skip(inner, depth + 1);
        }
      case WireType.EndGroup:
        if (depth === 0) throw new ProtoDecodeError('proto: unexpected end of group');
        return;
      default:
        throw new ProtoDecodeError(`proto: illegal wireType ${wireType as number}`);
    }
  }

  private take(n: number): Buffer {
    if (this.pos + n > this.end || n < 0) throw new ProtoDecodeError(UNEXPECTED_EOF);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
