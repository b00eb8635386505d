import { describe, expect, it } from 'vitest';
import type { StreamTask } from './stream-task.js';
import { TaskPool } from './task-pool.js';

function task(taskHash: number, label: string, priority: number): StreamTask {
  return {
    taskHash,
    inputHash: taskHash,
    position: taskHash,
    text: '',
    label,
    score: 0.5,
    priority,
    scoredAt: 0,
  };
}

const labels = ['PER', 'ORG', 'LOC'];
const byLabel = (t: StreamTask) => labels.indexOf(t.label!);
const always = () => true;

describe('TaskPool.take', () => {
  // ORG holds the five best priorities, LOC the next, PER the worst.
  const pool = () => {
    const p = new TaskPool();
    for (let i = 0; i < 5; i++) {
      p.add(task(100 + i, 'ORG', 0.9 - i * 0.01));
      p.add(task(200 + i, 'LOC', 0.8 - i * 0.01));
      p.add(task(300 + i, 'PER', 0.1 - i * 0.01));
    }
    return p;
  };

  it('leases the highest priorities first without groups', () => {
    const taken = pool().take('s', 4, Date.now() + 1000, always);
    expect(taken.map((t) => t.taskHash)).toEqual([100, 101, 102, 103]);
  });

  it('lets the groups take turns, each with its own best tasks', () => {
    const taken = pool().take('s', 7, Date.now() + 1000, always, byLabel);
    expect(taken.map((t) => t.taskHash)).toEqual([300, 100, 200, 301, 101, 201, 302]);
  });

  it('carries the turn over, so tasks taken one at a time still rotate', () => {
    const p = pool();
    const labelsTaken = Array.from(
      { length: 6 },
      (_, i) =>
        p.take(`s${i}`, 1, Date.now() + 1000, (_task, leases) => leases === 0, byLabel)[0]!.label,
    );
    expect(labelsTaken).toEqual(['PER', 'ORG', 'LOC', 'PER', 'ORG', 'LOC']);
  });

  it('skips a group with nothing left and never leases a task twice to a session', () => {
    const p = new TaskPool();
    p.add(task(1, 'ORG', 0.9));
    for (let i = 0; i < 3; i++) p.add(task(10 + i, 'LOC', 0.5 - i * 0.1));
    const first = p.take('s', 3, Date.now() + 1000, always, byLabel);
    expect(first.map((t) => t.taskHash)).toEqual([1, 10, 11]);
    const second = p.take('s', 3, Date.now() + 1000, always, byLabel);
    expect(second.map((t) => t.taskHash)).toEqual([12]);
  });
});
