import { describe, expect, it } from 'vitest';
import { parsePatterns } from '../patterns/parse.js';
import { mulberry32, randomInt } from '../random.js';
import { labelTurns, takeInTurns } from './label-turns.js';
import type { RecipeContext, RecipeTask } from './recipe-types.js';

const random = mulberry32(11);
const LABELS = ['LOC', 'MISC', 'ORG', 'PER'];

const context = (overrides: Partial<RecipeContext> = {}): RecipeContext => ({
  recipe: 'ner_teach',
  sorter: 'uncertain',
  labels: LABELS,
  patterns: [],
  revision: 0,
  ...overrides,
});

/** `n` binary questions with random labels and priorities. */
const questions = (n: number, labels = LABELS): RecipeTask[] =>
  Array.from({ length: n }, (_, i) => ({
    taskHash: i,
    inputHash: i,
    position: i,
    text: 'x',
    label: labels[randomInt(random, labels.length)]!,
    score: 0.5,
    priority: random(),
    scoredAt: 0,
  }));

describe('labelTurns', () => {
  it('is on for binary questions under the uncertain sorter, without patterns, over 2+ labels', () => {
    expect(labelTurns(context())).toBeDefined();
    expect(labelTurns(context({ recipe: 'textcat_teach' }))).toBeDefined();
    const patterns = parsePatterns('{"label": "LOC", "pattern": "Paris"}');
    expect(labelTurns(context({ patterns }))).toBeUndefined();
    expect(labelTurns(context({ sorter: 'random' }))).toBeUndefined();
    expect(labelTurns(context({ sorter: 'high_scores' }))).toBeUndefined();
    expect(labelTurns(context({ recipe: 'ner_manual' }))).toBeUndefined();
    expect(labelTurns(context({ labels: ['SPAM'] }))).toBeUndefined();
  });

  it('groups a question by the index of its label or its span label', () => {
    const groupOf = labelTurns(context())!;
    const task = questions(1)[0]!;
    expect(groupOf({ ...task, label: 'ORG' })).toBe(2);
    const span = { start: 0, end: 1, token_start: 0, token_end: 0, label: 'PER' };
    expect(groupOf({ ...task, label: undefined, spans: [span] })).toBe(3);
  });
});

describe('takeInTurns', () => {
  it('without groups, takes the best eligible candidates, best first', () => {
    for (let n = 0; n < 200; n++) {
      const pool = questions(1 + randomInt(random, 60));
      const count = 1 + randomInt(random, 12);
      const eligible = (t: RecipeTask) => t.taskHash % 3 !== 0;
      const { taken } = takeInTurns(pool, count, (t) => t.priority, eligible);
      const expected = pool
        .filter(eligible)
        .sort((a, b) => b.priority - a.priority)
        .slice(0, count);
      expect(taken).toEqual(expected);
    }
  });

  it('is fair: one at a time, every label in turn while each has questions, each its best', () => {
    for (let n = 0; n < 50; n++) {
      const pool = new Map(questions(200).map((t) => [t.taskHash, t]));
      const groupOf = labelTurns(context())!;
      let turn = 0;
      const picked: RecipeTask[] = [];
      for (let k = 0; k < 40; k++) {
        const next = takeInTurns(
          pool.values(),
          1,
          (t) => t.priority,
          () => true,
          groupOf,
          turn,
        );
        const [task] = next.taken;
        const sameLabel = [...pool.values()].filter((t) => t.label === task!.label);
        expect(task!.priority).toBe(Math.max(...sameLabel.map((t) => t.priority)));
        turn = next.turn;
        pool.delete(task!.taskHash);
        picked.push(task!);
      }
      // 200 questions over 4 labels: every label lasts the 40 picks, so they strictly rotate.
      expect(picked.map((t) => t.label)).toEqual(
        Array.from({ length: 40 }, (_, i) => LABELS[i % 4]),
      );
    }
  });

  it('skips a label with nothing left and hands a batch out label by label', () => {
    const pool = questions(30, ['LOC', 'PER']);
    const groupOf = labelTurns(context())!;
    const { taken, turn } = takeInTurns(
      pool,
      6,
      (t) => t.priority,
      () => true,
      groupOf,
      1,
    );
    // Turn 1 is MISC's, which has nothing, as ORG: PER (3) goes first, then LOC (0) again.
    expect(taken.map((t) => t.label)).toEqual(['PER', 'LOC', 'PER', 'LOC', 'PER', 'LOC']);
    expect(turn).toBe(1);
    const none = takeInTurns(
      [],
      1,
      (t: RecipeTask) => t.priority,
      () => true,
      groupOf,
      turn,
    );
    expect(none).toEqual({ taken: [], turn: 1 });
  });
});
