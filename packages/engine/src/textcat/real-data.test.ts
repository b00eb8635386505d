import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hashString } from '../hashing.js';
import { mulberry32, shuffleInPlace } from '../random.js';
import { scoreTextcat } from '../train/metrics.js';
import { createTextClassifier, type TextcatExample } from './model.js';

// The shared data sets live beside the repository (/work/shared/data); skip where they are absent.
const dataDir = fileURLToPath(new URL('../../../../../shared/data/textcat/', import.meta.url));

interface Row {
  text: string;
  cats: Record<string, number>;
}

/** Trains from blank for `epochs` on 4/5 of the file (split by text hash), scores the rest. */
function trainAndEvaluate(file: string, label: string, epochs: number) {
  const rows = readFileSync(dataDir + file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row);
  const isDev = (row: Row) => hashString(row.text) % 5 === 0;
  const train: TextcatExample[] = rows.filter((r) => !isDev(r)).map((r) => ({ text: r.text, cats: r.cats })); // prettier-ignore
  const dev = rows.filter(isDev);
  const model = createTextClassifier({ labels: [label] });
  const random = mulberry32(1);
  for (let epoch = 0; epoch < epochs; epoch++) model.update(shuffleInPlace(train, random));
  const scores = scoreTextcat(
    [label],
    dev.map((r) => r.cats),
    model.predict(dev.map((r) => r.text)),
  );
  return { f1: scores.f1, accuracy: scores.accuracy! };
}

describe.skipIf(!existsSync(dataDir))('text classifier on real data', () => {
  it('reaches F1 ≥ 0.94 on SMS spam (TF-IDF logistic regression: 0.93–0.95)', () => {
    expect(trainAndEvaluate('sms-spam.jsonl', 'SPAM', 3).f1).toBeGreaterThanOrEqual(0.94);
  });

  it('reaches accuracy ≥ 0.905 on subjectivity (TF-IDF logistic regression: 0.90–0.92)', () => {
    expect(trainAndEvaluate('subj.jsonl', 'OBJECTIVE', 3).accuracy).toBeGreaterThanOrEqual(0.905);
  });
});
