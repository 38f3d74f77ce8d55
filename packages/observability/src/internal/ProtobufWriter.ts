/**
 * A protobuf wire-format writer into one growable buffer, for the OTLP encoder (`OtlpProtobuf.ts`).
 *
 * Effect's own encoder builds every field as a `Uint8Array` of its own (a varint through `BigInt`, a
 * string through a new `TextEncoder`) and concatenates them at each level of nesting, which made
 * encoding ≈ 40% of the host's CPU per webhook ack with tracing on. This writer writes each field in
 * place: varints from 32-bit halves, strings straight into the buffer, and an embedded message's length
 * prefix reserved as one byte and widened (the body moved up) only when the message turns out longer
 * than 127 bytes. The bytes are the same as Effect's encoder's, including its treatment of odd inputs
 * (negative varints as 10 bytes, `BigInt` parsing of decimal strings, `parseInt` of hex pairs), which
 * the slow paths below reproduce by running Effect's own arithmetic.
 *
 * @internal
 */

const WireVarint = 0
const WireFixed64 = 1
const WireLengthDelimited = 2
const WireFixed32 = 5

const TwoPow32 = 4294967296
const TwoPow64 = 18446744073709551616

/** The largest buffer kept between encodings (a batch of 1,000 ack spans is ≈ 270 KB). */
const RetainedMax = 4 * 1024 * 1024

/** Strings of at most this many UTF-16 units encode to at most 126 bytes: a one-byte length prefix. */
const ShortString = 42

/** Hex digit values by character code, -1 for anything else. */
const hexDigits = (() => {
  const table = new Int8Array(128).fill(-1)
  for (let i = 0; i < 10; i++) table[48 + i] = i
  for (let i = 0; i < 6; i++) {
    table[65 + i] = 10 + i
    table[97 + i] = 10 + i
  }
  return table
})()

const hexDigit = (code: number): number => (code < 128 ? hexDigits[code]! : -1)

const varintSize = (value: number): number =>
  value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5

const utf8 = new TextEncoder()

/**
 * One encoding at a time: `reset`, the field writes, then `finish` for a copy of the bytes. The buffer is
 * kept between encodings (an export is encoded synchronously, so there is no interleaving).
 *
 * @internal
 */
export class ProtobufWriter {
  private buf: Uint8Array
  private view: DataView
  private pos = 0

  private readonly initialSize: number

  constructor(initialSize = 64 * 1024) {
    this.initialSize = initialSize
    this.buf = new Uint8Array(initialSize)
    this.view = new DataView(this.buf.buffer)
  }

  /** Starts a new encoding. */
  reset(): void {
    this.pos = 0
  }

  /** The bytes written since `reset`, as a fresh array the caller may keep. */
  finish(): Uint8Array {
    const bytes = this.buf.slice(0, this.pos)
    // One unusually large export (long stack traces) should not pin its buffer for the process's life
    if (this.buf.length > RetainedMax) {
      this.buf = new Uint8Array(this.initialSize)
      this.view = new DataView(this.buf.buffer)
    }
    return bytes
  }

  private ensure(extra: number): void {
    if (this.pos + extra > this.buf.length) this.grow(this.pos + extra)
  }

