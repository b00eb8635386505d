import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ChorusApiError, HTTP_ERROR, request as requestAt } from '@chorus/schema';
import { apiUrl } from './config';

export { ChorusApiError, HTTP_ERROR, NETWORK_ERROR, NOT_FOUND } from '@chorus/schema';

/**
 * Sends one typed document to the configured API and returns its typed data, or throws a
 * `ChorusApiError`.
 *
 * @example const { datasets } = await request(DatasetsDocument, { first: 20 });
 */
export function request<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  return requestAt(apiUrl(), document, variables);
}

/** Narrows an unknown failure to what the UI shows. */
export function toChorusApiError(error: unknown): ChorusApiError {
  if (error instanceof ChorusApiError) return error;
  return new ChorusApiError(error instanceof Error ? error.message : String(error), HTTP_ERROR);
}
