/**
 * The tasks a session holds on the client, in the order they are shown: what the `tasks`
 * subscription brings is appended (a task already held is not added twice), what the server takes
 * back disappears, what this page answered never comes back unless it is undone.
 */

export interface QueuedTask {
  taskHash: number;
}

export interface TaskQueue<T extends QueuedTask> {
  /** Not answered yet, the one on screen first. */
  readonly tasks: readonly T[];
  /** Answered on this page (sent or waiting in the outbox). */
  readonly answered: ReadonlySet<number>;
}

export function emptyQueue<T extends QueuedTask>(answered: Iterable<number> = []): TaskQueue<T> {
  return { tasks: [], answered: new Set(answered) };
}

/** Adds newly leased tasks at the end and drops the revoked ones. */
export function receive<T extends QueuedTask>(
  queue: TaskQueue<T>,
  batch: { tasks: readonly T[]; revoked: readonly number[] },
): TaskQueue<T> {
  const revoked = new Set(batch.revoked);
  const held = new Set(queue.tasks.map((task) => task.taskHash));
  const fresh = batch.tasks.filter((task) => {
    if (held.has(task.taskHash) || queue.answered.has(task.taskHash)) return false;
    held.add(task.taskHash);
    return true;
  });
  return {
    ...queue,
    tasks: [...queue.tasks, ...fresh].filter((task) => !revoked.has(task.taskHash)),
  };
}

/** The task on screen has been answered: the next one takes its place. */
export function answered<T extends QueuedTask>(
  queue: TaskQueue<T>,
  taskHash: number,
): TaskQueue<T> {
  return {
    tasks: queue.tasks.filter((task) => task.taskHash !== taskHash),
    answered: new Set(queue.answered).add(taskHash),
  };
}

/** Undo: the task comes back on screen, first. */
export function restored<T extends QueuedTask>(queue: TaskQueue<T>, task: T): TaskQueue<T> {
  const rest = new Set(queue.answered);
  rest.delete(task.taskHash);
  return {
    tasks: [task, ...queue.tasks.filter((t) => t.taskHash !== task.taskHash)],
    answered: rest,
  };
}
