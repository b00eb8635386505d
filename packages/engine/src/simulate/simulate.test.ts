import { describe, expect, it } from 'vitest';
import { parsePatterns } from '../patterns/parse.js';
import { PATTERN_WARMUP_ANSWERS } from '../recipes/task-priority.js';
import { nerGold, textcatGold, topicGold } from '../testing/gold-factory.js';
import { mergeExamples } from '../train/merge.js';
import type { AnsweredTask } from '../train/tasks.js';
import { simulate, trainFile } from './simulate.js';
import { exclusiveGold, type SimulateOptions } from './shared.js';

const pool = nerGold(300, 1);
const held = nerGold(60, 2);
const goldByText = new Map(pool.map((t) => [t.text, t]));
const spanKey = (s: { start: number; end: number; label: string }) =>
  `${s.start}:${s.end}:${s.label}`;

async function run(options: Partial<SimulateOptions> & Pick<SimulateOptions, 'recipe'>) {
  const answered: AnsweredTask[] = [];
  const result = await simulate({
    pool,
    eval: held,
    budget: 200,
    strategy: 'uncertain',
    seed: 1,
    batchSize: 20,
    onAnswer: (task) => answered.push(task),
    ...options,
  });
  return { result, answered };
}

describe('simulate ner.teach', () => {
  it('never asks a question twice and answers exactly as the gold says', async () => {
    for (const strategy of ['uncertain', 'random'] as const) {
      // A budget above what the model can propose: the run ends when nothing is left to ask.
      const { result, answered } = await run({ recipe: 'ner.teach', strategy, budget: 2000 });
      expect(answered.length).toBeGreaterThan(200);
      expect(answered.length).toBeLessThan(2000);
      expect(new Set(answered.map((t) => t._task_hash)).size).toBe(answered.length);
      for (const task of answered) {
        expect(task.spans).toHaveLength(1);
        const gold = new Set(goldByText.get(task.text)!.spans!.map(spanKey));
        expect(task.answer).toBe(gold.has(spanKey(task.spans![0]!)) ? 'accept' : 'reject');
      }
      const steps = result.points.map((p, i) => p.answers - (result.points[i - 1]?.answers ?? 0));
      // Full batches, then smaller ones when fewer questions are left than a batch.
      expect(steps.slice(0, 5)).toEqual([20, 20, 20, 20, 20]);
      expect(steps.every((n) => n > 0 && n <= 20)).toBe(true);
      expect(result.points.at(-1)!.answers).toBe(answered.length);
      // The answers are a valid binary dataset for the trainer.
      expect(mergeExamples(answered, 'ner').every((ex) => !ex.complete)).toBe(true);
    }
  });

  it('asks pattern matches first while the model is warming up', async () => {
    const patterns = parsePatterns(
      '{"label": "LOC", "pattern": "Paris"}\n{"label": "PER", "pattern": [{"lower": "bob"}]}',
    );
    const { answered } = await run({
      recipe: 'ner.teach',
      patterns,
      budget: PATTERN_WARMUP_ANSWERS,
    });
    const fromPattern = answered.map((t) => t.meta?.pattern !== undefined);
    const matches = fromPattern.filter(Boolean).length;
    // The pool's pattern matches come before anything the blank model proposes on its own.
    expect(matches).toBeGreaterThanOrEqual(5);
    expect(fromPattern.slice(0, matches).every(Boolean)).toBe(true);
    for (const task of answered.filter((t) => t.meta?.pattern !== undefined)) {
      const covered = task.text.slice(task.spans![0]!.start, task.spans![0]!.end);
      expect(['Paris', 'Bob']).toContain(covered);
    }
  });

  it('lets the labels take turns without patterns, as uncertain streams do', async () => {
    const labelsOf = (tasks: AnsweredTask[]) => tasks.map((t) => t.spans![0]!.label);
    const alternating = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? 'LOC' : 'PER'));
    const turns = await run({ recipe: 'ner.teach', budget: 60 });
    expect(labelsOf(turns.answered)).toEqual(alternating);
    // Seed patterns give every label its accepts, and random questions need no turns.
    const patterns = parsePatterns('{"label": "LOC", "pattern": "Paris"}');
    const seeded = await run({ recipe: 'ner.teach', budget: 60, patterns });
    expect(labelsOf(seeded.answered)).not.toEqual(alternating);
    const random = await run({ recipe: 'ner.teach', budget: 60, strategy: 'random' });
    expect(labelsOf(random.answered)).not.toEqual(alternating);
  });

  it('is reproducible from its seed', async () => {
    const a = await run({ recipe: 'ner.teach', budget: 60 });
    const b = await run({ recipe: 'ner.teach', budget: 60 });
    expect(b.answered).toEqual(a.answered);
    expect(b.result.points).toEqual(a.result.points);
    // Another seed reads the pool in another order, so other questions come first.
    const c = await run({ recipe: 'ner.teach', budget: 60, seed: 2 });
    expect(c.answered.map((t) => t._task_hash)).not.toEqual(a.answered.map((t) => t._task_hash));
  });
});

