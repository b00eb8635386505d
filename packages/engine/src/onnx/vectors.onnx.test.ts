import { afterAll, describe, expect, it } from 'vitest';
import { NerModel } from '../ner/crf.js';
import type { NerExample } from '../ner/learn.js';
import { emissionScores } from '../ner/scores.js';
import { mulberry32 } from '../random.js';
import { createTextClassifier, TextClassifier } from '../textcat/model.js';
import { tokenize } from '../tokenizer.js';
import type { Token } from '../types.js';
import { syntheticVectors } from '../vectors/testing.js';
import { loadOnnxModel, type OnnxScorer } from './backend.js';
import { nerInputs } from './export-ner.js';
import { textcatInputs } from './export-textcat.js';
import { VOCABULARY_METADATA_KEY } from './export-vectors.js';
import {
  exportModelVersion,
  readModelVersionMetadata,
  readModelVocabulary,
} from './model-version.js';
import { readOnnxMetadata, summarizeOnnxModel } from './onnx-proto.js';
import { maxAbsDiff } from '../testing/max-abs-diff.js';

// Classes 0 and 1 are entity / label words, class 2 ordinary words; 8 dims.
const { vectors, words } = syntheticVectors(3, 40);
const random = mulberry32(11);
const pick = (c: number, part = 0) => words[c]![part * 20 + Math.floor(random() * 20)]!;

function nerExamples(labels: string[], n: number): NerExample[] {
  return Array.from({ length: n }, (_, i) => {
    const c = i % labels.length;
    const at = Math.floor(random() * 4);
    const tokens = [0, 1, 2, 3].map((t) => ({ text: t === at ? pick(c) : pick(2) }));
    return {
      tokens,
      accept: [{ token_start: at, token_end: at, label: labels[c]! }],
      complete: true,
    };
  });
}

function nerModel(labels: string[]): NerModel {
  const model = new NerModel({ labels, features: { bits: 10 }, vectors, average: true });
  for (let epoch = 0; epoch < 3; epoch++) model.update(nerExamples(labels, 120));
  return model.averaged();
}

/** Unseen words, a capitalized one (lowercase fallback), words without vectors, an empty one. */
const SENTENCES: Token[][] = [
  tokenize(`${pick(2, 1)} ${pick(0, 1)} ${pick(2, 1)} ${pick(1, 1)}`),
  tokenize(`Paris ${pick(0, 1).toUpperCase()} and ${pick(2)} .`),
  tokenize('no vector here'),
  tokenize(''),
  tokenize(pick(1, 1)),
];

const opened: OnnxScorer[] = [];
afterAll(async () => Promise.all(opened.map((s) => s.close())));

async function load(model: NerModel | TextClassifier): Promise<OnnxScorer> {
  const scorer = await loadOnnxModel(exportModelVersion(model).onnx);
  opened.push(scorer);
  return scorer;
}

