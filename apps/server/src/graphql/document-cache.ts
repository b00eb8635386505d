import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

const MAX_DOCUMENTS = 1000;

/**
 * Parses and validates each distinct operation text once. Annotation clients send the same few
 * operations thousands of times over one WebSocket; graphql-ws would parse and validate each.
 * Returns the document, or the errors to send back.
 */
export function documentCache(
  schema: GraphQLSchema,
): (query: string) => DocumentNode | readonly GraphQLError[] {
  const documents = new Map<string, DocumentNode>();
  return (query) => {
    const cached = documents.get(query);
    if (cached) return cached;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
    }
    const errors = validate(schema, document);
    if (errors.length > 0) return errors;
    if (documents.size >= MAX_DOCUMENTS) documents.delete(documents.keys().next().value!);
    documents.set(query, document);
    return document;
  };
}
