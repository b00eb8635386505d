/**
 * Reference baseline for the text classifier: TF-IDF n-grams + L2-regularized logistic regression
 * (the usual sklearn `TfidfVectorizer` + `LogisticRegression` recipe, written out here because the
 * repo has no Python), trained on the same split as `textcat.mjs` (hashString(text) % 5 === 0 →
 * eval, else train), next to the engine's own classifier on that split.
 *
 *   node bench/engine/tfidf-baseline.mjs [--min-df 1] [--epochs 5] [--boot 1000] [--cs 0.1,1,10,100]
 *     [--gtol 1e-7]
 *   (after `npm run build`; see tfidf-baseline.md for what exactly the baseline is)
 *
 * Baseline, per data set and variant:
 * - words: lowercased tokens of the engine's `tokenize` (punctuation tokens kept), unigrams + bigrams;
 * - words+chars: the above block concatenated with a char_wb 2–5-gram block (lowercased text split
 *   on whitespace, each word padded with one space on each side, as sklearn's `char_wb`); each
 *   block is TF-IDF'd and L2-normalized on its own (sklearn `FeatureUnion` of two vectorizers);
 * - tf = 1 + ln(count), idf = ln((1 + n) / (1 + df)) + 1 over the training documents, rows L2-normalized,
 *   vocabulary = training terms with df ≥ min-df;
 * - logistic regression minimizing Σ logloss + ‖w‖² / (2C) (intercept not penalized, as sklearn's
 *   lbfgs), full-batch L-BFGS (m = 10, Armijo backtracking) until max |gradient| of the objective
 *   divided by n is below 1e-7 (or the relative objective change is below 1e-13);
 * - C ∈ {0.1, 1, 10, 100} chosen by mean F1 of stratified 5-fold CV on the training split, the
 *   vectorizer being refit on each fold's training part; then refit on the whole training split.
 * Prints JSON, then a markdown table.
 */
import { parseArgs } from 'node:util';
import {
  createTextClassifier,
  mulberry32,
  shuffleInPlace,
  tokenize,
} from '../../packages/engine/dist/index.js';
import { loadTextcat } from './textcat-data.mjs';

const { values: args } = parseArgs({
  options: {
    'min-df': { type: 'string', default: '1' },
    epochs: { type: 'string', default: '5' },
    boot: { type: 'string', default: '1000' },
    cs: { type: 'string', default: '0.1,1,10,100' },
    gtol: { type: 'string', default: '1e-7' },
  },
});
const MIN_DF = Number(args['min-df']);
const CS = args.cs.split(',').map(Number);
const FOLDS = 5;
const GTOL = Number(args.gtol);
const FTOL = 1e-13;
const MAX_ITER = 3000;

// ---------------------------------------------------------------------------------------------
// Term counting: every document becomes, per family, sorted term ids with their counts.

class Dictionary {
  ids = new Map();
  intern(term) {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(term, id);
    }
    return id;
  }
}

