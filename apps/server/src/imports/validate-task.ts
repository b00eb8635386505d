import { AnswerKind } from '@chorus/schema';
import { inputHash, taskHash, tokenize, type Span, type Token } from '@chorus/engine';
import { InputError } from '../errors.js';

/** Fields Chorus derives or stamps itself; they are never stored inside the task JSON. */
const BOOKKEEPING = new Set([
  'answer',
  '_input_hash',
  '_task_hash',
  '_session_id',
  '_annotator_id',
  '_timestamp',
]);
const ANSWERS = new Set<string>(Object.values(AnswerKind));

export interface ValidTask {
  task: Record<string, unknown>;
  text: string;
  inputHash: number;
  taskHash: number;
  answer?: AnswerKind;
  sessionId?: string;
  annotator?: string;
  timestamp?: Date;
}

/**
 * Checks one record of Prodigy's task format and normalises it: tokens must match the text,
 * spans must lie inside the text on token boundaries (their token indices are filled in), the
 * answer must be known, `cats` must map labels to numbers in [0, 1]. Errors name the line and
 * the field, e.g. `line 12, field "spans[0].end": 40 is past the end of the text (38)`.
 */
export function validateTask(record: Record<string, unknown>, line?: number): ValidTask {
  const fail = (field: string, message: string): never => {
    throw new InputError(message, { line, field });
  };
  const text = record.text;
  if (text === undefined) fail('text', 'missing');
  if (typeof text !== 'string') fail('text', `expected a string, found ${typeName(text)}`);
  const task: Record<string, unknown> = {};
  for (const key in record) if (!BOOKKEEPING.has(key)) task[key] = record[key];

  const tokens =
    record.tokens === undefined ? undefined : checkTokens(record.tokens, text as string, fail);
  // A record with spans and no answer is gold: a complete manual annotation, as Prodigy marks it.
  if (record.spans !== undefined && record.answer === undefined && record._view_id === undefined) {
    task._view_id = 'ner_manual';
  }
  if (record.spans !== undefined) {
    const spanTokens = tokens ?? tokenize(text as string);
    task.spans = checkSpans(record.spans, text as string, spanTokens, fail);
    if (!tokens) task.tokens = spanTokens;
  }
  if (record.label !== undefined && typeof record.label !== 'string') {
    fail('label', `expected a string, found ${typeName(record.label)}`);
  }
  if (record.meta !== undefined && !isObject(record.meta)) fail('meta', 'expected an object');
  if (record.cats !== undefined) checkCats(record.cats, fail);
  if (record.options !== undefined) checkOptions(record.options, fail);
  if (record.accept !== undefined && !Array.isArray(record.accept))
    fail('accept', 'expected an array of option ids');

  let answer: AnswerKind | undefined;
  if (record.answer !== undefined) {
    if (typeof record.answer !== 'string' || !ANSWERS.has(record.answer)) {
      fail(
        'answer',
        `unknown answer ${JSON.stringify(record.answer)} (expected accept, reject or ignore)`,
      );
    }
    answer = record.answer as AnswerKind;
  }
  const input = inputHash(task);
  return {
    task,
    text: text as string,
    inputHash: input,
    taskHash: taskHash(task as Parameters<typeof taskHash>[0], input),
    answer,
    sessionId: optionalString(record._session_id, '_session_id', fail),
    annotator: optionalString(record._annotator_id, '_annotator_id', fail),
    timestamp:
      record._timestamp === undefined ? undefined : checkTimestamp(record._timestamp, fail),
  };
}

type Fail = (field: string, message: string) => never;

