/**
 * A rule-based tokenizer in one pass over UTF-16 code units, producing Prodigy's token format
 * (`text`, `start`, `end` exclusive, `id`, `ws`). It follows spaCy's English conventions where they
 * matter for annotation, with these documented choices:
 *
 * - Whitespace never becomes a token; `ws` is true when the character after the token is whitespace.
 * - Hyphenated words stay whole: "state-of-the-art", "e-mail", "2020-01-05" (CoNLL does the same).
 * - Numbers keep inner `.` `,` `:` `/` between digits: "1,000.50", "3.5", "10:30", "1/2";
 *   a sign, currency or percent is its own token: "$", "3.5", "%".
 * - Contractions split like spaCy: "don't" → "do" "n't", "it's" → "it" "'s", "can't" → "ca" "n't";
 *   other inner apostrophes keep the word whole: "O'Neil", "rock'n'roll".
 * - Inner periods stay unless lowercase-period-uppercase (a missing space): "U.S.", "e.g.",
 *   "example.com"; a trailing period joins abbreviations ("Mr.", "U.S.", initials "J.") only.
 * - URLs (scheme:// or www.) and e-mail addresses are one token, minus trailing punctuation.
 * - Each Han/Hiragana/Katakana character is a token; an emoji keeps its modifiers, ZWJ sequence
 *   and flag pair in one token; runs of "." or "-" ("...", "--") are one token; other
 *   punctuation is one token per character.
 */
import type { Token } from './types.js';
import { urlOrEmailEnd } from './url-email.js';
import {
  CJK,
  DIGIT,
  LETTER,
  LOWER,
  SPACE,
  UPPER,
  WORD,
  charTable,
  flagsAt,
  widthAt,
} from './char-classes.js';

const DOT = 0x2e;
const HYPHEN = 0x2d;
const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;

/** Abbreviations that keep their trailing period (lowercased, without the period). */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof st jr sr vs etc inc ltd corp co mt ft approx dept est fig gen gov sen rep ' +
    'rev jan feb aug sept oct nov dec'
  ).split(' '),
);

/** Thrown by `tokensFor` when tokens given with an input do not fit its text. */
export class InvalidTokensError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    message: string,
    readonly tokenIndex: number,
    readonly field: string,
  ) {
    super(message);
    this.name = 'InvalidTokensError';
  }
}

/** Splits `text` into tokens with character offsets. */
export function tokenize(text: string): Token[] {
  const table = charTable();
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (table[text.charCodeAt(i)] & SPACE) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && !(table[text.charCodeAt(j)] & SPACE)) j++;
    splitChunk(text, i, j, out);
    i = j;
  }
  return out;
}

/**
 * The tokens of an input: its own `tokens` when given (checked to be in order, non-overlapping and
 * equal to the text they point at), otherwise `tokenize(text)`.
 */
export function tokensFor(input: { text: string; tokens?: Token[] }): Token[] {
  const { text, tokens } = input;
  if (tokens === undefined) return tokenize(text);
  let previousEnd = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const { start, end } = token;
    if (!Number.isInteger(start) || start < previousEnd) {
      throw new InvalidTokensError(
        `token ${i} starts at ${start}, before ${previousEnd}`,
        i,
        'start',
      );
    }
    if (!Number.isInteger(end) || end <= start || end > text.length) {
      throw new InvalidTokensError(`token ${i} has invalid end ${end}`, i, 'end');
    }
    if (text.slice(start, end) !== token.text) {
      throw new InvalidTokensError(
        `token ${i} text does not match the text at ${start}`,
        i,
        'text',
      );
    }
    previousEnd = end;
  }
  return tokens;
}

function push(text: string, start: number, end: number, out: Token[]): void {
  const ws = end < text.length && (charTable()[text.charCodeAt(end)] & SPACE) !== 0;
  out.push({ text: text.slice(start, end), start, end, id: out.length, ws });
}

/** Tokenizes one whitespace-free chunk `text[start, end)`. */
function splitChunk(text: string, start: number, end: number, out: Token[]): void {
  let p = start;
  let maySpecial = true; // a URL or e-mail can start only after leading punctuation
  while (p < end) {
    const flags = flagsAt(text, p);
    if (flags & CJK) {
      const width = widthAt(text, p);
      push(text, p, p + width, out);
      p += width;
      maySpecial = false;
    } else if (flags & WORD) {
      const special = maySpecial ? urlOrEmailEnd(text, p, end) : -1;
      if (special > p) {
        push(text, p, special, out);
        p = special;
      } else {
        p = scanWord(text, p, end, out);
      }
      maySpecial = false;
    } else {
      p = scanSymbol(text, p, end, out);
    }
  }
}

/** End of the run of letters starting at `p`. */
function letterRunEnd(text: string, p: number, end: number): number {
  let q = p;
  while (q < end && flagsAt(text, q) & LETTER) q += widthAt(text, q);
  return q;
}

