import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt } from '../random.js';
import type { RecipeContext, RecipeName, RecipeTask, SorterName } from './recipe-types.js';
import { PATTERN_WARMUP_ANSWERS, taskPriority } from './task-priority.js';

const random = mulberry32(7);

function randomTask(overrides: Partial<RecipeTask> = {}): RecipeTask {
  return {
    taskHash: randomInt(random, 2 ** 31) * 2 ** 20 + randomInt(random, 2 ** 20),
    inputHash: randomInt(random, 2 ** 31),
    position: randomInt(random, 10_000),
    text: 'x',
    score: random(),
    priority: 0,
    scoredAt: randomInt(random, 500),
    ...overrides,
  };
}

const context = (
  recipe: RecipeName,
  sorter: SorterName,
  revision = PATTERN_WARMUP_ANSWERS,
): RecipeContext => ({ recipe, sorter, labels: ['A', 'B'], patterns: [], revision });

describe('taskPriority', () => {
  it('ranks every recipe and sorter within its range, for any score, hash and revision', () => {
    for (let n = 0; n < 2000; n++) {
      const task = randomTask();
      for (const recipe of [
        'ner_teach',
        'textcat_teach',
        'ner_manual',
        'textcat_manual',
      ] as const) {
        const uncertain = taskPriority(task, context(recipe, 'uncertain'));
        expect(uncertain).toBeGreaterThanOrEqual(0);
        expect(uncertain).toBeLessThanOrEqual(1);
        const drawn = taskPriority(task, context(recipe, 'random'));
        expect(drawn).toBeGreaterThanOrEqual(0);
        expect(drawn).toBeLessThan(1);
        expect(taskPriority(task, context(recipe, 'high_scores'))).toBe(task.score);
      }
      // Whole-input questions: the least confident analysis first.
      expect(taskPriority(task, context('ner_manual', 'uncertain'))).toBeCloseTo(1 - task.score);
      expect(taskPriority(task, context('mark', 'uncertain'))).toBe(-task.position);
    }
  });

  it('puts pattern matches above everything else during the warm-up only', () => {
    for (let n = 0; n < 1000; n++) {
      const match = randomTask({ pattern: 'p1' });
      const other = randomTask();
      const revision = randomInt(random, 2 * PATTERN_WARMUP_ANSWERS);
      for (const sorter of ['uncertain', 'random', 'high_scores'] as const) {
        const ctx = context('ner_teach', sorter, revision);
        const warm = revision < PATTERN_WARMUP_ANSWERS;
        if (warm) expect(taskPriority(match, ctx)).toBeGreaterThan(taskPriority(other, ctx));
        // Every priority of these sorters is below 1 without the warm-up's extra 1.
        expect(taskPriority(match, ctx) >= 1).toBe(warm);
      }
    }
  });

  it('draws binary questions in proportion to their uncertainty, not strictly the most uncertain', () => {
    // 500 questions at P = 0.5 (weight 1) and 500 at P = 0.99 (weight 0.05): a draw picks an
    // uncertain one first with probability 500 / 525, while a sort would never pick a certain one.
    const tasks = [
      ...Array.from({ length: 500 }, () => randomTask({ score: 0.5 })),
      ...Array.from({ length: 500 }, () => randomTask({ score: 0.99 })),
    ];
    const ctx = context('ner_teach', 'uncertain');
    const ranked = [...tasks].sort((a, b) => taskPriority(b, ctx) - taskPriority(a, ctx));
    const certainInTop = ranked.slice(0, 200).filter((t) => t.score === 0.99).length;
    expect(certainInTop).toBeLessThan(30);
    expect(ranked.slice(0, 500).some((t) => t.score === 0.99)).toBe(true);
  });

  it('draws again when the task is scored at another revision', () => {
    const ctx = context('textcat_teach', 'uncertain');
    const task = randomTask({ score: 0.3 });
    const again = { ...task, scoredAt: task.scoredAt + 1 };
    expect(taskPriority(again, ctx)).not.toBe(taskPriority(task, ctx));
    expect(taskPriority({ ...task }, ctx)).toBe(taskPriority(task, ctx));
  });
});
