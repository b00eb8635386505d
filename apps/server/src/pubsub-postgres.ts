import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from './logger.js';
import { createInProcessPubSub, type PubSub } from './pubsub.js';

const CHANNEL = 'chorus_events';
/** NOTIFY payloads must stay under 8,000 bytes; larger events travel through a table. */
const MAX_NOTIFY_BYTES = 7000;

interface Envelope {
  origin: string;
  topic: string;
  id: string;
  payload?: unknown;
  /** Row of `event_payload` holding the payload when it is too large to notify. */
  ref?: number;
}

/**
 * The `PubSub` of cluster mode: events are delivered in this process at once and sent to the
 * others with PostgreSQL NOTIFY on one channel; each process relays what the others send to its
 * own subscribers. Same interface as the in-process one, so publishers and resolvers don't change.
 */
export async function createPostgresPubSub(
  url: string,
  pool: pg.Pool,
  logger: Logger,
): Promise<PubSub> {
  const origin = randomUUID();
  const local = createInProcessPubSub();
  const listener = new pg.Client({ connectionString: url });
  await listener.connect();
  listener.on('notification', (message) => {
    void (async () => {
      const envelope = JSON.parse(message.payload ?? '{}') as Envelope;
      if (envelope.origin === origin) return;
      let payload = envelope.payload;
      if (envelope.ref !== undefined) {
        const { rows } = await pool.query<{ body: unknown }>(
          `select body from event_payload where id = $1`,
          [envelope.ref],
        );
        payload = rows[0]?.body;
      }
      if (payload !== undefined)
        (local.publish as (t: string, i: string, p: unknown) => void)(
          envelope.topic,
          envelope.id,
          payload,
        );
    })().catch((error: unknown) =>
      logger.error({ err: error }, 'relaying an event from another process failed'),
    );
  });
  listener.on('error', (error) => logger.error({ err: error }, 'event listener connection failed'));
  await listener.query(`listen ${CHANNEL}`);
  const cleanup = setInterval(() => {
    void pool
      .query(`delete from event_payload where created_at < now() - interval '5 minutes'`)
      .catch(() => {});
  }, 60_000);
  cleanup.unref();

  const send = async (topic: string, id: string, payload: unknown) => {
    const text = JSON.stringify({ origin, topic, id, payload } satisfies Envelope);
    if (Buffer.byteLength(text) <= MAX_NOTIFY_BYTES) {
      await pool.query(`select pg_notify($1, $2)`, [CHANNEL, text]);
      return;
    }
    const { rows } = await pool.query<{ id: string }>(
      `insert into event_payload (body) values ($1) returning id`,
      [JSON.stringify(payload)],
    );
    await pool.query(`select pg_notify($1, $2)`, [
      CHANNEL,
      JSON.stringify({ origin, topic, id, ref: Number(rows[0]!.id) } satisfies Envelope),
    ]);
  };

  return {
    publish(topic, id, payload) {
      local.publish(topic, id, payload);
      send(topic, id, payload).catch((error: unknown) =>
        logger.error({ err: error, topic }, 'sending an event to other processes failed'),
      );
    },
    subscribe: (topic, id) => local.subscribe(topic, id),
    async close() {
      clearInterval(cleanup);
      await listener.end();
    },
  };
}
