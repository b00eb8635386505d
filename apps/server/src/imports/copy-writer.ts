import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * How a column travels in COPY's binary format: `int4`/`int8` as big-endian integers,
 * `timestamptz` as microseconds since 2000-01-01, `text` as UTF-8 bytes (also right for `json`
 * and enums, whose binary form is their text).
 */
export type CopyType = 'int4' | 'int8' | 'timestamptz' | 'text';

export interface CopyColumn {
  name: string;
  type: CopyType;
}

/** A column's value: numbers for integers, a `Date` for timestamps, null/undefined for NULL. */
export type CopyValue = string | number | Date | null | undefined;

/** Below glibc's mmap threshold (128 kB), so chunks reuse freed memory instead of new pages. */
const CHUNK_BYTES = 1 << 16;
/** "PGCOPY\n\377\r\n\0", then flags and header-extension length (both 0). */
const HEADER = Buffer.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);
const TRAILER = Buffer.from([0xff, 0xff]);
const TWO_32 = 2 ** 32;
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

/**
 * Rows streamed into a table with `COPY … FROM STDIN (format binary)`, the fastest way into
 * PostgreSQL: the server stores rows while the caller prepares the next ones, and `write` waits
 * when the server falls behind, so memory stays flat. Binary rows need no escaping of the
 * (large, backslash-rich) JSON documents, and the server parses no text for numbers and times.
 */
export class CopyWriter {
  private readonly stream: ReturnType<typeof copyFrom>;
  private readonly finished: Promise<unknown>;
  private readonly types: CopyType[];
  /** Rows not sent yet, encoded straight into bytes. */
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;

  constructor(client: pg.PoolClient, table: string, columns: CopyColumn[]) {
    const names = columns.map((c) => c.name).join(', ');
    this.stream = client.query(copyFrom(`copy ${table} (${names}) from stdin (format binary)`));
    this.finished = once(this.stream, 'finish');
    // Errors surface through `end()` or the next `write`; after `abort` nobody waits, so neither
    // the event nor the promise may go unhandled.
    this.stream.on('error', () => {});
    this.finished.catch(() => {});
    this.types = columns.map((c) => c.type);
    HEADER.copy(this.buffer);
    this.used = HEADER.length;
  }

  async write(values: CopyValue[]): Promise<void> {
    if (values.length !== this.types.length) {
      throw new RangeError(`expected ${this.types.length} values, got ${values.length}`);
    }
    // A UTF-16 code unit takes at most 3 bytes in UTF-8; numbers and lengths take 8 and 4.
    let most = 2;
    for (const value of values) most += 12 + (typeof value === 'string' ? value.length * 3 : 0);
    if (this.used + most > this.buffer.length) {
      await this.flush();
      if (most > this.buffer.length) this.buffer = Buffer.allocUnsafe(most);
    }
    const buffer = this.buffer;
    let at = buffer.writeInt16BE(values.length, this.used);
    values.forEach((value, i) => {
      if (value === null || value === undefined) {
        at = buffer.writeInt32BE(-1, at);
        return;
      }
      switch (this.types[i]) {
        case 'int4':
          at = buffer.writeInt32BE(4, at);
          at = buffer.writeInt32BE(value as number, at);
          return;
        case 'int8':
          at = writeInt64(buffer, value as number, buffer.writeInt32BE(8, at));
          return;
        case 'timestamptz': {
          const ms = (value as Date).getTime() - POSTGRES_EPOCH_MS;
          at = writeInt64(buffer, ms * 1000, buffer.writeInt32BE(8, at));
          return;
        }
        default: {
          const length = buffer.write(value as string, at + 4, 'utf8');
          buffer.writeInt32BE(length, at);
          at += 4 + length;
        }
      }
    });
    this.used = at;
  }

  async end(): Promise<void> {
    await this.flush();
    await this.send(TRAILER);
    this.stream.end();
    await this.finished;
  }

  /** Abandons the copy (the server discards it); the transaction must then roll back. */
  abort(error: Error): void {
    this.stream.destroy(error);
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return;
    const chunk = this.buffer.subarray(0, this.used);
    // The stream may hold on to the bytes until it sends them: the next rows go into new ones.
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    await this.send(chunk);
  }

  private async send(chunk: Buffer): Promise<void> {
    if (!this.stream.write(chunk)) await Promise.race([once(this.stream, 'drain'), this.finished]);
  }
}

/** A safe integer as a big-endian int64; returns the offset after it. */
function writeInt64(buffer: Buffer, value: number, at: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer`);
  if (value < 0) return buffer.writeBigInt64BE(BigInt(value), at);
  const high = Math.floor(value / TWO_32);
  buffer.writeUInt32BE(high, at);
  return buffer.writeUInt32BE(value - high * TWO_32, at + 4);
}
