/**
 * Prodigy's patterns JSONL, one pattern a line:
 *
 *   {"label": "ORG", "pattern": "Acme Corp"}                                   phrase: exact token texts
 *   {"label": "ORG", "pattern": [{"lower": "acme"}, {"is_title": true, "op": "?"}]}   token pattern
 *
 * Attribute names are case-insensitive (spaCy writes `LOWER`, Prodigy's docs `lower`). A pattern's
 * id is a hash of its label and normalized content, so statistics kept per pattern survive
 * reordering the file, and a duplicated line is kept once.
 */
import { hashString } from '../hashing.js';
import { tokenize } from '../tokenizer.js';
import {
  BOOLEAN_ATTRIBUTES,
  STRING_ATTRIBUTES,
  type BooleanAttribute,
  type StringAttribute,
} from './token-attributes.js';

/** `1` exactly once (no op), `?` 0–1, `*` 0+, `+` 1+, `!` one token that does not match. */
export type Quantifier = '1' | '?' | '*' | '+' | '!';

/** One element of a token pattern: all its attribute tests must hold (an empty one is a wildcard). */
export interface TokenSpec {
  strings: { attribute: StringAttribute; value: string }[];
  booleans: { attribute: BooleanAttribute; value: boolean }[];
  op: Quantifier;
}

export interface Pattern {
  id: string;
  label: string;
  /** 1-based line in the JSONL it came from. */
  line: number;
  /** The phrase of a phrase pattern (matched on the exact token texts). */
  phrase?: string;
  tokens: TokenSpec[];
}

/** A pattern line that cannot be used; `field` is a path such as `pattern[1].op`. */
export class PatternParseError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    message: string,
    readonly line: number,
    readonly field: string,
  ) {
    super(`line ${line}, ${field}: ${message}`);
    this.name = 'PatternParseError';
  }
}

const OPS = new Set<string>(['?', '*', '+', '!']);
const STRINGS = new Set<string>(STRING_ATTRIBUTES);
const BOOLEANS = new Set<string>(BOOLEAN_ATTRIBUTES);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses a patterns JSONL text; blank lines are skipped. Throws `PatternParseError`. */
export function parsePatterns(jsonl: string): Pattern[] {
  const patterns: Pattern[] = [];
  const seen = new Set<string>();
  const lines = jsonl.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const pattern = parsePatternLine(lines[i], i + 1);
    if (seen.has(pattern.id)) continue;
    seen.add(pattern.id);
    patterns.push(pattern);
  }
  return patterns;
}

/** Parses one JSONL line (`line` is used in errors and kept on the pattern). */
export function parsePatternLine(text: string, line: number): Pattern {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PatternParseError(`invalid JSON (${(error as Error).message})`, line, 'line');
  }
  if (!isObject(json)) throw new PatternParseError('expected a JSON object', line, 'line');
  const { label, pattern } = json;
  if (typeof label !== 'string' || label.trim() === '') {
    throw new PatternParseError('expected a non-empty string', line, 'label');
  }
  let tokens: TokenSpec[];
  let phrase: string | undefined;
  if (typeof pattern === 'string') {
    phrase = pattern;
    tokens = tokenize(pattern).map((token) => ({
      strings: [{ attribute: 'orth', value: token.text }],
      booleans: [],
      op: '1',
    }));
    if (tokens.length === 0) {
      throw new PatternParseError('the phrase has no tokens', line, 'pattern');
    }
  } else if (Array.isArray(pattern)) {
    if (pattern.length === 0) throw new PatternParseError('empty token pattern', line, 'pattern');
    tokens = pattern.map((element, k) => parseTokenSpec(element, line, `pattern[${k}]`));
  } else {
    throw new PatternParseError('expected a string or an array of token objects', line, 'pattern');
  }
  const id = hashString(`${label}\u0000${JSON.stringify(tokens)}`)
    .toString(16)
    .padStart(8, '0');
  return phrase === undefined ? { id, label, line, tokens } : { id, label, line, phrase, tokens };
}

function parseTokenSpec(element: unknown, line: number, field: string): TokenSpec {
  if (!isObject(element)) throw new PatternParseError('expected a token object', line, field);
  const spec: TokenSpec = { strings: [], booleans: [], op: '1' };
  for (const [key, value] of Object.entries(element)) {
    const name = key.toLowerCase();
    const path = `${field}.${key}`;
    if (name === 'op') {
      if (typeof value !== 'string' || !OPS.has(value)) {
        const message = `op must be one of ? * + ! (got ${JSON.stringify(value)})`;
        throw new PatternParseError(message, line, path);
      }
      spec.op = value as Quantifier;
    } else if (STRINGS.has(name)) {
      if (typeof value !== 'string') throw new PatternParseError('expected a string', line, path);
      // `text` is spaCy's alias of `orth`.
      spec.strings.push({ attribute: name === 'text' ? 'orth' : (name as StringAttribute), value });
    } else if (BOOLEANS.has(name)) {
      if (typeof value !== 'boolean') {
        throw new PatternParseError('expected true or false', line, path);
      }
      spec.booleans.push({ attribute: name as BooleanAttribute, value });
    } else {
      const known = [...STRING_ATTRIBUTES, ...BOOLEAN_ATTRIBUTES, 'op'].join(', ');
      throw new PatternParseError(`unsupported attribute (supported: ${known})`, line, path);
    }
  }
  // A stable order, so equivalent patterns written differently get the same id.
  const byAttributeThenValue = (a: TokenSpec['strings'][0], b: TokenSpec['strings'][0]) =>
    a.attribute.localeCompare(b.attribute) || a.value.localeCompare(b.value);
  spec.strings.sort(byAttributeThenValue);
  spec.booleans.sort((a, b) => a.attribute.localeCompare(b.attribute));
  return spec;
}
