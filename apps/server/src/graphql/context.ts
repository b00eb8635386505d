import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import type { PubSub } from '../pubsub.js';
import type { StreamRegistry } from '../streams/stream-registry.js';

/** Who is asking. Accounts come later; until then the client names itself. */
export interface Viewer {
  name: string;
}

export interface Context {
  /** A fresh identity map per request or subscription operation. */
  em: EntityManager;
  pubsub: PubSub;
  streams: StreamRegistry;
  logger: Logger;
  viewer: Viewer;
}
