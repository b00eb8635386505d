import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import type { PubSub } from '../pubsub.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Predictor } from '../models/model-version.service.js';
import type { StreamRegistry } from '../streams/stream-registry.js';
import type { Trainer } from '../training/trainer.js';
import type { BrowserSession } from '../users/session-cookie.js';
import { User } from '../users/user.entity.js';
import { userForApiToken } from '../users/user.service.js';

/**
 * Who is asking. With `CHORUS_AUTH=on`, the signed-in user (none: anonymous) and answers are
 * stamped with their name; off, the client names itself and `user` is whoever its credentials
 * say, if anyone.
 */
export interface Viewer {
  name: string;
  user?: User;
}

/** What a request or socket brings to say who it is. */
export interface Credentials {
  /** An API token (`Authorization: Bearer`, or graphql-ws `connectionParams.token`). */
  token?: string;
  /** The user id from the browser's session cookie. */
  sessionUserId?: number;
  /** The name a client gives itself (`x-chorus-user`, `connectionParams.user`); only when auth is off. */
  claimedName?: string;
}

/** Resolves credentials once per operation, so a token revoked since is refused on the next one. */
export async function resolveViewer(
  em: EntityManager,
  credentials: Credentials,
  authEnforced: boolean,
): Promise<Viewer> {
  const user = credentials.token
    ? await userForApiToken(em, credentials.token)
    : credentials.sessionUserId !== undefined
      ? ((await em.findOne(User, { id: credentials.sessionUserId })) ?? undefined)
      : undefined;
  if (authEnforced) return { name: user?.name ?? 'anonymous', user };
  return { name: credentials.claimedName || user?.name || 'anonymous', user };
}

/** The token of an `Authorization: Bearer <token>` header. */
export const bearerToken = (header?: string) => /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];

export interface Context {
  /** A fresh identity map per request or subscription operation. */
  em: EntityManager;
  pubsub: PubSub;
  streams: StreamRegistry;
  jobs: { queue: JobQueue; trainer: Trainer };
  predictor: Predictor;
  logger: Logger;
  viewer: Viewer;
  /** `CHORUS_AUTH=on`: the `@Authorized` rules are enforced. */
  authEnforced: boolean;
  /** Over HTTP only: the browser's session cookie, which `signIn` sets and `signOut` clears. */
  session?: BrowserSession;
}
