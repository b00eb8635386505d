import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../apps/server/src/testing/chorus-process.js';
import { REPO_ROOT, startServer, type ChorusServer } from '../support/processes.js';
import { readRunnableBlocks, type RunnableBlock } from './runnable-blocks.js';

/**
 * Every block marked runnable in docs/ and in the packages' READMEs, run in order against a live
 * server (a fresh one per file, so each page stands on its own and its ids are the ones it
 * shows): shell blocks in a temporary folder where `npm run chorus -- …` is the built CLI on the
 * server's database, GraphQL blocks posted to it, JS blocks run by Node. A failing block fails
 * with its file and line.
 */

const execFileAsync = promisify(execFile);
const SCRATCH = path.join(REPO_ROOT, 'test/artifacts/docs');

async function documentedFiles(): Promise<string[]> {
  const docs = (await readdir(path.join(REPO_ROOT, 'docs')))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join('docs', name));
  const readmes = ['packages/engine', 'packages/schema', 'apps/server', 'apps/web']
    .map((dir) => path.join(dir, 'README.md'))
    .filter((file) => existsSync(path.join(REPO_ROOT, file)));
  return [...docs.sort(), ...readmes];
}

interface BlockContext {
  server: ChorusServer;
  /** The folder shell blocks of this file share (files one writes, the next reads). */
  workDir: string;
  env: NodeJS.ProcessEnv;
}

async function runProcess(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  try {
    return await execFileAsync(file, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`exited with an error:\n${stdout ?? ''}\n${stderr ?? ''}`.trim());
  }
}

async function runGraphql(block: RunnableBlock, { server }: BlockContext): Promise<void> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: block.code, variables: block.variables ?? {} }),
  });
  const body = (await response.json()) as {
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  if (block.expectError) {
    expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe(block.expectError);
  } else {
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  }
}

async function runBlock(file: string, block: RunnableBlock, context: BlockContext) {
  if (block.language === 'graphql') return runGraphql(block, context);
  if (block.language === 'sh') {
    return runProcess('bash', ['-euo', 'pipefail', '-c', block.code], context.workDir, context.env);
  }
  // Inside the repository, so that its packages resolve as they do for a user of the monorepo.
  const script = path.join(SCRATCH, `${path.basename(file, '.md')}-${block.line}.mjs`);
  await writeFile(script, block.code);
  return runProcess(process.execPath, [script], context.workDir, context.env);
}

const files = await documentedFiles();

for (const file of files) {
  const blocks = await readRunnableBlocks(path.join(REPO_ROOT, file));
  if (blocks.length === 0) continue;

  describe(file, () => {
    const context = {} as BlockContext;

    beforeAll(async () => {
      await mkdir(SCRATCH, { recursive: true });
      context.server = await startServer({ STREAM_SNAPSHOT_MIN_MS: '0' });
      context.workDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-docs-'));
      // `npm run chorus -- …` as in the repository, without building: the CLI under test.
      await writeFile(
        path.join(context.workDir, 'package.json'),
        JSON.stringify({ private: true, scripts: { chorus: `node ${CLI}` } }),
      );
      context.env = {
        ...process.env,
        CHORUS_API_URL: context.server.url,
        PORT: new URL(context.server.url).port,
        // The CLI reuses the server's embedded PostgreSQL through its data folder.
        CHORUS_DATA_DIR: context.server.dataDir,
      };
    });

    afterAll(async () => {
      await context.server?.stop();
      if (context.workDir) await rm(context.workDir, { recursive: true, force: true });
    });

    for (const block of blocks) {
      it(`runs the ${block.language} block at line ${block.line}`, async () => {
        await runBlock(file, block, context);
      });
    }
  });
}
