import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { execute, request, subscribe as subscribeOverWs } from '@chorus/schema';
import WebSocket from 'ws';

/** One GraphQL operation over HTTP; the response as it came, errors included. */
export const graphql = execute;

/** Like `graphql`, but fails on errors and returns the data. */
export const graphqlData = request;

/** `subscribe` of `@chorus/schema` over Node's `ws`, until `until` says stop. */
export function subscribe<T, V>(
  baseUrl: string,
  document: TypedDocumentNode<T, V>,
  variables: V,
  until: (event: T) => boolean,
) {
  return subscribeOverWs(baseUrl, document, variables, { until, webSocketImpl: WebSocket });
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