  private grow(min: number): void {
    let size = this.buf.length * 2
    while (size < min) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.pos))
    this.buf = next
    this.view = new DataView(next.buffer)
  }

  /** A varint known to be a non-negative integer below 2^32 (tags, lengths). */
  private uint32(value: number): void {
    this.ensure(5)
    const buf = this.buf
    let pos = this.pos
    while (value > 127) {
      buf[pos++] = (value & 0x7f) | 0x80
      value >>>= 7
    }
    buf[pos++] = value
    this.pos = pos
  }

  /** The 64-bit two's complement value `hi * 2^32 + lo` as a varint (≤ 10 bytes). */
  private uint64(lo: number, hi: number): void {
    this.ensure(10)
    const buf = this.buf
    let pos = this.pos
    while (hi > 0 || lo > 127) {
      buf[pos++] = (lo & 0x7f) | 0x80
      lo = ((lo >>> 7) | (hi << 25)) >>> 0
      hi >>>= 7
    }
    buf[pos++] = lo
    this.pos = pos
  }

  /** Effect's varint of a `bigint`: negative values as their 64-bit two's complement, others unbounded. */
  private bigVarint(value: bigint): void {
    let n = value < 0n ? BigInt.asUintN(64, value) : value
    while (n > 127n) {
      this.ensure(1)
      this.buf[this.pos++] = Number(n & 127n) | 0x80
      n >>= 7n
    }
    this.uint32(Number(n))
  }

  /** A varint of what Effect passes to `BigInt` (a number, a bigint, a decimal string). */
  private varint(value: unknown): void {
    if (typeof value === "number") {
      if (value >= 0 && value < TwoPow32 && (value >>> 0) === value) return this.uint32(value)
      if (Number.isInteger(value) && value < TwoPow64) {
        return this.uint64(value >>> 0, Math.floor(value / TwoPow32) >>> 0)
      }
    }
    this.bigVarint(typeof value === "bigint" ? value : BigInt(value as string))
  }

  /** Reserves a one-byte length prefix for an embedded message; pass the result to `end`. */
  private begin(field: number): number {
    this.tag(field, WireLengthDelimited)
    this.ensure(1)
    return this.pos++
  }

  /** Writes the length of the message begun at `start`, moving its body up if the length needs more bytes. */
  private end(start: number): void {
    const length = this.pos - start - 1
    if (length < 0x80) {
      this.buf[start] = length
      return
    }
    const extra = varintSize(length) - 1
    this.ensure(extra)
    this.buf.copyWithin(start + 1 + extra, start + 1, this.pos)
    const end = this.pos + extra
    this.pos = start
    this.uint32(length)
    this.pos = end
  }

  tag(field: number, wireType: number): void {
    this.uint32((field << 3) | wireType)
  }

  /** An embedded message: `body` writes its fields. */
  message<A>(field: number, value: A, body: (writer: this, value: A) => void): void {
    const start = this.begin(field)
    body(this, value)
    this.end(start)
  }

  /** A varint field (int32/int64/uint32/uint64/enum), with Effect's conversions of its input. */
  varintField(field: number, value: unknown): void {
    this.tag(field, WireVarint)
    this.varint(value)
  }

  boolField(field: number, value: boolean): void {
    this.tag(field, WireVarint)
    this.uint32(value ? 1 : 0)
  }

  /** A fixed64 field from what Effect passes to `BigInt` (nanosecond timestamps arrive as decimal strings). */
  fixed64Field(field: number, value: unknown): void {
    this.tag(field, WireFixed64)
    this.ensure(8)
    let lo = 0
    let hi = 0
    if (typeof value === "string") {
      // BigInt(value) mod 2^64: the first 15 digits as one exact number, the rest digit by digit in two
      // 32-bit halves; anything but plain digits is BigInt's
      const head = value.length < 15 ? value.length : 15
      let i = 0
      for (; i < head; i++) {
        const digit = value.charCodeAt(i) - 48
        if (digit < 0 || digit > 9) break
        lo = lo * 10 + digit
      }
      if (i < head) return this.bigFixed64(value)
      hi = Math.floor(lo / TwoPow32)
      lo -= hi * TwoPow32
      for (; i < value.length; i++) {
        const digit = value.charCodeAt(i) - 48
        if (digit < 0 || digit > 9) break
        lo = lo * 10 + digit
        const carry = Math.floor(lo / TwoPow32)
        lo -= carry * TwoPow32
        hi = (hi * 10 + carry) % TwoPow32
      }
      if (i < value.length) return this.bigFixed64(value)
    } else if (typeof value === "number" && Number.isInteger(value)) {
      lo = value >>> 0
      hi = Math.floor(value / TwoPow32) >>> 0
    } else {
      return this.bigFixed64(value)
    }
    this.view.setUint32(this.pos, lo, true)
    this.view.setUint32(this.pos + 4, hi, true)
    this.pos += 8
  }

  private bigFixed64(value: unknown): void {
    this.view.setBigUint64(this.pos, typeof value === "bigint" ? value : BigInt(value as string), true)
    this.pos += 8
  }

  fixed32Field(field: number, value: number): void {
    this.tag(field, WireFixed32)
    this.ensure(4)
    this.view.setUint32(this.pos, value, true)
    this.pos += 4
  }

  doubleField(field: number, value: number): void {
    this.tag(field, WireFixed64)
    this.ensure(8)
    this.view.setFloat64(this.pos, value, true)
    this.pos += 8
  }

  /** A string field, UTF-8 as `TextEncoder` writes it (a lone surrogate becomes U+FFFD). */
  stringField(field: number, value: string): void {
    this.tag(field, WireLengthDelimited)
    // TextEncoder.encode's conversion of its argument
    const text = typeof value === "string" ? value : value === undefined ? "" : String(value)
    const units = text.length
    if (units <= ShortString) return this.shortString(text)
    // UTF-8 takes at least one byte per UTF-16 unit and at most three
    const reserved = varintSize(units)
    this.ensure(reserved + 3 * units)
    const start = this.pos
    const written = utf8.encodeInto(text, this.buf.subarray(start + reserved)).written
    const size = varintSize(written)
    if (size > reserved) this.buf.copyWithin(start + size, start + reserved, start + reserved + written)
    this.uint32(written)
    this.pos = start + size + written
  }

  private shortString(text: string): void {
    const units = text.length
    this.ensure(1 + 3 * units)
    const buf = this.buf
    const start = this.pos
    let pos = start + 1
    for (let i = 0; i < units; i++) {
      let code = text.charCodeAt(i)
      if (code < 0x80) {
        buf[pos++] = code
      } else if (code < 0x800) {
        buf[pos++] = 0xc0 | (code >> 6)
        buf[pos++] = 0x80 | (code & 0x3f)
      } else if (code < 0xd800 || code > 0xdfff) {
        buf[pos++] = 0xe0 | (code >> 12)
        buf[pos++] = 0x80 | ((code >> 6) & 0x3f)
        buf[pos++] = 0x80 | (code & 0x3f)
      } else {
        const next = i + 1 < units ? text.charCodeAt(i + 1) : 0
        if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00)
          i++
          buf[pos++] = 0xf0 | (code >> 18)
          buf[pos++] = 0x80 | ((code >> 12) & 0x3f)
          buf[pos++] = 0x80 | ((code >> 6) & 0x3f)
          buf[pos++] = 0x80 | (code & 0x3f)
        } else {
          buf[pos++] = 0xef
          buf[pos++] = 0xbf
          buf[pos++] = 0xbd
        }
      }
    }
    buf[start] = pos - start - 1
    this.pos = pos
  }

  /** A string field only when the value is neither `undefined` nor empty (Effect's `optionalStringField`). */
  optionalStringField(field: number, value: string | undefined): void {
    if (value !== undefined && value !== "") this.stringField(field, value)
  }

  bytesField(field: number, value: Uint8Array): void {
    this.tag(field, WireLengthDelimited)
    this.uint32(value.length)
    this.ensure(value.length)
    this.buf.set(value, this.pos)
    this.pos += value.length
  }

  /** A bytes field from a hex string (trace and span ids), two digits per byte. */
  hexField(field: number, hex: string): void {
    if (typeof hex !== "string" || hex.length % 2 !== 0) return this.bytesField(field, slowHexBytes(hex))
    const length = hex.length / 2
    this.tag(field, WireLengthDelimited)
    this.uint32(length)
    this.ensure(length)
    const buf = this.buf
    let pos = this.pos
    for (let i = 0; i < hex.length; i += 2) {
      const high = hexDigit(hex.charCodeAt(i))
      const low = hexDigit(hex.charCodeAt(i + 1))
      buf[pos++] = high >= 0 && low >= 0 ? high * 16 + low : parseInt(hex.slice(i, i + 2), 16)
    }
    this.pos = pos
  }
}

/** Effect's `encodeHexBytes` as it is, for the inputs the fast path does not cover (and its errors). */
const slowHexBytes = (hex: string): Uint8Array => {
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < hex.length; i += 2) {
    bytes[i / 2] = parseInt(hex.slice(i, i + 2), 16)
  }
  return bytes
}
