import { mergeExamples } from '@chorus/engine';
import { describe, expect, it } from 'vitest';
import { nerTask } from '../testing/fixtures.js';
import { neutraliseFormula, restoreFormula } from './csv-formula.js';
import { conllBlock, csvHeader, csvRow, spacyJsonlLine } from './gold-writers.js';

const TEXT = 'Anna met Bob in New York';

describe('gold writers', () => {
  it('write the merged answers of an input: accepted spans kept, rejected and ignored ones dropped', () => {
    const [example] = mergeExamples(
      [
        { ...nerTask(TEXT, [['Anna', 'PER']]), answer: 'accept', _view_id: 'ner' },
        { ...nerTask(TEXT, [['New York', 'LOC']]), answer: 'accept', _view_id: 'ner' },
        { ...nerTask(TEXT, [['Bob', 'ORG']]), answer: 'reject', _view_id: 'ner' },
        { ...nerTask(TEXT, [['Bob', 'PER']]), answer: 'ignore', _view_id: 'ner' },
      ],
      'ner',
    );
    const gold = JSON.parse(spacyJsonlLine(example!)) as Record<string, unknown>;
    expect(gold.entities).toEqual([
      [0, 4, 'PER'],
      [16, 24, 'LOC'],
    ]);
    expect(gold.spans).toEqual([
      { start: 0, end: 4, token_start: 0, token_end: 0, label: 'PER' },
      { start: 16, end: 24, token_start: 4, token_end: 5, label: 'LOC' },
    ]);
    expect(conllBlock(example!)).toBe('Anna B-PER\nmet O\nBob O\nin O\nNew B-LOC\nYork I-LOC\n\n');
  });

  it('keep overlapping spans in spans, but only the longer one in entities and CoNLL tags', () => {
    const [example] = mergeExamples(
      [
        nerTask(TEXT, [
          ['New', 'LOC'],
          ['New York', 'GPE'],
        ]),
      ],
      'ner',
    );
    const gold = JSON.parse(spacyJsonlLine(example!)) as { spans: unknown[]; entities: unknown };
    expect(gold.spans).toHaveLength(2);
    expect(gold.entities).toEqual([[16, 24, 'GPE']]);
    expect(conllBlock(example!)).toContain('New B-GPE\nYork I-GPE\n');
  });

  it('write textcat as cats and as CSV: quoted fields, neutralised formulas, blanks for unknown labels', () => {
    const examples = mergeExamples(
      [
        { text: '=HYPERLINK("http://x", "win")', label: 'SPAM', answer: 'accept' },
        { text: 'lunch, at "noon"?', label: 'SPAM', answer: 'reject' },
        { text: 'lunch, at "noon"?', label: 'HAM', answer: 'accept' },
        { text: 'ignored', label: 'HAM', answer: 'ignore' },
      ],
      'textcat',
    );
    expect(examples).toHaveLength(2);
    expect(JSON.parse(spacyJsonlLine(examples[1]!))).toEqual({
      text: 'lunch, at "noon"?',
      cats: { SPAM: 0, HAM: 1 },
    });
    const labels = ['SPAM', 'HAM'];
    expect(csvHeader(labels)).toBe('text,cats.SPAM,cats.HAM\r\n');
    const first = csvRow(examples[0]!, labels);
    expect(first).toBe(`"'=HYPERLINK(""http://x"", ""win"")",1,\r\n`);
    expect(csvRow(examples[1]!, labels)).toBe('"lunch, at ""noon""?",0,1\r\n');
  });

  it('neutralise every formula trigger so that the import restores the exact text', () => {
    for (const text of ['=1', '+1', '-1', '@SUM(A1)', '\tx', "'=1", "'plain", "''", 'plain', '']) {
      const cell = neutraliseFormula(text);
      expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
      expect(restoreFormula(cell)).toBe(text);
    }
  });
});
