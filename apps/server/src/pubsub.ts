import { createPubSub } from '@graphql-yoga/subscription';
import type { PubSub as TypeGraphQLPubSub } from 'type-graphql';
import type { TopicPayloads } from './events.js';

/**
 * The one publish/subscribe interface of the server. Events are keyed by topic and an id (an
 * import id, a stream id), so subscribers only get what they asked for. The in-process
 * implementation serves one server; a PostgreSQL LISTEN/NOTIFY one can replace it without
 * touching publishers or resolvers.
 */
export interface PubSub extends TypeGraphQLPubSub {
  publish<T extends keyof TopicPayloads>(topic: T, id: string, payload: TopicPayloads[T]): void;
  subscribe(topic: string, id?: unknown): AsyncIterable<unknown>;
  /** Releases what the implementation holds (the LISTEN connection); nothing in-process. */
  close(): Promise<void>;
}

export function createInProcessPubSub(): PubSub {
  const pubsub = createPubSub<Record<string, [string, unknown]>>();
  return {
    publish: (topic, id, payload) => pubsub.publish(topic, id, payload),
    subscribe: (topic, id) => pubsub.subscribe(topic, String(id)),
    close: async () => {},
  };
}

/**
 * Subscribes and starts listening at once. A subscription's iterator only listens from its first
 * `next()` (graphql-yoga's repeaters are lazy), so a resolver that computes a first payload before
 * relaying events would miss whatever was published meanwhile — another annotator joining, tasks
 * pushed to the session.
 */
export function listenNow(pubsub: PubSub, topic: string, id: string): AsyncIterator<unknown> {
  const iterator = pubsub.subscribe(topic, id)[Symbol.asyncIterator]();
  let first: Promise<IteratorResult<unknown>> | null = iterator.next();
  return {
    next() {
      const pending = first ?? iterator.next();
      first = null;
      return pending;
    },
    return: async (value?: unknown) => (await iterator.return?.(value)) ?? { done: true, value },
  };
}
