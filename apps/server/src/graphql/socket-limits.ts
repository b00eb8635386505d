import { GraphQLError } from 'graphql';
import type { Context as SocketContext } from 'graphql-ws';
import type { Limits } from '../config.js';

/**
 * The operations one WebSocket may run at once. graphql-ws registers an operation before its
 * `onSubscribe`, so the count includes the one being refused.
 */
export function socketLimits(limits: Pick<Limits, 'wsSubscriptions'>) {
  return (socket: SocketContext): GraphQLError | undefined => {
    if (Object.keys(socket.subscriptions).length <= limits.wsSubscriptions) return undefined;
    return new GraphQLError(
      `this socket already runs ${limits.wsSubscriptions} operations, the most one socket may`,
      {
        extensions: {
          code: 'LIMIT_EXCEEDED',
          limit: 'WS_MAX_SUBSCRIPTIONS',
          max: limits.wsSubscriptions,
        },
      },
    );
  };
}
