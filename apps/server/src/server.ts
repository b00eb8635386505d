import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ImportTarget } from '@chorus/schema';
import type { DocumentNode, GraphQLError } from 'graphql';
import express, { type NextFunction, type Request, type Response } from 'express';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Config } from './config.js';
import { openDatabase, type Database } from './database/orm.js';
import type { Context } from './graphql/context.js';
import { documentCache } from './graphql/document-cache.js';
import { formatError } from './graphql/format-error.js';
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
  /** One context per operation, over HTTP or WebSocket; the client names itself until accounts exist. */
  const contextFor = (user: unknown): Context => ({
    em: orm.em.fork(),
    pubsub,
    streams,
    jobs,
    predictor,
    logger,
    viewer: { name: viewerName(user) },
  });
  const viewerName = (value: unknown) =>
    typeof value === 'string' && value !== '' ? value : 'anonymous';

  const app = express();
  app.disable('x-powered-by');
  app.use(cors(config.corsOrigin));
  // Idle keep-alive sockets stay open longer than clients keep them (undici: 4 s, browsers and
  // proxies: up to 60 s): a server that closes first races a client reusing the socket, and the
  // client's request fails with "other side closed".
  const httpServer: Server = createServer({ keepAliveTimeout: 65_000 }, app);
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const documents = documentCache(schema);
  const wsCleanup = useServer<Record<string, unknown>>(
    {
      schema,
      context: (ctx) => contextFor(ctx.connectionParams?.user),
      onSubscribe: (_ctx, _id, payload) => {
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
    introspection: true,
    // The `serve` command owns SIGTERM/SIGINT: Apollo's own handlers (on outside NODE_ENV=test)
    // stop only Apollo, then re-raise the signal and kill the process with the database running.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
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
  app.post('/api/sources/:name/import', importRoute(ImportTarget.source, database, pubsub, logger));
  app.post(
    '/api/datasets/:name/import',
    importRoute(ImportTarget.dataset, database, pubsub, logger),
  );
  app.get('/api/datasets/:name/export.jsonl', exportRoute(database.pool, logger));
  app.get('/api/models/:id/model.onnx', onnxRoute(database.pool, logger));
  if (config.cluster) {
    app.post(
      '/internal/streams/:id/:method',
      express.json({ limit: '5mb' }),
      streamForwardingRoute(streams, logger),
    );
  }
  app.use(
    '/graphql',
    express.json({ limit: '5mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => contextFor(req.headers['x-chorus-user']),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  logger.info({ url, embeddedDatabase: database.embedded }, 'Chorus is listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    database,
    close() {
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
    },
  };
}

function cors(origin: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Headers', 'content-type, x-chorus-user, authorization');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    if (req.method === 'OPTIONS') res.status(204).end();
    else next();
  };
}
