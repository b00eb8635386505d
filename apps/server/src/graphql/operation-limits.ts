import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ValidationRule } from 'graphql';
import type { Limits } from '../config.js';

export interface OperationLimits {
  /** Depth, aliases, directives and cost, as graphql-armor's validation rules. */
  validationRules: ValidationRule[];
  /** Apollo plugins of graphql-armor (the token count, checked before parsing). */
  apolloPlugins: ApolloServerPlugin[];
  /** For parsers other than Apollo's (graphql-ws): `parse(query, { maxTokens })`. */
  maxTokens: number;
}

/**
 * One set of operation limits for HTTP (Apollo) and WebSocket (graphql-ws) alike. Errors name the
 * limit and its value (`exposeLimits`), so a client that needs more knows what to ask for.
 * Field suggestions are hidden by Apollo (`hideSchemaDetailsFromClientErrors`) and by our
 * document cache, not here.
 */
export function operationLimits(limits: Limits): OperationLimits {
  const armor = new ApolloArmor({
    blockFieldSuggestion: { enabled: false },
    maxDepth: { n: limits.maxDepth, exposeLimits: true, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true },
    maxTokens: { n: limits.maxTokens, exposeLimits: true },
    maxDirectives: { n: limits.maxDirectives, exposeLimits: true },
    costLimit: { maxCost: limits.maxCost, exposeLimits: true, ignoreIntrospection: true },
  }).protect();
  return {
    validationRules: armor.validationRules,
    // graphql-armor is typed against @apollo/server's CommonJS declarations, Chorus imports its
    // ES module ones: the same plugin objects, declared twice.
    apolloPlugins: armor.plugins as unknown as ApolloServerPlugin[],
    maxTokens: limits.maxTokens,
  };
}
