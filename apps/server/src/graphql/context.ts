import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import type { PubSub } from '../pubsub.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Predictor } from '../models/model-version.service.js';
import type { StreamRegistry } from '../streams/stream-registry.js';
import type { Trainer } from '../training/trainer.js';

/** Who is asking. Accounts come later; until then the client names itself. */
export interface Viewer {
  name: string;
}

export interface Context {
  /** A fresh identity map per request or subscription operation. */
  em: EntityManager;
  pubsub: PubSub;
  streams: StreamRegistry;
  jobs: { queue: JobQueue; trainer: Trainer };
  predictor: Predictor;
  logger: Logger;
  viewer: Viewer;
}
