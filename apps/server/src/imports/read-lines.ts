import { InputError } from '../errors.js';

export interface Line {
  /** 1-based line number in the file. */
  number: number;
  text: string;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into lines and decodes each as strict UTF-8, without holding more than one
 * chunk and one partial line in memory. An invalid byte sequence is an error naming its line and
 * byte offset within the line. `onBytes` reports the bytes consumed, for progress.
 */
export async function* readLines(
  chunks: AsyncIterable<Uint8Array | string>,
  onBytes: (bytes: number) => void = () => {},
): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let pending: Buffer = Buffer.alloc(0);
  let number = 0;
  const decode = (bytes: Buffer): string => {
    number++;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === CARRIAGE_RETURN) end--;
    const line = bytes.subarray(0, end);
    try {
      return decoder.decode(line);
    } catch {
      throw new InputError('invalid UTF-8', { line: number, offset: firstInvalidUtf8Byte(line) });
    }
  };
  for await (const raw of chunks) {
    const chunk =
      typeof raw === 'string'
        ? Buffer.from(raw, 'utf8')
        : Buffer.isBuffer(raw)
          ? raw
          : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    onBytes(chunk.length);
    let start = 0;
    let newline = chunk.indexOf(NEWLINE, start);
    if (newline >= 0 && pending.length > 0) {
      yield { text: decode(Buffer.concat([pending, chunk.subarray(0, newline)])), number };
      pending = Buffer.alloc(0);
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    while (newline >= 0) {
      yield { text: decode(chunk.subarray(start, newline)), number };
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) pending = Buffer.concat([pending, chunk.subarray(start)]);
  }
  if (pending.length > 0) yield { text: decode(pending), number };
}

/** Byte offset of the first byte that breaks UTF-8 (RFC 3629), for error messages. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const size =
      b < 0x80
        ? 1
        : b >= 0xc2 && b < 0xe0
          ? 2
          : b >= 0xe0 && b < 0xf0
            ? 3
            : b >= 0xf0 && b < 0xf5
              ? 4
              : 0;
    if (size === 0 || i + size > bytes.length) return i;
    for (let k = 1; k < size; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    // Overlong 3/4-byte forms, surrogates and code points above U+10FFFF.
    const b1 = bytes[i + 1]!;
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 >= 0xa0)) return i;
    if ((b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 >= 0x90)) return i;
    i += size;
  }
  return bytes.length;
}
