/**
 * textcat.teach replayed from gold as a single-session stream does it (`replayStream`): one
 * binary question per text and label, asked at most once (task hash); the answer is accept
 * exactly when the gold says the label applies (ignore when the gold does not give the label),
 * and the in-loop classifier (blank, one online step per answer, and a prior refitted from the
 * texts nobody has answered, see `nextPriorRefit`) learns it.
 */
import { createTextClassifier } from '../textcat/model.js';
import { evaluateTextcat } from '../train/fit.js';
import type { MergedTextcatExample } from '../train/merge.js';
import { replayStream } from './replay-stream.js';
import {
  evaluationPoints,
  sourceOrder,
  type SimulateOptions,
  type SimulationPoint,
  taughtLabels,
} from './shared.js';

export function simulateTextcat(
  options: SimulateOptions,
  goldLabels: readonly string[],
  exclusive: boolean,
  pool: readonly MergedTextcatExample[],
  held: readonly MergedTextcatExample[],
): SimulationPoint[] {
  const labels = taughtLabels(goldLabels, options.patterns);
  const model = createTextClassifier({ labels, exclusive });
  const cats = new Map(pool.map((ex) => [ex.inputHash, ex.cats]));
  const points = evaluationPoints(options, () => evaluateTextcat(model, held));
  const answers = replayStream({
    recipe: 'textcat_teach',
    labels,
    sorter: options.strategy,
    patterns: options.patterns ?? [],
    model: { kind: 'textcat', model },
    inputs: sourceOrder(pool, options.seed).map((ex, position) => ({
      inputHash: ex.inputHash,
      position,
      text: ex.text,
      tokens: ex.tokens,
    })),
    budget: options.budget,
    answer(task) {
      const value = cats.get(task.inputHash)![task.label!];
      return { answer: value === undefined ? 'ignore' : value >= 0.5 ? 'accept' : 'reject' };
    },
    unlabeledPrior: options.unlabeledPrior,
    onAnswer(task, given, answers) {
      const { score, pattern } = task;
      options.onAnswer?.({
        text: task.text,
        label: task.label,
        answer: given.answer,
        _view_id: 'classification',
        _input_hash: task.inputHash,
        _task_hash: task.taskHash,
        meta: pattern === undefined ? { score } : { score, pattern },
      });
      points.answered(answers);
    },
  });
  return points.close(answers);
}
