import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | null | undefined;

const CHUNK_BYTES = 1 << 18;

/**
 * Rows streamed into a table with `COPY … FROM STDIN` (text format), the fastest way into
 * PostgreSQL: the server parses rows while the caller prepares the next ones, and `write`
 * waits when the server falls behind, so memory stays flat.
 */
export class CopyWriter {
  private readonly stream: ReturnType<typeof copyFrom>;
  private readonly finished: Promise<unknown>;
  /** Rows not sent yet, encoded straight into bytes (no joined string, no second copy). */
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;

  constructor(client: pg.PoolClient, table: string, columns: string[]) {
    this.stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
    this.finished = once(this.stream, 'finish');
    // Errors surface through `end()` or the next `write`; after `abort` nobody waits, so neither
    // the event nor the promise may go unhandled.
    this.stream.on('error', () => {});
    this.finished.catch(() => {});
  }

  async write(values: CopyValue[]): Promise<void> {
    const row = `${values.map(encode).join('\t')}\n`;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + row.length * 3 > this.buffer.length) {
      await this.flush();
      if (row.length * 3 > this.buffer.length) return this.send(Buffer.from(row, 'utf8'));
    }
    this.used += this.buffer.write(row, this.used, 'utf8');
  }

  async end(): Promise<void> {
    await this.flush();
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

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format: `\N` for null, backslash escapes for the four special characters. */
function encode(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : text;
}
