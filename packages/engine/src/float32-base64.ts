/**
 * Float32Array ⇄ base64, for model weights inside JSON. The bytes are little-endian: Node runs only
 * on little-endian hosts today, and the check below fails loudly rather than load garbage elsewhere.
 * Round trips are bit-exact (no decimal printing of floats).
 */
import { Buffer } from 'node:buffer';

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeFloat32(array: Float32Array): string {
  if (!littleEndian) throw new Error('float32 base64 encoding needs a little-endian host');
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** Decodes `base64` into a new Float32Array, checking it holds exactly `length` floats. */
export function decodeFloat32(base64: string, length: number, field: string): Float32Array {
  if (!littleEndian) throw new Error('float32 base64 decoding needs a little-endian host');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength !== length * 4) {
    throw new RangeError(
      `${field}: expected ${length} float32 values, got ${bytes.byteLength / 4}`,
    );
  }
  // Copy into a fresh, aligned buffer (Buffer pools may give an unaligned byteOffset).
  const out = new Float32Array(length);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
