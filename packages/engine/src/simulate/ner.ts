/**
 * NER recipes replayed from gold, with the in-loop model (a blank CRF, one online step per answer).
 *
 * ner.manual: each round scores a sample of the unanswered sentences by their uncertainty (least
 * confidence or mean token entropy; `random` skips scoring), the annotator gives the batch's gold
 * spans (complete annotations), the model learns them.
 *
 * ner.teach: each round, every sentence of a sample proposes its spans with P ≥ threshold
 * (`model.suggest`) and its pattern matches; questions already asked (task hash) are dropped; the
 * batch is the most uncertain (or random) of them, pattern matches keeping a share of each batch
 * at the start. A question is accepted exactly when its span (offsets and label) is a gold entity,
 * and the model learns the binary answer.
 */
import { NerModel } from '../ner/crf.js';
import type { TokenSpan } from '../ner/tags.js';
import { matchPatterns } from '../patterns/match.js';
import { mulberry32 } from '../random.js';
import { leastConfidence, meanTokenEntropy, rankCandidates } from '../sorters.js';
import { taskHash } from '../task-hash.js';
import { evaluateNer, withFeatureRows } from '../train/fit.js';
import type { MergedNerExample } from '../train/merge.js';
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
  span: TokenSpan & { start: number; end: number };
  score: number;
  hash: number;
  fromPattern: boolean;
}

const spanKey = (s: TokenSpan) => `${s.token_start}:${s.token_end}:${s.label}`;

export function simulateNer(
  options: SimulateOptions,
  labels: readonly string[],
  poolGold: readonly MergedNerExample[],
  evalGold: readonly MergedNerExample[],
): SimulationPoint[] {
  const model = new NerModel({ labels });
  const pool = withFeatureRows(model, poolGold);
  const held = withFeatureRows(model, evalGold);
  const random = mulberry32(options.seed ?? 0);
  const batchSize = Math.max(1, options.batchSize ?? 10);
  const sampleSize = options.sample ?? 2000;
  const points: SimulationPoint[] = [];
  let answers = 0;
  const record = () => {
    const point = toPoint(answers, evaluateNer(model, held));
    points.push(point);
    options.onPoint?.(point);
  };

  if (options.recipe === 'ner.manual') {
    let remaining = [...pool];
    const byEntropy = options.manualScore === 'entropy';
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
      model.update(
        batch.map((ex) => ({
          tokens: ex.tokens,
          rows: ex.rows,
          accept: ex.accept,
          complete: true,
        })),
      );
      answers += batch.length;
      const answered = new Set(batch);
      remaining = remaining.filter((ex) => !answered.has(ex));
      record();
    }
    return points;
  }

  const matches = new Map<MergedNerExample, TokenSpan[]>();
  if (options.patterns?.length) {
    for (const ex of pool) {
      const found = matchPatterns(ex.tokens, options.patterns).filter((m) =>
        labels.includes(m.label),
      );
      if (found.length > 0) matches.set(ex, found);
    }
  }
  const gold = new Map(pool.map((ex) => [ex, new Set(ex.accept.map(spanKey))]));
  const asked = new Set<number>();
  const sentences = [...pool];
  while (answers < options.budget) {
    const size = Math.min(batchSize, options.budget - answers);
    const questions = propose(
      model,
      sampleInPlace(sentences, sampleSize, random),
      matches,
      asked,
      options.threshold,
    );
    if (questions.length === 0) break;
    const order = orderQuestions(
      questions.map((q) => q.score),
      options,
      random,
    );
    const quota = patternQuota(options, answers, size);
    for (const i of pickBatch(order, (k) => questions[k]!.fromPattern, size, quota)) {
      const { sentence, span, hash } = questions[i]!;
      asked.add(hash);
      const accepted = gold.get(sentence)!.has(spanKey(span));
      const tokenSpan = {
        token_start: span.token_start,
        token_end: span.token_end,
        label: span.label,
      };
      model.update([
        {
          tokens: sentence.tokens,
          rows: sentence.rows,
          ...(accepted ? { accept: [tokenSpan] } : { reject: [tokenSpan] }),
        },
      ]);
      answers++;
    }
    record();
  }
  return points;
}

/** The unasked questions of `sentences`: suggested spans and pattern matches, with their scores. */
function propose(
  model: NerModel,
  sentences: readonly MergedNerExample[],
  matches: Map<MergedNerExample, TokenSpan[]>,
  asked: Set<number>,
  threshold = 0.05,
): Question[] {
  const questions: Question[] = [];
  for (const sentence of sentences) {
    const seen = new Set<number>();
    const add = (span: Question['span'], score: number, fromPattern: boolean) => {
      const spans = [{ start: span.start, end: span.end, label: span.label }];
      const hash = taskHash({ text: sentence.text, spans }, sentence.inputHash);
      if (asked.has(hash) || seen.has(hash)) return;
      seen.add(hash);
      questions.push({ sentence, span, score, hash, fromPattern });
    };
    // Pattern matches first, so a span both matched and suggested counts as a match.
    for (const match of matches.get(sentence) ?? []) {
      const span = {
        ...match,
        start: sentence.tokens[match.token_start]!.start,
        end: sentence.tokens[match.token_end]!.end,
      };
      add(span, model.spanMarginal(sentence.tokens, match, sentence.rows), true);
    }
    for (const span of model.suggest(sentence.tokens, { threshold }, sentence.rows)) {
      add(span, span.score, false);
    }
  }
  return questions;
}
