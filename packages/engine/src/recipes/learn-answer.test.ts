import { describe, expect, it } from 'vitest';
import { NerModel } from '../ner/crf.js';
import { createTextClassifier } from '../textcat/model.js';
import { tokenize } from '../tokenizer.js';
import { learnAnswer } from './learn-answer.js';
import type { RecipeModel, RecipeTask } from './recipe-types.js';

const text = 'Bob flew to Paris .';
const paris = { start: 12, end: 17, token_start: 3, token_end: 3, label: 'LOC' };
const bob = { start: 0, end: 3, token_start: 0, token_end: 0, label: 'PER' };
const question = (spans = [paris]): RecipeTask => ({
  taskHash: 1,
  inputHash: 2,
  position: 0,
  text,
  tokens: tokenize(text),
  spans,
  score: 0.5,
  priority: 0,
  scoredAt: 0,
});
const nerModel = () => ({ kind: 'ner', model: new NerModel({ labels: ['LOC', 'PER'] }) }) as const;
const marginal = (m: { model: NerModel }, span = paris) =>
  m.model.spanMarginal(tokenize(text), span);

describe('learnAnswer', () => {
  it('ner.teach: an accepted span becomes more likely, a rejected one less, an ignored one the same', () => {
    const accepted = nerModel();
    const before = marginal(accepted);
    learnAnswer(accepted, 'ner_teach', question(), 'accept');
    expect(marginal(accepted)).toBeGreaterThan(before);
    const rejected = nerModel();
    learnAnswer(rejected, 'ner_teach', question(), 'reject');
    expect(marginal(rejected)).toBeLessThan(before);
    const ignored = nerModel();
    learnAnswer(ignored, 'ner_teach', question(), 'ignore');
    expect(marginal(ignored)).toBe(before);
  });

  it('ner.manual: the accepted spans are the whole truth of the sentence; a reject teaches nothing', () => {
    const model = nerModel();
    const before = [marginal(model), marginal(model, bob)];
    learnAnswer(model, 'ner_manual', question([]), 'accept', { spans: [bob] });
    expect(marginal(model, bob)).toBeGreaterThan(before[1]!);
    expect(marginal(model)).toBeLessThan(before[0]!); // complete: Paris is not an entity here
    const rejected = nerModel();
    learnAnswer(rejected, 'ner_manual', question([]), 'reject', { spans: [bob] });
    expect(marginal(rejected, bob)).toBe(before[1]);
  });

  it('textcat: a yes/no on one label, or the accepted options of a choice', () => {
    const labels = ['SPAM', 'HAM'];
    const make = (): RecipeModel => ({ kind: 'textcat', model: createTextClassifier({ labels }) });
    const p = (m: RecipeModel) => (m.kind === 'textcat' ? m.model.predict([{ text }])[0]! : []);
    const binary = make();
    learnAnswer(
      binary,
      'textcat_teach',
      { ...question(), spans: undefined, label: 'SPAM' },
      'accept',
    );
    expect(p(binary)[0]).toBeGreaterThan(0.5);
    expect(p(binary)[1]).toBeCloseTo(0.5, 6);
    const choice = make();
    const options = labels.map((id) => ({ id, text: id }));
    learnAnswer(choice, 'textcat_manual', { ...question(), spans: undefined, options }, 'accept', {
      accept: ['HAM'],
    });
    expect(p(choice)[1]).toBeGreaterThan(0.5);
    expect(p(choice)[0]).toBeLessThan(0.5);
  });
});
