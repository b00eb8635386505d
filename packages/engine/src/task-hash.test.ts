import { describe, expect, it } from 'vitest';
import { canonicalJson, inputHash, taskHash } from './task-hash.js';
import { hashString, hashStringPair } from './hashing.js';

describe('hashString (MurmurHash3 x86 32-bit)', () => {
  it('matches the reference implementation on empty input', () => {
    // With no data the UTF-16 variant equals the byte-oriented reference implementation.
    expect(hashString('', 0)).toBe(0);
    expect(hashString('', 1)).toBe(0x514e28b7);
  });
  it('computes both seeds in one pass exactly as two separate passes', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'héllo wörld 😀', 'x'.repeat(1001)]) {
      expect(hashStringPair(text)).toEqual([hashString(text, 0), hashString(text, 1)]);
    }
  });
  it('is stable: these vectors must never change, stored hashes depend on them', () => {
    expect(hashString('hello', 0)).toBe(hashString('hello', 0));
    expect([hashString('a'), hashString('ab'), hashString('abc')]).toEqual([
      1867108634, 374890698, 1118836419,
    ]);
  });
});

describe('input and task hashes', () => {
  const text = 'Apple is looking at buying U.K. startup';

  it('pins the input and task hashes of known tasks (test vectors)', () => {
    expect(inputHash({ text })).toBe(PINNED.input);
    expect(taskHash({ text, spans: [{ start: 0, end: 5, label: 'ORG' }] })).toBe(PINNED.span);
    expect(taskHash({ text, label: 'TECH' })).toBe(PINNED.label);
  });

  it('ignores score, answer, meta, tokens, accept and session id', () => {
    const base = { text, spans: [{ start: 0, end: 5, label: 'ORG' }] };
    const decorated = {
      ...base,
      score: 0.42,
      priority: 0.42,
      answer: 'accept',
      accept: ['X'],
      meta: { source: 'x' },
      _session_id: 'alice',
      tokens: [],
    };
    expect(inputHash(decorated)).toBe(inputHash(base));
    expect(taskHash(decorated)).toBe(taskHash(base));
  });

  it('changes with the question: spans, label, options', () => {
    const a = taskHash({ text, spans: [{ start: 0, end: 5, label: 'ORG' }] });
    expect(taskHash({ text, spans: [{ start: 0, end: 5, label: 'PER' }] })).not.toBe(a);
    expect(taskHash({ text, spans: [{ start: 0, end: 4, label: 'ORG' }] })).not.toBe(a);
    expect(taskHash({ text, label: 'ORG' })).not.toBe(a);
    expect(taskHash({ text, options: [{ id: 'A' }] })).not.toBe(
      taskHash({ text, options: [{ id: 'B' }] }),
    );
    expect(taskHash({ text })).not.toBe(a);
  });

  it('does not depend on span order or key order', () => {
    const s1 = { start: 0, end: 5, label: 'ORG' };
    const s2 = { start: 27, end: 31, label: 'LOC' };
    expect(taskHash({ text, spans: [s1, s2] })).toBe(taskHash({ text, spans: [s2, s1] }));
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });

  it('gives 53-bit safe integers and tells different texts apart', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 20000; i++) {
      const h = inputHash({ text: `sentence number ${i}` });
      expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
      seen.add(h);
    }
    expect(seen.size).toBe(20000);
  });
});

const PINNED = { input: 4696932192672341, span: 4901278727530799, label: 8047143672476210 };
