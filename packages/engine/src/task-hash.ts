import { hashStringPair } from './hashing.js';

/**
 * The identity of inputs and questions, as in Prodigy: `_input_hash` says "same raw example",
 * `_task_hash` says "same question about it". Questions are never asked twice because a stream
 * looks up the task hash among the dataset's answers.
 *
 * Both are 53-bit non-negative integers (safe in JSON and JavaScript numbers): the low 32 bits
 * are MurmurHash3 of a canonical JSON string with seed 0, the high 21 bits MurmurHash3 with seed
 * 1. With 53 bits, a million inputs collide with probability ~5e-5; Prodigy's 32-bit hashes would
 * collide about a hundred times.
 *
 * - input hash: canonical JSON of the input fields present among `text`, `html`, `image`.
 * - task hash: the input hash, then canonical JSON of `spans` (reduced to start/end/label and
 *   sorted), `label`, and the ids of `options`. `score`, `priority`, `answer`, `accept`, `meta`,
 *   `tokens` and `_session_id` do not change it.
 */
export const INPUT_HASH_FIELDS = ['text', 'html', 'image'] as const;

export interface HashableTask {
  text?: unknown;
  html?: unknown;
  image?: unknown;
  spans?: ReadonlyArray<{ start: number; end: number; label: string }>;
  label?: unknown;
  options?: ReadonlyArray<{ id: unknown }>;
}

const HIGH_BITS = 2 ** 21;

export function hash53(text: string): number {
  const [low, high] = hashStringPair(text);
  return (high % HIGH_BITS) * 2 ** 32 + low;
}

export function inputHash(task: HashableTask): number {
  const fields: Record<string, unknown> = {};
  for (const key of INPUT_HASH_FIELDS) {
    if (task[key] !== undefined) fields[key] = task[key];
  }
  return hash53(canonicalJson(fields));
}

export function taskHash(task: HashableTask, input = inputHash(task)): number {
  const question: Record<string, unknown> = {};
  if (task.spans && task.spans.length > 0) {
    question.spans = task.spans
      .map((s) => [s.start, s.end, s.label] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  }
  if (task.label !== undefined) question.label = task.label;
  if (task.options && task.options.length > 0) question.options = task.options.map((o) => o.id);
  return hash53(`${input}:${canonicalJson(question)}`);
}

/** JSON with object keys sorted at every depth, so key order never changes a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}
