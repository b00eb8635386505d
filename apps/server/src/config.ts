import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Chorus reads from the environment, validated once at start. Nothing else in the
 * server reads `process.env`: pass the parsed `Config` down instead.
 */
const port = z.coerce.number().int().min(0).max(65535);
const count = z.coerce.number().int().positive();
const MiB = 1024 * 1024;
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

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
  NODE_ENV: z.string().optional(),
  WEB_PORT: port.default(3000),
  CORS_ORIGIN: z.string().min(1).optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  STREAM_LEASE_MS: z.coerce.number().int().positive().default(300_000),
  STREAM_SNAPSHOT_MIN_MS: z.coerce.number().int().nonnegative().default(30_000),
  CHORUS_CLUSTER: flag.default(false),
  PUBLIC_URL: z.string().url().optional(),
  STREAM_OWNER_TTL_MS: z.coerce.number().int().positive().default(15_000),
  TRAINING_JOB_TIMEOUT_S: z.coerce.number().int().positive().default(3600),
  JOB_MAINTENANCE_S: z.coerce.number().int().positive().default(60),
  GRAPHQL_INTROSPECTION: flag.optional(),
  GRAPHQL_MAX_DEPTH: count.default(12),
  GRAPHQL_MAX_ALIASES: count.default(15),
  GRAPHQL_MAX_TOKENS: count.default(2000),
  GRAPHQL_MAX_DIRECTIVES: count.default(50),
  GRAPHQL_MAX_COST: count.default(50_000),
  GRAPHQL_DOCUMENT_CACHE_BYTES: count.default(8 * MiB),
  HTTP_BODY_LIMIT_BYTES: count.default(5 * MiB),
  IMPORT_MAX_BYTES: count.default(1024 * MiB),
  IMPORT_MAX_LINE_BYTES: count.default(64 * MiB),
  WS_MAX_PAYLOAD_BYTES: count.default(1 * MiB),
  WS_MAX_SUBSCRIPTIONS: count.default(20),
  WS_CONNECTION_INIT_TIMEOUT_MS: count.default(10_000),
  CHORUS_AUTH: z.enum(['off', 'on']).default('off'),
  // iron-session seals with a key derived from it; shorter secrets are refused by it too.
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
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
  /** `NODE_ENV=production`: no introspection, no field suggestions in errors. */
  production: boolean;
  /** The browser origins allowed to call the API (the web app's). */
  corsOrigins: string[];
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
  limits: Limits;
  auth: AuthSettings;
}

/** Who may do what: accounts, roles, grants, and the browser's session cookie. */
export interface AuthSettings {
  /** `CHORUS_AUTH=on`: every operation but `signIn` needs credentials; off is the open server. */
  enforced: boolean;
  /** Seals session cookies; outside production a random one per process (sign in again after a restart). */
  sessionSecret: string;
  /** `Secure` cookies everywhere but development and tests (plain-HTTP localhost). */
  secureCookies: boolean;
}

/** What one request, socket or file may cost; each is one past its value refused. */
export interface Limits {
  /** Whether the schema can be introspected; off in production unless asked for. */
  introspection: boolean;
  /** Nesting of selections in one operation. */
  maxDepth: number;
  /** Aliased fields in one operation (1,000 aliases of one list once took 1.6 GB). */
  maxAliases: number;
  /** Lexical tokens in one document, checked while parsing, before any work is done. */
  maxTokens: number;
  maxDirectives: number;
  /** graphql-armor's cost: objects, scalars and depth weighted together. */
  maxCost: number;
  /** Total query text the WebSocket's parsed-document cache keeps. */
  documentCacheBytes: number;
  /** JSON bodies of `POST /graphql` (and cluster forwarding). */
  httpBodyBytes: number;
  /** A file posted to an import endpoint. */
  importBytes: number;
  /** One line of an imported file. */
  importLineBytes: number;
  /** One WebSocket message. */
  wsPayloadBytes: number;
  /** Operations running at once on one WebSocket. */
  wsSubscriptions: number;
  /** How long a new socket may wait before its `connection_init`. */
  wsConnectionInitTimeoutMs: number;
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
  if (c.NODE_ENV === 'production' && c.SESSION_SECRET === undefined)
    throw new ConfigError([
      'SESSION_SECRET="": required when NODE_ENV=production (32+ characters)',
    ]);
  return {
    host: c.HOST,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(c.CHORUS_DATA_DIR),
    embeddedPgPort: c.EMBEDDED_PG_PORT,
    logLevel: c.LOG_LEVEL,
    production: c.NODE_ENV === 'production',
    // The web app of `npm start` (on WEB_PORT), by either loopback name; a list separated by commas.
    corsOrigins: (c.CORS_ORIGIN ?? `http://localhost:${c.WEB_PORT},http://127.0.0.1:${c.WEB_PORT}`)
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    streamLeaseMs: c.STREAM_LEASE_MS,
    streamSnapshotMinMs: c.STREAM_SNAPSHOT_MIN_MS,
    cluster: c.CHORUS_CLUSTER,
    publicUrl: c.PUBLIC_URL,
    streamOwnerTtlMs: c.STREAM_OWNER_TTL_MS,
    trainingJobTimeoutS: c.TRAINING_JOB_TIMEOUT_S,
    jobMaintenanceS: c.JOB_MAINTENANCE_S,
    limits: {
      introspection: c.GRAPHQL_INTROSPECTION ?? c.NODE_ENV !== 'production',
      maxDepth: c.GRAPHQL_MAX_DEPTH,
      maxAliases: c.GRAPHQL_MAX_ALIASES,
      maxTokens: c.GRAPHQL_MAX_TOKENS,
      maxDirectives: c.GRAPHQL_MAX_DIRECTIVES,
      maxCost: c.GRAPHQL_MAX_COST,
      documentCacheBytes: c.GRAPHQL_DOCUMENT_CACHE_BYTES,
      httpBodyBytes: c.HTTP_BODY_LIMIT_BYTES,
      importBytes: c.IMPORT_MAX_BYTES,
      importLineBytes: c.IMPORT_MAX_LINE_BYTES,
      wsPayloadBytes: c.WS_MAX_PAYLOAD_BYTES,
      wsSubscriptions: c.WS_MAX_SUBSCRIPTIONS,
      wsConnectionInitTimeoutMs: c.WS_CONNECTION_INIT_TIMEOUT_MS,
    },
    auth: {
      enforced: c.CHORUS_AUTH === 'on',
      sessionSecret: c.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
      secureCookies: !['development', 'test', undefined].includes(c.NODE_ENV),
    },
  };
}
