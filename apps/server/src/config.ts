import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Chorus reads from the environment, validated once at start. Nothing else in the
 * server reads `process.env`: pass the parsed `Config` down instead.
 */
const port = z.coerce.number().int().min(0).max(65535);

const ConfigSchema = z.object({
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  CHORUS_DATA_DIR: z.string().min(1).default('.chorus'),
  EMBEDDED_PG_PORT: port.default(54329),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  CORS_ORIGIN: z.string().default('*'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  STREAM_LEASE_MS: z.coerce.number().int().positive().default(300_000),
  STREAM_SNAPSHOT_MIN_MS: z.coerce.number().int().nonnegative().default(30_000),
  CHORUS_CLUSTER: z.enum(['true', 'false', '1', '0']).default('false'),
  PUBLIC_URL: z.string().url().optional(),
  STREAM_OWNER_TTL_MS: z.coerce.number().int().positive().default(15_000),
  TRAINING_JOB_TIMEOUT_S: z.coerce.number().int().positive().default(3600),
  JOB_MAINTENANCE_S: z.coerce.number().int().positive().default(60),
});

export interface Config {
  host: string;
  port: number;
  /** External PostgreSQL; when absent an embedded one is started under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  /** Unset means each entry point's default: `info` for the server, `warn` for CLI commands. */
  logLevel?: z.infer<typeof ConfigSchema>['LOG_LEVEL'];
  corsOrigin: string;
  shutdownTimeoutMs: number;
  /** How long a task stays with a session that neither answers nor keeps a subscription open. */
  streamLeaseMs: number;
  /** The least time between two snapshots (model versions) of one stream's in-loop model. */
  streamSnapshotMinMs: number;
  /**
   * Several server processes on one database: streams are owned by one process (lease rows),
   * the others forward to it, and events cross processes through LISTEN/NOTIFY.
   */
  cluster: boolean;
  /** How the other processes reach this one (cluster mode); default http://127.0.0.1:PORT. */
  publicUrl?: string;
  /** A stream owner silent this long is presumed dead; another process takes the stream over. */
  streamOwnerTtlMs: number;
  /**
   * A training job still unfinished after this long is presumed lost with its worker (a crash, a
   * kill) and is retried; a retry never publishes a second model version.
   */
  trainingJobTimeoutS: number;
  /** How often the job queue looks for expired jobs. */
  jobMaintenanceS: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const c = parsed.data;
  return {
    host: c.HOST,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(c.CHORUS_DATA_DIR),
    embeddedPgPort: c.EMBEDDED_PG_PORT,
    logLevel: c.LOG_LEVEL,
    corsOrigin: c.CORS_ORIGIN,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    streamLeaseMs: c.STREAM_LEASE_MS,
    streamSnapshotMinMs: c.STREAM_SNAPSHOT_MIN_MS,
    cluster: c.CHORUS_CLUSTER === 'true' || c.CHORUS_CLUSTER === '1',
    publicUrl: c.PUBLIC_URL,
    streamOwnerTtlMs: c.STREAM_OWNER_TTL_MS,
    trainingJobTimeoutS: c.TRAINING_JOB_TIMEOUT_S,
    jobMaintenanceS: c.JOB_MAINTENANCE_S,
  };
}
