import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ImportTarget } from '@chorus/schema';
import type { DocumentNode, GraphQLError } from 'graphql';
import express from 'express';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { ConfigError, type Config } from './config.js';
import { openDatabase, type Database } from './database/orm.js';
import { bearerToken, resolveViewer, type Context, type Credentials } from './graphql/context.js';
import { documentCache } from './graphql/document-cache.js';
import { formatError } from './graphql/format-error.js';
import { operationLimits } from './graphql/operation-limits.js';
import { corsFor, isAllowedOrigin } from './http/cors.js';
import { httpErrorHandler, notFoundHandler } from './http/http-errors.js';
import { socketLimits } from './graphql/socket-limits.js';
import { buildChorusSchema } from './graphql/schema.js';
import { exportRoute } from './http/export-route.js';
import { importRoute } from './http/import-route.js';
import { onnxRoute } from './http/model-route.js';
import { JobQueue } from './jobs/job-queue.js';
import { Predictor } from './models/model-version.service.js';
import { Trainer } from './training/trainer.js';
import type { Logger } from './logger.js';
import { createInProcessPubSub } from './pubsub.js';
import { createPostgresPubSub } from './pubsub-postgres.js';
import { streamForwardingRoute } from './http/stream-forwarding-route.js';
import { StreamRegistry } from './streams/stream-registry.js';
import { sessionCookie, type BrowserSession } from './users/session-cookie.js';

export interface RunningServer {
  url: string;
  database: Database;
  /** Stops accepting, lets running requests finish, closes sockets and the database. */
  close(): Promise<void>;
}

