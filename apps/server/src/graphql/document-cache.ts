import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import type { OperationLimits } from './operation-limits.js';

export interface DocumentCacheOptions {
  limits: OperationLimits;
  /** Total query text kept; the oldest documents go first when a new one would not fit. */
  maxBytes: number;
  /** Leave "Did you mean …?" out of validation errors (production). */
  hideSuggestions: boolean;
}

/**
 * Parses and validates each distinct operation text once, within the operation limits.
 * Annotation clients send the same few operations thousands of times over one WebSocket;
 * graphql-ws would parse and validate each. The cache is bounded by the size of the texts it
 * keeps, not only their number: one socket sending distinct large queries once grew it to 4 GB.
 * Returns the document, or the errors to send back.
 */
export function documentCache(
  schema: GraphQLSchema,
  { limits, maxBytes, hideSuggestions }: DocumentCacheOptions,
): (query: string) => DocumentNode | readonly GraphQLError[] {
  const documents = new Map<string, DocumentNode>();
  const rules = [...specifiedRules, ...limits.validationRules];
  let bytes = 0;
  return (query) => {
    const cached = documents.get(query);
    if (cached) return cached;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: limits.maxTokens });
    } catch (error) {
      return [
        withCode(
          error instanceof GraphQLError ? error : new GraphQLError(String(error)),
          'GRAPHQL_PARSE_FAILED',
        ),
      ];
    }
    const errors = validate(schema, document, rules, { hideSuggestions });
    if (errors.length > 0) return errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
    // Strings are UTF-16: two bytes a code unit.
    const size = query.length * 2;
    if (size > maxBytes) return document;
    for (const [oldest] of documents) {
      if (bytes + size <= maxBytes) break;
      documents.delete(oldest);
      bytes -= oldest.length * 2;
    }
    documents.set(query, document);
    bytes += size;
    return document;
  };
}

/** The codes Apollo gives the same errors over HTTP, so a client handles both transports alike. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}
