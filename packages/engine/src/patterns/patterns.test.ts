import { describe, expect, it } from 'vitest';
import { tokenize, tokensFor } from '../tokenizer.js';
import { longestNonOverlapping, matchPatterns, matchTextcatPatterns } from './match.js';
import { PatternParseError, parsePatterns, type Pattern } from './parse.js';
import { PatternStats } from './stats.js';
import { booleanAttribute, likeNum, wordShape } from './token-attributes.js';

/** Texts of the matches of one pattern line in `text`. */
function found(patternLine: object, text: string): string[] {
  const patterns = parsePatterns(JSON.stringify({ label: 'X', ...patternLine }));
  return matchPatterns(tokenize(text), patterns).map((m) => text.slice(m.start, m.end));
}

function parseError(jsonl: string): PatternParseError {
  try {
    parsePatterns(jsonl);
  } catch (error) {
    if (error instanceof PatternParseError) return error;
    throw error;
  }
  throw new Error('expected a PatternParseError');
}

describe('parsePatterns', () => {
  it('parses phrase and token patterns, skipping blank lines and duplicates', () => {
    const patterns = parsePatterns(
      [
        '{"label": "ORG", "pattern": "Acme Corp"}',
        '',
        '{"label": "ORG", "pattern": [{"LOWER": "acme"}, {"IS_TITLE": true, "OP": "?"}]}',
        '{"label": "ORG", "pattern": [{"is_title": true, "op": "?"}, {"lower": "acme"}]}',
        '{"label": "ORG", "pattern": [{"lower": "acme"}, {"op": "?", "is_title": true}]}',
      ].join('\n'),
    );
    expect(patterns).toHaveLength(3);
    expect(patterns[0]).toMatchObject({ label: 'ORG', line: 1, phrase: 'Acme Corp' });
    expect(patterns[0].tokens.map((t) => t.strings[0].value)).toEqual(['Acme', 'Corp']);
    expect(patterns[1]).toMatchObject({ line: 3 });
    expect(patterns[1].tokens[1]).toEqual({
      strings: [],
      booleans: [{ attribute: 'is_title', value: true }],
      op: '?',
    });
    expect(new Set(patterns.map((p) => p.id)).size).toBe(3);
    // The id depends on content, not on the line.
    expect(parsePatterns(`\n\n${JSON.stringify({ label: 'ORG', pattern: 'Acme Corp' })}`)[0].id).toBe(patterns[0].id); // prettier-ignore
  });

  it('names the line and field of each error', () => {
    const ok = '{"label": "A", "pattern": "a"}';
    expect(parseError(`${ok}\n{"label": "A", "pattern": "a"`)).toMatchObject({ line: 2, field: 'line', code: 'BAD_USER_INPUT' }); // prettier-ignore
    expect(parseError('[1]')).toMatchObject({ line: 1, field: 'line' });
    expect(parseError('{"pattern": "a"}')).toMatchObject({ line: 1, field: 'label' });
    expect(parseError('{"label": "A", "pattern": 3}')).toMatchObject({ field: 'pattern' });
    expect(parseError('{"label": "A", "pattern": []}')).toMatchObject({ field: 'pattern' });
    expect(parseError('{"label": "A", "pattern": "  "}')).toMatchObject({ field: 'pattern' });
    expect(parseError('{"label": "A", "pattern": [{"lower": "a"}, "b"]}')).toMatchObject({ field: 'pattern[1]' }); // prettier-ignore
    expect(parseError('{"label": "A", "pattern": [{"lower": "a", "op": "{2}"}]}')).toMatchObject({ field: 'pattern[0].op' }); // prettier-ignore
    expect(parseError('{"label": "A", "pattern": [{"POS": "NOUN"}]}')).toMatchObject({ field: 'pattern[0].POS' }); // prettier-ignore
    expect(parseError('{"label": "A", "pattern": [{"lower": 1}]}')).toMatchObject({ field: 'pattern[0].lower' }); // prettier-ignore
    expect(parseError('{"label": "A", "pattern": [{"is_digit": "yes"}]}')).toMatchObject({ field: 'pattern[0].is_digit' }); // prettier-ignore
    expect(parseError('x').message).toMatch(/^line 1, line: invalid JSON/);
  });
});

