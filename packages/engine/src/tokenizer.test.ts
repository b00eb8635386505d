import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random.js';
import { InvalidTokensError, tokenize, tokensFor } from './tokenizer.js';
import type { Token } from './types.js';

const texts = (text: string) => tokenize(text).map((t) => t.text);

/** Asserts the invariants every tokenization must keep. */
function expectWellFormed(text: string, tokens: Token[]): void {
  let previousEnd = 0;
  tokens.forEach((token, i) => {
    expect(token.id).toBe(i);
    expect(token.start).toBeGreaterThanOrEqual(previousEnd);
    expect(token.end).toBeGreaterThan(token.start);
    expect(text.slice(token.start, token.end)).toBe(token.text);
    expect(token.ws).toBe(token.end < text.length && /\s/u.test(text[token.end]));
    // Only whitespace is dropped between tokens.
    expect(text.slice(previousEnd, token.start).trim()).toBe('');
    previousEnd = token.end;
  });
  expect(text.slice(previousEnd).trim()).toBe('');
}

describe('tokenize', () => {
  it('splits punctuation and keeps offsets and trailing whitespace flags', () => {
    const tokens = tokenize('Hello, world!  Bye');
    expect(tokens).toEqual([
      { text: 'Hello', start: 0, end: 5, id: 0, ws: false },
      { text: ',', start: 5, end: 6, id: 1, ws: true },
      { text: 'world', start: 7, end: 12, id: 2, ws: false },
      { text: '!', start: 12, end: 13, id: 3, ws: true },
      { text: 'Bye', start: 15, end: 18, id: 4, ws: false },
    ]);
  });

  it('keeps numbers with separators whole and splits currency and percent', () => {
    expect(texts('Pay $1,000.50 or 3.5% at 10:30 on 2020-01-05, 1/2 off.')).toEqual(
      ['Pay', '$', '1,000.50', 'or', '3.5', '%', 'at', '10:30', 'on', '2020-01-05', ',', '1/2', 'off', '.'], // prettier-ignore
    );
  });

  it('keeps hyphenated words whole', () => {
    expect(texts('a state-of-the-art e-mail -- done')).toEqual(
      ['a', 'state-of-the-art', 'e-mail', '--', 'done'], // prettier-ignore
    );
  });

  it('splits contractions like spaCy and keeps names with apostrophes whole', () => {
    expect(texts("I don't know; it's O'Neil's. Can't won't we're I'll you've I'm she'd")).toEqual(
      ['I', 'do', "n't", 'know', ';', 'it', "'s", "O'Neil", "'s", '.', 'Ca', "n't", 'wo', "n't", 'we', "'re", 'I', "'ll", 'you', "'ve", 'I', "'m", 'she', "'d"], // prettier-ignore
    );
    expect(texts('don’t rock’n’roll')).toEqual(['do', 'n’t', 'rock’n’roll']);
    expect(texts("John 's dogs' 'quoted'")).toEqual(
      ['John', "'s", 'dogs', "'", "'", 'quoted', "'"], // prettier-ignore
    );
  });

  it('keeps URLs and e-mail addresses whole without trailing punctuation', () => {
    expect(texts('See https://en.wikipedia.org/wiki/Foo_(bar)?a=1. Or (www.test.org), ok')).toEqual(
      ['See', 'https://en.wikipedia.org/wiki/Foo_(bar)?a=1', '.', 'Or', '(', 'www.test.org', ')', ',', 'ok'], // prettier-ignore
    );
    expect(texts('mail john.doe+x@mail.co.uk. or <a@b.io>')).toEqual(
      ['mail', 'john.doe+x@mail.co.uk', '.', 'or', '<', 'a@b.io', '>'], // prettier-ignore
    );
    expect(texts('@user #tag a@b')).toEqual(['@', 'user', '#', 'tag', 'a', '@', 'b']);
  });

  it('keeps abbreviations with their period and splits sentence-final periods', () => {
    expect(texts('Mr. Smith of the U.S. met J. Doe, e.g. at example.com. End.Next')).toEqual(
      ['Mr.', 'Smith', 'of', 'the', 'U.S.', 'met', 'J.', 'Doe', ',', 'e.g.', 'at', 'example.com', '.', 'End', '.', 'Next'], // prettier-ignore
    );
    expect(texts('Wait... what?!')).toEqual(['Wait', '...', 'what', '?', '!']);
  });

  it('handles accented letters, combining marks and CJK', () => {
    expect(texts('Café über naïve nai\u0308ve')).toEqual(['Café', 'über', 'naïve', 'nai\u0308ve']);
    expect(texts('東京タワーに行く 서울 abc')).toEqual(
      ['東', '京', 'タ', 'ワ', 'ー', 'に', '行', 'く', '서울', 'abc'], // prettier-ignore
    );
  });

  it('keeps each emoji whole with its modifiers, ZWJ sequence and flag pair', () => {
    expect(texts('I ❤️ it 👍🏽👍 👨‍👩‍👧 🇫🇷🇩🇪 1️⃣!')).toEqual(
      ['I', '❤️', 'it', '👍🏽', '👍', '👨‍👩‍👧', '🇫🇷', '🇩🇪', '1️⃣', '!'], // prettier-ignore
    );
  });

  it('never makes whitespace a token', () => {
    const text = ' a\n\n b\t c\u00a0d ';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text)).toEqual(['a', 'b', 'c', 'd']);
    expectWellFormed(text, tokens);
  });

  it('produces well-formed tokens for random text (property)', () => {
    const alphabet = [
      'a', 'Z', 'é', '1', '0', ' ', ' ', '\n', '.', ',', '-', "'", '’', ':', '/', '@', '(', ')', '%',
      '$', '東', '😀', '🏽', '\u200d', '\ufe0f', '🇫', 'http://', 'www.', 'n', 't', 's', '\ud800',
    ]; // prettier-ignore
    const random = mulberry32(7);
    for (let round = 0; round < 2000; round++) {
      let text = '';
      const length = Math.floor(random() * 30);
      for (let k = 0; k < length; k++) text += alphabet[Math.floor(random() * alphabet.length)];
      expectWellFormed(text, tokenize(text));
    }
  });
});

describe('tokensFor', () => {
  it('keeps tokens given with the input', () => {
    const tokens: Token[] = [
      { text: 'New', start: 0, end: 3, id: 0, ws: true },
      { text: 'York-based', start: 4, end: 14, id: 1, ws: false },
    ];
    expect(tokensFor({ text: 'New York-based', tokens })).toBe(tokens);
  });

  it('tokenizes when no tokens are given', () => {
    expect(tokensFor({ text: 'a b' }).map((t) => t.text)).toEqual(['a', 'b']);
  });

  it('rejects tokens that do not match the text or are out of order', () => {
    const wrongText = [{ text: 'Old', start: 0, end: 3, id: 0, ws: true }];
    expect(() => tokensFor({ text: 'New York', tokens: wrongText })).toThrow(InvalidTokensError);
    const overlapping = [
      { text: 'New', start: 0, end: 3, id: 0, ws: false },
      { text: 'ew', start: 1, end: 3, id: 1, ws: false },
    ];
    expect(() => tokensFor({ text: 'New', tokens: overlapping })).toThrow(/before 3/);
    const beyond = [{ text: 'New', start: 0, end: 9, id: 0, ws: false }];
    try {
      tokensFor({ text: 'New', tokens: beyond });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', tokenIndex: 0, field: 'end' });
    }
  });
});
