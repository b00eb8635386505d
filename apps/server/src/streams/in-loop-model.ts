import {
  createTextClassifier,
  NerModel,
  TextClassifier,
  type NerModelJSON,
  type TextClassifierJSON,
  type Token,
} from '@chorus/engine';
import { DatasetKind } from '@chorus/schema';
import type { StreamTask } from './stream-task.js';

/**
 * The model a teach/correct stream keeps, behind one small interface whatever its kind: it scores
 * tasks and learns from answered ones. Recipes decide which tasks to make; this decides what the
 * model thinks of them.
 */
export type InLoopModel = TextcatInLoopModel | NerInLoopModel;

export class TextcatInLoopModel {
  readonly kind = DatasetKind.textcat;
  constructor(readonly model: TextClassifier) {}

  static create(labels: string[], exclusive: boolean): TextcatInLoopModel {
    return new TextcatInLoopModel(createTextClassifier({ labels, exclusive }));
  }

  /** Probability of every label for each text. */
  probabilities(inputs: { text: string; tokens?: Token[] }[]): Float32Array[] {
    return this.model.predict(inputs);
  }

  labelIndex(label: string): number {
    return this.model.labels.indexOf(label);
  }

  learn(task: StreamTask, answer: 'accept' | 'reject' | 'ignore', accept?: string[]): void {
    if (answer === 'ignore') return;
    if (task.label !== undefined)
      this.model.update([{ text: task.text, label: task.label, answer }]);
    else if (accept) this.model.update([{ text: task.text, accept, answer }]);
  }

  /**
   * Refits the prior the classifier learns from inputs nobody answered yet (see the engine's
   * `unlabeled-prior.ts`), counting a slice of them per turn of the event loop so answers keep
   * flowing meanwhile; the new prior replaces the old one at once when all are counted.
   */
  async refitPrior(unlabelled: readonly { text: string; tokens?: Token[] }[]): Promise<void> {
    const counts = this.model.unlabeledCounts();
    for (let i = 0; i < unlabelled.length; i += PRIOR_SLICE) {
      this.model.countUnlabeled(unlabelled.slice(i, i + PRIOR_SLICE), counts);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.model.setPrior(counts.prior());
  }

  toJSON(): unknown {
    return this.model.toJSON();
  }
}

/** Unlabelled inputs counted per turn of the event loop (~10 ms of work). */
const PRIOR_SLICE = 500;

export class NerInLoopModel {
  readonly kind = DatasetKind.ner;
  constructor(readonly model: NerModel) {}

  static create(labels: string[]): NerInLoopModel {
    return new NerInLoopModel(new NerModel({ labels }));
  }

  /**
   * A binary answer on one span constrains the lattice (accept: the span is there; reject: it is
   * not); manual spans are full supervision of the sentence.
   */
  learn(
    task: StreamTask,
    answer: 'accept' | 'reject' | 'ignore',
    manualSpans?: StreamTask['spans'],
  ): void {
    if (answer === 'ignore' || !task.tokens) return;
    const tokens = task.tokens;
    if (manualSpans) {
      if (answer === 'accept') this.model.update([{ tokens, accept: manualSpans, complete: true }]);
      return;
    }
    const span = task.spans?.[0];
    if (!span) return;
    this.model.update([
      answer === 'accept' ? { tokens, accept: [span] } : { tokens, reject: [span] },
    ]);
  }

  toJSON(): unknown {
    return this.model.toJSON();
  }
}

export function createInLoopModel(
  kind: DatasetKind,
  labels: string[],
  exclusive: boolean,
): InLoopModel {
  return kind === DatasetKind.ner
    ? NerInLoopModel.create(labels)
    : TextcatInLoopModel.create(labels, exclusive);
}

export function restoreInLoopModel(kind: DatasetKind, json: string): InLoopModel {
  const parsed = JSON.parse(json) as unknown;
  return kind === DatasetKind.ner
    ? new NerInLoopModel(NerModel.fromJSON(parsed as NerModelJSON))
    : new TextcatInLoopModel(TextClassifier.fromJSON(parsed as TextClassifierJSON));
}
