import { afterAll, describe, expect, it } from 'vitest';
import { NerModel } from '../ner/crf.js';
import type { NerExample } from '../ner/learn.js';
import type { TokenSpan } from '../ner/tags.js';
import { emissionScores } from '../ner/scores.js';
import { mulberry32 } from '../random.js';
import { tokenize } from '../tokenizer.js';
import type { Token } from '../types.js';
import { loadOnnxModel, type OnnxNerScorer } from './backend.js';
import { nerInputs } from './export-ner.js';
import { exportModelVersion, readModelVersionMetadata } from './model-version.js';
import { summarizeOnnxModel } from './onnx-proto.js';
import { NER_FEATURES_PER_TOKEN } from '../ner/features.js';
import { maxAbsDiff } from '../testing/max-abs-diff.js';

const PEOPLE = ['Alice Smith', 'Bob', 'Carla Diaz', 'Dmitri', 'Eve Stone'];
const PLACES = ['Paris', 'New York', 'Berlin', 'Lagos', 'Rio de Janeiro'];
const TEMPLATES = [
  '{PER} visited {LOC} on Monday .',
  'In {LOC} , {PER} met {PER} .',
  '{PER} left .',
];

/** Sentences from templates with their gold spans (token indices), for full supervision. */
function syntheticSentences(count: number, seed: number): NerExample[] {
  const random = mulberry32(seed);
  const pick = (items: string[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, () => {
    const tokens: string[] = [];
    const accept: TokenSpan[] = [];
    for (const part of pick(TEMPLATES).split(' ')) {
      const label = part === '{PER}' ? 'PER' : part === '{LOC}' ? 'LOC' : null;
      const words = label ? pick(label === 'PER' ? PEOPLE : PLACES).split(' ') : [part];
      if (label)
        accept.push({
          token_start: tokens.length,
          token_end: tokens.length + words.length - 1,
          label,
        });
      tokens.push(...words);
    }
    return { tokens: tokenize(tokens.join(' ')), accept, complete: true };
  });
}

function trainedModel(): NerModel {
  const model = new NerModel({ labels: ['PER', 'LOC'], features: { bits: 11, seed: 3 } });
  const examples = syntheticSentences(80, 1);
  for (let epoch = 0; epoch < 3; epoch++) model.update(examples);
  return model;
}

const SENTENCES: Token[][] = [
  tokenize('Carla Diaz visited Berlin on Monday .'),
  tokenize('In Lagos , Zoe met Eve Stone and Bob .'),
  tokenize('Paris'),
  tokenize(''),
  tokenize('Nobody went anywhere today , said the unknown man from Rio de Janeiro .'),
];

const model = trainedModel();
let scorer: OnnxNerScorer;
afterAll(async () => scorer?.close());

async function loaded(): Promise<OnnxNerScorer> {
  if (scorer) return scorer;
  const loadedScorer = await loadOnnxModel(exportModelVersion(model).onnx);
  if (loadedScorer.kind !== 'ner') throw new Error('expected a NER scorer');
  return (scorer = loadedScorer);
}

describe('NER ONNX export', () => {
  it('was trained to find the synthetic entities', () => {
    const spans = model.predict(SENTENCES[0]!);
    expect(spans.map((s) => [s.label, s.token_start, s.token_end])).toEqual([
      ['PER', 0, 1],
      ['LOC', 3, 3],
    ]);
  });

  it('computes the TypeScript emissions in ONNX Runtime, to 1e-5, one by one or batched', async () => {
    const onnx = await loaded();
    const batched = await onnx.emissionsBatch(SENTENCES, { batchSize: 2 });
    for (const [i, tokens] of SENTENCES.entries()) {
      const expected = emissionScores(model, tokens);
      expect(maxAbsDiff(await onnx.emissions(tokens), expected)).toBeLessThan(1e-5);
      expect(maxAbsDiff(batched[i]!, expected)).toBeLessThan(1e-5);
    }
  });

  it('predicts the same spans, span marginals, path probability and token marginals', async () => {
    const onnx = await loaded();
    const batched = await onnx.predictSentences(SENTENCES);
    for (const [i, tokens] of SENTENCES.entries()) {
      const expected = model.predictSentence(tokens);
      for (const actual of [await onnx.predict(tokens), batched[i]!]) {
        expect(actual.spans.map(({ score: _, ...span }) => span)).toEqual(
          expected.spans.map(({ score: _, ...span }) => span),
        );
        expect(
          maxAbsDiff(
            actual.spans.map((s) => s.score),
            expected.spans.map((s) => s.score),
          ),
        ).toBeLessThan(1e-5);
        expect(Math.abs(actual.pathProbability - expected.pathProbability)).toBeLessThan(1e-5);
        expect(maxAbsDiff(actual.marginals, expected.marginals)).toBeLessThan(1e-5);
      }
    }
  });

  it('suggests the same candidate spans for ner.teach', async () => {
    const onnx = await loaded();
    for (const tokens of SENTENCES) {
      const expected = model.suggest(tokens, { threshold: 0.01 });
      const actual = await onnx.suggest(tokens, { threshold: 0.01 });
      expect(actual.map((s) => [s.label, s.start, s.end])).toEqual(
        expected.map((s) => [s.label, s.start, s.end]),
      );
      expect(
        maxAbsDiff(
          actual.map((s) => s.score),
          expected.map((s) => s.score),
        ),
      ).toBeLessThan(1e-5);
    }
  });

  it('declares only standard ops and carries the CRF scores, −∞ as null, in its metadata', () => {
    const { onnx, metadata } = exportModelVersion(model);
    const summary = summarizeOnnxModel(onnx);
    expect(summary.nodes).toEqual([
      { opType: 'Gather', domain: '' },
      { opType: 'ReduceSum', domain: '' },
    ]);
    expect(summary.outputs).toEqual(['emissions']);
    const stored = readModelVersionMetadata(onnx);
    expect(stored).toEqual(metadata);
    if (stored.kind !== 'ner') throw new Error('expected NER metadata');
    const K = model.nTags;
    expect(stored.crf.tags.slice(0, 5)).toEqual(['O', 'B-PER', 'I-PER', 'L-PER', 'U-PER']);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        const value = stored.crf.transitions[i]![j]!;
        const expected = model.transitionTable.log[i * K + j]!;
        expect(value === null ? -Infinity : Math.fround(value)).toBe(expected);
      }
    }
    expect(stored.crf.start[model.scheme.tagId(0, 2)]).toBeNull(); // no sentence opens with L-PER
  });

  it('concatenates sentences into one [T, 34] row input', () => {
    const batch = nerInputs(model, SENTENCES);
    const lengths = SENTENCES.map((s) => s.length);
    expect(batch.t).toBe(lengths.reduce((a, b) => a + b, 0));
    expect(batch.rows.length).toBe(batch.t * NER_FEATURES_PER_TOKEN);
    const offsets = lengths.reduce((acc, n) => [...acc, acc[acc.length - 1]! + n], [0]);
    expect(Array.from(batch.offsets)).toEqual(offsets);
    const rows = model.featureRows(SENTENCES[1]!);
    const o = batch.offsets[1]! * NER_FEATURES_PER_TOKEN;
    expect(Array.from(batch.rows.subarray(o, o + rows.length), Number)).toEqual(Array.from(rows));
  });
});