describe('token attributes', () => {
  it('orth and text match exact token text; lower matches lowercased text', () => {
    expect(found({ pattern: [{ orth: 'Apple' }] }, 'Apple apple APPLE')).toEqual(['Apple']);
    expect(found({ pattern: [{ TEXT: 'apple' }] }, 'Apple apple APPLE')).toEqual(['apple']);
    expect(found({ pattern: [{ lower: 'apple' }] }, 'Apple apple APPLE')).toEqual(['Apple', 'apple', 'APPLE']); // prettier-ignore
  });

  it('shape follows spaCy word_shape', () => {
    expect(['Apples', 'apple', 'C3-PO', '1999', 'U.S.', 'Élan', '12,000'].map(wordShape)).toEqual([
      'Xxxxx', 'xxxx', 'Xd-XX', 'dddd', 'X.X.', 'Xxxx', 'dd,ddd',
    ]); // prettier-ignore
    expect(found({ pattern: [{ shape: 'dddd' }] }, 'in 1999 or 12 or 20001')).toEqual(['1999', '20001']); // prettier-ignore
  });

  it('is_digit, is_alpha, is_punct follow Python string predicates', () => {
    const check = (
      attribute: Parameters<typeof booleanAttribute>[1],
      yes: string[],
      no: string[],
    ) => {
      for (const t of yes) expect(booleanAttribute(t, attribute), `${attribute} ${t}`).toBe(true);
      for (const t of no) expect(booleanAttribute(t, attribute), `${attribute} ${t}`).toBe(false);
    };
    check('is_digit', ['123', '٣'], ['1.5', 'a1', '', '-1']);
    check('is_alpha', ['abc', 'Über', '東京'], ['ab1', "O'Neil", '']);
    check('is_punct', ['.', '...', '!?', '«'], ['a.', '$', '']);
    check('is_title', ['Apple', "O'Neil", 'New-York', 'A'], ['apple', 'APPLE', 'McDonald', '12']);
    check('is_upper', ['USA', 'U.S.', 'A1'], ['Usa', '123', '']);
    check('is_lower', ['usa', 'e-mail', 'a1'], ['Usa', '123', '']);
    check('like_num', ['10', '10,000', '3.5', '-3', '1/2', 'ten', 'Twenty', 'tenth', '3rd'], ['ten10', 'a', '1/2/3', 'rd']); // prettier-ignore
    expect(likeNum('±7')).toBe(true);
  });

  it('boolean attributes can require false', () => {
    expect(found({ pattern: [{ is_title: false, is_alpha: true }] }, 'Big dogs Bark loudly')).toEqual(['dogs', 'loudly']); // prettier-ignore
  });
});