function countTerms(terms, dictionary) {
  const counts = new Map();
  for (const term of terms) {
    const id = dictionary.intern(term);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const ids = Int32Array.from(counts.keys()).sort();
  const values = Float64Array.from(ids, (id) => counts.get(id));
  return { ids, counts: values };
}

function wordTerms(text) {
  const words = tokenize(text).map((token) => token.text.toLowerCase());
  const terms = [...words];
  for (let i = 1; i < words.length; i++) terms.push(`${words[i - 1]} ${words[i]}`);
  return terms;
}

/** sklearn `char_wb`, ngram_range (2, 5). */
function charTerms(text) {
  const terms = [];
  for (const raw of text.toLowerCase().split(/\s+/)) {
    if (raw === '') continue;
    const w = ` ${raw} `;
    for (let n = 2; n <= 5; n++) {
      let offset = 0;
      terms.push(w.slice(offset, offset + n));
      while (offset + n < w.length) {
        offset++;
        terms.push(w.slice(offset, offset + n));
      }
      if (offset === 0) break;
    }
  }
  return terms;
}

// ---------------------------------------------------------------------------------------------
// TF-IDF vectorizer fit on some documents, applied to others; output is CSR.

function fitVectorizer(docs, fitIdx, families) {
  const blocks = [];
  let offset = 0;
  for (const family of families) {
    const df = new Map();
    for (const i of fitIdx) for (const id of docs[i][family].ids) df.set(id, (df.get(id) ?? 0) + 1);
    const column = new Map();
    const idf = [];
    const n = fitIdx.length;
    for (const [id, d] of [...df].sort((a, b) => a[0] - b[0])) {
      if (d < MIN_DF) continue;
      column.set(id, offset + idf.length);
      idf.push(Math.log((1 + n) / (1 + d)) + 1);
    }
    blocks.push({ family, column, idf, offset });
    offset += idf.length;
  }
  return { blocks, dims: offset };
}

function transform(vectorizer, docs, idx) {
  const rowPtr = new Int32Array(idx.length + 1);
  const cols = [];
  const vals = [];
  idx.forEach((i, r) => {
    for (const { family, column, idf, offset } of vectorizer.blocks) {
      const { ids, counts } = docs[i][family];
      const start = cols.length;
      let norm = 0;
      for (let k = 0; k < ids.length; k++) {
        const c = column.get(ids[k]);
        if (c === undefined) continue;
        const v = (1 + Math.log(counts[k])) * idf[c - offset];
        cols.push(c);
        vals.push(v);
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      if (norm > 0) for (let k = start; k < vals.length; k++) vals[k] /= norm;
    }
    rowPtr[r + 1] = cols.length;
  });
  return {
    rows: idx.length,
    dims: vectorizer.dims,
    rowPtr,
    cols: Int32Array.from(cols),
    vals: Float64Array.from(vals),
  };
}

// ---------------------------------------------------------------------------------------------
// Logistic regression, full-batch L-BFGS. Parameters: d weights, then the intercept.

function softplus(z) {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z) {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function margins(X, theta, out) {
  const { rows, rowPtr, cols, vals, dims } = X;
  const bias = theta[dims];
  for (let r = 0; r < rows; r++) {
    let z = bias;
    for (let k = rowPtr[r]; k < rowPtr[r + 1]; k++) z += vals[k] * theta[cols[k]];
    out[r] = z;
  }
  return out;
}

/** (Σ logloss + ‖w‖²/2C) / n and its gradient. */
function objective(X, y, C, theta, grad, z) {
  const { rows, rowPtr, cols, vals, dims } = X;
  margins(X, theta, z);
  grad.fill(0);
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    loss += softplus(z[r]) - y[r] * z[r];
    const g = sigmoid(z[r]) - y[r];
    for (let k = rowPtr[r]; k < rowPtr[r + 1]; k++) grad[cols[k]] += g * vals[k];
    grad[dims] += g;
  }
  let reg = 0;
  for (let j = 0; j < dims; j++) {
    reg += theta[j] * theta[j];
    grad[j] += theta[j] / C;
  }
  loss += reg / (2 * C);
  for (let j = 0; j <= dims; j++) grad[j] /= rows;
  return loss / rows;
}

function dot(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function fitLogistic(X, y, C, init) {
  const p = X.dims + 1;
  const m = 10;
  const theta = init ? Float64Array.from(init) : new Float64Array(p);
  const grad = new Float64Array(p);
  const z = new Float64Array(X.rows);
  let f = objective(X, y, C, theta, grad, z);
  const S = [];
  const Y = [];
  const RHO = [];
  const dir = new Float64Array(p);
  const next = new Float64Array(p);
  const nextGrad = new Float64Array(p);
  let iter = 0;
  let converged = maxAbs(grad) < GTOL;
  while (!converged && iter < MAX_ITER) {
    iter++;
    // Two-loop recursion: dir = -H·grad.
    for (let i = 0; i < p; i++) dir[i] = -grad[i];
    const alpha = new Array(S.length);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = RHO[k] * dot(S[k], dir);
      const yk = Y[k];
      for (let i = 0; i < p; i++) dir[i] -= alpha[k] * yk[i];
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let i = 0; i < p; i++) dir[i] *= gamma;
    } else {
      const scale = 1 / Math.max(1e-12, Math.sqrt(dot(grad, grad)));
      for (let i = 0; i < p; i++) dir[i] *= scale;
    }
    for (let k = 0; k < S.length; k++) {
      const beta = RHO[k] * dot(Y[k], dir);
      const sk = S[k];
      for (let i = 0; i < p; i++) dir[i] += (alpha[k] - beta) * sk[i];
    }
    let slope = dot(grad, dir);
    if (!(slope < 0)) {
      // Not a descent direction: restart from steepest descent.
      S.length = Y.length = RHO.length = 0;
      for (let i = 0; i < p; i++) dir[i] = -grad[i];
      slope = -dot(grad, grad);
    }
    // Armijo backtracking.
    let step = 1;
    let fNext;
    for (let tries = 0; ; tries++) {
      for (let i = 0; i < p; i++) next[i] = theta[i] + step * dir[i];
      fNext = objective(X, y, C, next, nextGrad, z);
      if (fNext <= f + 1e-4 * step * slope || tries >= 40) break;
      step *= 0.5;
    }
    const s = new Float64Array(p);
    const yv = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      s[i] = next[i] - theta[i];
      yv[i] = nextGrad[i] - grad[i];
    }
    const sy = dot(s, yv);
    if (sy > 1e-16) {
      S.push(s);
      Y.push(yv);
      RHO.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        RHO.shift();
      }
    }
    const change = Math.abs(f - fNext) / Math.max(Math.abs(f), Math.abs(fNext), 1e-300);
    theta.set(next);
    grad.set(nextGrad);
    f = fNext;
    converged = maxAbs(grad) < GTOL || change < FTOL;
  }
  return { theta, iterations: iter, converged, gradMax: maxAbs(grad), objective: f };
}

