import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { createLogger } from '../logger.js';
import { freePort } from './free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL cluster every test file creates its own database in. */
    postgresUrl: string;
  }
}

/** One real PostgreSQL for the whole run (the embedded one), each test file gets a database of it. */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'chorus-test-pg-'));
  const postgres = await startEmbeddedPostgres(dataDir, await freePort(), createLogger('warn'));
  project.provide('postgresUrl', postgres.url);
  return async () => {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
