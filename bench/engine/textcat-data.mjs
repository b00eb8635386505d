// The text classification data and split every textcat benchmark uses: the shared JSONL files,
// with `hashString(text) % 5 === 0` held out for evaluation (stable across runs).
import { readFileSync } from 'node:fs';
import { hashString } from '../../packages/engine/dist/index.js';

export function loadTextcat(file) {
  const rows = readFileSync(
    new URL(`../../../shared/data/textcat/${file}`, import.meta.url),
    'utf8',
  )
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
  return {
    train: rows.filter((row) => hashString(row.text) % 5 !== 0),
    dev: rows.filter((row) => hashString(row.text) % 5 === 0),
  };
}
