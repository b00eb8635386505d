import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { textcatGold } from '../testing/gold-factory.js';
import { evaluateTextcat } from '../train/fit.js';
import { mergeExamples } from '../train/merge.js';
import { textcatFeatures } from './features.js';
import { createTextClassifier, TextClassifier } from './model.js';
import { nextPriorRefit, UnlabeledCounts } from './unlabeled-prior.js';

describe('the prior from unlabelled inputs', () => {
  it('is γ times the naive Bayes feature log-odds of the soft counts, computed by hand', () => {
    // Two labels, three rows; input 1 holds rows 0 and 1 (p = 0.9, 0.2), input 2 row 1 (p = 0.4, 0.5).
    const counts = new UnlabeledCounts(3, 2);
    counts.add(Int32Array.of(0, 1), 2, Float32Array.of(0.9, 0.2));
    counts.add(Int32Array.of(1), 1, Float32Array.of(0.4, 0.5));
    const prior = counts.prior({ strength: 0.5, smoothing: 1 })!;
    const p = [
      [0.9, 0.2],
      [0.4, 0.5],
    ];
    const inputs = [[0, 1], [1]];
    const V = 2; // rows 0 and 1 were seen
    for (let k = 0; k < 2; k++) {
      const soft = (row: number, positive: boolean) =>
        inputs.reduce((sum, rows, x) => {
          const q = positive ? p[x]![k]! : 1 - p[x]![k]!;
          return sum + (rows.includes(row) ? q : 0);
        }, 0);
      const total = (positive: boolean) => [0, 1, 2].reduce((sum, r) => sum + soft(r, positive), 0);
      for (let row = 0; row < 3; row++) {
        const expected =
          0.5 *
          (Math.log(1 + soft(row, true)) -
            Math.log(V + total(true)) -
            Math.log(1 + soft(row, false)) +
            Math.log(V + total(false)));
        expect(prior[row * 2 + k]).toBeCloseTo(expected, 5);
      }
    }
  });

  it('adds Σ values · R to the logits, and goes away when fitted on nothing', () => {
    const gold = textcatGold(60, 3);
    const model = createTextClassifier({ labels: ['POSITIVE'], bits: 12 });
    model.update(gold.slice(0, 20).map((t) => ({ text: t.text, cats: t.cats! })));
    const text = gold[30]!.text;
    const logit = (p: number) => Math.log(p / (1 - p));
    const before = logit(model.predict([text])[0]![0]!);
    model.fitUnlabeledPrior(gold.slice(20).map((t) => t.text));
    const prior = model.prior!;
    const { rows, values } = textcatFeatures(text, model.features);
    let added = 0;
    rows.forEach((row, i) => (added += values[i]! * prior[row]!));
    expect(logit(model.predict([text])[0]![0]!) - before).toBeCloseTo(added, 4);
    model.fitUnlabeledPrior([]);
    expect(model.prior).toBeNull();
    expect(logit(model.predict([text])[0]![0]!)).toBeCloseTo(before, 5);
  });

  it('teaches words that keep company with known cues in unlabelled texts', () => {
    // Answers only hold the cue words; unlabelled texts pair each cue with a word of the same
    // polarity; held-out texts hold only those new words.
    const random = mulberry32(9);
    const pick = (items: readonly string[]) => items[Math.floor(random() * items.length)]!;
    const filler = ['the', 'film', 'was', 'plot', 'and', 'acting', 'quite', 'music'];
    const words = {
      cue: [
        ['great', 'superb'],
        ['awful', 'dreadful'],
      ],
      fresh: [
        ['gripping', 'moving'],
        ['tedious', 'bland'],
      ],
    };
    const text = (parts: readonly string[]) =>
      [...Array.from({ length: 5 }, () => pick(filler)), ...parts].join(' ');
    const answers = Array.from({ length: 20 }, (_, i) => ({
      text: text([pick(words.cue[i % 2]!)]),
      cats: { POSITIVE: i % 2 === 0 ? 1 : 0 },
    }));
    const unlabelled = Array.from({ length: 300 }, (_, i) =>
      text([pick(words.cue[i % 2]!), pick(words.fresh[i % 2]!)]),
    );
    const held = mergeExamples(
      Array.from({ length: 60 }, (_, i) => ({
        text: text([pick(words.fresh[i % 2]!)]),
        cats: { POSITIVE: i % 2 === 0 ? 1 : 0 },
      })),
      'textcat',
    );
    const model = createTextClassifier({ labels: ['POSITIVE'] });
    for (let epoch = 0; epoch < 3; epoch++) model.update(answers);
    expect(evaluateTextcat(model, held).auc).toBeLessThan(0.7);
    model.fitUnlabeledPrior(unlabelled);
    expect(evaluateTextcat(model, held).auc).toBeGreaterThan(0.95);
    expect(evaluateTextcat(model, held).accuracy).toBeGreaterThan(0.9);
  });

  it('survives a JSON round trip with identical predictions', () => {
    const gold = textcatGold(80, 6);
    const model = createTextClassifier({
      labels: ['POSITIVE', 'OTHER'],
      exclusive: true,
      bits: 12,
    });
    model.update(
      gold.slice(0, 30).map((t) => ({
        text: t.text,
        label: 'POSITIVE',
        answer: t.cats!.POSITIVE ? 'accept' : 'reject',
      })),
    );
    model.fitUnlabeledPrior(gold.slice(30).map((t) => t.text));
    const restored = TextClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const texts = gold.map((t) => t.text);
    expect(restored.predict(texts)).toEqual(model.predict(texts));
    expect(restored.prior).not.toBeNull();
  });

  it('is refitted after 125, 250 and 500 answers, then every 500', () => {
    const at: number[] = [];
    for (let answers = nextPriorRefit(0); answers <= 3000; answers = nextPriorRefit(answers))
      at.push(answers);
    expect(at).toEqual([125, 250, 500, 1000, 1500, 2000, 2500, 3000]);
  });
});
