import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { apiUrl, graphqlUrl } from './config';

/** The code of a failure to reach the API at all (server down, wrong URL, CORS refused). */
export const NETWORK_ERROR = 'NETWORK_ERROR';
/** The code the API gives a dataset or source that does not exist. */
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

const printedDocuments = new WeakMap<DocumentNode, string>();

function printOnce(document: DocumentNode): string {
  let text = printedDocuments.get(document);
  if (text === undefined) {
    text = print(document);
    printedDocuments.set(document, text);
  }
  return text;
}

interface GraphQLResponse {
  data?: unknown;
  errors?: readonly GraphQLFormattedError[];
}

function isGraphQLResponse(body: unknown): body is GraphQLResponse {
  return typeof body === 'object' && body !== null && ('data' in body || 'errors' in body);
}

/**
 * Sends one typed document over HTTP and returns its typed data, or throws a `ChorusApiError`.
 *
 * @example const { datasets } = await request(DatasetsDocument, { first: 20 });
 */
export async function request<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch(graphqlUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query: printOnce(document), variables }),
    });
  } catch {
    throw new ChorusApiError(`Cannot reach the Chorus API at ${apiUrl()}`, NETWORK_ERROR);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!isGraphQLResponse(body)) {
    throw new ChorusApiError(
      `The Chorus API at ${apiUrl()} answered ${response.status} ${response.statusText}`.trim(),
      HTTP_ERROR,
      { status: response.status },
    );
  }
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
  return body.data as TResult;
}

/** Narrows an unknown failure to what the UI shows. */
export function toChorusApiError(error: unknown): ChorusApiError {
  if (error instanceof ChorusApiError) return error;
  return new ChorusApiError(error instanceof Error ? error.message : String(error), HTTP_ERROR);
}