// ---------------------------------------------------------------------------------------------

function scoreLabels(gold, guess) {
  let tp = 0, fp = 0, fn = 0, correct = 0; // prettier-ignore
  for (let i = 0; i < gold.length; i++) {
    if (gold[i] === guess[i]) correct++;
    if (gold[i] && guess[i]) tp++;
    else if (guess[i]) fp++;
    else if (gold[i]) fn++;
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);
  return { f1, precision, recall, accuracy: correct / gold.length };
}

function predictLabels(X, theta) {
  const z = margins(X, theta, new Float64Array(X.rows));
  return Array.from(z, (v) => (v >= 0 ? 1 : 0));
}

/** Stratified folds over the training indices (deterministic shuffle). */
function stratifiedFolds(y, k) {
  const random = mulberry32(7);
  const fold = new Int32Array(y.length);
  for (const cls of [0, 1]) {
    const idx = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) idx.push(i);
    shuffleInPlace(idx, random);
    idx.forEach((i, r) => (fold[i] = r % k));
  }
  return fold;
}

function round(x, digits = 4) {
  return +x.toFixed(digits);
}

function baseline(docs, trainIdx, devIdx, yAll, families) {
  const started = performance.now();
  const yTrain = Float64Array.from(trainIdx, (i) => yAll[i]);
  const fold = stratifiedFolds(Array.from(yTrain), FOLDS);
  const cvF1 = CS.map(() => 0);
  const cvIterations = CS.map(() => 0);
  for (let f = 0; f < FOLDS; f++) {
    const fitIdx = trainIdx.filter((_, r) => fold[r] !== f);
    const holdIdx = trainIdx.filter((_, r) => fold[r] === f);
    const vectorizer = fitVectorizer(docs, fitIdx, families);
    const Xfit = transform(vectorizer, docs, fitIdx);
    const Xhold = transform(vectorizer, docs, holdIdx);
    const yFit = Float64Array.from(fitIdx, (i) => yAll[i]);
    const yHold = holdIdx.map((i) => yAll[i]);
    let init;
    CS.forEach((C, c) => {
      const fit = fitLogistic(Xfit, yFit, C, init); // warm start along increasing C
      init = fit.theta;
      cvIterations[c] += fit.iterations;
      cvF1[c] += scoreLabels(yHold, predictLabels(Xhold, fit.theta)).f1 / FOLDS;
    });
  }
  const best = cvF1.indexOf(Math.max(...cvF1));
  const C = CS[best];
  const vectorizer = fitVectorizer(docs, trainIdx, families);
  const Xtrain = transform(vectorizer, docs, trainIdx);
  const Xdev = transform(vectorizer, docs, devIdx);
  const fit = fitLogistic(Xtrain, yTrain, C);
  const guess = predictLabels(Xdev, fit.theta);
  const scores = scoreLabels(
    devIdx.map((i) => yAll[i]),
    guess,
  );
  return {
    variant: families.join('+'),
    features: vectorizer.dims,
    cv: CS.map((c, k) => ({
      C: c,
      f1: round(cvF1[k]),
      meanIterations: Math.round(cvIterations[k] / FOLDS),
    })),
    C,
    fit: {
      iterations: fit.iterations,
      converged: fit.converged,
      gradMax: fit.gradMax.toExponential(2),
      objective: round(fit.objective, 6),
    },
    ...Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, round(v)])),
    guess,
    seconds: round((performance.now() - started) / 1000, 1),
  };
}

