import { describe, expect, it } from 'vitest';
import { validateTask } from './validate-task.js';

const text = 'Apple buys U.K. startup';
const tokens = [
  { text: 'Apple', start: 0, end: 5, id: 0, ws: true },
  { text: 'buys', start: 6, end: 10, id: 1, ws: true },
  { text: 'U.K.', start: 11, end: 15, id: 2, ws: true },
  { text: 'startup', start: 16, end: 23, id: 3, ws: false },
];

function errorOf(record: Record<string, unknown>): string {
  try {
    validateTask(record, 7);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('validateTask', () => {
  it('fills in token indices of spans and keeps bookkeeping fields out of the task', () => {
    const valid = validateTask(
      {
        text,
        tokens,
        spans: [{ start: 11, end: 15, label: 'LOC' }],
        answer: 'reject',
        _session_id: 'ner-alice',
        _timestamp: 1700000000,
      },
      1,
    );
    expect(valid.task.spans).toEqual([
      { start: 11, end: 15, token_start: 2, token_end: 2, label: 'LOC' },
    ]);
    expect(valid.answer).toBe('reject');
    expect(valid.sessionId).toBe('ner-alice');
    expect(valid.timestamp?.getTime()).toBe(1700000000_000);
    expect(Object.keys(valid.task).sort()).toEqual(['spans', 'text', 'tokens']);
  });

  it('tokenizes a task with spans but no tokens, and checks the spans against those tokens', () => {
    const valid = validateTask({ text, spans: [{ start: 0, end: 5, label: 'ORG' }] }, 1);
    expect((valid.task.tokens as unknown[]).length).toBeGreaterThan(2);
    expect(errorOf({ text, spans: [{ start: 0, end: 3, label: 'ORG' }] })).toBe(
      'line 7, field "spans[0].end": 3 is not on a token boundary',
    );
  });

  it.each([
    [{ meta: {} }, 'line 7, field "text": missing'],
    [{ text: 42 }, 'line 7, field "text": expected a string, found number'],
    [
      { text, tokens, spans: [{ start: 0, end: 99, label: 'ORG' }] },
      'line 7, field "spans[0].end": 99 is outside the text or not after start 0 (length 23)',
    ],
    [
      { text, tokens, spans: [{ start: -1, end: 5, label: 'ORG' }] },
      'line 7, field "spans[0].start": -1 is outside the text (length 23)',
    ],
    [
      { text, tokens, spans: [{ start: 1, end: 5, label: 'ORG' }] },
      'line 7, field "spans[0].start": 1 is not on a token boundary',
    ],
    [
      { text, tokens, spans: [{ start: 0, end: 5 }] },
      'line 7, field "spans[0].label": expected a non-empty string',
    ],
    [
      { text, tokens, spans: [{ start: 0, end: 5, label: 'ORG', token_end: 1 }] },
      'line 7, field "spans[0].token_end": 1 does not match the token at the offsets (0)',
    ],
    [
      { text, answer: 'maybe' },
      'line 7, field "answer": unknown answer "maybe" (expected accept, reject or ignore)',
    ],
    [
      { text, tokens: [{ text: 'Apple', start: 0, end: 6 }] },
      'line 7, field "tokens[0].text": "Apple" differs from the text at 0..6',
    ],
    [
      { text, tokens: [{ text: 'x', start: 30, end: 31 }] },
      'line 7, field "tokens[0]": offsets 30..31 are not inside the text (length 23)',
    ],
    [
      { text, cats: { SPAM: 2 } },
      'line 7, field "cats.SPAM": expected a number between 0 and 1, found 2',
    ],
    [{ text, options: [{ text: 'no id' }] }, 'line 7, field "options[0].id": missing'],
    [{ text, label: ['A'] }, 'line 7, field "label": expected a string, found an array'],
    [{ text, _timestamp: 'yesterday' }, 'line 7, field "_timestamp": expected Unix seconds'],
  ])('rejects %j', (record, message) => {
    expect(errorOf(record)).toBe(message);
  });
});
