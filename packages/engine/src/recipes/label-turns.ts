import { interleaveGroups } from '../sorters.js';
import type { RecipeContext, RecipeTask } from './recipe-types.js';

/**
 * Binary questions the model proposes on its own (no patterns) take turns by label when they are
 * handed out: the group (label index) of a task, or undefined when no turns are taken. From a
 * blank model, the labels that get a few early accepts climb towards P = 0.5 and the others sink,
 * so uncertainty alone soon asks about one or two labels and never learns the rest; replaying
 * CoNLL without patterns, turns lift ner.teach from random's F1 to 3.7 points above it
 * (`interleaveGroups`, bench/engine/active-learning.md). With patterns, which bring every label
 * its accepts, turns measured slightly worse, so they stay off.
 */
export function labelTurns(ctx: RecipeContext): ((task: RecipeTask) => number) | undefined {
  const binary = ctx.recipe === 'ner_teach' || ctx.recipe === 'textcat_teach';
  if (!binary || ctx.sorter !== 'uncertain' || ctx.patterns.length > 0) return undefined;
  if (ctx.labels.length < 2) return undefined;
  const index = new Map(ctx.labels.map((label, i) => [label, i]));
  return (task) => index.get(task.label ?? task.spans?.[0]?.label ?? '') ?? -1;
}

export interface TakenInTurns<T> {
  taken: T[];
  /** The group whose turn it is at the next call. */
  turn: number;
}

/**
 * The `count` candidates to ask next, highest `priority` first, among those `eligible` says may
 * be taken. With `groupOf` (see `labelTurns`), the groups take turns, each with its own best
 * candidates, starting at the group whose `turn` it is (groups in ascending order, wrapping
 * around); the turn carries over to the next call, so one candidate at a time still rotates.
 */
export function takeInTurns<T>(
  candidates: Iterable<T>,
  count: number,
  priority: (candidate: T) => number,
  eligible: (candidate: T) => boolean,
  groupOf?: (candidate: T) => number,
  turn = 0,
): TakenInTurns<T> {
  if (count <= 0) return { taken: [], turn };
  // The `count` best by priority (per group), kept sorted while scanning: count is small, the
  // candidates are not. Priority is checked before `eligible`, which may cost more.
  const best = new Map<number, { candidate: T; priority: number }[]>();
  for (const candidate of candidates) {
    const group = groupOf?.(candidate) ?? 0;
    let list = best.get(group);
    const p = priority(candidate);
    if (list?.length === count && p <= list[count - 1]!.priority) continue;
    if (!eligible(candidate)) continue;
    if (!list) best.set(group, (list = []));
    let at = list.length;
    while (at > 0 && list[at - 1]!.priority < p) at--;
    list.splice(at, 0, { candidate, priority: p });
    if (list.length > count) list.pop();
  }
  if (!groupOf) return { taken: (best.get(0) ?? []).map((b) => b.candidate), turn };
  // The engine's round-robin, with the groups rotated to start at the one whose turn it is.
  const groups = [...best.keys()].sort((a, b) => a - b);
  const first = groups.findIndex((g) => g >= turn);
  const rotated = first <= 0 ? groups : [...groups.slice(first), ...groups.slice(0, first)];
  const ranked = rotated.flatMap((g) => best.get(g)!);
  const groupIndex = rotated.flatMap((g) => best.get(g)!.map(() => g));
  const order = interleaveGroups(Int32Array.from(ranked.keys()), groupIndex).subarray(0, count);
  const next = order.length > 0 ? groupIndex[order[order.length - 1]!]! + 1 : turn;
  return { taken: Array.from(order, (i) => ranked[i]!.candidate), turn: next };
}
