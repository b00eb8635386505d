import type { ApolloClient } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { AnswerBatchDocument, type AnswerInput } from '@chorus/schema';
import type { SendFailure } from '../../../lib/outbox/answer-outbox';

/** Error codes that mean the answer itself is wrong: resending it cannot help. */
const REFUSED_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'GRAPHQL_VALIDATION_FAILED',
]);

/** The outbox's transport: one `answerBatch` over HTTP. */
export function answerSender(client: ApolloClient) {
  return async (inputs: AnswerInput[]): Promise<void> => {
    await client.mutate({
      mutation: AnswerBatchDocument,
      variables: { inputs },
      fetchPolicy: 'no-cache',
    });
  };
}

/** Sorts a failed send into "try again later" and "the API refused it". */
export function classifySendError(error: unknown): SendFailure {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = first?.extensions?.code;
    return {
      permanent: typeof code === 'string' && REFUSED_CODES.has(code),
      message: first?.message ?? error.message,
    };
  }
  if (ServerError.is(error)) {
    return { permanent: false, message: `The API answered ${error.statusCode}` };
  }
  return { permanent: false, message: 'Cannot reach the Chorus API' };
}
