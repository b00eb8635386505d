import {
  createTextClassifier,
  NerModel,
  TextClassifier,
  type NerModelJSON,
  type TextClassifierJSON,
  type Token,
} from '@chorus/engine';
import { DatasetKind } from '@chorus/schema';

/**
 * The model a teach/correct stream keeps, whatever its kind: the engine's policy (`proposeTasks`,
 * `scoreTask`, `learnAnswer`) scores tasks with it and teaches it; this adds what a stream needs
 * around it: creating, restoring and serializing it, and refitting a prior off the answer path.
 */
export type InLoopModel = TextcatInLoopModel | NerInLoopModel;

export class TextcatInLoopModel {
  readonly kind = DatasetKind.textcat;
  constructor(readonly model: TextClassifier) {}

  static create(labels: string[], exclusive: boolean): TextcatInLoopModel {
    return new TextcatInLoopModel(createTextClassifier({ labels, exclusive }));
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
