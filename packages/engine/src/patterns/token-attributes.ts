/**
 * The token attributes a pattern can test, with spaCy's definitions (spaCy's `lex_attrs.py` and
 * Python's `str` predicates, which spaCy calls), so patterns written for Prodigy behave the same.
 */
import {
  DIGIT,
  LETTER,
  LOWER,
  MARK,
  PUNCT,
  UPPER,
  astralFlags,
  charTable,
} from '../char-classes.js';

export const STRING_ATTRIBUTES = ['orth', 'text', 'lower', 'shape'] as const;
export const BOOLEAN_ATTRIBUTES = [
  'is_alpha',
  'is_digit',
  'is_punct',
  'is_title',
  'is_upper',
  'is_lower',
  'like_num',
] as const;

export type StringAttribute = (typeof STRING_ATTRIBUTES)[number];
export type BooleanAttribute = (typeof BOOLEAN_ATTRIBUTES)[number];

function codePointFlags(codePoint: number): number {
  return codePoint < 0x10000 ? charTable()[codePoint] : astralFlags(codePoint);
}

/** True when `text` is non-empty and every code point has one of `flags`. */
function every(text: string, flags: number): boolean {
  if (text.length === 0) return false;
  for (const ch of text) if (!(codePointFlags(ch.codePointAt(0)!) & flags)) return false;
  return true;
}

/** Python's str.isupper / str.islower: some cased character, none of the other case. */
function onlyCase(text: string, wanted: number, other: number): boolean {
  let found = false;
  for (const ch of text) {
    const flags = codePointFlags(ch.codePointAt(0)!);
    if (flags & other) return false;
    if (flags & wanted) found = true;
  }
  return found;
}

/** Python's str.istitle: uppercase only after uncased characters, lowercase only after cased. */
function isTitle(text: string): boolean {
  let previousCased = false;
  let cased = false;
  for (const ch of text) {
    const flags = codePointFlags(ch.codePointAt(0)!);
    if (flags & UPPER) {
      if (previousCased) return false;
      previousCased = cased = true;
    } else if (flags & LOWER) {
      if (!previousCased) return false;
      previousCased = cased = true;
    } else {
      previousCased = false;
    }
  }
  return cased;
}

const isDigits = (text: string) => /^\p{Nd}+$/u.test(text);

const NUMBER_WORDS = new Set(
  (
    'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen ' +
    'sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety ' +
    'hundred thousand million billion trillion quadrillion gajillion bazillion ' +
    'first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth ' +
    'thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth ' +
    'thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth thousandth ' +
    'millionth billionth trillionth quadrillionth gajillionth bazillionth'
  ).split(' '),
);

/** spaCy's English `like_num`: "10", "10,000", "1/2", "-3.5", "ten", "tenth", "3rd". */
export function likeNum(text: string): boolean {
  let t = /^[+\-±~]/u.test(text) ? text.slice(1) : text;
  t = t.replace(/[,.]/g, '');
  if (isDigits(t)) return true;
  const slash = t.split('/');
  if (slash.length === 2 && isDigits(slash[0]) && isDigits(slash[1])) return true;
  const lower = t.toLowerCase();
  if (NUMBER_WORDS.has(lower)) return true;
  return /(st|nd|rd|th)$/.test(lower) && isDigits(lower.slice(0, -2));
}

/**
 * spaCy's `word_shape`: letters become X/x, digits d, other characters stay; a run of one shape
 * character is cut after 4 ("Apples" → "Xxxxx", "1999" → "dddd", "C3-PO" → "Xd-XX").
 */
export function wordShape(text: string): string {
  if (text.length >= 100) return 'LONG';
  let shape = '';
  let last = '';
  let run = 0;
  for (const ch of text) {
    const flags = codePointFlags(ch.codePointAt(0)!);
    let c = ch;
    if (flags & LETTER) c = flags & UPPER ? 'X' : 'x';
    else if (flags & DIGIT && isDigits(ch)) c = 'd';
    if (c === last) run++;
    else {
      run = 0;
      last = c;
    }
    if (run < 4) shape += c;
  }
  return shape;
}

export function booleanAttribute(text: string, attribute: BooleanAttribute): boolean {
  switch (attribute) {
    case 'is_alpha':
      return every(text, LETTER | MARK);
    case 'is_digit':
      return isDigits(text);
    case 'is_punct':
      return every(text, PUNCT);
    case 'is_title':
      return isTitle(text);
    case 'is_upper':
      return onlyCase(text, UPPER, LOWER);
    case 'is_lower':
      return onlyCase(text, LOWER, UPPER);
    case 'like_num':
      return likeNum(text);
  }
}