describe.each([
  ['MatMul with the dense weights (9 tags > 8 dims)', ['PER', 'LOC'], 'MatMul'],
  ['dense weights folded into the table (5 tags ≤ 8 dims)', ['PER'], 'Gather'],
])('NER ONNX export with word vectors, %s', (_, labels, lastDenseOp) => {
  const model = nerModel(labels);

  it('has learnt dense weights that move the emissions', () => {
    const tokens = SENTENCES[0]!;
    const sparseOnly = new Float64Array(tokens.length * model.nTags);
    model.emissionsInto(model.featureRows(tokens), tokens.length, sparseOnly);
    expect(maxAbsDiff(sparseOnly, emissionScores(model, tokens))).toBeGreaterThan(0.5);
  });

  it('computes the TypeScript emissions and predictions in ONNX Runtime, to 1e-5', async () => {
    const scorer = await load(model);
    if (scorer.kind !== 'ner') throw new Error('expected a NER scorer');
    const batched = await scorer.emissionsBatch(SENTENCES, { batchSize: 3 });
    let worst = 0;
    for (const [i, tokens] of SENTENCES.entries()) {
      const expected = emissionScores(model, tokens);
      worst = Math.max(worst, maxAbsDiff(batched[i]!, expected));
      const actual = await scorer.predict(tokens);
      const want = model.predictSentence(tokens);
      expect(actual.spans.map(({ score: _s, ...span }) => span)).toEqual(
        want.spans.map(({ score: _s, ...span }) => span),
      );
      expect(maxAbsDiff(actual.marginals, want.marginals)).toBeLessThan(1e-5);
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('declares standard ops, the vector_rows input and the vocabulary of its table', () => {
    const { onnx, metadata } = exportModelVersion(model);
    const summary = summarizeOnnxModel(onnx);
    expect(summary.inputs).toEqual(['rows', 'vector_rows']);
    const ops = summary.nodes.map((n) => n.opType);
    expect(ops.slice(0, 3)).toEqual(['Gather', 'ReduceSum', 'Gather']);
    expect(ops.at(-2)).toBe(lastDenseOp);
    expect(ops.at(-1)).toBe('Add');
    expect(readModelVersionMetadata(onnx)).toEqual(metadata);
    expect(metadata.vectors).toEqual({ name: 'synthetic', dims: 8, words: 120 });
    const vocabulary = readModelVocabulary(onnx)!;
    expect(vocabulary.words).toHaveLength(120);
    const batch = nerInputs(model, [SENTENCES[1]!], vocabulary);
    // "Paris" has no vector: the zero row; the capitalized word finds its lowercase entry.
    expect(Array.from(batch.vectorRows!.subarray(0, 2), Number)).toEqual([
      120,
      vocabulary.words.indexOf(SENTENCES[1]![1]!.text.toLowerCase()),
    ]);
  });
});

/** A text with its tokens given, as pre-tokenized inputs arrive. */
const givenTokens = (text: string) => ({ text, tokens: tokenize(text) });

describe.each([
  ['multi-label (sigmoid)', false],
  ['exclusive (softmax)', true],
])('textcat ONNX export with word vectors, %s', (_, exclusive) => {
  const labels = ['FIRST', 'SECOND'];
  const model = createTextClassifier({ labels, exclusive, bits: 10, vectors });
  const examples = Array.from({ length: 200 }, (_e, i) => {
    const c = i % 2;
    return {
      text: [pick(2), pick(c), pick(2), pick(c)].join(' '),
      cats: { FIRST: +(c === 0), SECOND: +(c === 1) },
    };
  });
  for (let epoch = 0; epoch < 3; epoch++) model.update(examples);
  const TEXTS = [
    `${pick(0, 1)} ${pick(2, 1)} ${pick(0, 1)}`,
    `${pick(1, 1).toUpperCase()} ${pick(2, 1)}`,
    'no vector here at all',
    '',
    `${pick(2)} `.repeat(40) + pick(1, 1),
    givenTokens(`${pick(0, 1)} x`),
  ];

  it('has learnt dense weights that move the scores of unseen words', () => {
    const sparseOnly = TextClassifier.fromJSON(model.toJSON(), { vectors });
    sparseOnly.dense!.weights.fill(0);
    const [withDense, without] = [model, sparseOnly].map((m) => m.predict([TEXTS[0]!])[0]!);
    expect(maxAbsDiff(withDense!, without!)).toBeGreaterThan(0.1);
  });

  it('scores in ONNX Runtime as the TypeScript model does, to 1e-5, at any batch size', async () => {
    const scorer = await load(model);
    if (scorer.kind !== 'textcat') throw new Error('expected a textcat scorer');
    const expected = model.predict(TEXTS);
    for (const batchSize of [1, 4, 64]) {
      const actual = await scorer.scoreTexts(TEXTS, { batchSize });
      actual.forEach((scores, i) => expect(maxAbsDiff(scores, expected[i]!)).toBeLessThan(1e-5));
    }
  });

  it('pads word rows with the zero row and declares only standard ops', () => {
    const { onnx } = exportModelVersion(model);
    const summary = summarizeOnnxModel(onnx);
    expect(summary.inputs).toEqual(['rows', 'values', 'vector_rows']);
    const standard = ['Gather', 'Unsqueeze', 'Mul', 'ReduceSum', 'ReduceL2', 'Max', 'Div'];
    standard.push('MatMul', 'Add', 'Sigmoid', 'Softmax');
    for (const node of summary.nodes) expect(standard).toContain(node.opType);
    expect(readOnnxMetadata(onnx)[VOCABULARY_METADATA_KEY]).toBeDefined();
    const batch = textcatInputs(model, ['', 'no vector'], readModelVocabulary(onnx)!);
    expect(batch.w).toBe(2);
    expect(Array.from(batch.vectorRows!, Number)).toEqual([120, 120, 120, 120]);
  });
});
