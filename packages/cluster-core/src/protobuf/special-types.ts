/**
 * The apimachinery types whose protobuf form and JSON form differ: each decoder takes the
 * message payload and returns what the type's MarshalJSON writes.
 */
import { tryParseQuantity } from '../api/quantity';
import type { SpecialType } from './descriptors';
import { ProtoDecodeError, WireReader, WireType } from './wire';

type Fields = Map<number, { wireType: WireType; value: bigint | Buffer }>;

/** Reads a flat message of scalar fields (last occurrence wins, as in Go). */
function readFields(payload: Buffer, message: string): Fields {
  const r = new WireReader(payload);
  const out: Fields = new Map();
  while (!r.done) {
    const { field, wireType } = r.tag(message);
    if (wireType === WireType.Varint) out.set(field, { wireType, value: r.varint64() });
    else if (wireType === WireType.LengthDelimited)
      out.set(field, { wireType, value: r.lengthDelimited() });
    else r.skip(wireType);
  }
  return out;
}

function intField(fields: Fields, n: number, goName: string, bits: 32 | 64): number {
  const f = fields.get(n);
  if (!f) return 0;
  if (f.wireType !== WireType.Varint)
    throw new ProtoDecodeError(`proto: wrong wireType = ${f.wireType} for field ${goName}`);
  return Number(BigInt.asIntN(bits, f.value as bigint));
}

function bytesField(fields: Fields, n: number, goName: string): Buffer | undefined {
  const f = fields.get(n);
  if (!f) return undefined;
  if (f.wireType !== WireType.LengthDelimited)
    throw new ProtoDecodeError(`proto: wrong wireType = ${f.wireType} for field ${goName}`);
  return f.value as Buffer;
}

/** metav1.Time: Timestamp{seconds=1, nanos=2}; Go keeps only the seconds and writes RFC 3339 (time_proto.go). */
function decodeTime(payload: Buffer): string | null {
  if (payload.length === 0) return null; // the zero Time, which marshals as null
  const f = readFields(payload, 'Timestamp');
  intField(f, 2, 'Nanos', 32);
  return formatUtcSeconds(intField(f, 1, 'Seconds', 64), '');
}

/** metav1.MicroTime: the same Timestamp, nanos truncated to microseconds (micro_time_proto.go). */
function decodeMicroTime(payload: Buffer): string | null {
  if (payload.length === 0) return null;
  const f = readFields(payload, 'Timestamp');
  const nanos = intField(f, 2, 'Nanos', 32);
  const micros = String(Math.max(0, Math.floor(nanos / 1000))).padStart(6, '0');
  return formatUtcSeconds(intField(f, 1, 'Seconds', 64), `.${micros}`);
}

function formatUtcSeconds(seconds: number, fraction: string): string {
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, iso.length - 5)}${fraction}Z`;
}

/** metav1.Duration: {duration=1 int64 nanoseconds}, written as Go's time.Duration.String(). */
function decodeDuration(payload: Buffer): string {
  const f = readFields(payload, 'Duration');
  const d = f.get(1);
  if (d && d.wireType !== WireType.Varint)
    throw new ProtoDecodeError(`proto: wrong wireType = ${d.wireType} for field Duration`);
  return goDuration(d ? BigInt.asIntN(64, d.value as bigint) : 0n);
}

/** Go's time.Duration.String(): `1h2m3.5s`, `1.5ms`, `0s`. */
export function goDuration(d: bigint): string {
  if (d === 0n) return '0s';
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < 1_000_000_000n) {
    const [prec, unit] = u < 1000n ? [0, 'ns'] : u < 1_000_000n ? [3, 'µs'] : [6, 'ms'];
    const [frac, rest] = fraction(u, prec);
    out = `${rest}${frac}${unit}`;
  } else {
    const [frac, secs] = fraction(u, 9);
    u = secs;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** Go's fmtFrac: the `prec` low decimal digits of v as `.ddd` without trailing zeros, and v / 10^prec. */
function fraction(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let printed = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    printed ||= digit !== 0n;
    if (printed) digits = `${digit}${digits}`;
    v /= 10n;
  }
  return [printed ? `.${digits}` : '', v];
}

/** intstr.IntOrString: {type=1, intVal=2, strVal=3}; type 1 is a string (intstr.go). */
function decodeIntOrString(payload: Buffer): number | string {
  const f = readFields(payload, 'IntOrString');
  if (intField(f, 1, 'Type', 64) === 1)
    return (bytesField(f, 3, 'StrVal') ?? Buffer.alloc(0)).toString('utf8');
  return intField(f, 2, 'IntVal', 32);
}

/** resource.Quantity: {string=1}, parsed on the way in as quantity_proto.go does. */
function decodeQuantity(payload: Buffer): string {
  const text = bytesField(readFields(payload, 'Quantity'), 1, 'String_');
  if (text === undefined) return '0'; // the zero Quantity
  const value = text.toString('utf8');
  const parsed = tryParseQuantity(value);
  if (typeof parsed === 'string') throw new ProtoDecodeError(parsed);
  return value;
}

/** runtime.RawExtension {raw=1} and metav1.FieldsV1 {Raw=1}: JSON bytes written verbatim. */
function decodeRawJson(payload: Buffer, message: string): unknown {
  const raw = bytesField(readFields(payload, message), 1, 'Raw');
  if (!raw || raw.length === 0) return null;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new ProtoDecodeError(
      `json: error calling MarshalJSON for type *${message === 'FieldsV1' ? 'v1.FieldsV1' : 'runtime.RawExtension'}: ${(err as Error).message}`,
    );
  }
}

export function decodeSpecial(type: SpecialType, payload: Buffer): unknown {
  switch (type) {
    case 'Time':
      return decodeTime(payload);
    case 'MicroTime':
      return decodeMicroTime(payload);
    case 'Duration':
      return decodeDuration(payload);
    case 'IntOrString':
      return decodeIntOrString(payload);
    case 'Quantity':
      return decodeQuantity(payload);
    case 'RawExtension':
      return decodeRawJson(payload, 'RawExtension');
    case 'FieldsV1':
      return decodeRawJson(payload, 'FieldsV1');
  }
}
