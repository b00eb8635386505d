import { lowestPriority, takeInTurns } from '@chorus/engine';
import type { StreamTask } from './stream-task.js';

interface PoolEntry {
  task: StreamTask;
  /** Sessions holding the task, with when their lease ends (ms since epoch). */
  leases: Map<string, number>;
}

/**
 * The stream's priority pool: candidate tasks with their scores, and the leases sessions hold on
 * them. A task handed to a session is leased until answered, released, or expired, so no task
 * stays with an absent annotator; `required` says how many sessions must answer a task.
 */
export class TaskPool {
  private readonly entries = new Map<number, PoolEntry>();
  /** Group whose turn it is next in `take` (groups in ascending order, wrapping around). */
  private turn = 0;

  get size(): number {
    return this.entries.size;
  }

  has(taskHash: number): boolean {
    return this.entries.has(taskHash);
  }

  get(taskHash: number): StreamTask | undefined {
    return this.entries.get(taskHash)?.task;
  }

  add(task: StreamTask): void {
    if (!this.entries.has(task.taskHash))
      this.entries.set(task.taskHash, { task, leases: new Map() });
  }

  remove(taskHash: number): void {
    this.entries.delete(taskHash);
  }

  tasks(): IterableIterator<StreamTask> {
    return [...this.entries.values()].map((e) => e.task).values();
  }

  /** Tasks leased to a session, in the order they were handed out. */
  leasedTo(session: string): StreamTask[] {
    return [...this.entries.values()].filter((e) => e.leases.has(session)).map((e) => e.task);
  }

  /**
   * Leases the `count` highest-priority tasks a session may take: not answered by it, not already
   * its own, and still needing answers (`canTake` tells, from the answers and leases so far).
   * With `groupOf` (e.g. a question's label), the groups take turns (the engine's `takeInTurns`),
   * and the turn carries over to the next call, so one task at a time still rotates.
   */
  take(
    session: string,
    count: number,
    until: number,
    canTake: (task: StreamTask, leases: number) => boolean,
    groupOf?: (task: StreamTask) => number,
  ): StreamTask[] {
    const { taken, turn } = takeInTurns(
      this.entries.values(),
      count,
      (entry) => entry.task.priority,
      (entry) => !entry.leases.has(session) && canTake(entry.task, entry.leases.size),
      groupOf && ((entry) => groupOf(entry.task)),
      this.turn,
    );
    this.turn = turn;
    for (const entry of taken) entry.leases.set(session, until);
    return taken.map((e) => e.task);
  }

  /** Leases one task to a session, whoever else holds it (an undone answer comes back to it). */
  lease(task: StreamTask, session: string, until: number): void {
    this.add(task);
    this.entries.get(task.taskHash)!.leases.set(session, until);
  }

  /** Keeps a session's leases alive. */
  renew(session: string, until: number): void {
    for (const entry of this.entries.values())
      if (entry.leases.has(session)) entry.leases.set(session, until);
  }

  release(session: string, taskHash?: number): number {
    let released = 0;
    for (const [hash, entry] of this.entries) {
      if ((taskHash === undefined || hash === taskHash) && entry.leases.delete(session)) released++;
    }
    return released;
  }

  /** Returns expired leases to the pool; gives, per session that lost some, the task hashes. */
  expire(now: number): Map<string, number[]> {
    const lost = new Map<string, number[]>();
    for (const entry of this.entries.values()) {
      for (const [session, until] of entry.leases) {
        if (until <= now) {
          entry.leases.delete(session);
          lost.set(session, [...(lost.get(session) ?? []), entry.task.taskHash]);
        }
      }
    }
    return lost;
  }

  /** Number of tasks no session holds. */
  unleased(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.leases.size === 0) n++;
    return n;
  }

  /**
   * Drops the lowest-priority tasks nobody holds until `max` remain. Nothing is lost for good:
   * the stream reads its source again in cycles, and a dropped task comes back scored afresh.
   */
  trim(max: number): void {
    if (this.entries.size <= max) return;
    const free = [...this.entries.values()].filter((e) => e.leases.size === 0);
    const drop = lowestPriority(
      free.map((e) => e.task),
      this.entries.size - max,
    );
    for (const task of drop) this.entries.delete(task.taskHash);
  }
}
