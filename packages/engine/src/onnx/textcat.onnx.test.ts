import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { createTextClassifier, type TextClassifier } from '../textcat/model.js';
import { textcatFeatures, type TextcatInput } from '../textcat/features.js';
import { tokenize } from '../tokenizer.js';
import { loadOnnxModel, type OnnxScorer, type OnnxTextcatScorer } from './backend.js';
import { textcatGraph, textcatInputs } from './export-textcat.js';
import { exportModelVersion, readModelVersionMetadata } from './model-version.js';
import { ONNX_IR_VERSION, ONNX_OPSET, encodeOnnxModel, summarizeOnnxModel } from './onnx-proto.js';
import { maxAbsDiff } from '../testing/max-abs-diff.js';

const LABELS = ['SPORT', 'POLITICS', 'TECH'];
const WORDS: Record<string, string[]> = {
  SPORT: ['match', 'goal', 'team', 'coach', 'league', 'scored', 'referee'],
  POLITICS: ['vote', 'senate', 'minister', 'election', 'policy', 'party', 'law'],
  TECH: ['software', 'chip', 'startup', 'cloud', 'app', 'robot', 'data'],
};
const FILLER = ['the', 'a', 'today', 'new', 'big', 'after', 'with', 'and'];

/** Synthetic texts whose label words decide the label, so training moves the weights. */
function syntheticExamples(count: number, seed: number) {
  const random = mulberry32(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, () => {
    const label = pick(LABELS);
    const words = Array.from({ length: 4 + Math.floor(random() * 8) }, () =>
      random() < 0.5 ? pick(WORDS[label]!) : pick(FILLER),
    );
    return {
      text: words.join(' '),
      cats: Object.fromEntries(LABELS.map((l) => [l, +(l === label)])),
    };
  });
}

/** A trained model; `prior` adds one fitted on unlabelled texts (folded into the graph). */
function trainedClassifier(exclusive: boolean, prior = false): TextClassifier {
  const model = createTextClassifier({ labels: LABELS, exclusive, bits: 10, seed: 7 });
  const examples = syntheticExamples(120, exclusive ? 2 : 1);
  for (let epoch = 0; epoch < 3; epoch++) model.update(examples);
  if (prior) model.fitUnlabeledPrior(syntheticExamples(200, 5).map((ex) => ex.text));
  return model;
}

/** Texts that stress padding and tokenization: empty, one token, long, unicode, given tokens. */
const TEXTS: TextcatInput[] = [
  '',
  'goal',
  'The minister scored a goal for the party after the election, said the coach.',
  'A startup sells chips to the cloud league 🚀 — naïve café data',
  '   ',
  'vote '.repeat(200),
  { text: 'robot law', tokens: tokenize('robot law') },
];

const opened: OnnxScorer[] = [];
afterAll(async () => Promise.all(opened.map((s) => s.close())));

async function load(model: TextClassifier): Promise<OnnxTextcatScorer> {
  const scorer = await loadOnnxModel(exportModelVersion(model).onnx);
  opened.push(scorer);
  if (scorer.kind !== 'textcat') throw new Error('expected a textcat scorer');
  return scorer;
}

describe.each([
  ['multi-label (sigmoid)', false, false],
  ['exclusive (softmax)', true, false],
  ['multi-label with a prior from unlabelled texts', false, true],
  ['exclusive with a prior from unlabelled texts', true, true],
])('textcat ONNX export, %s', (_, exclusive, prior) => {
  const model = trainedClassifier(exclusive, prior);

  it('holds the prior it is exported with', () => {
    expect(model.prior !== null).toBe(prior);
  });

  it('was trained to non-trivial weights', () => {
    const [sport, politics] = model.predict(['goal team coach', 'vote senate party']);
    expect(sport![0]).toBeGreaterThan(0.6);
    expect(politics![1]).toBeGreaterThan(0.6);
  });

  it('scores in ONNX Runtime as the TypeScript model does, to 1e-5, at any batch size', async () => {
    const scorer = await load(model);
    const expected = model.predict(TEXTS);
    for (const batchSize of [1, 3, 64]) {
      const actual = await scorer.scoreTexts(TEXTS, { batchSize });
      expect(actual).toHaveLength(TEXTS.length);
      actual.forEach((scores, i) => expect(maxAbsDiff(scores, expected[i]!)).toBeLessThan(1e-5));
    }
    if (exclusive) {
      for (const scores of await scorer.scoreTexts(TEXTS)) {
        expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      }
    }
  });

  it('returns nothing for no texts', async () => {
    expect(await (await load(model)).scoreTexts([])).toEqual([]);
  });
});

