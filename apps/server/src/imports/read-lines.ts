import { isUtf8 } from 'node:buffer';
import { InputError } from '../errors.js';

export interface Line {
  /** 1-based line number in the file. */
  number: number;
  text: string;
}

const NEWLINE = 0x0a;
const BOM = '\ufeff';
const CARRIAGE_RETURN = 0x0d;

/** The longest line read unless the caller says otherwise (IMPORT_MAX_LINE_BYTES). */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * Splits a byte stream into lines and decodes each as strict UTF-8, without holding more than one
 * chunk and one partial line in memory. An invalid byte sequence is an error naming its line and
 * byte offset within the line; so is a line longer than `maxLineBytes`. A line spread over many
 * chunks is joined once, when its end arrives, so a long line costs time linear in its length.
 * `onBytes` reports the bytes consumed, for progress.
 */
export async function* readLines(
  chunks: AsyncIterable<Uint8Array | string>,
  onBytes: (bytes: number) => void = () => {},
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  // The start of the current line, as the pieces of the chunks it came in.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  const tooLong = (line: number) =>
    new InputError(`is longer than ${maxLineBytes} bytes (IMPORT_MAX_LINE_BYTES)`, { line });
  const hold = (piece: Buffer) => {
    pendingBytes += piece.length;
    if (pendingBytes > maxLineBytes) throw tooLong(number + 1);
    // Copied, so a short partial line does not keep a large chunk alive.
    pending.push(Buffer.from(piece));
  };
  const takePending = (end: Buffer): Buffer => {
    const line = Buffer.concat([...pending, end], pendingBytes + end.length);
    pending = [];
    pendingBytes = 0;
    return line;
  };
  const decodeLine = (bytes: Buffer): Line => {
    number++;
    if (bytes.length > maxLineBytes) throw tooLong(number);
    const line = bytes.subarray(0, endOfLine(bytes));
    try {
      return { text: decoder.decode(line), number };
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
    if (pendingBytes > 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) {
        hold(chunk);
        continue;
      }
      yield decodeLine(takePending(chunk.subarray(0, newline)));
      start = newline + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < start) {
      hold(chunk.subarray(start));
      continue;
    }
    const complete = chunk.subarray(start, last);
    // The run of complete lines is checked and decoded at once (a newline byte never occurs
    // inside a UTF-8 sequence); only a run holding invalid bytes or a line that may be too long
    // goes line by line, to name it.
    if (!isUtf8(complete) || complete.length > maxLineBytes) {
      yield* linesOf(complete, decodeLine);
    } else {
      let text = complete.toString('utf8');
      if (number === 0 && text.startsWith(BOM)) text = text.slice(1);
      for (const line of text.split('\n')) {
        number++;
        yield { text: line.endsWith('\r') ? line.slice(0, -1) : line, number };
      }
    }
    hold(chunk.subarray(last + 1));
  }
  if (pendingBytes > 0) yield decodeLine(takePending(Buffer.alloc(0)));
}

/** The lines of a run of bytes without its final newline, decoded one by one. */
function* linesOf(bytes: Buffer, decodeLine: (line: Buffer) => Line): Generator<Line> {
  let start = 0;
  for (;;) {
    const newline = bytes.indexOf(NEWLINE, start);
    yield decodeLine(bytes.subarray(start, newline < 0 ? bytes.length : newline));
    if (newline < 0) return;
    start = newline + 1;
  }
}

function endOfLine(bytes: Buffer): number {
  const end = bytes.length;
  return end > 0 && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
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
