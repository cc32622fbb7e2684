/**
 * resource.Quantity as k8s.io/apimachinery/pkg/api/resource (quantity.go, amount.go,
 * suffix.go): parsing with the same grammar and errors, rounding up to nano units,
 * comparison, arithmetic, and the canonical string the API server writes back
 * (`1024Mi` → `1Gi`, `0.5` → `500m`, `1.5Gi` → `1536Mi`).
 *
 * A value is held exactly as a count of nano units (every parsed quantity is rounded up to
 * 1n upstream), so no floating point is ever involved.
 */

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

/** The three parse errors of quantity.go, with their exact texts. */
export const QUANTITY_ERRORS = {
  formatWrong: `quantities must match the regular expression '${SPLIT_RE}'`,
  numeric: 'unable to parse numeric part of quantity',
  suffix: "unable to parse quantity's suffix",
} as const;

export class QuantityParseError extends Error {}

const NANO = 1_000_000_000n;
const MAX_INT64 = (1n << 63n) - 1n;
/** 2^63-1 in nano units: BinarySI values are capped there. */
const MAX_BINARY_NANOS = MAX_INT64 * NANO;
/** Exponents past this are absurd; upstream keeps them symbolically, we refuse them. */
const MAX_EXPONENT = 10_000;

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));

interface Scanned {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** parseQuantityString: the hand-written scanner, quirks included (`1.G`, `.`, `-` parse). */
function scan(str: string): Scanned {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (pos < end) {
    if (str[0] === '-') {
      positive = false;
      pos++;
    } else if (str[0] === '+') {
      pos++;
    }
  }
  const isDigit = (c: string) => c >= '0' && c <= '9';
  // leading zeros
  for (;;) {
    if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
    if (str[pos] !== '0') break;
    pos++;
  }
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  let num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    let j = pos;
    while (j < end && isDigit(str[j])) j++;
    denom = str.slice(pos, j);
    if (j >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = j;
  }
  if (num === '') num = '0';
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos])) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) throw new QuantityParseError(QUANTITY_ERRORS.formatWrong);
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

function interpretSuffix(s: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  if (s in DECIMAL_SUFFIXES)
    return { base: 10, exponent: DECIMAL_SUFFIXES[s], format: 'DecimalSI' };
  if (s in BINARY_SUFFIXES) return { base: 2, exponent: BINARY_SUFFIXES[s], format: 'BinarySI' };
  if (s.length > 1 && (s[0] === 'e' || s[0] === 'E') && /^[-+]?[0-9]+$/.test(s.slice(1))) {
    const exponent = Number(s.slice(1));
    if (Math.abs(exponent) > MAX_EXPONENT) throw new QuantityParseError(QUANTITY_ERRORS.numeric);
    return { base: 10, exponent, format: 'DecimalExponent' };
  }
  throw new QuantityParseError(QUANTITY_ERRORS.suffix);
}

const abs = (n: bigint) => (n < 0n ? -n : n);
/** Division rounding away from zero (inf.RoundUp). */
function divUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d === 0n ? q : q + (n < 0n ? -1n : 1n);
}
const pow10 = (e: number) => 10n ** BigInt(e);

export class Quantity {
  private constructor(
    /** The exact value in units of 10^-9. */
    readonly nanos: bigint,
    readonly format: QuantityFormat,
    /** The input text, kept when it already was canonical (upstream's `s`). */
    private readonly cached?: string,
  ) {}

  static parse(input: string): Quantity {
    const str = input;
    if (str.length === 0) throw new QuantityParseError(QUANTITY_ERRORS.formatWrong);
    if (str === '0') return new Quantity(0n, 'DecimalSI', '0');
    const { positive, num, denom, suffix } = scan(str);
    const { base, exponent, format: parsedFormat } = interpretSuffix(suffix);
    let format = parsedFormat;
    const digits = BigInt(num + denom);

    // value = digits * 10^-len(denom) * base^exponent, rounded up to nano units
    let numerator = digits;
    let scale10 = -denom.length; // power of ten applied to numerator
    if (base === 10) scale10 += exponent;
    else numerator *= 1n << BigInt(exponent);
    let nanos: bigint;
    if (scale10 + 9 >= 0) nanos = numerator * pow10(scale10 + 9);
    else nanos = divUp(numerator, pow10(-(scale10 + 9)));
    if (format === 'BinarySI' && nanos > MAX_BINARY_NANOS) nanos = MAX_BINARY_NANOS;
    if (format === 'BinarySI' && nanos > 0n && nanos < NANO) format = 'DecimalSI';
    if (!positive) nanos = -nanos;

    return new Quantity(
      nanos,
      format,
      keepsInput(str, num, denom, base, exponent, format) ? str : undefined,
    );
  }

