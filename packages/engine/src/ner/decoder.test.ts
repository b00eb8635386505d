import { describe, expect, it } from 'vitest';
import { tokenize } from '../tokenizer.js';
import { NerModel } from './crf.js';
import { NerDecoder } from './decoder.js';
import { buildTransitionTable } from './lattice.js';
import { emissionScores } from './scores.js';

const SENTENCES = [
  tokenize('Anna Smith flew to Paris .'),
  tokenize('IBM hired John in New York'),
  tokenize('lost'),
];

function trainedModel(): NerModel {
  const model = new NerModel({ labels: ['PER', 'ORG', 'LOC'], features: { bits: 12, seed: 3 } });
  const examples = [
    { tokens: SENTENCES[0]!, accept: [{ token_start: 0, token_end: 1, label: 'PER' }] },
    { tokens: SENTENCES[1]!, accept: [{ token_start: 4, token_end: 5, label: 'LOC' }] },
    { tokens: SENTENCES[2]!, complete: true },
  ];
  for (let epoch = 0; epoch < 3; epoch++) model.update(examples);
  return model;
}

/** A decoder of its own over a copy of the model's transitions: nothing shared with the model. */
function separateDecoder(model: NerModel): NerDecoder {
  const { scheme } = model;
  const table = buildTransitionTable(
    Float32Array.from(model.transitions),
    scheme.allowed,
    scheme.startAllowed,
    scheme.endAllowed,
    scheme.nTags,
  );
  return new NerDecoder(scheme, table);
}

describe('NerDecoder', () => {
  const model = trainedModel();

  it('answers from given emissions exactly as the model answers from its features', () => {
    const decoder = separateDecoder(model);
    for (const tokens of SENTENCES) {
      const out = new Float64Array(tokens.length * model.nTags);
      model.emissionsInto(model.featureRows(tokens), tokens.length, out);
      decoder.analyzeEmissions(out, tokens.length);
      expect(decoder.predictSentence(tokens)).toEqual(model.predictSentence(tokens));
      expect(decoder.suggest(tokens, { threshold: 0.01 })).toEqual(
        model.suggest(tokens, { threshold: 0.01 }),
      );
      const span = { token_start: 0, token_end: tokens.length - 1, label: 'PER' };
      expect(decoder.spanMarginal(span)).toBe(model.spanMarginal(tokens, span));
    }
    expect(model.predict(SENTENCES[0]!).map((s) => s.label)).toContain('PER');
  });

  it('refuses emissions of the wrong size and queries about another sentence', () => {
    const decoder = separateDecoder(model);
    const [tokens] = SENTENCES;
    expect(() => decoder.analyzeEmissions(new Float32Array(5), tokens!.length)).toThrow(
      /emission scores/,
    );
    decoder.analyzeEmissions(emissionScores(model, tokens!), tokens!.length);
    expect(() => decoder.predict(SENTENCES[2]!)).toThrow(/analysed sentence/);
    expect(() => decoder.spanMarginal({ token_start: 0, token_end: 9, label: 'PER' })).toThrow();
  });

  it('gives an empty sentence no spans, path probability 1 and no marginals', () => {
    const decoder = separateDecoder(model);
    decoder.analyzeEmissions([], 0);
    expect(decoder.predictSentence([])).toEqual({
      spans: [],
      pathProbability: 1,
      marginals: new Float64Array(0),
    });
    expect(decoder.suggest([])).toEqual([]);
  });
});
