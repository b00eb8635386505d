import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

/** One GraphQL operation over HTTP with a typed document from @chorus/schema. */
export async function graphql<T, V>(
  baseUrl: string,
  document: TypedDocumentNode<T, V>,
  variables?: V,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

/** Like `graphql`, but fails on errors and returns the data. */
export async function graphqlData<T, V>(
  baseUrl: string,
  document: TypedDocumentNode<T, V>,
  variables?: V,
): Promise<T> {
  const result = await graphql(baseUrl, document, variables);
  if (result.errors?.length || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

/** Collects a subscription's events over graphql-ws until `until` says stop. */
export function subscribe<T, V>(
  baseUrl: string,
  document: TypedDocumentNode<T, V>,
  variables: V,
  until: (event: T) => boolean,
): { events: T[]; done: Promise<T[]>; ready: Promise<void>; close: () => Promise<void> } {
  const events: T[] = [];
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    on: { connected: () => setTimeout(markReady, 50) },
  });
  const done = new Promise<T[]>((resolve, reject) => {
    const unsubscribe = client.subscribe<T>(
      { query: print(document), variables: variables as Record<string, unknown> },
      {
        next: ({ data, errors }) => {
          if (errors) reject(new Error(JSON.stringify(errors)));
          if (!data) return;
          events.push(data);
          if (until(data)) {
            unsubscribe();
            void client.dispose();
            resolve(events);
          }
        },
        error: reject,
        complete: () => resolve(events),
      },
    );
  });
  return { events, done, ready, close: () => client.dispose() as Promise<void> };
}

/** Posts a file body to an import endpoint and returns the JSON answer with its status. */
export async function postImport(
  baseUrl: string,
  path: string,
  body: string | Uint8Array,
): Promise<{
  status: number;
  body: Record<string, unknown> & {
    error?: { code: string; message: string; line?: number; field?: string };
  };
}> {
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', body });
  return { status: response.status, body: (await response.json()) as never };
}