describe('matchPatterns', () => {
  it('matches phrase patterns on exact, case-sensitive token texts', () => {
    const text = 'Acme Corp bought acme corp and Acme Corporation.';
    const patterns = parsePatterns('{"label": "ORG", "pattern": "Acme Corp"}');
    expect(matchPatterns(tokenize(text), patterns)).toEqual([
      { start: 0, end: 9, token_start: 0, token_end: 1, label: 'ORG', pattern: patterns[0].id },
    ]);
  });

  it('without op matches exactly one token', () => {
    expect(found({ pattern: [{ lower: 'a' }, { lower: 'b' }] }, 'a b a c b')).toEqual(['a b']);
  });

  it('? matches zero or one token, preferring one', () => {
    const pattern = [{ lower: 'new' }, { lower: 'york', op: '?' }, { lower: 'city' }];
    expect(found({ pattern }, 'new york city ; new city ; new york york city')).toEqual([
      'new york city',
      'new city',
    ]);
  });

  it('* matches any number of tokens, longest first, with backtracking', () => {
    const pattern = [{ lower: 'a' }, { op: '*' }, { lower: 'b' }];
    // The wildcard must give back the final "b" for the pattern to match, and takes the longest.
    expect(found({ pattern }, 'a x b y b z')).toEqual(['a x b y b']);
    expect(found({ pattern }, 'a b')).toEqual(['a b']);
    expect(found({ pattern: [{ lower: 'x', op: '*' }, { lower: 'y' }] }, 'y x x y')).toEqual(['y', 'x x y']); // prettier-ignore
  });

  it('+ matches one or more tokens and reports the maximal run once', () => {
    const pattern = [{ is_title: true, op: '+' }];
    expect(found({ pattern }, 'I met New York City Ballet dancers')).toEqual(['I', 'New York City Ballet']); // prettier-ignore
    expect(found({ pattern: [{ lower: 'very', op: '+' }, { lower: 'good' }] }, 'good very very good')).toEqual(['very very good']); // prettier-ignore
  });

  it('! matches exactly one token that does not match', () => {
    const pattern = [{ lower: 'not' }, { lower: 'bad', op: '!' }];
    expect(found({ pattern }, 'not bad ; not good ; not')).toEqual(['not good']);
    expect(found({ pattern: [{ is_punct: true, op: '!' }] }, 'a , b')).toEqual(['a', 'b']);
  });

  it('never reports empty matches of all-optional patterns', () => {
    expect(found({ pattern: [{ lower: 'a', op: '?' }] }, 'b b a')).toEqual(['a']);
  });

  it('reports overlapping matches of different patterns; longestNonOverlapping picks', () => {
    const text = 'New York City is big';
    const patterns: Pattern[] = parsePatterns(
      ['{"label": "GPE", "pattern": "New York"}', '{"label": "GPE", "pattern": "New York City"}', '{"label": "X", "pattern": "City is"}'].join('\n'), // prettier-ignore
    );
    const matches = matchPatterns(tokenize(text), patterns);
    expect(matches.map((m) => [m.token_start, m.token_end])).toEqual([
      [0, 2],
      [0, 1],
      [2, 3],
    ]);
    expect(longestNonOverlapping(matches).map((m) => text.slice(m.start, m.end))).toEqual(['New York City']); // prettier-ignore
  });

  it('works on tokens given with the input', () => {
    const text = 'New York-based';
    const tokens = [
      { text: 'New', start: 0, end: 3, id: 0, ws: true },
      { text: 'York', start: 4, end: 8, id: 1, ws: false },
      { text: '-based', start: 8, end: 14, id: 2, ws: false },
    ];
    const patterns = parsePatterns('{"label": "GPE", "pattern": [{"lower": "new"}, {"lower": "york"}]}'); // prettier-ignore
    expect(matchPatterns(tokensFor({ text, tokens }), patterns)).toMatchObject([
      { start: 0, end: 8, token_end: 1 },
    ]);
  });
});

describe('matchTextcatPatterns', () => {
  it('proposes each matching pattern label once for the whole text', () => {
    const patterns = parsePatterns(
      ['{"label": "SPAM", "pattern": [{"lower": "free"}]}', '{"label": "SPAM", "pattern": "WIN"}', '{"label": "HAM", "pattern": "lunch"}'].join('\n'), // prettier-ignore
    );
    expect(matchTextcatPatterns('FREE entry! Free! WIN now', patterns)).toEqual([
      { label: 'SPAM', pattern: patterns[0].id },
      { label: 'SPAM', pattern: patterns[1].id },
    ]);
    expect(matchTextcatPatterns({ text: 'see you' }, patterns)).toEqual([]);
  });
});

describe('PatternStats', () => {
  it('counts answers per pattern and reports precision', () => {
    const stats = new PatternStats();
    expect(stats.precision('p1')).toBeNull();
    stats.record('p1', 'accept');
    stats.record('p1', 'accept');
    stats.record('p1', 'reject');
    stats.record('p1', 'ignore');
    stats.record('p2', 'ignore');
    expect(stats.get('p1')).toEqual({ accept: 2, reject: 1, ignore: 1 });
    expect(stats.precision('p1')).toBeCloseTo(2 / 3);
    expect(stats.precision('p2')).toBeNull();
    const copy = PatternStats.fromJSON(JSON.parse(JSON.stringify(stats)));
    expect(copy.entries()).toEqual(stats.entries());
    expect(copy.entries().map((e) => e.pattern)).toEqual(['p1', 'p2']);
  });
});