function checkTokens(value: unknown, text: string, fail: Fail): Token[] {
  if (!Array.isArray(value)) fail('tokens', 'expected an array');
  const tokens = value as Token[];
  let previousEnd = 0;
  tokens.forEach((token, i) => {
    const at = `tokens[${i}]`;
    if (!isObject(token)) fail(at, 'expected an object');
    const { start, end } = token;
    if (
      !Number.isInteger(start) ||
      !Number.isInteger(end) ||
      start < 0 ||
      end <= start ||
      end > text.length
    ) {
      fail(at, `offsets ${start}..${end} are not inside the text (length ${text.length})`);
    }
    if (start < previousEnd) fail(`${at}.start`, `${start} overlaps the previous token`);
    if (
      typeof token.text === 'string' &&
      (token.text.length !== end - start || !text.startsWith(token.text, start))
    ) {
      fail(`${at}.text`, `${JSON.stringify(token.text)} differs from the text at ${start}..${end}`);
    }
    previousEnd = end;
  });
  return tokens;
}

function checkSpans(value: unknown, text: string, tokens: Token[], fail: Fail): Span[] {
  if (!Array.isArray(value)) fail('spans', 'expected an array');
  return (value as Record<string, unknown>[]).map((span, i) => {
    const at = `spans[${i}]`;
    if (!isObject(span)) fail(at, 'expected an object');
    const { start, end, label } = span;
    if (!Number.isInteger(start))
      fail(`${at}.start`, `expected an integer, found ${JSON.stringify(start)}`);
    if (!Number.isInteger(end))
      fail(`${at}.end`, `expected an integer, found ${JSON.stringify(end)}`);
    const s = start as number;
    const e = end as number;
    if (s < 0 || s >= text.length)
      fail(`${at}.start`, `${s} is outside the text (length ${text.length})`);
    if (e <= s || e > text.length)
      fail(`${at}.end`, `${e} is outside the text or not after start ${s} (length ${text.length})`);
    if (typeof label !== 'string' || label === '')
      fail(`${at}.label`, 'expected a non-empty string');
    const tokenStart = tokenAt(tokens, 'start', s);
    const tokenEnd = tokenAt(tokens, 'end', e);
    if (tokenStart === undefined) fail(`${at}.start`, `${s} is not on a token boundary`);
    if (tokenEnd === undefined) fail(`${at}.end`, `${e} is not on a token boundary`);
    for (const [key, expected] of [
      ['token_start', tokenStart],
      ['token_end', tokenEnd],
    ] as const) {
      if (span[key] !== undefined && span[key] !== expected) {
        fail(
          `${at}.${key}`,
          `${JSON.stringify(span[key])} does not match the token at the offsets (${expected})`,
        );
      }
    }
    return {
      ...span,
      start: s,
      end: e,
      token_start: tokenStart!,
      token_end: tokenEnd!,
      label: label as string,
    };
  });
}

/** The index of the token whose `start` (or `end`) is `offset`: tokens are in text order. */
function tokenAt(tokens: Token[], edge: 'start' | 'end', offset: number): number | undefined {
  let low = 0;
  let high = tokens.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = tokens[middle]![edge];
    if (value === offset) return middle;
    if (value < offset) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

function checkCats(value: unknown, fail: Fail): void {
  if (!isObject(value)) fail('cats', 'expected an object of label → score');
  for (const [label, score] of Object.entries(value as object)) {
    if (typeof score !== 'number' || score < 0 || score > 1) {
      fail(`cats.${label}`, `expected a number between 0 and 1, found ${JSON.stringify(score)}`);
    }
  }
}

function checkOptions(value: unknown, fail: Fail): void {
  if (!Array.isArray(value)) fail('options', 'expected an array');
  (value as unknown[]).forEach((option, i) => {
    if (!isObject(option) || option.id === undefined) fail(`options[${i}].id`, 'missing');
  });
}

function checkTimestamp(value: unknown, fail: Fail): Date {
  // Prodigy stamps answers in Unix seconds.
  if (typeof value !== 'number' || !Number.isFinite(value))
    fail('_timestamp', 'expected Unix seconds');
  return new Date((value as number) * 1000);
}

function optionalString(value: unknown, field: string, fail: Fail): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(field, `expected a string, found ${typeName(value)}`);
  return value as string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
