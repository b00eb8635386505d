import { describe, expect, it } from 'vitest';
import { CANDIDATE_POOL, lowestPriority, SourcePasses, staleTasks } from './candidate-pool.js';
import type { RecipeTask } from './recipe-types.js';

const task = (taskHash: number, priority: number, scoredAt: number): RecipeTask => ({
  taskHash,
  inputHash: taskHash,
  position: taskHash,
  text: 'x',
  score: 0.5,
  priority,
  scoredAt,
});

describe('staleTasks', () => {
  it('gives a chunk of the tasks scored before the revision, the most promising first', () => {
    const tasks = Array.from({ length: 50 }, (_, i) => task(i, (i * 37) % 50, i % 2 === 0 ? 3 : 4));
    const stale = staleTasks(tasks, 4);
    expect(stale).toHaveLength(CANDIDATE_POOL.rescoreChunk);
    expect(stale.every((t) => t.scoredAt < 4)).toBe(true);
    const priorities = stale.map((t) => t.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    const best = tasks.filter((t) => t.scoredAt < 4).map((t) => t.priority);
    expect(priorities[0]).toBe(Math.max(...best));
    expect(staleTasks(tasks, 3)).toEqual([]);
  });
});

describe('lowestPriority', () => {
  it('gives the n lowest priorities, the first of equals first', () => {
    const tasks = [task(1, 0.5, 0), task(2, 0.1, 0), task(3, 0.5, 0), task(4, 0.9, 0)];
    expect(lowestPriority(tasks, 3).map((t) => t.taskHash)).toEqual([2, 1, 3]);
    expect(lowestPriority(tasks, -2)).toEqual([]);
  });
});

describe('SourcePasses', () => {
  it('reads the source again from the top while a pass adds something, then stops', () => {
    const passes = new SourcePasses();
    expect(passes.read(99)).toBe(true);
    passes.added();
    expect(passes.read(150)).toBe(true);
    expect(passes.cursor).toBe(150);
    expect(passes.read(undefined)).toBe(false);
    expect(passes).toMatchObject({ cursor: -1, done: false, firstPassDone: true });
    // The second pass adds nothing: the source is used up.
    expect(passes.read(99)).toBe(true);
    expect(passes.read(undefined)).toBe(false);
    expect(passes.done).toBe(true);
  });

  it('is done at once on an empty source', () => {
    const passes = new SourcePasses();
    expect(passes.read(undefined)).toBe(false);
    expect(passes.done).toBe(true);
  });
});
