import { CombinedGraphQLErrors, ServerError, ServerParseError } from '@apollo/client/errors';
import { ChorusApiError, HTTP_ERROR, NETWORK_ERROR } from '@chorus/schema';
import { apiUrl } from './config';

export { ChorusApiError, HTTP_ERROR, NETWORK_ERROR, NOT_FOUND } from '@chorus/schema';

/**
 * Narrows what Apollo Client reports (GraphQL errors, a server's non-GraphQL answer, a fetch
 * that never reached the API) to the one error shape the UI shows: the API's own message and
 * code (`NOT_FOUND`, `BAD_USER_INPUT` with `field`, …), or "Cannot reach the Chorus API at …".
 */
export function toChorusApiError(error: unknown): ChorusApiError {
  if (error instanceof ChorusApiError) return error;
  if (CombinedGraphQLErrors.is(error) && error.errors[0]) {
    const [first] = error.errors;
    const { code, ...extensions } = first.extensions ?? {};
    return new ChorusApiError(
      first.message,
      typeof code === 'string' ? code : HTTP_ERROR,
      extensions,
    );
  }
  if (ServerError.is(error) || ServerParseError.is(error)) {
    return new ChorusApiError(
      `The Chorus API at ${apiUrl()} answered ${error.statusCode}`,
      HTTP_ERROR,
      { status: error.statusCode },
    );
  }
  // A fetch that fails outright (refused, offline, CORS) rejects with a TypeError.
  if (error instanceof TypeError) {
    return new ChorusApiError(`Cannot reach the Chorus API at ${apiUrl()}`, NETWORK_ERROR);
  }
  return new ChorusApiError(error instanceof Error ? error.message : String(error), HTTP_ERROR);
}
