// NER CRF benchmark: CoNLL-2003 full supervision (train → dev F1), prediction speed with
// marginals, and online update latency. Build first: cd packages/engine && npx tsc -p tsconfig.build.json
// Usage: node bench/engine/ner.mjs [--epochs 10] [--bits 18] [--lr 0.1] [--h0 0.1] [--limit N]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { NerModel, mulberry32, shuffleInPlace } from '../../packages/engine/dist/index.js';

const data = process.env.CHORUS_DATA ?? '/work/shared/data';
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const epochs = arg('epochs', 10);
const bits = arg('bits', 18);
const learnRate = arg('lr', 0.1);
const initialAccumulator = arg('h0', 0.1);
const limit = arg('limit', Infinity);

const load = (file) =>
  readFileSync(join(data, 'ner', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line))
    .filter((row) => row.tokens.length > 0)
    .slice(0, limit);
const train = load('conll2003-train.jsonl');
const dev = load('conll2003-dev.jsonl');
const labels = ['PER', 'ORG', 'LOC', 'MISC'];

const model = new NerModel({
  labels,
  features: { bits },
  learnRate,
  initialAccumulator,
  average: true,
});
const t0 = performance.now();
const examples = train.map((row) => ({
  tokens: row.tokens,
  rows: model.featureRows(row.tokens),
  accept: row.spans,
  complete: true,
}));
const devRows = dev.map((row) => model.featureRows(row.tokens));
const featureSeconds = (performance.now() - t0) / 1000;

function evaluate(m) {
  const counts = {};
  for (const label of ['ALL', ...labels]) counts[label] = { tp: 0, fp: 0, fn: 0 };
  dev.forEach((row, i) => {
    const key = (s) => `${s.label}:${s.token_start}:${s.token_end}`;
    const gold = new Set(row.spans.map(key));
    const found = m.predict(row.tokens, devRows[i]);
    const foundKeys = new Set(found.map(key));
    for (const s of found) {
      const hit = gold.has(key(s)) ? 'tp' : 'fp';
      counts[s.label][hit]++;
      counts.ALL[hit]++;
    }
    for (const s of row.spans) {
      if (!foundKeys.has(key(s))) {
        counts[s.label].fn++;
        counts.ALL.fn++;
      }
    }
  });
  const scores = {};
  for (const [label, { tp, fp, fn }] of Object.entries(counts)) {
    const p = tp / Math.max(1, tp + fp);
    const r = tp / Math.max(1, tp + fn);
    scores[label] = {
      p: +p.toFixed(4),
      r: +r.toFixed(4),
      f: +((2 * p * r) / Math.max(1e-9, p + r)).toFixed(4),
    };
  }
  return scores;
}

const random = mulberry32(1);
const epochLog = [];
let best = null;
for (let epoch = 1; epoch <= epochs; epoch++) {
  shuffleInPlace(examples, random);
  const start = performance.now();
  const loss = model.update(examples);
  const seconds = (performance.now() - start) / 1000;
  const scores = evaluate(model.averaged());
  epochLog.push({ epoch, seconds: +seconds.toFixed(2), loss: Math.round(loss), dev: scores.ALL });
  process.stderr.write(`${JSON.stringify(epochLog.at(-1))}\n`);
  if (!best || scores.ALL.f > best.scores.ALL.f) best = { epoch, scores };
}

// Speed: predict (Viterbi + forward–backward + span marginals), features included.
const final = model.averaged();
const devTokens = dev.reduce((n, row) => n + row.tokens.length, 0);
for (const row of dev.slice(0, 300)) final.predict(row.tokens); // warm-up
let start = performance.now();
for (const row of dev) final.predict(row.tokens);
const predictTokensPerSecond = devTokens / ((performance.now() - start) / 1000);
start = performance.now();
for (const row of dev) final.suggest(row.tokens, { threshold: 0.05 });
const suggestTokensPerSecond = devTokens / ((performance.now() - start) / 1000);

// Online update latency on ~30-token sentences, as the in-loop model (no averaging) learns them:
// features computed inside the timed call (rows cached with the task would make it cheaper).
const long = train
  .filter((row) => row.tokens.length >= 28 && row.tokens.length <= 32)
  .slice(0, 400);
const online = new NerModel({ labels, features: { bits }, learnRate, initialAccumulator });
online.update(examples.slice(0, 2000));
// Wall time: on a shared machine preemption shows in p99 (process.cpuUsage is no better on Node 20,
// it counts the GC and compiler threads too).
const timeUpdates = (make) => {
  const wall = [];
  for (const row of long) {
    const ex = make(row);
    const s = performance.now();
    online.update([ex]);
    wall.push(performance.now() - s);
  }
  wall.sort((a, b) => a - b);
  const q = (x) => +wall[Math.min(wall.length - 1, Math.floor(x * wall.length))].toFixed(3);
  return { n: wall.length, p50ms: q(0.5), p99ms: q(0.99), maxMs: q(1) };
};
for (let i = 0; i < 3; i++)
  timeUpdates((row) => ({ tokens: row.tokens, accept: row.spans, complete: true })); // warm-up
const span = (row) => row.spans[0] ?? { token_start: 0, token_end: 1, label: 'ORG' };
const updateAccept = timeUpdates((row) => ({ tokens: row.tokens, accept: [span(row)] }));
const updateReject = timeUpdates((row) => ({
  tokens: row.tokens,
  reject: [{ ...span(row), label: 'MISC' }],
}));
const updateFull = timeUpdates((row) => ({
  tokens: row.tokens,
  accept: row.spans,
  complete: true,
}));

const K = model.nTags;
const report = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  config: { epochs, bits, learnRate, initialAccumulator, average: true, nTags: K },
  modelMB: +((final.weights.byteLength + final.transitions.byteLength) / 2 ** 20).toFixed(1),
  train: { sentences: train.length, featureSeconds: +featureSeconds.toFixed(2) },
  best,
  final: evaluate(final),
  epochs: epochLog,
  predictTokensPerSecond: Math.round(predictTokensPerSecond),
  suggestTokensPerSecond: Math.round(suggestTokensPerSecond),
  update30Tokens: { accept: updateAccept, reject: updateReject, full: updateFull },
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
