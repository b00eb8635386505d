import { describe, expect, it } from 'vitest';
import { inputHash } from '../task-hash.js';
import { tokenize } from '../tokenizer.js';
import { nerGold } from '../testing/gold-factory.js';
import { isEvalInput, mergeExamples, splitByInputHash } from './merge.js';
import { InvalidTaskError } from './tasks.js';

const text = 'Alice met Bob in Paris';
// Tokens: Alice(0) met(1) Bob(2) in(3) Paris(4)
const span = (start: number, end: number, label: string) => ({ start, end, label });
const ALICE = span(0, 5, 'PER');
const BOB = span(10, 13, 'PER');
const PARIS = span(17, 22, 'LOC');
const PARIS_ORG = span(17, 22, 'ORG');

describe('mergeExamples (NER)', () => {
  it('merges binary answers about one input: accepts, single-span rejects, ignores dropped', () => {
    const [merged, ...rest] = mergeExamples(
      [
        { text, spans: [ALICE], answer: 'accept' },
        { text, spans: [PARIS_ORG], answer: 'reject' },
        { text, spans: [BOB], answer: 'ignore' },
        { text, spans: [BOB, PARIS], answer: 'reject', _view_id: 'ner' },
      ],
      'ner',
    );
    expect(rest).toEqual([]);
    expect(merged!.complete).toBe(false);
    expect(merged!.accept).toEqual([{ token_start: 0, token_end: 0, label: 'PER' }]);
    expect(merged!.reject).toEqual([{ token_start: 4, token_end: 4, label: 'ORG' }]);
    expect(merged!.inputHash).toBe(inputHash({ text }));
  });

  it('treats ner_manual tasks, gold records without an answer and multi-span tasks as complete', () => {
    const manual = { text, spans: [ALICE], answer: 'accept', _view_id: 'ner_manual' };
    const gold = { text: 'Bob sat', spans: [span(0, 3, 'PER')] };
    const noView = { text: 'Bob and Alice', spans: [span(0, 3, 'PER'), span(8, 13, 'PER')], answer: 'accept' }; // prettier-ignore
    const nothing = { text: 'Nothing here', spans: [], answer: 'accept' };
    const merged = mergeExamples([manual, gold, noView, nothing], 'ner');
    expect(merged.map((m) => [m.complete, m.accept.length])).toEqual([
      [true, 1],
      [true, 1],
      [true, 2],
      [true, 0],
    ]);
  });

  it('lets the last accepted complete annotation win over binary answers and earlier ones', () => {
    const [merged] = mergeExamples(
      [
        { text, spans: [PARIS_ORG], answer: 'accept' },
        { text, spans: [ALICE], answer: 'accept', _view_id: 'ner_manual' },
        { text, spans: [ALICE, BOB, PARIS], answer: 'accept', _view_id: 'ner_manual' },
        { text, spans: [BOB], answer: 'reject', _view_id: 'ner_manual' },
      ],
      'ner',
    );
    expect(merged!.complete).toBe(true);
    expect(merged!.accept.map((s) => s.token_start)).toEqual([0, 2, 4]);
    expect(merged!.reject).toEqual([]);
  });

  it('keeps the last answer to a question, and drops a span both accepted and rejected', () => {
    const [changed] = mergeExamples(
      [
        { text, spans: [ALICE], answer: 'reject' },
        { text, spans: [ALICE], answer: 'accept' },
      ],
      'ner',
    );
    expect(changed!.accept).toHaveLength(1);
    expect(changed!.reject).toHaveLength(0);
    const disagreement = mergeExamples(
      [
        { text, spans: [ALICE], answer: 'accept', _view_id: 'ner' },
        { text, spans: [ALICE], label: 'PER', answer: 'reject', _view_id: 'ner' },
      ],
      'ner',
    );
    expect(disagreement).toEqual([]);
  });

  it('derives token indices from offsets, keeps given tokens, and filters labels', () => {
    const tokens = tokenize(text);
    const [merged] = mergeExamples(
      [{ text, tokens, spans: [PARIS, BOB], answer: 'accept', _view_id: 'ner_manual' }],
      'ner',
      { labels: ['LOC'] },
    );
    expect(merged!.tokens).toBe(tokens);
    expect(merged!.accept).toEqual([{ token_start: 4, token_end: 4, label: 'LOC' }]);
  });

  it('reports the position and field of a bad task', () => {
    const bad = [{ text }, { text, spans: [span(1, 5, 'PER')], answer: 'accept' }];
    expect(() => mergeExamples(bad, 'ner')).toThrow(InvalidTaskError);
    expect(() => mergeExamples(bad, 'ner')).toThrow(/task 1, spans\[0\]/);
    expect(() => mergeExamples([{ text: 3 }], 'ner')).toThrow(/task 0, text/);
    expect(() => mergeExamples([{ text, answer: 'maybe' }], 'ner')).toThrow(/answer/);
  });
});

describe('mergeExamples (textcat)', () => {
  it('merges binary labels, cats and choices per input, later answers overriding earlier', () => {
    const merged = mergeExamples(
      [
        { text: 'a', label: 'SPORT', answer: 'accept' },
        { text: 'a', label: 'NEWS', answer: 'reject' },
        { text: 'a', label: 'SPORT', answer: 'ignore' },
        { text: 'b', cats: { SPORT: 0.0, NEWS: 1.0 } },
        { text: 'b', label: 'SPORT', answer: 'accept' },
        { text: 'c', accept: ['NEWS'], options: [{ id: 'NEWS' }, { id: 'SPORT' }], answer: 'accept' }, // prettier-ignore
        { text: 'd', cats: { SPORT: 1 }, answer: 'reject' },
      ],
      'textcat',
      { labels: ['SPORT', 'NEWS'] },
    );
    expect(merged.map((m) => [m.text, m.cats])).toEqual([
      ['a', { SPORT: 1, NEWS: 0 }],
      ['b', { SPORT: 1, NEWS: 1 }],
      ['c', { NEWS: 1, SPORT: 0 }],
    ]);
  });
});

describe('eval split by input hash', () => {
  it('holds out the same inputs whatever the order, and about the requested share', () => {
    const merged = mergeExamples(nerGold(2000, 3), 'ner');
    const first = splitByInputHash(merged, 0.2).eval.map((ex) => ex.text);
    const reversed = splitByInputHash([...merged].reverse(), 0.2).eval.map((ex) => ex.text);
    expect(new Set(reversed)).toEqual(new Set(first));
    expect(first.length / merged.length).toBeGreaterThan(0.17);
    expect(first.length / merged.length).toBeLessThan(0.23);
    const held = new Set(first);
    for (const ex of merged) expect(isEvalInput(ex.inputHash, 0.2)).toBe(held.has(ex.text));
  });
});
