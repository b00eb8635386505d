/**
 * NER recipes replayed from gold, with the in-loop model (a blank CRF, one online step per answer).
 *
 * ner.manual: each round scores a sample of the unanswered sentences by their uncertainty (least
 * confidence or mean token entropy; `random` skips scoring), the annotator gives the batch's gold
 * spans (complete annotations), the model learns them.
 *
 * ner.teach: each round, every sentence of a sample proposes its pattern matches and its spans
 * with P ≥ threshold (`model.suggest`); questions already asked (task hash) are dropped; the batch
 * is chosen by the strategy (see `orderQuestions`: `uncertain` lets the labels take turns),
 * pattern matches keeping a share of each batch at the start. A question is accepted exactly when
 * its span (offsets and label) is a gold entity, and the model learns the binary answer.
 */
import { NerModel } from '../ner/crf.js';
import { type TokenSpan, toCharSpan } from '../ner/tags.js';
import { matchPatterns, type PatternMatch } from '../patterns/match.js';
import { mulberry32, type Random } from '../random.js';
import { leastConfidence, meanTokenEntropy, rankCandidates } from '../sorters.js';
import { taskHash } from '../task-hash.js';
import { evaluateNer, withFeatureRows } from '../train/fit.js';
import type { MergedNerExample } from '../train/merge.js';
import type { Span } from '../types.js';
import {
  orderQuestions,
  patternQuota,
  pickBatch,
  sampleInPlace,
  type SimulateOptions,
  type SimulationPoint,
  toPoint,
} from './shared.js';

interface Question {
  sentence: MergedNerExample;
  span: Span;
  score: number;
  hash: number;
  pattern?: string;
}

interface Loop {
  options: SimulateOptions;
  model: NerModel;
  pool: MergedNerExample[];
  random: Random;
  batchSize: number;
  sampleSize: number;
  /** Evaluates after a batch of `n` answers; returns the total so far. */
  record(n: number): number;
}

const spanKey = (s: TokenSpan) => `${s.token_start}:${s.token_end}:${s.label}`;

export function simulateNer(
  options: SimulateOptions,
  labels: readonly string[],
  poolGold: readonly MergedNerExample[],
  evalGold: readonly MergedNerExample[],
): SimulationPoint[] {
  const model = new NerModel({ labels });
  const held = withFeatureRows(model, evalGold);
  const points: SimulationPoint[] = [];
  let answers = 0;
  const loop: Loop = {
    options,
    model,
    pool: withFeatureRows(model, poolGold),
    random: mulberry32(options.seed ?? 0),
    batchSize: Math.max(1, options.batchSize ?? 10),
    sampleSize: options.sample ?? 2000,
    record(n) {
      answers += n;
      const point = toPoint(answers, evaluateNer(model, held));
      points.push(point);
      options.onPoint?.(point);
      return answers;
    },
  };
  if (options.recipe === 'ner.manual') manualLoop(loop);
  else teachLoop(loop);
  return points;
}

function manualLoop({ options, model, pool, random, batchSize, sampleSize, record }: Loop): void {
  let remaining = [...pool];
  const byEntropy = options.manualScore === 'entropy';
  let answers = 0;
  while (answers < options.budget && remaining.length > 0) {
    const size = Math.min(batchSize, options.budget - answers);
    let batch: MergedNerExample[];
    if (options.strategy === 'random') {
      batch = sampleInPlace(remaining, size, random);
    } else {
      const sample = sampleInPlace(remaining, sampleSize, random);
      const merit = sample.map((ex) =>
        byEntropy
          ? meanTokenEntropy(model.tokenMarginals(ex.tokens, ex.rows), model.nTags)
          : leastConfidence(model.predictSentence(ex.tokens, ex.rows).pathProbability),
      );
      batch = pickBatch(rankCandidates(merit, { strategy: 'high' }), () => false, size).map(
        (i) => sample[i]!,
      );
    }
    for (const ex of batch) {
      model.update([{ tokens: ex.tokens, rows: ex.rows, accept: ex.accept, complete: true }]);
      const spans = ex.accept.map((span) => toCharSpan(ex.tokens, span));
      options.onAnswer?.({
        text: ex.text,
        tokens: ex.tokens,
        spans,
        answer: 'accept',
        _view_id: 'ner_manual',
        _input_hash: ex.inputHash,
        _task_hash: taskHash({ text: ex.text, spans }, ex.inputHash),
      });
    }
    const answered = new Set(batch);
    remaining = remaining.filter((ex) => !answered.has(ex));
    answers = record(batch.length);
  }
}

