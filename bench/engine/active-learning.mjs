// Active learning and batch training on real data: does uncertainty sampling pay, and how fast is
// a full training epoch? Prints one JSON report on stdout (progress on stderr). Build first:
//   cd packages/engine && npx tsc -p tsconfig.build.json && cd ../..
//   node bench/engine/active-learning.mjs [--case all|ner-manual|ner-teach|textcat|train] [--seeds 3]
//   [--unlabeled-prior on|off]
// The simulator replays a single-session stream (the engine's recipes policy); --seeds s reads
// the pool in s seeded orders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import {
  inputHash,
  isEvalInput,
  parsePatterns,
  simulate,
  train,
  trainFile,
} from '../../packages/engine/dist/index.js';

const { values: args } = parseArgs({
  options: {
    case: { type: 'string', default: 'all' },
    seeds: { type: 'string', default: '3' },
    'pool-size': { type: 'string', default: '5000' },
    'teach-budget': { type: 'string', default: '2000' },
    'batch-size': { type: 'string', default: '10' },
    'unlabeled-prior': { type: 'string', default: 'on' },
  },
});
const data = process.env.CHORUS_DATA ?? '/work/shared/data';
const seeds = Array.from({ length: Number(args.seeds) }, (_, i) => i + 1);
const batchSize = Number(args['batch-size']);
const load = (file) =>
  readFileSync(join(data, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
const log = (message) => process.stderr.write(`${message}\n`);
const round = (x) => +x.toFixed(4);
const mean = (xs) => round(xs.reduce((a, b) => a + b, 0) / xs.length);

/** F1 at `answers` (the last point at or before it) and the first answer count reaching `target`. */
function summarize(points, answers, target) {
  const at = points.filter((p) => p.answers <= answers).at(-1);
  const reached = points.find((p) => p.f1 >= target);
  return { f1: round(at?.f1 ?? 0), reachedAt: reached?.answers ?? null };
}

/** Runs `options` for each strategy and seed; per strategy, the mean summary and each run's. */
async function compare(options, answers, target) {
  const out = {};
  for (const strategy of ['uncertain', 'random']) {
    const runs = [];
    for (const seed of seeds) {
      const unlabeledPrior = args['unlabeled-prior'] !== 'off';
      const result = await simulate({
        ...options,
        strategy,
        seed,
        batchSize,
        unlabeledPrior,
      });
      const summary = summarize(result.points, answers, target);
      runs.push({ seed, ...summary, seconds: round(result.seconds) });
      log(`${options.recipe} ${strategy} seed ${seed}: ${JSON.stringify(runs.at(-1))}`);
    }
    out[strategy] = {
      meanF1: mean(runs.map((r) => r.f1)),
      reachedAt: runs.map((r) => r.reachedAt),
      runs,
    };
  }
  return out;
}

const conllTrain = () => load('ner/conll2003-train.jsonl');
const conllDev = () => load('ner/conll2003-dev.jsonl');

async function nerManual() {
  const pool = conllTrain().slice(0, Number(args['pool-size']));
  const dev = conllDev();
  const full = (await trainFile({ task: 'ner', train: pool, eval: dev })).points[0];
  log(`ner full pool: ${JSON.stringify(full)}`);
  const budget = Math.round(0.3 * pool.length);
  const target = 0.95 * full.f1;
  const options = { recipe: 'ner.manual', pool, eval: dev, budget };
  return {
    pool: pool.length,
    full,
    target: round(target),
    budget,
    ...(await compare(options, budget, target)),
  };
}

/**
 * Seed terms for ner.teach's cold start, as a user would list them: the 50 most frequent entity
 * strings per label in CoNLL train lines after the pool (disjoint from it).
 */
function seedPatterns(rows) {
  const counts = new Map();
  for (const row of rows) {
    for (const span of row.spans) {
      const key = JSON.stringify([span.label, row.text.slice(span.start, span.end)]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const perLabel = new Map();
  const lines = [];
  for (const [key] of [...counts].sort((a, b) => b[1] - a[1])) {
    const [label, pattern] = JSON.parse(key);
    const n = perLabel.get(label) ?? 0;
    if (n >= 50) continue;
    perLabel.set(label, n + 1);
    lines.push(JSON.stringify({ label, pattern }));
  }
  return parsePatterns(lines.join('\n'));
}

async function nerTeach() {
  const all = conllTrain();
  const pool = all.slice(0, Number(args['pool-size']));
  const patterns = seedPatterns(all.slice(pool.length));
  const budget = Number(args['teach-budget']);
  const base = { recipe: 'ner.teach', pool, eval: conllDev(), budget };
  return {
    pool: pool.length,
    budget,
    patterns: patterns.length,
    withPatterns: await compare({ ...base, patterns }, budget, 1),
    withoutPatterns: await compare(base, budget, 1),
  };
}

async function textcat() {
  const out = {};
  for (const file of ['sms-spam', 'subj']) {
    const rows = load(`textcat/${file}.jsonl`);
    const pool = rows.filter((row) => !isEvalInput(inputHash(row), 0.2));
    const held = rows.filter((row) => isEvalInput(inputHash(row), 0.2));
    const full = (await trainFile({ task: 'textcat', train: pool, eval: held })).points[0];
    log(`${file} full: ${JSON.stringify(full)}`);
    const budget = Math.round(0.4 * full.answers);
    const options = { recipe: 'textcat.teach', pool, eval: held, budget };
    out[file] = {
      full,
      target: round(full.f1 - 0.01),
      budget,
      ...(await compare(options, budget, full.f1 - 0.01)),
    };
  }
  return out;
}

async function fullTraining() {
  const epochs = [];
  const started = performance.now();
  const result = await train({
    kind: 'ner',
    labels: ['PER', 'ORG', 'LOC', 'MISC'],
    train: conllTrain(),
    eval: conllDev(),
    epochs: 5,
    seed: 1,
    onProgress: ({ metrics }) => {
      epochs.push({ epoch: metrics.epoch, seconds: round(metrics.seconds), f1: round(metrics.f1) });
      log(`train epoch ${JSON.stringify(epochs.at(-1))}`);
    },
  });
  const { trainExamples, evalExamples, best } = result.metrics;
  const seconds = round((performance.now() - started) / 1000); // merging and features included
  return {
    trainExamples,
    evalExamples,
    seconds,
    bestEpoch: best.epoch,
    bestF1: round(best.f1),
    epochs,
  };
}

const cases = { 'ner-manual': nerManual, 'ner-teach': nerTeach, textcat, train: fullTraining };
const report = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  seeds,
  batchSize,
  unlabeledPrior: args['unlabeled-prior'],
};
for (const [name, run] of Object.entries(cases)) {
  if (args.case === 'all' || args.case === name) report[name] = await run();
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

// A short table of the headline numbers (mean F1 over the seeds), on stderr.
const rows = [];
const compared = (name, c, note = '') =>
  rows.push([name, c.uncertain.meanF1, c.random.meanF1, note]);
const m = report['ner-manual'];
if (m)
  compared(
    `ner.manual @ ${m.budget} of ${m.pool}`,
    m,
    `full ${round(m.full.f1)}, 95 % reached at ${m.uncertain.reachedAt.join('/')}`,
  );
const t = report['ner-teach'];
if (t) {
  compared(`ner.teach @ ${t.budget}, patterns`, t.withPatterns);
  compared(`ner.teach @ ${t.budget}, no patterns`, t.withoutPatterns);
}
for (const [file, c] of Object.entries(report.textcat ?? {})) {
  compared(
    `${file} @ ${c.budget}`,
    c,
    `full ${round(c.full.f1)}, −1 pt reached at ${c.uncertain.reachedAt.join('/')}`,
  );
}
if (report.train)
  rows.push([
    `CoNLL epoch (s)`,
    report.train.epochs.map((e) => e.seconds).join(' '),
    '',
    `best F1 ${report.train.bestF1}`,
  ]);
if (rows.length > 0) {
  log(`\n${'case'.padEnd(32)} ${'uncertain'.padStart(9)} ${'random'.padStart(7)}  notes`);
  for (const [name, u, r, note] of rows)
    log(`${name.padEnd(32)} ${String(u).padStart(9)} ${String(r).padStart(7)}  ${note}`);
}