/** 1 when `text[a, b)` is a clitic spaCy splits off after an apostrophe (s m d ll re ve), 2 for t. */
function cliticKind(text: string, a: number, b: number): number {
  const c0 = text.charCodeAt(a) | 0x20;
  if (b - a === 1) return c0 === 0x73 || c0 === 0x6d || c0 === 0x64 ? 1 : c0 === 0x74 ? 2 : 0;
  if (b - a !== 2) return 0;
  const c1 = text.charCodeAt(a + 1) | 0x20;
  const ll = c0 === 0x6c && c1 === 0x6c;
  const re = c0 === 0x72 && c1 === 0x65;
  const ve = c0 === 0x76 && c1 === 0x65;
  return ll || re || ve ? 1 : 0;
}

/** Scans a word from `start` (a word character), pushes its token(s), returns where it stopped. */
function scanWord(text: string, start: number, end: number, out: Token[]): number {
  let q = start;
  let previous = 0; // flags of the last word character
  let segment = 0; // length of the current dot-separated segment
  let longestSegment = 0;
  let innerDot = false;
  let digits = false;
  while (q < end) {
    const flags = flagsAt(text, q);
    if (flags & CJK) break;
    if (flags & WORD) {
      previous = flags;
      if (flags & DIGIT) digits = true;
      segment++;
      q += widthAt(text, q);
      continue;
    }
    if (q + 1 >= end) break;
    const next = flagsAt(text, q + 1);
    if (!(next & WORD) || next & CJK) break;
    const c = text.charCodeAt(q);
    if (c === HYPHEN || c === 0x2010 || c === 0x2011 || c === 0x5f) {
      q++;
      continue;
    }
    if (c === DOT && !(previous & LOWER && next & UPPER)) {
      innerDot = true;
      longestSegment = Math.max(longestSegment, segment);
      segment = 0;
      q++;
      continue;
    }
    if ((c === 0x2c || c === 0x3a || c === 0x2f) && previous & DIGIT && next & DIGIT) {
      q++;
      continue;
    }
    if ((c === APOSTROPHE || c === RIGHT_QUOTE) && previous & LETTER && next & LETTER) {
      const r = letterRunEnd(text, q + 1, end);
      const atWordEnd = r >= end || !(flagsAt(text, r) & WORD);
      const kind = atWordEnd ? cliticKind(text, q + 1, r) : 0;
      const nBefore = q - 1 > start && (text.charCodeAt(q - 1) | 0x20) === 0x6e;
      if (kind === 1 || (kind === 2 && nBefore)) {
        const split = kind === 1 ? q : q - 1; // "it" + "'s", "do" + "n't"
        push(text, start, split, out);
        push(text, split, r, out);
        return r;
      }
      q++;
      continue;
    }
    break;
  }
  longestSegment = Math.max(longestSegment, segment);
  if (q < end && text.charCodeAt(q) === DOT && text.charCodeAt(q + 1) !== DOT) {
    const length = q - start;
    const abbreviation =
      (length === 1 && (previous & LETTER) !== 0) ||
      (innerDot && !digits && longestSegment <= 2) ||
      (length <= 6 && !digits && ABBREVIATIONS.has(text.slice(start, q).toLowerCase()));
    if (abbreviation) q++;
  }
  push(text, start, q, out);
  return q;
}

/** A high surrogate U+D83C followed by a low surrogate in [from, to]. */
function isD83C(text: string, q: number, from: number, to: number): boolean {
  const low = text.charCodeAt(q + 1);
  return text.charCodeAt(q) === 0xd83c && low >= from && low <= to;
}

/**
 * End of a symbol started at `p` (first character ends at `q`), keeping an emoji whole: variation
 * selectors, keycap, skin tones (U+1F3FB–F), ZWJ sequences, tag sequences and flag pairs (two
 * regional indicators U+1F1E6–FF).
 */
function emojiEnd(text: string, p: number, q: number, end: number): number {
  let flag = isD83C(text, p, 0xdde6, 0xddff);
  while (q < end) {
    const d = text.charCodeAt(q);
    if (d === 0xfe0f || d === 0xfe0e || d === 0x20e3) q++;
    else if (d === 0x200d && q + 1 < end) q += 1 + widthAt(text, q + 1);
    else if (isD83C(text, q, 0xdffb, 0xdfff) || (d === 0xdb40 && q + 1 < end)) q += 2;
    else if (flag && isD83C(text, q, 0xdde6, 0xddff)) {
      q += 2;
      flag = false;
    } else break;
  }
  return q;
}

/** Pushes one punctuation or symbol token starting at `p`; returns its end. */
function scanSymbol(text: string, p: number, end: number, out: Token[]): number {
  const c = text.charCodeAt(p);
  let q = p + widthAt(text, p);
  if (c === DOT || c === HYPHEN) {
    while (q < end && text.charCodeAt(q) === c) q++;
  } else if ((c === APOSTROPHE || c === RIGHT_QUOTE) && q < end) {
    // A clitic written apart, as in CoNLL-style text: "John 's".
    const r = letterRunEnd(text, q, end);
    if (r > q && (r >= end || !(flagsAt(text, r) & WORD)) && cliticKind(text, q, r) !== 0) q = r;
  } else {
    q = emojiEnd(text, p, q, end);
  }
  push(text, p, q, out);
  return Math.min(q, end);
}
