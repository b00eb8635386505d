/**
 * textcat.teach replayed from gold: one binary question per (text, label) known in the gold, asked
 * at most once (task hash). Each round scores a sample of the texts that still have unasked
 * questions, takes the most uncertain (or random) questions, pattern matches keeping a share of
 * each batch at the start; the answer is accept exactly when the gold says the label applies, and
 * the in-loop classifier (blank, one online step per answer, and a prior refitted from the texts
 * not asked about yet, see `nextPriorRefit`) learns it.
 */
import { matchTextcatPatterns } from '../patterns/match.js';
import { mulberry32 } from '../random.js';
import { taskHash } from '../task-hash.js';
import { createTextClassifier } from '../textcat/model.js';
import { nextPriorRefit, PRIOR_SAMPLE } from '../textcat/unlabeled-prior.js';
import { evaluateTextcat } from '../train/fit.js';
import type { MergedTextcatExample } from '../train/merge.js';
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
  text: MergedTextcatExample;
  label: string;
  score: number;
  hash: number;
  pattern?: string;
}

export function simulateTextcat(
  options: SimulateOptions,
  labels: readonly string[],
  exclusive: boolean,
  pool: readonly MergedTextcatExample[],
  held: readonly MergedTextcatExample[],
): SimulationPoint[] {
  const model = createTextClassifier({ labels: [...labels], exclusive });
  const random = mulberry32(options.seed ?? 0);
  const batchSize = Math.max(1, options.batchSize ?? 10);
  const sampleSize = options.sample ?? 2000;
  /** Per text, the first pattern proposing each label. */
  const matched = new Map<MergedTextcatExample, Map<string, string>>();
  if (options.patterns?.length) {
    for (const ex of pool) {
      const found = new Map<string, string>();
      for (const m of matchTextcatPatterns(ex, options.patterns)) {
        if (!found.has(m.label)) found.set(m.label, m.pattern);
      }
      if (found.size > 0) matched.set(ex, found);
    }
  }
  const asked = new Set<number>();
  const unasked = new Map(
    pool.map((ex) => [ex, Object.keys(ex.cats).filter((l) => labels.includes(l))]),
  );
  let texts = pool.filter((ex) => unasked.get(ex)!.length > 0);
  /** Texts a question was asked about; the others are the stream's unlabelled inputs. */
  const touched = new Set<MergedTextcatExample>();
  const usePrior = options.unlabeledPrior ?? true;
  let refitAt = nextPriorRefit(0);
  const points: SimulationPoint[] = [];
  let answers = 0;
  while (answers < options.budget && texts.length > 0) {
    const size = Math.min(batchSize, options.budget - answers);
    const sample = sampleInPlace(texts, sampleSize, random);
    const probabilities = options.strategy === 'random' ? null : model.predict(sample);
    const questions: Question[] = [];
    sample.forEach((text, i) => {
      for (const label of unasked.get(text)!) {
        const hash = taskHash({ text: text.text, label }, text.inputHash);
        if (asked.has(hash)) continue;
        const score = probabilities?.[i]![labels.indexOf(label)] ?? 0.5;
        questions.push({ text, label, score, hash, pattern: matched.get(text)?.get(label) });
      }
    });
    const order = orderQuestions(
      questions.map((q) => q.score),
      options,
      random,
    );
    const quota = patternQuota(options, answers, size);
    for (const i of pickBatch(order, (k) => questions[k]!.pattern !== undefined, size, quota)) {
      const { text, label, hash, score, pattern } = questions[i]!;
      asked.add(hash);
      touched.add(text);
      const left = unasked.get(text)!;
      left.splice(left.indexOf(label), 1);
      const answer = text.cats[label]! >= 0.5 ? 'accept' : 'reject';
      model.update([{ text: text.text, tokens: text.tokens, label, answer }]);
      options.onAnswer?.({
        text: text.text,
        label,
        answer,
        _view_id: 'classification',
        _input_hash: text.inputHash,
        _task_hash: hash,
        meta: pattern === undefined ? { score } : { score, pattern },
      });
      answers++;
    }
    texts = texts.filter((ex) => unasked.get(ex)!.length > 0);
    if (usePrior && answers >= refitAt) {
      const untouched = pool.filter((ex) => !touched.has(ex));
      model.fitUnlabeledPrior(sampleInPlace(untouched, PRIOR_SAMPLE, random));
      refitAt = nextPriorRefit(answers);
    }
    const point = toPoint(answers, evaluateTextcat(model, held));
    points.push(point);
    options.onPoint?.(point);
  }
  return points;
}
