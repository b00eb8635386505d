import { describe, expect, it } from 'vitest';
import { ProtoWriter, fieldText, readFields } from './protobuf.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('ProtoWriter', () => {
  it('writes varints as little-endian base-128 (300 = ac 02, 150 = 96 01)', () => {
    expect(hex(new ProtoWriter().varint(1, 300).finish())).toBe('08ac02');
    // The encoding guide's first example: field 1 = 150.
    expect(hex(new ProtoWriter().varint(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().varint(1, 0).finish())).toBe('0800');
    expect(hex(new ProtoWriter().varint(2, 2n ** 63n - 1n).finish())).toBe('10ffffffffffffffff7f');
  });

  it('writes negative int64 as 10-byte two’s complement', () => {
    expect(hex(new ProtoWriter().varint(1, -1).finish())).toBe('08ffffffffffffffffff01');
  });

  it('writes tags with large field numbers as varints (field 20 = a0 01)', () => {
    expect(hex(new ProtoWriter().varint(20, 7).finish())).toBe('a00107');
  });

  it('writes strings and nested messages length-delimited', () => {
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    const nested = new ProtoWriter().message(3, (w) => w.varint(1, 150)).finish();
    expect(hex(nested)).toBe('1a03089601');
    expect(hex(new ProtoWriter().string(1, '').finish())).toBe('0a00');
  });

  it('frames large payloads nested several messages deep exactly as small ones', () => {
    const big = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) % 251);
    const bytes = new ProtoWriter()
      .varint(1, 5)
      .message(7, (graph) =>
        graph
          .string(2, 'before')
          .message(5, (tensor) => tensor.varint(1, 3).bytes(9, big).string(8, 'after'))
          .varint(4, 300),
      )
      .string(3, 'end')
      .finish();
    const top = readFields(bytes);
    expect(top.map((f) => f.field)).toEqual([1, 7, 3]);
    const graph = readFields(top[1]!.value as Uint8Array);
    expect(graph.map((f) => f.field)).toEqual([2, 5, 4]);
    expect(graph[2]!.value).toBe(300n);
    const tensor = readFields(graph[1]!.value as Uint8Array);
    expect(tensor.map((f) => f.field)).toEqual([1, 9, 8]);
    expect(Buffer.from(tensor[1]!.value as Uint8Array).equals(Buffer.from(big))).toBe(true);
    expect(fieldText(tensor[2]!)).toBe('after');
    expect(fieldText(top[2]!)).toBe('end');
  });

  it('writes packed varints and packed little-endian floats', () => {
    // The encoding guide's packed example: field 4 = [3, 270, 86942].
    expect(hex(new ProtoWriter().packedVarints(4, [3, 270, 86942]).finish())).toBe(
      '2206038e029ea705',
    );
    expect(hex(new ProtoWriter().packedFloats(4, Float32Array.of(1, -2)).finish())).toBe(
      '22080000803f000000c0',
    );
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe('150000803f');
  });

  it('grows its buffer past the initial capacity without losing bytes', () => {
    const big = new Float32Array(10_000).map((_, i) => i);
    const bytes = new ProtoWriter(4).varint(1, 1).packedFloats(2, big).finish();
    const [first, second] = readFields(bytes);
    expect(first!.value).toBe(1n);
    const floats = new Float32Array((second!.value as Uint8Array).slice().buffer);
    expect(floats).toEqual(big);
  });
});

describe('readFields', () => {
  it('decodes what the writer wrote', () => {
    const bytes = new ProtoWriter()
      .varint(1, 300)
      .string(2, 'héllo')
      .float(3, 0.5)
      .message(4, (w) => w.varint(1, 7))
      .finish();
    const fields = readFields(bytes);
    expect(fields.map((f) => [f.field, f.wireType])).toEqual([
      [1, 0],
      [2, 2],
      [3, 5],
      [4, 2],
    ]);
    expect(fields[0]!.value).toBe(300n);
    expect(fieldText(fields[1]!)).toBe('héllo');
    expect(fields[2]!.value).toBe(0x3f000000);
    expect(readFields(fields[3]!.value as Uint8Array)[0]!.value).toBe(7n);
  });

  it('rejects truncated input', () => {
    expect(() => readFields(Uint8Array.of(0x08, 0x96))).toThrow(/truncated/);
    expect(() => readFields(Uint8Array.of(0x12, 0x05, 0x61))).toThrow(/overruns/);
  });
});
