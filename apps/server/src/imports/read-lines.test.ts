import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { firstInvalidUtf8Byte, readLines } from './read-lines.js';

async function collect(chunks: (string | Uint8Array)[]) {
  const lines = [];
  for await (const line of readLines(
    (async function* () {
      yield* chunks;
    })(),
  ))
    lines.push(line);
  return lines;
}

describe('readLines', () => {
  it('numbers lines from 1 and strips CRLF endings', async () => {
    expect(await collect(['a\r\nb\n\nc'])).toEqual([
      { number: 1, text: 'a' },
      { number: 2, text: 'b' },
      { number: 3, text: '' },
      { number: 4, text: 'c' },
    ]);
  });

  it('joins lines and multi-byte characters split across chunks', async () => {
    const bytes = Buffer.from('héllo wörld\n€ end\n');
    const chunks = [...bytes].map((b) => Uint8Array.of(b));
    expect((await collect(chunks)).map((l) => l.text)).toEqual(['héllo wörld', '€ end']);
  });

  it('names the line and byte offset of invalid UTF-8', async () => {
    const bad = Buffer.concat([
      Buffer.from('ok\nab'),
      Buffer.from([0xff, 0x41]),
      Buffer.from('\n'),
    ]);
    const error = await collect([bad]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe('line 2, offset 2: invalid UTF-8');
  });
  it('yields the valid lines before an invalid one, numbered across chunks', async () => {
    const seen: string[] = [];
    const lines = readLines(
      (async function* () {
        yield Buffer.from('a\nb\n');
        yield Buffer.concat([Buffer.from('c\nd'), Buffer.from([0xff]), Buffer.from('\ne\n')]);
      })(),
    );
    const error = await (async () => {
      for await (const line of lines) seen.push(`${line.number}:${line.text}`);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['1:a', '2:b', '3:c']);
    expect((error as InputError).message).toBe('line 4, offset 1: invalid UTF-8');
  });
});

describe('firstInvalidUtf8Byte', () => {
  it('accepts valid text and finds truncated, overlong and surrogate sequences', () => {
    expect(firstInvalidUtf8Byte(Buffer.from('aé€😀'))).toBe(10);
    expect(firstInvalidUtf8Byte(Uint8Array.of(0x61, 0xe2, 0x82))).toBe(1);
    expect(firstInvalidUtf8Byte(Uint8Array.of(0xc0, 0xaf))).toBe(0);
    expect(firstInvalidUtf8Byte(Uint8Array.of(0x61, 0xed, 0xa0, 0x80))).toBe(1);
  });
});
