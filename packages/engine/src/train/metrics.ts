/**
 * Scorers shared by the trainer and the simulator.
 *
 * NER: entity-level exact match (a predicted entity counts only if its label and both token
 * boundaries equal a gold entity's), micro-averaged over labels, as conlleval and spaCy's `ents_f`.
 * On an input with only binary answers, an accepted span is a gold entity (tp if predicted, fn if
 * not), a rejected span that is predicted is a false positive, and other predictions are not
 * judged (nothing is known about them).
 *
 * Textcat: per label, over the inputs where the label is known: precision/recall/F1 of the
 * decision (probability ≥ 0.5, or the arg-max for exclusive labels) and ROC AUC of the probability;
 * overall P/R/F1 and AUC are macro averages over the labels with data, accuracy is the share of
 * correct decisions over all known (input, label) pairs.
 */
import type { TokenSpan } from '../ner/tags.js';

export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
}

export interface TextcatLabelScores extends LabelScores {
  /** ROC AUC; null when the eval data has only one class for this label. */
  auc: number | null;
}

export interface Scores extends LabelScores {
  perLabel: Record<string, LabelScores | TextcatLabelScores>;
  /** Textcat only. */
  accuracy?: number;
  /** Textcat only: macro ROC AUC over the labels where it is defined. */
  auc?: number | null;
}

/** P = tp/(tp+fp), R = tp/(tp+fn), F1 = 2tp/(2tp+fp+fn); 0 where a denominator is 0. */
export function prf(tp: number, fp: number, fn: number): LabelScores {
  return {
    precision: tp + fp > 0 ? tp / (tp + fp) : 0,
    recall: tp + fn > 0 ? tp / (tp + fn) : 0,
    f1: tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0,
  };
}

/** Counts true/false positives and false negatives of entities, per label. */
export class SpanCounts {
  private readonly counts = new Map<string, { tp: number; fp: number; fn: number }>();

  constructor(labels: readonly string[] = []) {
    for (const label of labels) this.of(label);
  }

  /**
   * Adds one input. `complete`: `gold` is every entity of the input. Otherwise `gold` holds the
   * accepted spans and `rejected` the rejected ones, and other predictions are not judged.
   */
  add(
    gold: readonly TokenSpan[],
    predicted: readonly TokenSpan[],
    complete = true,
    rejected: readonly TokenSpan[] = [],
  ): void {
    const key = (s: TokenSpan) => `${s.token_start}:${s.token_end}:${s.label}`;
    const goldKeys = new Set(gold.map(key));
    const rejectedKeys = new Set(rejected.map(key));
    const found = new Set<string>();
    for (const span of predicted) {
      const k = key(span);
      found.add(k);
      if (goldKeys.has(k)) this.of(span.label).tp++;
      else if (complete || rejectedKeys.has(k)) this.of(span.label).fp++;
    }
    for (const span of gold) if (!found.has(key(span))) this.of(span.label).fn++;
  }

  scores(): Scores {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const perLabel: Record<string, LabelScores> = {};
    for (const [label, c] of this.counts) {
      perLabel[label] = prf(c.tp, c.fp, c.fn);
      tp += c.tp;
      fp += c.fp;
      fn += c.fn;
    }
    return { ...prf(tp, fp, fn), perLabel };
  }

  private of(label: string) {
    let c = this.counts.get(label);
    if (c === undefined) this.counts.set(label, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  }
}

/**
 * ROC AUC as the Mann–Whitney statistic: the probability that a random positive scores above a
 * random negative, ties counting ½. With average ranks R over all items (ties share their mean
 * rank), AUC = (Σ_{positives} R − n₊(n₊+1)/2) / (n₊ n₋). NaN when a class is absent.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const n = scores.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let nPositive = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && scores[order[j]!] === scores[order[i]!]) j++;
    const rank = (i + 1 + j) / 2; // mean of the 1-based ranks i+1 .. j
    for (let k = i; k < j; k++) {
      if (positive[order[k]!]) {
        nPositive++;
        rankSum += rank;
      }
    }
    i = j;
  }
  const nNegative = n - nPositive;
  if (nPositive === 0 || nNegative === 0) return Number.NaN;
  return (rankSum - (nPositive * (nPositive + 1)) / 2) / (nPositive * nNegative);
}

/**
 * Textcat scores of `probabilities` (one array per input, in `labels` order) against the known
 * `cats` of each input.
 */
export function scoreTextcat(
  labels: readonly string[],
  gold: readonly Record<string, number>[],
  probabilities: readonly ArrayLike<number>[],
  exclusive = false,
): Scores {
  const perLabel: Record<string, TextcatLabelScores> = {};
  let correct = 0;
  let decisions = 0;
  const macro = { precision: 0, recall: 0, f1: 0, auc: 0, withData: 0, withAuc: 0 };
  labels.forEach((label, k) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const scores: number[] = [];
    const truth: boolean[] = [];
    gold.forEach((cats, i) => {
      const value = cats[label];
      if (value === undefined) return;
      const p = probabilities[i]!;
      const guess = exclusive ? argMax(p) === k : p[k]! >= 0.5;
      const actual = value >= 0.5;
      if (guess === actual) correct++;
      decisions++;
      if (guess && actual) tp++;
      else if (guess) fp++;
      else if (actual) fn++;
      scores.push(p[k]!);
      truth.push(actual);
    });
    const auc = rocAuc(scores, truth);
    perLabel[label] = { ...prf(tp, fp, fn), auc: Number.isNaN(auc) ? null : auc };
    if (scores.length === 0) return;
    macro.withData++;
    macro.precision += perLabel[label].precision;
    macro.recall += perLabel[label].recall;
    macro.f1 += perLabel[label].f1;
    if (!Number.isNaN(auc)) {
      macro.withAuc++;
      macro.auc += auc;
    }
  });
  const n = Math.max(1, macro.withData);
  return {
    precision: macro.precision / n,
    recall: macro.recall / n,
    f1: macro.f1 / n,
    accuracy: decisions > 0 ? correct / decisions : 0,
    auc: macro.withAuc > 0 ? macro.auc / macro.withAuc : null,
    perLabel,
  };
}

function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k]! > values[best]!) best = k;
  return best;
}