  /** Parses what a JSON document holds in a quantity field (a string or a number). */
  static fromJSON(value: unknown): Quantity {
    if (typeof value === 'number') return Quantity.parse(String(value));
    if (typeof value !== 'string') throw new QuantityParseError(QUANTITY_ERRORS.formatWrong);
    return Quantity.parse(value.trim());
  }

  static fromValue(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value) * NANO, format);
  }

  static fromMilli(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value) * 1_000_000n, format);
  }

  static zero(format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(0n, format);
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.nanos === 0n ? 0 : this.nanos < 0n ? -1 : 1;
  }

  cmp(other: Quantity): -1 | 0 | 1 {
    return this.nanos === other.nanos ? 0 : this.nanos < other.nanos ? -1 : 1;
  }

  equals(other: Quantity): boolean {
    return this.nanos === other.nanos;
  }

  /** Add keeps this format unless this is zero (then it takes the other's), as upstream. */
  add(other: Quantity): Quantity {
    return new Quantity(this.nanos + other.nanos, this.isZero() ? other.format : this.format);
  }

  sub(other: Quantity): Quantity {
    return new Quantity(this.nanos - other.nanos, this.isZero() ? other.format : this.format);
  }

  mul(factor: number | bigint): Quantity {
    return new Quantity(this.nanos * BigInt(factor), this.format);
  }

  neg(): Quantity {
    return new Quantity(-this.nanos, this.format);
  }

  /** RoundUp(scale): e.g. SetDefaults_ResourceList rounds every value up to milli units (-3). */
  roundUp(scale: number): Quantity {
    if (scale <= -9) return this;
    const unit = pow10(scale + 9);
    const rounded = divUp(this.nanos, unit) * unit;
    return rounded === this.nanos ? this : new Quantity(rounded, this.format);
  }

  /** ScaledValue(scale): the value in units of 10^scale, rounded up (away from zero). */
  scaledValue(scale: number): bigint {
    const shift = scale + 9;
    return shift >= 0 ? divUp(this.nanos, pow10(shift)) : this.nanos * pow10(-shift);
  }

  /** Value(): whole units, rounded up. */
  value(): number {
    return Number(this.scaledValue(0));
  }

  /** MilliValue(): milli units, rounded up. */
  milliValue(): number {
    return Number(this.scaledValue(-3));
  }

  asApproximateFloat64(): number {
    return Number(this.nanos) / 1e9;
  }

  /** The canonical text, exactly as MarshalJSON writes it. */
  toString(): string {
    if (this.cached !== undefined) return this.cached;
    return canonicalize(this.nanos, this.format);
  }

  toJSON(): string {
    return this.toString();
  }
}

/**
 * Whether ParseQuantity's int64 fast path keeps the input string as the serialized form:
 * only for inputs already in canonical shape (so `+1Ki` and `01` keep their spelling).
 */
function keepsInput(
  _str: string,
  num: string,
  denom: string,
  base: 2 | 10,
  exponent: number,
  format: QuantityFormat,
): boolean {
  const shifted = num + denom;
  if (base === 10) {
    const precision = 18 - (num.length + denom.length);
    const scale = exponent - denom.length;
    if (precision < 0 || scale < -9) return false;
    return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
  }
  if (format !== 'BinarySI' || exponent < 0 || denom.length > 0) return false;
  const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
  if (precision < 0) return false;
  const value = BigInt(shifted);
  if (value * (1n << BigInt(exponent)) > MAX_INT64) return false;
  return exponent % 10 === 0 && (value & 7n) !== 0n;
}

/** CanonicalizeBytes: largest suffix without losing precision or emitting a fraction. */
function canonicalize(nanos: bigint, format: QuantityFormat): string {
  if (nanos === 0n) return '0';
  let fmt = format;
  if (fmt === 'BinarySI') {
    // small or fractional binary values are written in decimal
    if (abs(nanos) < 1024n * NANO || nanos % NANO !== 0n) fmt = 'DecimalSI';
  }
  if (fmt === 'BinarySI') {
    let amount = nanos / NANO;
    let times = 0;
    while (abs(amount) >= 1024n && amount % 1024n === 0n) {
      amount /= 1024n;
      times++;
    }
    return `${amount}${BINARY_BY_EXPONENT.get(times * 10) ?? ''}`;
  }
  let mantissa = nanos;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (fmt === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  // exponents past E have no suffix upstream either
  return `${mantissa}${DECIMAL_BY_EXPONENT.get(exponent) ?? ''}`;
}

/** ParseQuantity, returning the error text instead of throwing. */
export function tryParseQuantity(value: unknown): Quantity | string {
  try {
    return Quantity.fromJSON(value);
  } catch (err) {
    if (err instanceof QuantityParseError) return err.message;
    throw err;
  }
}

/** The canonical JSON text of a quantity field's value, or throws QuantityParseError. */
export function canonicalQuantity(value: unknown): string {
  return Quantity.fromJSON(value).toString();
}
