import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatasetsDocument } from '@chorus/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { graphql, postImport } from '../testing/api-client.js';
import { startChorus } from '../testing/chorus-process.js';
import { freePort } from '../testing/free-port.js';
import { jsonl, nerTask } from '../testing/fixtures.js';

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

/** The pid of the postmaster running on a data folder, from its `postmaster.pid`. */
async function postmasterPid(dataDir: string): Promise<number> {
  const lines = (await readFile(path.join(dataDir, 'postgres/postmaster.pid'), 'utf8')).split('\n');
  return Number(lines[0]);
}

describe('a server whose embedded PostgreSQL dies', () => {
  it('stays up, answers UNAVAILABLE meanwhile (never an internal error), restarts it and keeps every answer', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'chorus-db-loss-'));
    folders.push(dataDir);
    const chorus = await startChorus({
      DATABASE_URL: undefined,
      CHORUS_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
    });
    try {
      await postImport(
        chorus.url,
        '/api/datasets/kept/import',
        jsonl([nerTask('Turing lived in Manchester', [['Manchester', 'LOC']])]),
      );
      const before = await postmasterPid(dataDir);
      process.kill(before, 'SIGKILL');

      const codes = new Set<string>();
      let total: number | undefined;
      for (let i = 0; i < 120 && total === undefined; i++) {
        const body = await graphql(chorus.url, DatasetsDocument, { first: 10 });
        const code = body.errors?.[0]?.extensions?.code;
        if (typeof code === 'string') codes.add(code);
        else total = body.data?.datasets.edges[0]?.node.counts.total;
        if (total === undefined) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(chorus.child.exitCode).toBeNull();
      expect([...codes].filter((code) => code !== 'UNAVAILABLE')).toEqual([]);
      expect(total).toBe(1);
      expect(await postmasterPid(dataDir)).not.toBe(before);
      expect((await fetch(`${chorus.url}/healthz`)).status).toBe(200);
    } finally {
      await chorus.stop();
    }
  });
});
