import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { createClient } from 'graphql-ws';

/**
 * The one client for Chorus's GraphQL API, used by the web app, the tests, the benchmarks and
 * scripts: a typed document in, typed data out (`request` over HTTP, `subscribe` over graphql-ws).
 */

/** The code of a failure to reach the API at all (server down, wrong URL, CORS refused). */
export const NETWORK_ERROR = 'NETWORK_ERROR';
/** The code the API gives a dataset, source or stream that does not exist. */
export const NOT_FOUND = 'NOT_FOUND';
/** The code of an answer that is not a GraphQL response (a proxy's error page, a bad gateway). */
export const HTTP_ERROR = 'HTTP_ERROR';

/**
 * A failed request: the first GraphQL error's message and `extensions.code` (`BAD_USER_INPUT`,
 * `NOT_FOUND`, `CONFLICT`, …, with `field`/`line` in `extensions`), or `NETWORK_ERROR` /
 * `HTTP_ERROR` when no GraphQL answer came back.
 */
export class ChorusApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ChorusApiError';
  }
}

export interface GraphQLResponse<TResult> {
  data?: TResult | null;
  errors?: readonly GraphQLFormattedError[];
}

const printedDocuments = new WeakMap<DocumentNode, string>();

function printOnce(document: DocumentNode): string {
  let text = printedDocuments.get(document);
  if (text === undefined) {
    text = print(document);
    printedDocuments.set(document, text);
  }
  return text;
}

function isGraphQLResponse(body: unknown): body is GraphQLResponse<unknown> {
  return typeof body === 'object' && body !== null && ('data' in body || 'errors' in body);
}

export interface RequestOptions {
  /** Who is asking (until accounts exist, the annotator's name). */
  user?: string;
}

/** Sends one operation and returns the GraphQL response as it came, errors included. */
export async function execute<TResult, TVariables>(
  apiUrl: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  options: RequestOptions = {},
): Promise<GraphQLResponse<TResult>> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(options.user ? { 'x-chorus-user': options.user } : {}),
      },
      body: JSON.stringify({ query: printOnce(document), variables }),
    });
  } catch {
    throw new ChorusApiError(`Cannot reach the Chorus API at ${apiUrl}`, NETWORK_ERROR);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!isGraphQLResponse(body)) {
    throw new ChorusApiError(
      `The Chorus API at ${apiUrl} answered ${response.status} ${response.statusText}`.trim(),
      HTTP_ERROR,
      { status: response.status },
    );
  }
  return body as GraphQLResponse<TResult>;
}

/**
 * Sends one typed document and returns its typed data, or throws a `ChorusApiError`.
 *
 * @example const { datasets } = await request(apiUrl, DatasetsDocument, { first: 20 });
 */
export async function request<TResult, TVariables>(
  apiUrl: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  options: RequestOptions = {},
): Promise<TResult> {
  const body = await execute(apiUrl, document, variables, options);
  const [first] = body.errors ?? [];
  if (first) {
    const { code, ...extensions } = first.extensions ?? {};
    throw new ChorusApiError(
      first.message,
      typeof code === 'string' ? code : HTTP_ERROR,
      extensions,
    );
  }
  if (body.data === undefined || body.data === null) {
    throw new ChorusApiError('The Chorus API answered without data', HTTP_ERROR);
  }
  // The server validated the operation against the schema these documents were generated from.
  return body.data;
}

export interface SubscribeOptions<TResult> {
  /** Stop (and close the socket) after the event for which this returns true. */
  until?: (event: TResult) => boolean;
  /** The WebSocket class: Node passes `ws`'s; browsers pass nothing and use their own. */
  webSocketImpl?: unknown;
  /** Who is asking (sent in `connection_init`, as `x-chorus-user` is over HTTP). */
  user?: string;
}

/** A running subscription: the events so far, and promises for its start and its end. */
export interface LiveSubscription<TResult> {
  /** Every event received so far, in order. */
  events: TResult[];
  /** Resolves with every event once `until` says stop or the server completes it. */
  done: Promise<TResult[]>;
  /** Resolves once the socket is acknowledged (and the subscription has had time to start). */
  ready: Promise<void>;
  close: () => Promise<void>;
}

/**
 * Subscribes to one typed document over graphql-ws on its own socket and collects its events;
 * the first GraphQL error rejects `done`. For tests, scripts and notebooks; the web app goes
 * through Apollo Client.
 *
 * @example const run = subscribe(apiUrl, TrainingRunEventsDocument, { id }, { webSocketImpl: WebSocket, until: (e) => e.trainingRunEvents.status !== 'running' });
 */
export function subscribe<TResult, TVariables>(
  apiUrl: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  options: SubscribeOptions<TResult> = {},
): LiveSubscription<TResult> {
  const events: TResult[] = [];
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const client = createClient({
    url: `${apiUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: options.webSocketImpl,
    connectionParams: options.user ? { user: options.user } : undefined,
    // The server starts the subscription just after the acknowledgement.
    on: { connected: () => setTimeout(markReady, 50) },
  });
  const done = new Promise<TResult[]>((resolve, reject) => {
    const unsubscribe = client.subscribe<TResult>(
      { query: printOnce(document), variables: variables as Record<string, unknown> },
      {
        next: ({ data, errors }) => {
          if (errors) reject(new ChorusApiError(errors[0]!.message, HTTP_ERROR, { errors }));
          if (!data) return;
          events.push(data);
          if (options.until?.(data)) {
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
  return { events, done, ready, close: async () => client.dispose() };
}
