import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { execute, request } from '@chorus/schema';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** One GraphQL operation over HTTP; the response as it came, errors included. */
export const graphql = execute;

/** Like `graphql`, but fails on errors and returns the data. */
export const graphqlData = request;

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