function teachLoop({ options, model, pool, random, batchSize, sampleSize, record }: Loop): void {
  const labels = new Set(model.labels);
  const labelIndex = new Map(model.labels.map((label, i) => [label, i]));
  const matches = new Map<MergedNerExample, PatternMatch[]>();
  if (options.patterns?.length) {
    for (const ex of pool) {
      const found = matchPatterns(ex.tokens, options.patterns).filter((m) => labels.has(m.label));
      if (found.length > 0) matches.set(ex, found);
    }
  }
  const gold = new Map(pool.map((ex) => [ex, new Set(ex.accept.map(spanKey))]));
  const asked = new Set<number>();
  const sentences = [...pool];
  let answers = 0;
  while (answers < options.budget) {
    const size = Math.min(batchSize, options.budget - answers);
    const sample = sampleInPlace(sentences, sampleSize, random);
    let questions = propose(model, sample, matches, asked, options.threshold);
    // An empty sample ends the run only if the whole pool has nothing left to ask either.
    if (questions.length === 0 && sample.length < sentences.length) {
      questions = propose(model, sentences, matches, asked, options.threshold);
    }
    if (questions.length === 0) break;
    const order = orderQuestions(
      questions.map((q) => q.score),
      options,
      random,
      questions.map((q) => labelIndex.get(q.span.label)!),
    );
    const quota = patternQuota(options, answers, size);
    const batch = pickBatch(order, (k) => questions[k]!.pattern !== undefined, size, quota);
    for (const i of batch) {
      const { sentence, span, hash, score, pattern } = questions[i]!;
      asked.add(hash);
      const accepted = gold.get(sentence)!.has(spanKey(span));
      const { token_start, token_end, label } = span;
      const answered = [{ token_start, token_end, label }];
      model.update([
        accepted
          ? { tokens: sentence.tokens, rows: sentence.rows, accept: answered }
          : { tokens: sentence.tokens, rows: sentence.rows, reject: answered },
      ]);
      options.onAnswer?.({
        text: sentence.text,
        tokens: sentence.tokens,
        spans: [span],
        answer: accepted ? 'accept' : 'reject',
        _view_id: 'ner',
        _input_hash: sentence.inputHash,
        _task_hash: hash,
        meta: pattern === undefined ? { score } : { score, pattern },
      });
    }
    answers = record(batch.length);
  }
}

/** The unasked questions of `sentences`: pattern matches and suggested spans, with their scores. */
function propose(
  model: NerModel,
  sentences: readonly MergedNerExample[],
  matches: Map<MergedNerExample, PatternMatch[]>,
  asked: Set<number>,
  threshold = 0.05,
): Question[] {
  const questions: Question[] = [];
  for (const sentence of sentences) {
    const seen = new Set<number>();
    const add = (span: Span, score: number, pattern?: string) => {
      const spans = [{ start: span.start, end: span.end, label: span.label }];
      const hash = taskHash({ text: sentence.text, spans }, sentence.inputHash);
      if (asked.has(hash) || seen.has(hash)) return;
      seen.add(hash);
      questions.push({ sentence, span, score, hash, pattern });
    };
    // Pattern matches first, so a span both matched and suggested counts as a match.
    for (const match of matches.get(sentence) ?? []) {
      const span = toCharSpan(sentence.tokens, match);
      add(span, model.spanMarginal(sentence.tokens, match, sentence.rows), match.pattern);
    }
    for (const { score, ...span } of model.suggest(sentence.tokens, { threshold }, sentence.rows)) {
      add(span, score);
    }
  }
  return questions;
}
