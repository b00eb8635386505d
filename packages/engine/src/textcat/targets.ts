/** The per-label targets the text classifier learns from, out of each kind of annotation. */
import type { Answer, Token } from '../types.js';

interface TextcatText {
  text: string;
  tokens?: Token[];
}

/**
 * One annotation. A binary answer on one label (`accept` → the label applies, `reject` → it does
 * not, `ignore` → nothing learnt); spaCy-style `cats` (≥ 0.5 applies); or the accepted options of a
 * choice task (every other label does not apply). For `cats`/`accept`, an `answer` other than
 * `accept` means the whole task was rejected or skipped, and nothing is learnt. Labels the model
 * does not know are ignored.
 */
export type TextcatExample =
  | (TextcatText & { label: string; answer: Answer })
  | (TextcatText & { cats: Record<string, number>; answer?: Answer })
  | (TextcatText & { accept: string[]; answer?: Answer });

/** Targets of an example into `targets` (1, 0, NaN unknown); false if it teaches nothing. */
export function fillTargets(
  example: TextcatExample,
  labelIndex: ReadonlyMap<string, number>,
  targets: Float32Array,
): boolean {
  targets.fill(Number.NaN);
  if ('label' in example) {
    const k = labelIndex.get(example.label);
    if (k === undefined || example.answer === 'ignore') return false;
    targets[k] = example.answer === 'accept' ? 1 : 0;
    return true;
  }
  if (example.answer !== undefined && example.answer !== 'accept') return false;
  let known = false;
  if ('cats' in example) {
    for (const [label, value] of Object.entries(example.cats)) {
      const k = labelIndex.get(label);
      if (k === undefined) continue;
      targets[k] = value >= 0.5 ? 1 : 0;
      known = true;
    }
    return known;
  }
  targets.fill(0);
  for (const label of example.accept) {
    const k = labelIndex.get(label);
    if (k !== undefined) targets[k] = 1;
  }
  return true;
}
