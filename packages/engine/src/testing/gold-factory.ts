/**
 * Small synthetic gold data for the engine's tests (not exported from the package): NER sentences
 * from templates, in the gold format of CoNLL files (text, tokens, spans), and texts for a binary
 * classifier (spaCy-style `cats`). Deterministic given a seed.
 */
import { mulberry32 } from '../random.js';
import { tokenize } from '../tokenizer.js';
import type { AnsweredTask, TaskSpan } from '../train/tasks.js';

const PEOPLE = ['Alice Smith', 'Bob', 'Carla Diaz', 'Dmitri', 'Eve Moreau', 'Farid Khan', 'Grace'];
const PLACES = ['Paris', 'New York', 'Berlin', 'Lagos', 'Rio de Janeiro', 'Oslo', 'Lima'];
const TEMPLATES = [
  '{PER} visited {LOC} on Monday .',
  'In {LOC} , {PER} met {PER} .',
  '{PER} left early .',
  'The weather in {LOC} was cold .',
  'Nobody saw anything .',
  'Yesterday {PER} flew from {LOC} to {LOC} .',
];

/** `count` NER gold records; every `{PER}` / `{LOC}` of a template is an entity. */
export function nerGold(count: number, seed = 1): AnsweredTask[] {
  const random = mulberry32(seed);
  const pick = (items: readonly string[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, n) => {
    let text = '';
    const spans: TaskSpan[] = [];
    for (const part of pick(TEMPLATES).split(' ')) {
      if (text !== '') text += ' ';
      const label = part === '{PER}' ? 'PER' : part === '{LOC}' ? 'LOC' : null;
      const words = label ? pick(label === 'PER' ? PEOPLE : PLACES) : part;
      if (label) spans.push({ start: text.length, end: text.length + words.length, label });
      text += words;
    }
    text += ` (${seed}.${n})`; // distinct texts, so every record is its own input
    const tokens = tokenize(text);
    const tokenAt = (offset: number, key: 'start' | 'end') =>
      tokens.findIndex((token) => token[key] === offset);
    return {
      text,
      tokens,
      spans: spans.map((s) => ({
        ...s,
        token_start: tokenAt(s.start, 'start'),
        token_end: tokenAt(s.end, 'end'),
      })),
    };
  });
}

const GOOD = ['great', 'lovely', 'excellent', 'superb', 'wonderful', 'delightful'];
const BAD = ['awful', 'terrible', 'boring', 'dreadful', 'poor', 'horrible'];
const NEUTRAL = ['the', 'film', 'was', 'plot', 'and', 'acting', 'quite', 'really', 'music', 'a'];

/** `count` texts with `cats: { POSITIVE: 1 | 0 }`: a positive text has more good than bad words. */
export function textcatGold(count: number, seed = 1): AnsweredTask[] {
  const random = mulberry32(seed);
  const pick = (items: readonly string[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, n) => {
    const positive = random() < 0.4;
    const words: string[] = [];
    for (let i = 0; i < 8; i++) words.push(pick(NEUTRAL));
    const signal = 1 + Math.floor(random() * 2);
    for (let i = 0; i < signal; i++) {
      words.splice(Math.floor(random() * words.length), 0, pick(positive ? GOOD : BAD));
    }
    if (random() < 0.3)
      words.splice(Math.floor(random() * words.length), 0, pick(positive ? BAD : GOOD));
    return { text: `${words.join(' ')} ${seed}.${n}`, cats: { POSITIVE: positive ? 1 : 0 } };
  });
}

const TOPICS: Record<string, readonly string[]> = {
  SPORT: ['match', 'goal', 'team', 'coach', 'league', 'score'],
  FOOD: ['recipe', 'soup', 'bread', 'spice', 'dinner', 'oven'],
  TRAVEL: ['flight', 'hotel', 'beach', 'visa', 'train', 'map'],
};

/**
 * `count` texts, each about exactly one of three topics, with one-hot `cats` over all three (the
 * gold of an exclusive classifier); every text also holds one word of another topic.
 */
export function topicGold(count: number, seed = 1): AnsweredTask[] {
  const random = mulberry32(seed);
  const labels = Object.keys(TOPICS);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, n) => {
    const topic = pick(labels);
    const words = Array.from({ length: 6 }, () => pick(NEUTRAL));
    for (let i = 0; i < 2; i++) words.splice(Math.floor(random() * 7), 0, pick(TOPICS[topic]!));
    words.push(pick(TOPICS[pick(labels.filter((l) => l !== topic))]!));
    const cats = Object.fromEntries(labels.map((l) => [l, l === topic ? 1 : 0]));
    return { text: `${words.join(' ')} ${seed}.${n}`, cats };
  });
}
