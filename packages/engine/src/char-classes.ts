/**
 * Unicode character classes as bit flags, looked up by UTF-16 code unit in a 64 KiB table. The
 * tokenizer and the pattern attributes read one byte per character instead of running a regular
 * expression per character; the table is filled once, on first use, from Unicode property escapes,
 * so it follows the Unicode version of the running V8. Astral code points (emoji, rare CJK) take a
 * slower cached path.
 */

export const SPACE = 1;
export const LETTER = 2;
export const DIGIT = 4;
/** Combining marks: kept inside words so decomposed accents ("e" + U+0301) stay attached. */
export const MARK = 8;
export const UPPER = 16;
export const LOWER = 32;
/** Han, Hiragana, Katakana: scripts written without spaces, one token per character. */
export const CJK = 64;
export const PUNCT = 128;
/** Characters that continue a word. */
export const WORD = LETTER | DIGIT | MARK;

const letterRe = /\p{L}/u;
const markRe = /\p{M}/u;
const digitRe = /\p{N}/u;
const spaceRe = /\s/u;
const upperRe = /[\p{Lu}\p{Lt}]/u;
const lowerRe = /\p{Ll}/u;
const cjkRe = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const punctRe = /\p{P}/u;

function classify(ch: string): number {
  let flags = 0;
  if (spaceRe.test(ch)) flags |= SPACE;
  if (letterRe.test(ch)) flags |= LETTER;
  if (markRe.test(ch)) flags |= MARK;
  if (digitRe.test(ch)) flags |= DIGIT;
  if (upperRe.test(ch)) flags |= UPPER;
  if (lowerRe.test(ch)) flags |= LOWER;
  if (cjkRe.test(ch)) flags |= CJK;
  if (punctRe.test(ch)) flags |= PUNCT;
  return flags;
}

let table: Uint8Array | null = null;
const astral = new Map<number, number>();

/** The BMP table: `charTable()[code]` gives the flags of a code unit (0 for surrogates). */
export function charTable(): Uint8Array {
  if (table !== null) return table;
  const t = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    t[c] = classify(String.fromCharCode(c));
  }
  // Zero-width space separates words in some scripts and copy-pasted text.
  t[0x200b] |= SPACE;
  table = t;
  return t;
}

/** Flags of a code point above U+FFFF (cached; such characters are rare in most text). */
export function astralFlags(codePoint: number): number {
  let flags = astral.get(codePoint);
  if (flags === undefined) {
    flags = classify(String.fromCodePoint(codePoint));
    astral.set(codePoint, flags);
  }
  return flags;
}

/** Flags of the character starting at `index`, reading a surrogate pair as one code point. */
export function flagsAt(text: string, index: number): number {
  const c = text.charCodeAt(index);
  if (c < 0xd800 || c > 0xdbff) return (table ?? charTable())[c];
  const low = text.charCodeAt(index + 1);
  if (!(low >= 0xdc00 && low <= 0xdfff)) return 0; // lone surrogate, or the end of the text
  return astralFlags((c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000);
}

/** Number of code units (1 or 2) of the character starting at `index`. */
export function widthAt(text: string, index: number): number {
  const c = text.charCodeAt(index);
  if (c < 0xd800 || c > 0xdbff) return 1;
  const low = text.charCodeAt(index + 1);
  return low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
}
