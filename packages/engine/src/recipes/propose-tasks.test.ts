import { describe, expect, it } from 'vitest';
import { NerModel } from '../ner/crf.js';
import { parsePatterns } from '../patterns/parse.js';
import { taskHash } from '../task-hash.js';
import { createTextClassifier } from '../textcat/model.js';
import { tokenize } from '../tokenizer.js';
import { proposeTasks, SUGGEST } from './propose-tasks.js';
import type { RecipeContext, RecipeInput } from './recipe-types.js';
import { taskPriority } from './task-priority.js';

const inputs: RecipeInput[] = ['Bob flew to Paris on Monday .', 'Nothing happened .'].map(
  (text, position) => ({ inputHash: 100 + position, position, text, tokens: tokenize(text) }),
);
const ner = (recipe: RecipeContext['recipe'], patterns = ''): RecipeContext => ({
  recipe,
  sorter: 'uncertain',
  labels: ['LOC', 'PER'],
  model: { kind: 'ner', model: new NerModel({ labels: ['LOC', 'PER'] }) },
  patterns: patterns ? parsePatterns(patterns) : [],
  revision: 3,
});

describe('proposeTasks', () => {
  it('ner.teach: one span a question, pattern matches first and never twice, each hashed and ranked', () => {
    const ctx = ner('ner_teach', '{"label": "LOC", "pattern": "Paris"}');
    const tasks = proposeTasks(inputs, ctx);
    const paris = tasks.filter((t) => t.pattern !== undefined);
    expect(paris).toHaveLength(1);
    expect(paris[0]!.text.slice(paris[0]!.spans![0]!.start, paris[0]!.spans![0]!.end)).toBe(
      'Paris',
    );
    expect(tasks.indexOf(paris[0]!)).toBe(0);
    expect(new Set(tasks.map((t) => t.taskHash)).size).toBe(tasks.length);
    for (const task of tasks) {
      expect(task.spans).toHaveLength(1);
      expect(task.viewId).toBe('ner');
      expect(task.taskHash).toBe(taskHash(task, task.inputHash));
      expect(task.scoredAt).toBe(3);
      expect(task.priority).toBe(taskPriority(task, ctx));
      if (task.pattern === undefined) expect(task.score).toBeGreaterThanOrEqual(SUGGEST.threshold);
    }
    // At most a few suggestions per sentence, besides the pattern's.
    for (const input of inputs) {
      const own = tasks.filter((t) => t.inputHash === input.inputHash && !t.pattern);
      expect(own.length).toBeLessThanOrEqual(SUGGEST.maxPerSentence);
    }
    // The warm-up: 3 answers learnt, fewer than PATTERN_WARMUP_ANSWERS.
    expect(paris[0]!.priority).toBeGreaterThan(1);
  });

  it('ner.manual and ner.correct: one whole-sentence question per input', () => {
    const manual = proposeTasks(inputs, ner('ner_manual'));
    expect(manual.map((t) => [t.inputHash, t.spans, t.viewId])).toEqual([
      [100, [], 'ner_manual'],
      [101, [], 'ner_manual'],
    ]);
    const correct = proposeTasks(inputs, ner('ner_correct'));
    expect(correct).toHaveLength(2);
    expect(correct.every((t) => Array.isArray(t.spans) && t.score > 0 && t.score <= 1)).toBe(true);
  });

  it('textcat.teach: one question per label, with the pattern that proposed it', () => {
    const labels = ['SPAM', 'HAM'];
    const ctx: RecipeContext = {
      recipe: 'textcat_teach',
      sorter: 'uncertain',
      labels,
      model: { kind: 'textcat', model: createTextClassifier({ labels }) },
      patterns: parsePatterns('{"label": "SPAM", "pattern": [{"lower": "paris"}]}'),
      revision: 0,
    };
    const tasks = proposeTasks(inputs, ctx);
    expect(tasks.map((t) => [t.inputHash, t.label, t.pattern])).toEqual([
      [100, 'SPAM', ctx.patterns[0]!.id],
      [100, 'HAM', undefined],
      [101, 'SPAM', undefined],
      [101, 'HAM', undefined],
    ]);
    expect(tasks.every((t) => Math.abs(t.score - 0.5) < 1e-6)).toBe(true);
  });

  it('mark: every input in source order, about its label or the only one', () => {
    const ctx: RecipeContext = {
      recipe: 'mark',
      sorter: 'uncertain',
      labels: ['OK'],
      patterns: [],
      revision: 0,
    };
    const tasks = proposeTasks(inputs, ctx);
    expect(tasks.map((t) => [t.label, t.viewId, t.priority])).toEqual([
      ['OK', 'classification', -0],
      ['OK', 'classification', -1],
    ]);
    expect(proposeTasks(inputs, { ...ctx, labels: [] }).map((t) => t.viewId)).toEqual([
      'text',
      'text',
    ]);
  });
});