describe('textcatInputs', () => {
  it('pads every text to the longest with the zero row and value 0', () => {
    const model = trainedClassifier(false);
    const batch = textcatInputs(model, ['goal team', '', 'vote']);
    const lengths = ['goal team', '', 'vote'].map(
      (t) => textcatFeatures(t, model.features).rows.length,
    );
    expect(batch.n).toBe(3);
    expect(batch.f).toBe(Math.max(...lengths));
    const pad = BigInt(2 ** model.features.bits);
    for (let i = 0; i < 3; i++) {
      const { rows, values } = textcatFeatures(['goal team', '', 'vote'][i]!, model.features);
      for (let j = 0; j < batch.f; j++) {
        expect(batch.rows[i * batch.f + j]).toBe(j < rows.length ? BigInt(rows[j]!) : pad);
        expect(batch.values[i * batch.f + j]).toBe(j < rows.length ? values[j] : 0);
      }
    }
  });

  it('keeps a valid [n, 1] shape for a batch of empty texts', () => {
    const batch = textcatInputs(trainedClassifier(true), ['', ' ']);
    expect([batch.n, batch.f]).toEqual([2, 1]);
    expect(Array.from(batch.values)).toEqual([0, 0]);
  });
});

describe('textcat model version', () => {
  it('declares IR 8, opset 17 of the default domain, and only standard ops', () => {
    const { onnx } = exportModelVersion(trainedClassifier(true));
    const summary = summarizeOnnxModel(onnx);
    expect(summary.irVersion).toBe(ONNX_IR_VERSION);
    expect(summary.opsets).toEqual([{ domain: '', version: ONNX_OPSET }]);
    const standard = new Set([
      'Gather',
      'Unsqueeze',
      'Mul',
      'ReduceSum',
      'Add',
      'Sigmoid',
      'Softmax',
    ]);
    for (const node of summary.nodes) {
      expect(node.domain).toBe('');
      expect(standard.has(node.opType)).toBe(true);
    }
    expect(summary.nodes.map((n) => n.opType)).toContain('Softmax');
    expect(summary.inputs).toEqual(['rows', 'values']);
    expect(summary.outputs).toEqual(['scores']);
  });

  it('embeds its metadata in the ONNX file, identical to the JSON beside it', () => {
    const model = trainedClassifier(false);
    const { onnx, metadata } = exportModelVersion(model, {
      parent: 'v3',
      metrics: { f1: 0.9 },
      createdAt: new Date('2026-01-02T03:04:05Z'),
    });
    expect(readModelVersionMetadata(onnx)).toEqual(metadata);
    expect(metadata).toMatchObject({
      kind: 'textcat',
      labels: LABELS,
      exclusive: false,
      featureConfig: { ...model.features },
      tokenizer: { name: 'chorus-rules', version: 1 },
      parent: 'v3',
      metrics: { f1: 0.9 },
      createdAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('stamps the engine version of package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(exportModelVersion(trainedClassifier(true)).metadata.engineVersion).toBe(pkg.version);
  });

  it('refuses ONNX bytes that carry no Chorus metadata', async () => {
    const { onnx } = exportModelVersion(trainedClassifier(true));
    const foreign = encodeOnnxModel(textcatGraph(trainedClassifier(true)), {
      producerName: 'other',
      producerVersion: '1',
    });
    expect(() => readModelVersionMetadata(foreign)).toThrow(/chorus.model_version/);
    await expect(loadOnnxModel(foreign)).rejects.toThrow(/chorus.model_version/);
    expect(readModelVersionMetadata(onnx).kind).toBe('textcat');
  });

  it('is a snapshot: later updates of the model do not change the exported scores', async () => {
    const model = trainedClassifier(false);
    const scorer = await load(model);
    const before = model.predict(['goal vote']);
    model.update([{ text: 'goal vote', label: 'TECH', answer: 'accept' }]);
    const [scores] = await scorer.scoreTexts(['goal vote']);
    expect(maxAbsDiff(scores!, before[0]!)).toBeLessThan(1e-5);
  });
});
