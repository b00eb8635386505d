/**
 * Text classifier on real data: trains from blank on sms-spam and subj (split by text hash:
 * hashString(text) % 5 === 0 → eval, stable across runs), reports eval F1 of the positive class and
 * accuracy per epoch, then speed on one core (best of 5 passes over every text): tokenizer tokens/s
 * and classifier texts/s (tokenize + hash features + score), also with a prior refitted from unlabelled
 * texts (and the refit's texts/s). Prints JSON.
 *
 *   node bench/engine/textcat.mjs [--epochs 5] [--bits 18] [--lr 0.5] [--l2 2e-4] [--char-min 2]
 *     (after `npm run build`; options left out take the engine's defaults)
 */
import { parseArgs } from 'node:util';
import {
  createTextClassifier,
  mulberry32,
  scoreTextcat,
  shuffleInPlace,
  tokenize,
} from '../../packages/engine/dist/index.js';
import { loadTextcat } from './textcat-data.mjs';

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '5' },
    // Left out, these take the engine's defaults (createTextClassifier).
    bits: { type: 'string' },
    lr: { type: 'string' },
    l2: { type: 'string' },
    unigram: { type: 'string' },
    bigram: { type: 'string' },
    char: { type: 'string' },
    'char-min': { type: 'string' },
    'char-max': { type: 'string' },
  },
});
const option = (value) => (value === undefined ? undefined : Number(value));

function run(file, label) {
  const { train, dev } = loadTextcat(file);
  const model = createTextClassifier({
    labels: [label],
    bits: option(args.bits),
    learnRate: option(args.lr),
    l2: option(args.l2),
    features: Object.fromEntries(
      Object.entries({
        unigramWeight: option(args.unigram),
        bigramWeight: option(args.bigram),
        charNgramWeight: option(args.char),
        charNgramMin: option(args['char-min']),
        charNgramMax: option(args['char-max']),
      }).filter(([, value]) => value !== undefined),
    ),
  });
  const random = mulberry32(1);
  const epochs = [];
  const examples = train.map((row) => ({ text: row.text, cats: row.cats }));
  for (let epoch = 1; epoch <= Number(args.epochs); epoch++) {
    shuffleInPlace(examples, random);
    const started = performance.now();
    const loss = model.update(examples);
    const trainSeconds = (performance.now() - started) / 1000;
    const scoreStarted = performance.now();
    const scores = model.predict(dev.map((row) => row.text));
    const scoreSeconds = (performance.now() - scoreStarted) / 1000;
    const { f1, precision, recall, accuracy } = scoreTextcat(
      [label],
      dev.map((row) => row.cats),
      scores,
    );
    epochs.push({
      epoch,
      trainLoss: +(loss / examples.length).toFixed(4),
      f1: +f1.toFixed(4),
      precision: +precision.toFixed(4),
      recall: +recall.toFixed(4),
      accuracy: +accuracy.toFixed(4),
      trainPerSecond: Math.round(examples.length / trainSeconds),
      scorePerSecond: Math.round(dev.length / scoreSeconds),
    });
  }
  const plain = speed(model, train);
  // An in-loop model refits a prior from unanswered texts (here: the training texts, unlabelled).
  const refitStarted = performance.now();
  model.fitUnlabeledPrior(train.map((row) => row.text));
  const refitSeconds = (performance.now() - refitStarted) / 1000;
  const withPrior = {
    refitTextsPerSecond: Math.round(train.length / refitSeconds),
    scoreTextsPerSecond: speed(model, train).scoreTextsPerSecond,
  };
  return { file, label, train: train.length, dev: dev.length, epochs, speed: plain, withPrior };
}

/** Best of 5 timed passes over the texts. */
function speed(model, rows) {
  const texts = rows.map((row) => row.text);
  let tokens = 0;
  let tokenSeconds = Infinity;
  let scoreSeconds = Infinity;
  for (let pass = 0; pass < 5; pass++) {
    let started = performance.now();
    tokens = 0;
    for (const text of texts) tokens += tokenize(text).length;
    tokenSeconds = Math.min(tokenSeconds, (performance.now() - started) / 1000);
    started = performance.now();
    model.predict(texts);
    scoreSeconds = Math.min(scoreSeconds, (performance.now() - started) / 1000);
  }
  return {
    texts: texts.length,
    tokensPerText: +(tokens / texts.length).toFixed(1),
    tokenizerTokensPerSecond: Math.round(tokens / tokenSeconds),
    scoreTextsPerSecond: Math.round(texts.length / scoreSeconds),
  };
}

console.log(
  JSON.stringify(
    {
      date: new Date().toISOString().slice(0, 10),
      args,
      results: [run('sms-spam.jsonl', 'SPAM'), run('subj.jsonl', 'OBJECTIVE')],
    },
    null,
    1,
  ),
);
