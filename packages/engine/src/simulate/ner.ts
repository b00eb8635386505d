/**
 * NER recipes replayed from gold as a single-session stream does them (`replayStream`), with the
 * in-loop model (a blank CRF, one online step per answer).
 *
 * ner.teach: the stream's questions, one span each (pattern matches and spans with P ≥ 0.05); a
 * question is accepted exactly when its span (token offsets and label) is a gold entity, and the
 * model learns the binary answer.
 *
 * ner.manual: the stream's questions, one sentence each, least confident first; the annotator
 * gives the sentence's gold spans (a complete annotation), the model learns them.
 */
import { NerModel } from '../ner/crf.js';
import { type TokenSpan, toCharSpan } from '../ner/tags.js';
import type { RecipeTask } from '../recipes/recipe-types.js';
import { evaluateNer, withFeatureRows } from '../train/fit.js';
import type { MergedNerExample } from '../train/merge.js';
import { replayStream, type GivenAnswer } from './replay-stream.js';
import {
  evaluationPoints,
  sourceOrder,
  type SimulateOptions,
  type SimulationPoint,
  taughtLabels,
} from './shared.js';

const spanKey = (s: TokenSpan) => `${s.token_start}:${s.token_end}:${s.label}`;

export function simulateNer(
  options: SimulateOptions,
  goldLabels: readonly string[],
  poolGold: readonly MergedNerExample[],
  evalGold: readonly MergedNerExample[],
): SimulationPoint[] {
  const labels = taughtLabels(goldLabels, options.patterns);
  const model = new NerModel({ labels });
  const held = withFeatureRows(model, evalGold);
  const gold = new Map(poolGold.map((ex) => [ex.inputHash, ex]));
  const entities = new Map(poolGold.map((ex) => [ex.inputHash, new Set(ex.accept.map(spanKey))]));
  const manual = options.recipe === 'ner.manual';
  const points = evaluationPoints(options, () => evaluateNer(model, held));
  const answers = replayStream({
    recipe: manual ? 'ner_manual' : 'ner_teach',
    labels,
    sorter: options.strategy,
    patterns: options.patterns ?? [],
    model: { kind: 'ner', model },
    inputs: sourceOrder(poolGold, options.seed).map((ex, position) => ({
      inputHash: ex.inputHash,
      position,
      text: ex.text,
      tokens: ex.tokens,
    })),
    budget: options.budget,
    answer(task): GivenAnswer {
      if (manual) {
        const sentence = gold.get(task.inputHash)!;
        return {
          answer: 'accept',
          spans: sentence.accept.map((span) => toCharSpan(sentence.tokens, span)),
        };
      }
      const accepted = entities.get(task.inputHash)!.has(spanKey(task.spans![0]!));
      return { answer: accepted ? 'accept' : 'reject' };
    },
    unlabeledPrior: options.unlabeledPrior,
    onAnswer(task, given, answers) {
      options.onAnswer?.(answeredTask(task, given, manual));
      points.answered(answers);
    },
  });
  return points.close(answers);
}

function answeredTask(task: RecipeTask, given: GivenAnswer, manual: boolean) {
  const { score, pattern } = task;
  return {
    text: task.text,
    tokens: task.tokens,
    spans: manual ? [...given.spans!] : task.spans,
    answer: given.answer,
    _view_id: manual ? 'ner_manual' : 'ner',
    _input_hash: task.inputHash,
    _task_hash: task.taskHash,
    meta: pattern === undefined ? { score } : { score, pattern },
  };
}