describe('simulate ner.manual', () => {
  it('annotates each input once with its gold spans, and learns from them', async () => {
    const { result, answered } = await run({ recipe: 'ner.manual' });
    expect(new Set(answered.map((t) => t._input_hash)).size).toBe(200);
    for (const task of answered) {
      expect(task.spans!.map(spanKey)).toEqual(goldByText.get(task.text)!.spans!.map(spanKey));
    }
    expect(result.points).toHaveLength(10);
    expect(result.points.at(-1)!.f1).toBeGreaterThan(0.9);
  });

  it('stops when the pool is exhausted', async () => {
    const { answered } = await run({ recipe: 'ner.manual', strategy: 'random', budget: 1000 });
    expect(answered).toHaveLength(300);
  });
});

describe('simulate textcat.teach', () => {
  const texts = textcatGold(120, 1);
  it('asks one question per text and label, once, answered from the gold', async () => {
    const { answered, result } = await run({
      recipe: 'textcat.teach',
      pool: texts,
      eval: textcatGold(50, 2),
      budget: 500,
    });
    expect(answered).toHaveLength(120);
    expect(new Set(answered.map((t) => t._task_hash)).size).toBe(120);
    const gold = new Map(texts.map((t) => [t.text, t.cats!.POSITIVE]));
    for (const task of answered) {
      expect(task.label).toBe('POSITIVE');
      expect(task.answer).toBe(gold.get(task.text) === 1 ? 'accept' : 'reject');
    }
    expect(result.points.at(-1)!.answers).toBe(120);
    expect(result.points.at(-1)!.f1).toBeGreaterThan(0.75);
  });
});

describe('exclusive textcat labels', () => {
  const oneHot = (labels: string) => ({
    cats: { A: +labels.includes('A'), B: +labels.includes('B') },
  });

  it('are recognised only in gold where every record gives every label, exactly one positive', () => {
    expect(exclusiveGold([oneHot('A'), oneHot('B')], ['A', 'B'])).toBe(true);
    expect(exclusiveGold([oneHot('A'), oneHot('AB')], ['A', 'B'])).toBe(false);
    expect(exclusiveGold([oneHot('A'), oneHot('')], ['A', 'B'])).toBe(false);
    expect(exclusiveGold([oneHot('A'), { cats: { B: 1 } }], ['A', 'B'])).toBe(false);
    expect(exclusiveGold([{ cats: { A: 1 } }, { cats: { A: 0 } }], ['A'])).toBe(false);
    expect(exclusiveGold([], ['A', 'B'])).toBe(false);
  });

  it('make simulate and trainFile use one softmax by default, unless told otherwise', async () => {
    const topics = { recipe: 'textcat.teach' as const, pool: topicGold(150, 1), budget: 120 };
    const held = topicGold(60, 2);
    const auto = await run({ ...topics, eval: held });
    const softmax = await run({ ...topics, eval: held, exclusive: true });
    const sigmoids = await run({ ...topics, eval: held, exclusive: false });
    expect(auto.answered).toEqual(softmax.answered);
    expect(auto.result.points).toEqual(softmax.result.points);
    expect(sigmoids.answered).not.toEqual(softmax.answered);

    const file = { task: 'textcat' as const, train: topicGold(40, 3), eval: held, epochs: 1 };
    const trained = async (exclusive?: boolean) =>
      (await trainFile({ ...file, exclusive })).points[0];
    expect(await trained()).toEqual(await trained(true));
    expect(await trained()).not.toEqual(await trained(false));
  });
});

describe('trainFile', () => {
  it('trains on the whole file and returns one point in the simulator shape', async () => {
    const result = await trainFile({ task: 'ner', train: pool, eval: held, epochs: 2 });
    expect(Object.keys(result).sort()).toEqual(['points', 'seconds']);
    expect(result.points).toHaveLength(1);
    expect(Object.keys(result.points[0]!).sort()).toEqual(['answers', 'f1', 'precision', 'recall']);
    expect(result.points[0]!.answers).toBe(300);
    expect(result.points[0]!.f1).toBeGreaterThan(0.9);
  });
});
