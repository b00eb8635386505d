/**
 * Every answer about one input, merged into one training example (grouped by `_input_hash`, which
 * is computed when absent). Inputs keep the order of their first task; an input whose answers teach
 * nothing is left out.
 *
 * NER. A task is a **complete** annotation (every token outside its spans is O) when its
 * `_view_id` is `ner_manual` or `spans_manual` (ner.manual, ner.correct), when it has no `answer`
 * (a gold file), or, without a `_view_id`, when it does not hold exactly one span. Otherwise
 * (`_view_id: "ner"`, or one span and an answer: ner.teach) it is a **binary** answer about its
 * spans. Per input:
 * - the last accepted complete annotation wins, and the binary answers are then not needed;
 *   a rejected complete annotation ("bad example") teaches nothing;
 * - otherwise, per task hash the last answer wins; accepted binary tasks give `accept` spans,
 *   rejected single-span tasks give `reject` spans (a reject of several spans at once only says
 *   that one of them is wrong, which is not learnt); a span both accepted and rejected (annotators
 *   disagree) is dropped from both;
 * - `ignore` answers, and spans whose label is not among `labels`, are left out.
 *
 * Textcat. Labels are known per input as 1 (applies) or 0 (does not), later answers overriding
 * earlier ones: `label` + accept/reject (textcat.teach; no answer counts as accept); `cats`
 * (gold, ≥ 0.5 applies) when accepted or unanswered; a choice's `accept` list when accepted or
 * unanswered (every option id, or every label when the task has no options, is 1 if accepted and 0
 * otherwise). Rejected `cats`/choice tasks and labels outside `labels` teach nothing.
 */
import type { NerExample } from '../ner/learn.js';
import type { TokenSpan } from '../ner/tags.js';
import { inputHash, taskHash } from '../task-hash.js';
import type { Token } from '../types.js';
import {
  type AnsweredTask,
  checkTask,
  InvalidTaskError,
  taskTokenSpans,
  taskTokens,
} from './tasks.js';

export type ExampleKind = 'ner' | 'textcat';

export interface MergedNerExample extends NerExample {
  text: string;
  tokens: Token[];
  inputHash: number;
  accept: TokenSpan[];
  reject: TokenSpan[];
  complete: boolean;
}

export interface MergedTextcatExample {
  text: string;
  tokens: Token[];
  inputHash: number;
  /** Only the labels known for this input: 1 applies, 0 does not. */
  cats: Record<string, number>;
}

export interface MergeOptions {
  /** Keep only these labels (default: every label found). */
  labels?: readonly string[];
}

const MANUAL_VIEWS = new Set(['ner_manual', 'spans_manual']);

export function mergeExamples(
  tasks: readonly unknown[],
  kind: 'ner',
  options?: MergeOptions,
): MergedNerExample[];
export function mergeExamples(
  tasks: readonly unknown[],
  kind: 'textcat',
  options?: MergeOptions,
): MergedTextcatExample[];
export function mergeExamples(
  tasks: readonly unknown[],
  kind: ExampleKind,
  options?: MergeOptions,
): MergedNerExample[] | MergedTextcatExample[];
export function mergeExamples(
  tasks: readonly unknown[],
  kind: ExampleKind,
  options: MergeOptions = {},
): MergedNerExample[] | MergedTextcatExample[] {
  const known = options.labels ? new Set(options.labels) : null;
  const groups = new Map<number, { task: AnsweredTask; index: number }[]>();
  tasks.forEach((task, index) => {
    checkTask(task, index);
    const hash = task._input_hash ?? inputHash(task);
    let group = groups.get(hash);
    if (group === undefined) groups.set(hash, (group = []));
    group.push({ task, index });
  });
  const out: (MergedNerExample | MergedTextcatExample)[] = [];
  for (const [hash, group] of groups) {
    const merged = kind === 'ner' ? mergeNer(hash, group, known) : mergeTextcat(hash, group, known);
    if (merged !== null) out.push(merged);
  }
  return out as MergedNerExample[] | MergedTextcatExample[];
}

