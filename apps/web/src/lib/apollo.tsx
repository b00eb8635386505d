'use client';

import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { ApolloProvider } from '@apollo/client/react';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { useState, type ReactNode } from 'react';
import { apiUrl } from './config';
import { connectionStatus } from './connection-status';

/**
 * The browser's one GraphQL client: queries and mutations over HTTP, subscriptions over
 * graphql-ws on the same port. The socket reconnects for ever (an annotator's laptop sleeps, a
 * server restarts), and its state feeds `connectionStatus` for the "connected" badge.
 */
function makeApolloClient(url: string): ApolloClient {
  const socket = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    // Reconnect quickly at first, then back off to 5 s between tries.
    retryWait: (retries) =>
      new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * 2 ** retries))),
    on: {
      connected: () => connectionStatus.set('connected'),
      closed: () => connectionStatus.set('disconnected'),
      connecting: () => connectionStatus.set('connecting'),
    },
  });
  const http = new HttpLink({ uri: `${url}/graphql` });
  const link = ApolloLink.split(
    ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
    new GraphQLWsLink(socket),
    http,
  );
  return new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        // Identified by what the API calls them by, so lists and detail pages share one entry.
        Dataset: { keyFields: ['name'] },
        Source: { keyFields: ['name'] },
        Stream: { keyFields: ['name'] },
        StreamState: { keyFields: ['streamId'] },
        Task: { keyFields: ['taskHash'] },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}

let browserClient: ApolloClient | undefined;

/** One client per page load in the browser (kept across navigations); a fresh one per render on the server. */
function clientForThisRuntime(): ApolloClient {
  if (typeof window === 'undefined') return makeApolloClient(apiUrl());
  browserClient ??= makeApolloClient(apiUrl());
  return browserClient;
}

export function ChorusApolloProvider({ children }: { children: ReactNode }) {
  const [client] = useState(clientForThisRuntime);
  return <ApolloProvider client={client}>{children}</ApolloProvider>;
}
