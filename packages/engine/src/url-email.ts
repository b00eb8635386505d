/**
 * URL and e-mail recognition for the tokenizer: a chunk starting with `http://`, `https://`,
 * `ftp://` or `www.` is one URL token up to the whitespace, minus trailing punctuation (but keeping
 * a closing bracket that closes one inside, as in Wikipedia links); `local@domain.tld` in ASCII is
 * one e-mail token.
 */

const DOT = 0x2e;
const HYPHEN = 0x2d;
/** Punctuation that ends a sentence or a quote rather than a URL. */
const URL_TRAILING = new Set([...'.,;:!?"\'’”»'].map((c) => c.charCodeAt(0)));
const CLOSING_TO_OPENING = new Map([
  [0x29, 0x28], // ) (
  [0x5d, 0x5b], // ] [
  [0x7d, 0x7b], // } {
  [0x3e, 0x3c], // > <
]);

function isAsciiAlphanumeric(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

/** Case-insensitive ASCII prefix test of `text` at `at` (prefix given in lowercase). */
function startsWithLower(text: string, at: number, prefix: string): boolean {
  if (at + prefix.length > text.length) return false;
  for (let k = 0; k < prefix.length; k++) {
    if ((text.charCodeAt(at + k) | 0x20) !== prefix.charCodeAt(k)) return false;
  }
  return true;
}

/** End of a URL or e-mail address starting at `p` (within a chunk ending at `end`), or -1. */
export function urlOrEmailEnd(text: string, p: number, end: number): number {
  if (
    startsWithLower(text, p, 'http://') ||
    startsWithLower(text, p, 'https://') ||
    startsWithLower(text, p, 'ftp://') ||
    (startsWithLower(text, p, 'www.') && p + 4 < end)
  ) {
    return trimUrl(text, p, end);
  }
  return emailEnd(text, p, end);
}

function emailEnd(text: string, p: number, end: number): number {
  let q = p;
  while (q < end) {
    const c = text.charCodeAt(q);
    // RFC 5322 allows more, but these are the characters seen in real local parts.
    const symbol = c === DOT || c === HYPHEN || c === 0x5f || c === 0x25 || c === 0x2b; // . - _ % +
    if (!(isAsciiAlphanumeric(c) || symbol)) break;
    q++;
  }
  if (q === p || q >= end || text.charCodeAt(q) !== 0x40) return -1;
  let r = q + 1;
  while (r < end) {
    const c = text.charCodeAt(r);
    if (!(isAsciiAlphanumeric(c) || c === DOT || c === HYPHEN)) break;
    r++;
  }
  while (r > q + 1 && (text.charCodeAt(r - 1) === DOT || text.charCodeAt(r - 1) === HYPHEN)) r--;
  const lastDot = text.lastIndexOf('.', r - 1);
  if (lastDot <= q + 1 || lastDot >= r - 1) return -1; // needs "x.tld" after the @
  return r;
}

function trimUrl(text: string, p: number, end: number): number {
  let e = end;
  while (e > p + 4) {
    const c = text.charCodeAt(e - 1);
    if (URL_TRAILING.has(c)) {
      e--;
      continue;
    }
    const open = CLOSING_TO_OPENING.get(c);
    if (open === undefined) break;
    let balance = 0;
    for (let k = p; k < e; k++) {
      const d = text.charCodeAt(k);
      if (d === open) balance++;
      else if (d === c) balance--;
    }
    if (balance >= 0) break;
    e--;
  }
  return e;
}
