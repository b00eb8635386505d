import { InputError } from '../errors.js';
import type { RawRecord } from './parse-records.js';
import type { Line } from './read-lines.js';

interface Entity {
  label: string;
  tokenStart: number;
  tokenEnd: number;
}

/**
 * CoNLL: one token a line, its columns separated by whitespace, the token first and its NER tag
 * last (so CoNLL-2003's four columns and the two of IOB2 files both read), a blank line between
 * sentences; `-DOCSTART-` lines are skipped. Tags are IOB2 (`B-X`, `I-X`, `O`); as conlleval
 * reads them, an `I-X` that does not continue an X starts one (IOB1), and BILUO/IOBES's `U-`/`S-`
 * and `L-`/`E-` are read as one-token and closing tags. A sentence becomes a record whose text is
 * its tokens joined by single spaces, as the CoNLL-2003 corpus writes them, with its spans.
 */
export async function* parseConll(lines: AsyncIterable<Line>): AsyncGenerator<RawRecord> {
  let tokens: string[] = [];
  let entities: Entity[] = [];
  let open: Entity | undefined;
  let firstLine = 0;
  const sentence = (): RawRecord => {
    const record = conllRecord(tokens, entities);
    tokens = [];
    entities = [];
    open = undefined;
    return { line: firstLine, record };
  };
  for await (const { number, text } of lines) {
    const columns = text.trim().split(/\s+/);
    if (columns[0] === '') {
      if (tokens.length > 0) yield sentence();
      continue;
    }
    if (columns[0] === '-DOCSTART-') continue;
    if (columns.length < 2)
      throw new InputError('expected a token and its tag', { line: number, field: 'tag' });
    if (tokens.length === 0) firstLine = number;
    const tag = columns[columns.length - 1]!;
    const index = tokens.push(columns[0]!) - 1;
    if (tag === 'O') {
      open = undefined;
      continue;
    }
    const match = /^([BIELSU])-(.+)$/.exec(tag);
    if (!match)
      throw new InputError(`${JSON.stringify(tag)} is not an IOB tag (O, or B-/I- and a label)`, {
        line: number,
        field: 'tag',
      });
    const [, kind, label] = match as unknown as [string, string, string];
    const continues = (kind === 'I' || kind === 'E' || kind === 'L') && open?.label === label;
    if (continues) open!.tokenEnd = index;
    else entities.push((open = { label, tokenStart: index, tokenEnd: index }));
    // A closing or one-token tag ends its entity: a following I- of the same label starts anew.
    if (kind === 'E' || kind === 'L' || kind === 'S' || kind === 'U') open = undefined;
  }
  if (tokens.length > 0) yield sentence();
}

function conllRecord(words: string[], entities: Entity[]): Record<string, unknown> {
  let offset = 0;
  const tokens = words.map((word, id) => {
    const token = {
      text: word,
      start: offset,
      end: offset + word.length,
      id,
      ws: id < words.length - 1,
    };
    offset = token.end + 1;
    return token;
  });
  return {
    text: words.join(' '),
    tokens,
    spans: entities.map((e) => ({
      start: tokens[e.tokenStart]!.start,
      end: tokens[e.tokenEnd]!.end,
      token_start: e.tokenStart,
      token_end: e.tokenEnd,
      label: e.label,
    })),
  };
}