/**
 * One process serves everything on one port: GraphQL over HTTP and WebSocket at `/graphql`, the
 * REST endpoints for files under `/api`, and `/healthz`.
 */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const database = await openDatabase(config, logger);
  const { orm } = database;
  const pubsub = config.cluster
    ? await createPostgresPubSub(database.url, database.pool, logger)
    : createInProcessPubSub();
  const schema = await buildChorusSchema(pubsub);
  const queue = await JobQueue.start(database.url, logger, {
    jobTimeoutS: config.trainingJobTimeoutS,
    maintenanceS: config.jobMaintenanceS,
  });
  const trainer = new Trainer({ pool: database.pool, pubsub, logger });
  await queue.workTraining((job) => trainer.run(job.runId));
  const jobs = { queue, trainer };
  const predictor = new Predictor(database.pool);
  const streams = new StreamRegistry(
    orm,
    {
      pool: database.pool,
      pubsub,
      logger,
      leaseMs: config.streamLeaseMs,
      snapshotMinMs: config.streamSnapshotMinMs,
    },
    config.cluster
      ? {
          processId: randomUUID(),
          url: config.publicUrl ?? `http://127.0.0.1:${config.port}`,
          ownerTtlMs: config.streamOwnerTtlMs,
        }
      : undefined,
  );
  const authEnforced = config.auth.enforced;
  const browserSession = sessionCookie(config.auth);
  /** One context per operation, over HTTP or WebSocket, with who is asking resolved afresh. */
  const contextFor = async (credentials: Credentials, session?: BrowserSession) => {
    const em = orm.em.fork();
    const viewer = await resolveViewer(em, credentials, authEnforced);
    return { em, pubsub, streams, jobs, predictor, logger, viewer, authEnforced, session };
  };
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const socketCredentials = (params?: Record<string, unknown>): Credentials => ({
    token: text(params?.token),
    claimedName: text(params?.user),
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(corsFor(config.corsOrigins));
  // Idle keep-alive sockets stay open longer than clients keep them (undici: 4 s, browsers and
  // proxies: up to 60 s): a server that closes first races a client reusing the socket, and the
  // client's request fails with "other side closed".
  const httpServer: Server = createServer({ keepAliveTimeout: 65_000 }, app);
  const { limits } = config;
  const guards = operationLimits(limits);
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    // A bigger message closes the socket with 1009 before it is parsed.
    maxPayload: limits.wsPayloadBytes,
    // Browsers send their page's origin: a page of another site must not use the visitor's
    // access to this server (CORS does not cover WebSockets). Scripts send none.
    verifyClient: ({ origin }: { origin?: string }) =>
      !origin || isAllowedOrigin(config.corsOrigins, origin),
  });
  const documents = documentCache(schema, {
    limits: guards,
    maxBytes: limits.documentCacheBytes,
    hideSuggestions: config.production,
  });
  const tooManySubscriptions = socketLimits(limits);
  const wsCleanup = useServer<Record<string, unknown>>(
    {
      schema,
      connectionInitWaitTimeout: limits.wsConnectionInitTimeoutMs,
      // A socket without valid credentials is closed (4403) before any operation.
      onConnect: async (ctx) =>
        !authEnforced ||
        (await resolveViewer(orm.em.fork(), socketCredentials(ctx.connectionParams), true)).user !==
          undefined,
      context: (ctx) => contextFor(socketCredentials(ctx.connectionParams)),
      onSubscribe: (ctx, _id, payload) => {
        const refused = tooManySubscriptions(ctx);
        if (refused) return [refused];
        const document = documents(payload.query);
        if (Array.isArray(document)) return document as GraphQLError[];
        return {
          schema,
          document: document as DocumentNode,
          variableValues: payload.variables,
          operationName: payload.operationName,
        };
      },
    },
    wsServer,
  );
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: formatError(logger),
    includeStacktraceInErrorResponses: false,
    introspection: limits.introspection,
    hideSchemaDetailsFromClientErrors: config.production,
    validationRules: guards.validationRules,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // The `serve` command owns SIGTERM/SIGINT: Apollo's own handlers (on outside NODE_ENV=test)
    // stop only Apollo, then re-raise the signal and kill the process with the database running.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...guards.apolloPlugins,
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.get('/healthz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ok', database: 'reachable' });
    } catch (error) {
      res.status(503).json({ status: 'error', database: String(error) });
    }
  });
  app.post(
    '/api/sources/:name/import',
    importRoute(ImportTarget.source, database, pubsub, limits, logger),
  );
  app.post(
    '/api/datasets/:name/import',
    importRoute(ImportTarget.dataset, database, pubsub, limits, logger),
  );
  // `/export.jsonl` is the first URL, kept: both take `?format=`.
  app.get(
    ['/api/datasets/:name/export', '/api/datasets/:name/export.jsonl'],
    exportRoute(database.pool, logger),
  );
  app.get('/api/models/:id/model.onnx', onnxRoute(database.pool, logger));
  if (config.cluster) {
    app.post(
      '/internal/streams/:id/:method',
      express.json({ limit: limits.httpBodyBytes }),
      streamForwardingRoute(streams, logger),
    );
  }
  app.use(
    '/graphql',
    express.json({ limit: limits.httpBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const session = await browserSession(req, res);
        return contextFor(
          {
            token: bearerToken(req.headers.authorization),
            sessionUserId: session.userId(),
            claimedName: text(req.headers['x-chorus-user']),
          },
          session,
        );
      },
    }),
  );

  app.use(notFoundHandler);
  app.use(httpErrorHandler(limits, logger));

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await apollo.stop();
      // Every stream saves its in-loop model before the database goes.
      await streams.closeAll();
      await queue.stop();
      await predictor.close();
      await pubsub.close();
      await database.close();
      logger.info('Chorus stopped');
    })();
    return closing;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    // Nothing may keep the process alive (and the embedded PostgreSQL running) after this.
    await close();
    throw listenError(error, config);
  }
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  logger.info({ url, embeddedDatabase: database.embedded }, 'Chorus is listening');

  return { url, database, close };
}

/** A port taken or not ours to take, as a configuration error naming the settings. */
function listenError(error: unknown, config: Config): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `PORT=${config.port} HOST=${config.host}`;
  if (code === 'EADDRINUSE')
    return new ConfigError([`${where}: the port is already in use; set PORT to a free one`]);
  if (code === 'EACCES')
    return new ConfigError([`${where}: not allowed to listen there; choose a port above 1023`]);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new ConfigError([`${where}: no interface of this machine has that address`]);
  return error;
}