function isCompleteNer(task: AnsweredTask): boolean {
  if (task._view_id !== undefined && MANUAL_VIEWS.has(task._view_id)) return true;
  if (task._view_id === 'ner') return false;
  return task.answer === undefined || (task.spans ?? []).length !== 1;
}

const spanKey = (s: TokenSpan) => `${s.token_start}:${s.token_end}:${s.label}`;

function mergeNer(
  hash: number,
  group: { task: AnsweredTask; index: number }[],
  known: Set<string> | null,
): MergedNerExample | null {
  const first = group[0]!;
  const tokens = taskTokens(first.task, first.index);
  let complete: TokenSpan[] | null = null;
  const binary = new Map<number, { spans: TokenSpan[]; accepted: boolean }>();
  for (const { task, index } of group) {
    if (task.text !== first.task.text) {
      throw new InvalidTaskError('same _input_hash as an earlier task, other text', index, 'text');
    }
    if (task.answer === 'ignore') continue;
    const spans = taskTokenSpans(task, tokens, index).filter((s) => !known || known.has(s.label));
    if (isCompleteNer(task)) {
      if (task.answer !== 'reject') complete = spans;
      continue;
    }
    const key = task._task_hash ?? taskHash(task, hash);
    binary.delete(key); // the last answer to a question wins, in its own position
    binary.set(key, { spans, accepted: task.answer === 'accept' });
  }
  const base = { text: first.task.text, tokens, inputHash: hash };
  if (complete !== null) return { ...base, accept: complete, reject: [], complete: true };
  const accept = new Map<string, TokenSpan>();
  const reject = new Map<string, TokenSpan>();
  for (const { spans, accepted } of binary.values()) {
    if (accepted) for (const span of spans) accept.set(spanKey(span), span);
    else if (spans.length === 1) reject.set(spanKey(spans[0]!), spans[0]!);
  }
  for (const key of [...accept.keys()]) {
    if (reject.delete(key)) accept.delete(key);
  }
  if (accept.size === 0 && reject.size === 0) return null;
  return { ...base, accept: [...accept.values()], reject: [...reject.values()], complete: false };
}

function mergeTextcat(
  hash: number,
  group: { task: AnsweredTask; index: number }[],
  known: Set<string> | null,
): MergedTextcatExample | null {
  const first = group[0]!;
  const cats: Record<string, number> = {};
  const set = (label: string, value: boolean) => {
    if (!known || known.has(label)) cats[label] = value ? 1 : 0;
  };
  for (const { task, index } of group) {
    if (task.text !== first.task.text) {
      throw new InvalidTaskError('same _input_hash as an earlier task, other text', index, 'text');
    }
    if (task.answer === 'ignore') continue;
    if (task.label !== undefined) {
      set(task.label, task.answer !== 'reject');
    } else if (task.answer === 'reject') {
      continue;
    } else if (task.cats !== undefined) {
      for (const [label, value] of Object.entries(task.cats)) set(label, value >= 0.5);
    } else if (task.accept !== undefined) {
      const accepted = new Set(task.accept.map(String));
      const asked = task.options ? task.options.map((o) => String(o.id)) : [...(known ?? [])];
      for (const label of new Set([...asked, ...accepted])) set(label, accepted.has(label));
    }
  }
  if (Object.keys(cats).length === 0) return null;
  return {
    text: first.task.text,
    tokens: taskTokens(first.task, first.index),
    inputHash: hash,
    cats,
  };
}

/** Stable eval split: an input is held out when `inputHash % 1000 < fraction × 1000`. */
export function isEvalInput(hash: number, fraction: number): boolean {
  return hash % 1000 < Math.round(fraction * 1000);
}

/** Splits merged examples by input hash (see `isEvalInput`). */
export function splitByInputHash<T extends { inputHash: number }>(
  examples: readonly T[],
  fraction: number,
): { train: T[]; eval: T[] } {
  const train: T[] = [];
  const held: T[] = [];
  for (const example of examples)
    (isEvalInput(example.inputHash, fraction) ? held : train).push(example);
  return { train, eval: held };
}
