/**
 * Tiny synthetic word vectors for tests: words that are random letter strings (so neither their
 * spelling nor their character n-grams carry the class) whose vectors cluster by class. A task on
 * such words is only solvable for unseen words through the vectors.
 */
import { mulberry32 } from '../random.js';
import { WordVectors } from './word-vectors.js';

export interface SyntheticVectors {
  vectors: WordVectors;
  /** words[c] holds the words of class c; the first half is for training, the rest for testing. */
  words: string[][];
}

export function syntheticVectors(
  classes: number,
  perClass: number,
  dims = 8,
  seed = 1,
): SyntheticVectors {
  const random = mulberry32(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const seen = new Set<string>();
  const entries: [string, number[]][] = [];
  const words: string[][] = [];
  for (let c = 0; c < classes; c++) {
    words.push([]);
    while (words[c]!.length < perClass) {
      let word = '';
      for (let i = 0; i < 7; i++) word += letters[Math.floor(random() * letters.length)];
      if (seen.has(word)) continue;
      seen.add(word);
      // Class c points along axis c, plus noise: near within a class, far across classes.
      const vector = Array.from(
        { length: dims },
        (_, d) => (d === c ? 1 : 0) + (random() - 0.5) * 0.4,
      );
      entries.push([word, vector]);
      words[c]!.push(word);
    }
  }
  return { vectors: WordVectors.fromEntries(entries, 'synthetic'), words };
}