function engine(train, dev, label) {
  const model = createTextClassifier({ labels: [label] });
  const random = mulberry32(1);
  const examples = train.map((row) => ({ text: row.text, cats: row.cats }));
  for (let epoch = 1; epoch <= Number(args.epochs); epoch++) {
    shuffleInPlace(examples, random);
    model.update(examples);
  }
  const scores = model.predict(dev.map((row) => row.text));
  const guess = scores.map((s) => (s[0] >= 0.5 ? 1 : 0));
  const result = scoreLabels(
    dev.map((row) => (row.cats[label] >= 0.5 ? 1 : 0)),
    guess,
  );
  return { ...Object.fromEntries(Object.entries(result).map(([k, v]) => [k, round(v)])), guess };
}

/** Paired bootstrap over eval documents: 95% interval of F1(engine) − F1(baseline), in points. */
function bootstrapDiff(gold, engineGuess, baseGuess, reps) {
  const random = mulberry32(11);
  const n = gold.length;
  const diffs = [];
  const g = new Array(n);
  const a = new Array(n);
  const b = new Array(n);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < n; i++) {
      const j = Math.floor(random() * n);
      g[i] = gold[j];
      a[i] = engineGuess[j];
      b[i] = baseGuess[j];
    }
    diffs.push(100 * (scoreLabels(g, a).f1 - scoreLabels(g, b).f1));
  }
  diffs.sort((x, y) => x - y);
  return [round(diffs[Math.floor(0.025 * reps)], 2), round(diffs[Math.floor(0.975 * reps)], 2)];
}

function run(file, label) {
  const { train, dev } = loadTextcat(file);
  const rows = [...train, ...dev];
  const trainIdx = train.map((_, i) => i);
  const devIdx = dev.map((_, i) => train.length + i);
  const words = new Dictionary();
  const chars = new Dictionary();
  const docs = rows.map((row) => ({
    words: countTerms(wordTerms(row.text), words),
    chars: countTerms(charTerms(row.text), chars),
  }));
  const yAll = rows.map((row) => (row.cats[label] >= 0.5 ? 1 : 0));
  const gold = devIdx.map((i) => yAll[i]);
  const eng = engine(train, dev, label);
  const baselines = [['words'], ['words', 'chars']].map((families) =>
    baseline(docs, trainIdx, devIdx, yAll, families),
  );
  return {
    file,
    label,
    train: train.length,
    dev: dev.length,
    devPositives: gold.filter(Boolean).length,
    engine: { ...eng, guess: undefined },
    baselines: baselines.map((b) => ({
      ...b,
      guess: undefined,
      engineMinusBaselineF1Points: round(100 * (eng.f1 - b.f1), 2),
      bootstrap95: bootstrapDiff(gold, eng.guess, b.guess, Number(args.boot)),
    })),
  };
}

const started = performance.now();
const results = [run('sms-spam.jsonl', 'SPAM'), run('subj.jsonl', 'OBJECTIVE')];
console.log(
  JSON.stringify(
    {
      date: new Date().toISOString().slice(0, 10),
      args,
      seconds: round((performance.now() - started) / 1000, 1),
      results,
    },
    null,
    1,
  ),
);

const pct = (x) => (100 * x).toFixed(2);
const lines = [
  '| data set | baseline variant | C | F1 | P | R | accuracy | engine F1 | engine − baseline (F1 points) | 95% bootstrap |',
  '|---|---|---|---|---|---|---|---|---|---|',
];
for (const r of results) {
  for (const b of r.baselines) {
    lines.push(
      `| ${r.file.replace('.jsonl', '')} (${r.label}) | ${b.variant} | ${b.C} | ${pct(b.f1)} | ${pct(b.precision)} | ${pct(b.recall)} | ${pct(b.accuracy)} | ${pct(r.engine.f1)} | ${b.engineMinusBaselineF1Points >= 0 ? '+' : ''}${b.engineMinusBaselineF1Points.toFixed(2)} | [${b.bootstrap95.join(', ')}] |`,
    );
  }
  lines.push(
    `| ${r.file.replace('.jsonl', '')} (${r.label}) | engine (P/R/acc) | – | ${pct(r.engine.f1)} | ${pct(r.engine.precision)} | ${pct(r.engine.recall)} | ${pct(r.engine.accuracy)} | | | |`,
  );
}
console.log(`\n${lines.join('\n')}`);
