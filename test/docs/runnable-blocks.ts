import { readFile } from 'node:fs/promises';

/**
 * The fenced blocks of a Markdown file marked runnable: ```` ```sh runnable ````,
 * ```` ```graphql runnable ```` (optionally followed by a ```` ```json variables ```` block, and
 * with `expect-error=CODE` when the block shows an error), ```` ```js runnable ```` (an ES module
 * run by Node from inside the repository, so `@chorus/*` and `ws` resolve).
 */

export type BlockLanguage = 'sh' | 'graphql' | 'js';

export interface RunnableBlock {
  language: BlockLanguage;
  code: string;
  /** 1-based line of the opening fence, for failure messages. */
  line: number;
  /** graphql: the JSON of the `json variables` block right after it. */
  variables?: Record<string, unknown>;
  /** graphql: the error code the block is there to show. */
  expectError?: string;
}

interface Fence {
  info: string[];
  code: string;
  line: number;
}

function fences(markdown: string): Fence[] {
  const found: Fence[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, ticks, info] = open;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j]!.trimEnd() !== ticks) body.push(lines[j++]!);
    found.push({
      info: info!.trim().split(/\s+/).filter(Boolean),
      code: body.join('\n'),
      line: i + 1,
    });
    i = j;
  }
  return found;
}

const LANGUAGES = new Set<string>(['sh', 'graphql', 'js']);

export function runnableBlocks(markdown: string): RunnableBlock[] {
  const all = fences(markdown);
  const blocks: RunnableBlock[] = [];
  all.forEach((fence, i) => {
    const [language, ...flags] = fence.info;
    if (!flags.includes('runnable')) return;
    if (!language || !LANGUAGES.has(language)) {
      throw new Error(`line ${fence.line}: cannot run a ${language ?? 'plain'} block`);
    }
    const block: RunnableBlock = {
      language: language as BlockLanguage,
      code: fence.code,
      line: fence.line,
    };
    const expected = flags.find((f) => f.startsWith('expect-error='));
    if (expected) block.expectError = expected.slice('expect-error='.length);
    const next = all[i + 1];
    if (language === 'graphql' && next?.info.join(' ') === 'json variables') {
      block.variables = JSON.parse(next.code) as Record<string, unknown>;
    }
    blocks.push(block);
  });
  return blocks;
}

export async function readRunnableBlocks(file: string): Promise<RunnableBlock[]> {
  return runnableBlocks(await readFile(file, 'utf8'));
}
