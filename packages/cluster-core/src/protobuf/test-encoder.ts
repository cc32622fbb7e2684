/** A protobuf writer for tests only: builds messages field by field, including malformed ones. */
export class TestEncoder {
  private parts: Buffer[] = [];

  static varintBytes(value: bigint | number): Buffer {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    while (v > 0x7fn) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    return Buffer.from(out);
  }

  raw(bytes: Buffer | number[]): this {
    this.parts.push(Buffer.from(bytes));
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.raw(TestEncoder.varintBytes(field * 8 + wireType));
  }

  varint(field: number, value: bigint | number | boolean): this {
    return this.tag(field, 0).raw(
      TestEncoder.varintBytes(typeof value === 'boolean' ? Number(value) : value),
    );
  }

  bytes(field: number, value: Buffer | string | TestEncoder): this {
    const payload = value instanceof TestEncoder ? value.finish() : Buffer.from(value);
    return this.tag(field, 2).raw(TestEncoder.varintBytes(payload.length)).raw(payload);
  }

  double(field: number, value: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    return this.tag(field, 1).raw(b);
  }

  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const msg = () => new TestEncoder();

export { msg };

/** A full request body: `k8s\0` + runtime.Unknown{typeMeta, raw}. */
export function envelope(apiVersion: string, kind: string, raw: TestEncoder | Buffer): Buffer {
  const unknown = msg()
    .bytes(1, msg().bytes(1, apiVersion).bytes(2, kind))
    .bytes(2, raw instanceof TestEncoder ? raw.finish() : raw)
    .bytes(3, '')
    .bytes(4, '');
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown.finish()]);
}
