import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatasetDocument } from '@chorus/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { graphqlData, postImport } from '../testing/api-client.js';
import { startChorus } from '../testing/chorus-process.js';
import { freePort } from '../testing/free-port.js';
import { jsonl, nerTask } from '../testing/fixtures.js';
import { createTestDatabase, sql } from '../testing/test-database.js';
import { TEST_SESSION_SECRET } from '../testing/credentials.js';

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

describe('the database a server runs on', () => {
  it('starts an embedded PostgreSQL without DATABASE_URL, keeps data across a restart, and stops it on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'chorus-embedded-'));
    folders.push(dataDir);
    const env = {
      DATABASE_URL: undefined,
      // As `npm start` runs it: libraries that act on signals outside tests must not cut the
      // shutdown short (vitest's NODE_ENV=test turned Apollo's signal handlers off).
      NODE_ENV: 'production',
      SESSION_SECRET: TEST_SESSION_SECRET,
      CHORUS_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
    };

    const first = await startChorus(env);
    expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({
      status: 'ok',
      database: 'reachable',
    });
    await postImport(
      first.url,
      '/api/datasets/kept/import',
      jsonl([nerTask('Turing lived in Manchester', [['Manchester', 'LOC']])]),
    );
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.logs.some((l) => l.includes('"Chorus stopped"'))).toBe(true);
    // A clean PostgreSQL shutdown removes its pid file.
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const second = await startChorus(env);
    try {
      const { dataset } = await graphqlData(second.url, DatasetDocument, { name: 'kept' });
      expect(dataset.counts.total).toBe(1);
      expect(dataset.labels).toEqual(['LOC']);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('uses DATABASE_URL when it is set, and creates no embedded data folder', async () => {
    const dataDir = path.join(tmpdir(), `chorus-unused-${Date.now()}`);
    const url = await createTestDatabase();
    const chorus = await startChorus({ DATABASE_URL: url, CHORUS_DATA_DIR: dataDir });
    try {
      await postImport(
        chorus.url,
        '/api/sources/external/import',
        jsonl([{ text: 'one' }, { text: 'two' }]),
      );
      const [row] = await sql<{ n: number }>(url, 'select count(*)::int as n from input');
      expect(row!.n).toBe(2);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await chorus.stop();
    }
  });

  it('refuses to start on an invalid setting, naming the variable and the value', async () => {
    const error = await startChorus({ DATABASE_URL: 'mysql://nope', PORT: 'eighty' }).catch(
      (e: Error) => e.message,
    );
    expect(error).toContain('Invalid configuration');
    expect(error).toContain(
      'DATABASE_URL="mysql://nope": must be a postgres:// or postgresql:// URL',
    );
    expect(error).toContain('PORT="eighty"');
  });
});
