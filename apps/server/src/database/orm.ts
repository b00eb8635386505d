import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { ConfigError, type Config } from '../config.js';
import type { Logger } from '../logger.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { UNREACHABLE_CODES } from './unavailable.js';

export interface Database {
  orm: MikroORM;
  /** Plain connections for bulk work (COPY) that the ORM does not do. */
  pool: pg.Pool;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
  /** Last resort when a graceful close hangs: stops the embedded PostgreSQL, if any, at once. */
  abandon(): Promise<void>;
}

export function ormOptions(clientUrl: string): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: migrations,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: 20 },
    debug: false,
    allowGlobalContext: false,
  };
}

/**
 * Connects to `DATABASE_URL`, or starts the embedded PostgreSQL, then runs pending migrations, so
 * a server or CLI command always sees the current schema.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, logger);
  const url = config.databaseUrl ?? embedded!.url;
  try {
    const orm = await MikroORM.init(ormOptions(url));
    const applied = await orm.getMigrator().up();
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'migrated');
    // Imports stage rows in temporary tables: give them memory before they spill to disk.
    const pool = new pg.Pool({ connectionString: url, max: 4, options: '-c temp_buffers=256MB' });
    // An idle connection that the database drops (a restart, a network cut) must not take the
    // process down with an unhandled 'error' event: requests answer UNAVAILABLE meanwhile.
    pool.on('error', (error) => logger.warn({ err: error }, 'a pooled database connection failed'));
    return {
      orm,
      pool,
      url,
      embedded: embedded !== undefined,
      async close() {
        await pool.end();
        await orm.close(true);
        await embedded?.stop();
      },
      async abandon() {
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw config.databaseUrl && isConnectionFailure(error)
      ? new ConfigError([
          `DATABASE_URL="${redacted(config.databaseUrl)}": cannot connect to PostgreSQL (${(error as Error).message})`,
        ])
      : error;
  }
}

/** Errors that say the database cannot be reached or refuses us, rather than a bug of ours. */
const CONNECTION_FAILURES = new Set([
  ...UNREACHABLE_CODES,
  '28P01', // wrong password
  '28000', // no such role, or refused by pg_hba.conf
  '3D000', // no such database
]);

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && CONNECTION_FAILURES.has(code);
}

/** The URL without its password, for messages. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
