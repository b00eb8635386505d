import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateStreamDocument, Recipe } from '@chorus/schema';
import { graphql, importFile } from '../support/chorus-api.js';
import { SMS_SPAM_SAMPLE } from '../support/samples.js';

/** Enough texts that no annotator runs out during a fault test. */
const TEXTS = 400;

/** Imports the first `count` lines of a JSONL file (a committed sample), each changed by `line`. */
export async function importLines(
  url: string,
  target: 'dataset' | 'source',
  name: string,
  { file, count, line = (l) => l }: { file: string; count: number; line?: (l: string) => string },
): Promise<void> {
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  const folder = await mkdtemp(path.join(os.tmpdir(), 'chorus-fault-import-'));
  try {
    const part = path.join(folder, path.basename(file));
    await writeFile(part, lines.slice(0, count).map(line).join('\n'));
    await importFile(url, target, name, part);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * A `textcat.teach` stream on SMS texts (its dataset created with it): the stream annotators use
 * in the fault tests.
 */
export async function createTextcatStream(url: string, name: string): Promise<void> {
  await importLines(url, 'source', name, {
    file: SMS_SPAM_SAMPLE,
    count: TEXTS,
    line: (l) => JSON.stringify({ text: (JSON.parse(l) as { text: string }).text }),
  });
  await graphql(url, CreateStreamDocument, {
    input: { name, dataset: name, source: name, recipe: Recipe.textcat_teach, labels: ['SPAM'] },
  });
}
