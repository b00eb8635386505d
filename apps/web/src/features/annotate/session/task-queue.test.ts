import { describe, expect, it } from 'vitest';
import { answered, emptyQueue, receive, restored } from './task-queue';

const task = (taskHash: number) => ({ taskHash, text: `task ${taskHash}` });
const hashes = (queue: { tasks: readonly { taskHash: number }[] }) =>
  queue.tasks.map((t) => t.taskHash);

describe("a session's task queue", () => {
  it('shows tasks in the order they were leased, each once', () => {
    let queue = receive(emptyQueue(), { tasks: [task(1), task(2)], revoked: [] });
    queue = receive(queue, { tasks: [task(2), task(3)], revoked: [] });
    expect(hashes(queue)).toEqual([1, 2, 3]);
  });

  it('drops revoked tasks, wherever they are', () => {
    let queue = receive(emptyQueue(), { tasks: [task(1), task(2), task(3)], revoked: [] });
    queue = receive(queue, { tasks: [], revoked: [2, 99] });
    expect(hashes(queue)).toEqual([1, 3]);
  });

  it('never shows an answered task again, even when a reconnect sends it back', () => {
    let queue = receive(emptyQueue(), { tasks: [task(1), task(2)], revoked: [] });
    queue = answered(queue, 1);
    queue = receive(queue, { tasks: [task(1), task(2), task(3)], revoked: [] });
    expect(hashes(queue)).toEqual([2, 3]);
  });

  it('keeps answers still in the outbox after a reload out of the queue', () => {
    const queue = receive(emptyQueue([5]), { tasks: [task(5), task(6)], revoked: [] });
    expect(hashes(queue)).toEqual([6]);
  });

  it('puts an undone task back on screen first', () => {
    let queue = receive(emptyQueue(), { tasks: [task(1), task(2)], revoked: [] });
    queue = answered(queue, 1);
    queue = restored(queue, task(1));
    expect(hashes(queue)).toEqual([1, 2]);
    expect(queue.answered.has(1)).toBe(false);
  });
});
