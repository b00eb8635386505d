/**
 * Tiny synthetic word vectors for tests: words that are random letter strings (so neither their
 * spelling nor their character n-grams carry the class) whose vectors cluster by class. A task on
 * such words is only solvable for unseen words through the vectors.
 */
import { mulberry32, type Random } from '../random.js';
import { tokenize } from '../tokenizer.js';
import type { TaskSpan } from '../train/tasks.js';
import type { Token } from '../types.js';
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

/**
 * Gold records (text, tokens, spans: the trainer's format) of 4-word sentences of class-2 words
 * with one class-0 (`labels[0]`) or class-1 (`labels[1]`) word: from the first half of each class's
 * words when `part` is 0, from the unseen second half when it is 1.
 */
export function vectorNerGold(
  words: string[][],
  labels: readonly [string, string],
  part: 0 | 1,
  count: number,
  seed = 1,
): { text: string; tokens: Token[]; spans: TaskSpan[] }[] {
  const random = mulberry32(seed);
  const pick = wordPicker(words, part, random);
  return Array.from({ length: count }, (_, i) => {
    const c = i % 2;
    const at = Math.floor(random() * 4);
    const sentence = [0, 1, 2, 3].map((t) => (t === at ? pick(c) : pick(2)));
    const text = sentence.join(' ');
    const tokens = tokenize(text);
    const start = tokens[at]!.start;
    const span = { start, end: tokens[at]!.end, token_start: at, token_end: at, label: labels[c]! };
    return { text, tokens, spans: [span] };
  });
}

/** Texts of 3 class-2 words and 2 words of class 0 (`cats[label] = 1`) or 1 (0), halves as above. */
export function vectorTextcatGold(
  words: string[][],
  label: string,
  part: 0 | 1,
  count: number,
  seed = 1,
): { text: string; cats: Record<string, number> }[] {
  const random = mulberry32(seed);
  const pick = wordPicker(words, part, random);
  return Array.from({ length: count }, (_, i) => {
    const c = i % 2;
    const text = [pick(2), pick(c), pick(2), pick(c), pick(2)].join(' ');
    return { text, cats: { [label]: c === 0 ? 1 : 0 } };
  });
}

/** Draws a random word of class c from the first (part 0) or second (part 1) half of its words. */
function wordPicker(words: string[][], part: 0 | 1, random: Random): (c: number) => string {
  return (c) => {
    const half = words[c]!.length / 2;
    return words[c]![part * half + Math.floor(random() * half)]!;
  };
}
