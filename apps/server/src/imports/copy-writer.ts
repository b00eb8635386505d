import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | null | undefined;

/**
 * Rows streamed into a table with `COPY … FROM STDIN` (text format), the fastest way into
 * PostgreSQL: the server parses rows while the caller prepares the next ones, and `write`
 * waits when the server falls behind, so memory stays flat.
 */
export class CopyWriter {
  private readonly stream: ReturnType<typeof copyFrom>;
  private readonly finished: Promise<unknown>;
  private buffer = '';

  constructor(client: pg.PoolClient, table: string, columns: string[]) {
    this.stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
    this.finished = once(this.stream, 'finish');
    // Errors surface through `end()` or the next `write`; after `abort` nobody waits, so neither
    // the event nor the promise may go unhandled.
    this.stream.on('error', () => {});
    this.finished.catch(() => {});
  }

  async write(values: CopyValue[]): Promise<void> {
    this.buffer += `${values.map(encode).join('\t')}\n`;
    if (this.buffer.length < 1 << 18) return;
    await this.flush();
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
    if (this.buffer === '') return;
    const chunk = this.buffer;
    this.buffer = '';
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
