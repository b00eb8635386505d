import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/chorus-process.js';
import { jsonl, nerTask } from '../testing/fixtures.js';
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
