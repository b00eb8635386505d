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

export const resolvers = [
  DatasetResolver,
  SourceResolver,
  ImportResolver,
  StreamResolver,
  TrainingResolver,
  ModelVersionResolver,
] as const;

export function buildChorusSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    pubSub,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
}

/** The SDL committed as `packages/schema/schema.graphql`; sorted so diffs show real changes only. */
export function printChorusSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
