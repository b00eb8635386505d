/**
 * Which candidates a stream holds and refreshes: the source is read in order, a batch at a time,
 * until the pool holds `target` free tasks, in passes (a pass adding nothing means the end); the
 * pool keeps at most `max` tasks, dropping the lowest priorities (they come back, scored afresh,
 * in the next pass); after each answer the `rescoreChunk` most promising stale tasks are scored
 * again. Together with `taskPriority` and `takeInTurns` this decides which question comes next.
 */
import type { RecipeTask } from './recipe-types.js';

export const CANDIDATE_POOL = {
  /** Free tasks the pool is filled up to. */
  target: 300,
  /** Tasks the pool holds at most. */
  max: 2000,
  /** Inputs read from the source at a time. */
  readBatch: 100,
  /** Stale tasks scored again after each answer (most promising first). */
  rescoreChunk: 16,
} as const;

/** The tasks to score again now: scored before `revision`, highest priority first, a chunk. */
export function staleTasks<T extends RecipeTask>(tasks: Iterable<T>, revision: number): T[] {
  const stale = [...tasks].filter((t) => t.scoredAt < revision);
  stale.sort((a, b) => b.priority - a.priority);
  return stale.slice(0, CANDIDATE_POOL.rescoreChunk);
}

/** The `n` lowest-priority tasks of `tasks` (the first of equals first): those a full pool drops. */
export function lowestPriority<T extends { priority: number }>(
  tasks: readonly T[],
  n: number,
): T[] {
  return [...tasks].sort((a, b) => a.priority - b.priority).slice(0, Math.max(0, n));
}

/** Where the reading of a source stands: the cursor, and whether another pass can add anything. */
export class SourcePasses {
  /** Position of the last input read in this pass (−1: the pass starts at the top). */
  cursor = -1;
  /** No further pass would add a task: the source is used up. */
  done = false;
  /** The first pass over the source has ended. */
  firstPassDone = false;
  private addedThisPass = 0;

  /**
   * Records a read from the cursor: the position of the last input read, or undefined when the
   * read found nothing (the end of a pass: the next read starts again from the top, unless the
   * pass added nothing). Returns whether there was something.
   */
  read(lastPosition: number | undefined): boolean {
    if (lastPosition !== undefined) {
      this.cursor = lastPosition;
      return true;
    }
    this.firstPassDone = true;
    if (this.addedThisPass === 0 || this.cursor < 0) this.done = true;
    this.cursor = -1;
    this.addedThisPass = 0;
    return false;
  }

  /** Counts a task added to the pool in this pass. */
  added(): void {
    this.addedThisPass++;
  }
}
