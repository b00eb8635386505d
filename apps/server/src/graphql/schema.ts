import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { DatasetResolver } from '../datasets/dataset.resolver.js';
import { ImportResolver } from '../imports/import.resolver.js';
import type { PubSub } from '../pubsub.js';
import { SourceResolver } from '../sources/source.resolver.js';
import { ModelVersionResolver } from '../models/model-version.resolver.js';
import { StreamResolver } from '../streams/stream.resolver.js';
import { TrainingResolver } from '../training/training.resolver.js';
import { checkAccess } from '../users/access.js';
import { UserResolver } from '../users/user.resolver.js';

export const resolvers = [
  DatasetResolver,
  SourceResolver,
  ImportResolver,
  StreamResolver,
  TrainingResolver,
  ModelVersionResolver,
  UserResolver,
] as const;

export function buildChorusSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    pubSub,
    // Every `@Authorized` rule is decided in one place; it allows everything with CHORUS_AUTH=off.
    authChecker: checkAccess,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
}

/** The SDL committed as `packages/schema/schema.graphql`; sorted so diffs show real changes only. */
export function printChorusSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
