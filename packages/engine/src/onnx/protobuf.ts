/**
 * A minimal Protocol Buffers wire-format writer and reader: just what an ONNX ModelProto needs
 * (varints, 32-bit floats, length-delimited bytes/strings/sub-messages, packed repeated scalars).
 * We write it ourselves because the engine takes no protobuf dependency for a few hundred bytes of
 * framing around what is mostly one raw float table.
 *
 * Wire format (https://protobuf.dev/programming-guides/encoding/): every field is a tag varint
 * `(field << 3) | wireType`, then its payload: wire type 0 a varint, 2 a varint length then bytes,
 * 5 four little-endian bytes. Varints are little-endian base-128, high bit = "more bytes follow";
 * negative int64 values take 10 bytes (two's complement), which ONNX never needs here.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

/** True on every platform Node ships for; typed-array views below rely on it. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const utf8 = new TextEncoder();

/** Payloads at least this long are kept by reference until `finish`, not copied. */
const BY_REFERENCE = 4096;

/**
 * Appends protobuf fields. Small fields go into a scratch buffer; large payloads (weight tables)
 * and sub-messages are kept as references, so a table nested a few messages deep is copied
 * once, by `finish`, instead of once per level: a 137 MB vector table needs one copy, not four.
 */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private scratch: Uint8Array;
  private used = 0;
  /** Bytes in `parts`, not counting the scratch buffer. */
  private partsLength = 0;

  constructor(initialCapacity = 256) {
    this.scratch = new Uint8Array(initialCapacity);
  }

  /** Bytes written so far. */
  get byteLength(): number {
    return this.partsLength + this.used;
  }

  /** A varint field (int32, int64, enum, bool). */
  varint(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    return this.rawVarint(value);
  }

  /** A `float` field (wire type 5). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    this.reserve(4);
    new DataView(this.scratch.buffer).setFloat32(this.used, value, true);
    this.used += 4;
    return this;
  }

  /** A `bytes` field, or an already encoded sub-message. It must not change before `finish`. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawVarint(value.length);
    return this.raw(value);
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** A sub-message written by `build` into its own writer, then framed by its length. */
  message(field: number, build: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawVarint(inner.byteLength);
    for (const part of inner.chunks()) this.raw(part);
    return this;
  }

  /** `repeated float … [packed = true]`: one length-delimited run of little-endian float32. */
  packedFloats(field: number, values: Float32Array): this {
    return this.bytes(field, float32Bytes(values));
  }

  /** `repeated int32/int64 … [packed = true]`: one length-delimited run of varints. */
  packedVarints(field: number, values: ArrayLike<number | bigint>): this {
    const inner = new ProtoWriter(values.length * 2 + 8);
    for (let i = 0; i < values.length; i++) inner.rawVarint(values[i]!);
    return this.bytes(field, inner.finish());
  }

  /** The bytes written, in one array (the writer must not be used afterwards). */
  finish(): Uint8Array {
    const chunks = this.chunks();
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(this.byteLength);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private chunks(): Uint8Array[] {
    return this.used > 0 ? [...this.parts, this.scratch.subarray(0, this.used)] : this.parts;
  }

  private tag(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1) throw new RangeError(`bad field number ${field}`);
    this.rawVarint(field * 8 + wireType);
  }

  private rawVarint(value: number | bigint): this {
    // BigInt arithmetic keeps 64-bit values exact; two's complement makes negatives 10 bytes.
    let v = BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    const scratch = this.scratch;
    while (v >= 0x80n) {
      scratch[this.used++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    scratch[this.used++] = Number(v);
    return this;
  }

  private raw(bytes: Uint8Array): this {
    if (bytes.length >= BY_REFERENCE) {
      this.seal();
      this.parts.push(bytes);
      this.partsLength += bytes.length;
      return this;
    }
    this.reserve(bytes.length);
    this.scratch.set(bytes, this.used);
    this.used += bytes.length;
    return this;
  }

  /** Moves the scratch bytes into `parts` (a view), so later bytes follow them in order. */
  private seal(): void {
    if (this.used === 0) return;
    this.parts.push(this.scratch.subarray(0, this.used));
    this.partsLength += this.used;
    this.scratch = new Uint8Array(Math.min(this.scratch.length, 1 << 16));
    this.used = 0;
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.scratch.length) return;
    const grown = new Uint8Array(Math.max(this.used + extra, this.scratch.length * 2));
    grown.set(this.scratch.subarray(0, this.used));
    this.scratch = grown;
  }
}

/** Float32 values as little-endian bytes (a zero-copy view on little-endian hosts). */
export function float32Bytes(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return out;
}

/** One decoded field: `value` is a bigint (varint, fixed64), a number (fixed32 bits) or bytes. */
export interface ProtoField {
  field: number;
  wireType: number;
  value: bigint | number | Uint8Array;
}

/**
 * The top-level fields of one message, in order. Enough to read ONNX metadata and walk a graph
 * without a schema: nested messages are decoded by calling this again on their bytes.
 */
export function readFields(bytes: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= bytes.length) throw new RangeError('truncated varint');
      const b = bytes[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
  };
  while (pos < bytes.length) {
    const tag = Number(varint());
    const field = tag >>> 3;
    const wireType = tag & 7;
    let value: bigint | number | Uint8Array;
    if (wireType === WIRE_VARINT) value = varint();
    else if (wireType === WIRE_LENGTH_DELIMITED) {
      const length = Number(varint());
      if (pos + length > bytes.length) throw new RangeError(`field ${field} overruns the message`);
      value = bytes.subarray(pos, pos + length);
      pos += length;
    } else if (wireType === WIRE_FIXED32 || wireType === WIRE_FIXED64) {
      const width = wireType === WIRE_FIXED32 ? 4 : 8;
      if (pos + width > bytes.length) throw new RangeError(`field ${field} overruns the message`);
      const view = new DataView(bytes.buffer, bytes.byteOffset + pos, width);
      value = width === 4 ? view.getUint32(0, true) : view.getBigUint64(0, true);
      pos += width;
    } else {
      throw new RangeError(`unsupported wire type ${wireType} for field ${field}`);
    }
    fields.push({ field, wireType, value });
  }
  return fields;
}

const utf8Decoder = new TextDecoder();

/** The UTF-8 text of a length-delimited field. */
export function fieldText(field: ProtoField): string {
  if (!(field.value instanceof Uint8Array))
    throw new TypeError(`field ${field.field} is no string`);
  return utf8Decoder.decode(field.value);
}
