import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/chorus-process.js';
import { FIXTURES, jsonl, nerTask } from '../testing/fixtures.js';
import { createTestDatabase } from '../testing/test-database.js';

let env: Record<string, string>;
let folder: string;

beforeAll(async () => {
  env = { DATABASE_URL: await createTestDatabase() };
  folder = await mkdtemp(path.join(tmpdir(), 'chorus-cli-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('the chorus CLI', () => {
  it('prints help for every command', async () => {
    const main = await runCli(['--help'], env);
    expect(main.code).toBe(0);
    for (const command of [
      'serve',
      'db-in',
      'source-in',
      'db-out',
      'stats',
      'drop',
      'print-schema',
    ]) {
      expect(main.stdout).toContain(command);
      const help = await runCli([command, '--help'], env);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: chorus ${command}`);
    }
    const unknown = await runCli(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
  });

  it('imports, shows stats, exports and drops a dataset', async () => {
    const file = path.join(folder, 'answers.jsonl');
    await writeFile(
      file,
      jsonl([
        {
          ...nerTask('Linus wrote Linux in Helsinki', [['Helsinki', 'LOC']]),
          answer: 'accept',
          _session_id: 'alice',
        },
        {
          ...nerTask('Linus wrote Linux in Helsinki', [['Linux', 'ORG']]),
          answer: 'reject',
          _session_id: 'bob',
        },
      ]),
    );
    const imported = await runCli(['db-in', 'cli-set', file], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      'Imported 2 answers into dataset "cli-set" (0 duplicates skipped)',
    );
    expect(imported.stderr).toContain('Importing answers.jsonl');

    const stats = await runCli(['stats', 'cli-set'], env);
    expect(stats.stdout).toMatch(/Answers: 2/);
    expect(stats.stdout).toMatch(/accept\s+1/);
    expect(stats.stdout).toMatch(/bob\s+1/);
    expect((await runCli(['stats'], env)).stdout).toMatch(/cli-set\s+ner\s+2 answers/);

    const out = path.join(folder, 'out.jsonl');
    expect((await runCli(['db-out', 'cli-set', out, '--answer', 'reject'], env)).code).toBe(0);
    const exported = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({
      answer: 'reject',
      _session_id: 'bob',
      spans: [{ label: 'ORG' }],
    });
    const toStdout = await runCli(['db-out', 'cli-set'], env);
    expect(toStdout.stdout.trim().split('\n')).toHaveLength(2);

    const refused = await runCli(['drop', 'cli-set'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('add --yes');
    const dropped = await runCli(['drop', 'cli-set', '--yes'], env);
    expect(dropped.stdout).toContain('Deleted dataset "cli-set" and its 2 answers');
    expect((await runCli(['stats', 'cli-set'], env)).stderr).toContain(
      'dataset "cli-set" does not exist',
    );
  });

  it('reports a bad line with the file, line and field, and imports nothing', async () => {
    const file = path.join(folder, 'bad.jsonl');
    await writeFile(
      file,
      jsonl([{ text: 'fine' }, { text: 'bad span', spans: [{ start: 0, end: 99, label: 'X' }] }]),
    );
    const result = await runCli(['db-in', 'never', file], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Error: ${file}: line 2, field "spans[0].end": 99 is outside the text`,
    );
    expect((await runCli(['stats'], env)).stdout).not.toContain('never');
  });
});

describe('the CLI with a new user', () => {
  it('prints one line for a missing file, not a stack trace', async () => {
    const missing = path.join(folder, 'nowhere.jsonl');
    for (const args of [
      ['db-in', 'x', missing],
      ['source-in', 'x', missing],
      ['train-file', '--task', 'ner', '--train', missing, '--eval', missing],
    ]) {
      const result = await runCli(args, env);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`Error: ${missing}: no such file\n`);
    }
  });

  it('names every missing required option of simulate at once', async () => {
    const result = await runCli(['simulate', '--recipe', 'ner.teach'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Error: missing --pool, --eval, --budget and --strategy\n');
  });

  it('says in one sentence that an option is unknown or needs a value', async () => {
    const unknown = await runCli(['db-out', 'x', '--fromat', 'csv'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'Error: unknown option --fromat for db-out (see chorus db-out --help)\n',
    );
    const empty = await runCli(['db-out', 'x', '--format'], env);
    expect(empty.stderr).toBe('Error: --format needs a value (see chorus db-out --help)\n');
  });

  it('exports the format a file name ends with, and refuses one the dataset cannot hold', async () => {
    const file = path.join(folder, 'gold.jsonl');
    await writeFile(
      file,
      jsonl([
        nerTask('Ada met Alan', [
          ['Ada', 'PER'],
          ['Alan', 'PER'],
        ]),
        nerTask('No one', []),
      ]),
    );
    expect((await runCli(['db-in', 'cli-gold', file], env)).code).toBe(0);
    const conll = path.join(folder, 'gold.conll');
    const result = await runCli(['db-out', 'cli-gold', conll], env);
    expect(result.stdout).toContain(`Exported 2 inputs of "cli-gold" as conll to ${conll}`);
    expect(await readFile(conll, 'utf8')).toBe('Ada B-PER\nmet O\nAlan B-PER\n\nNo O\none O\n\n');
    const csv = await runCli(['db-out', 'cli-gold', '--format', 'csv'], env);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toContain('field "format": csv holds textcat datasets');
  });

  it("npm run chorus prints the command's output with no build banner before it", async () => {
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const child = spawnSync(process.execPath, ['scripts/chorus.mjs', '--help'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    expect(child.status).toBe(0);
    expect(child.stdout.startsWith('Usage: chorus <command>')).toBe(true);
    expect(child.stderr).toBe('');
  });
});

describe('engine commands on gold files', () => {
  let pool: string;
  let evalFile: string;

  beforeAll(async () => {
    const lines = (await readFile(new URL('conll2003-dev-gold-sample.jsonl', FIXTURES), 'utf8'))
      .trim()
      .split('\n');
    pool = path.join(folder, 'pool.jsonl');
    evalFile = path.join(folder, 'eval.jsonl');
    await writeFile(pool, lines.slice(0, 400).join('\n'));
    await writeFile(evalFile, lines.slice(400, 600).join('\n'));
  });

  it('train-file prints the best epoch as JSON points', async () => {
    const result = await runCli(
      ['train-file', '--task', 'ner', '--train', pool, '--eval', evalFile, '--json'],
      env,
    );
    expect(result.code).toBe(0);
    const { points, seconds } = JSON.parse(result.stdout) as {
      points: { answers: number; f1: number }[];
      seconds: number;
    };
    expect(points).toHaveLength(1);
    expect(points[0]!.answers).toBeGreaterThan(350);
    expect(points[0]!.f1).toBeGreaterThan(0.3);
    expect(seconds).toBeGreaterThan(0);
  });

  it('simulate replays the gold as an annotator and prints the learning curve', async () => {
    const result = await runCli(
      [
        'simulate',
        '--recipe',
        'ner.manual',
        '--pool',
        pool,
        '--eval',
        evalFile,
        '--budget',
        '60',
        '--strategy',
        'uncertain',
        '--seed',
        '1',
        '--batch-size',
        '20',
        '--json',
      ],
      env,
    );
    expect(result.code).toBe(0);
    const { points } = JSON.parse(result.stdout) as { points: { answers: number; f1: number }[] };
    expect(points.map((p) => p.answers)).toEqual([20, 40, 60]);
    expect(points.at(-1)!.f1).toBeGreaterThan(points[0]!.f1 - 0.05);
    const table = await runCli(
      [
        'simulate',
        '--recipe',
        'ner.manual',
        '--pool',
        pool,
        '--eval',
        evalFile,
        '--budget',
        '20',
        '--strategy',
        'random',
        '--seed',
        '1',
        '--batch-size',
        '20',
      ],
      env,
    );
    expect(table.stdout).toMatch(/answers/i);
  });

  it('simulates textcat.teach on a gold file, with the unanswered-text prior unless --answers-only', async () => {
    const rows = (await readFile(new URL('sms-spam-sample.jsonl', FIXTURES), 'utf8'))
      .trim()
      .split('\n');
    const textcatPool = path.join(folder, 'sms-pool.jsonl');
    const textcatEval = path.join(folder, 'sms-eval.jsonl');
    await writeFile(textcatPool, rows.slice(0, 800).join('\n'));
    await writeFile(textcatEval, rows.slice(800, 1200).join('\n'));
    const simulate = async (...extra: string[]) => {
      const result = await runCli(
        [
          'simulate',
          '--recipe',
          'textcat.teach',
          '--pool',
          textcatPool,
          '--eval',
          textcatEval,
          '--budget',
          '200',
          '--strategy',
          'uncertain',
          '--batch-size',
          '50',
          '--json',
          ...extra,
        ],
        env,
      );
      expect(result.code).toBe(0);
      return (JSON.parse(result.stdout) as { points: { answers: number; f1: number }[] }).points;
    };
    const withPrior = await simulate();
    const answersOnly = await simulate('--answers-only');
    expect(withPrior.map((p) => p.answers)).toEqual([50, 100, 150, 200]);
    // The first refit comes after 125 answers: the curves part there.
    expect(withPrior.slice(0, 2)).toEqual(answersOnly.slice(0, 2));
    expect(withPrior.slice(2)).not.toEqual(answersOnly.slice(2));
    expect(withPrior.at(-1)!.f1).toBeGreaterThan(0.6);
  });

  it('refuses --exclusive with --multilabel, and either outside textcat', async () => {
    const both = await runCli(
      [
        'train-file',
        '--task',
        'textcat',
        '--train',
        pool,
        '--eval',
        evalFile,
        '--exclusive',
        '--multilabel',
      ],
      env,
    );
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--exclusive or --multilabel, not both');
    const ner = await runCli(
      ['train-file', '--task', 'ner', '--train', pool, '--eval', evalFile, '--multilabel'],
      env,
    );
    expect(ner.code).toBe(1);
    expect(ner.stderr).toMatch(/--multilabel.*only for textcat/);
  });

  it('names the line of a bad record in a gold file', async () => {
    const bad = path.join(folder, 'bad-gold.jsonl');
    await writeFile(bad, '{"text": "fine", "cats": {"A": 1}}\n{"text": 5}\n');
    const result = await runCli(
      ['train-file', '--task', 'textcat', '--train', bad, '--eval', bad],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 2');
  });
});
