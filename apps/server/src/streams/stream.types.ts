import { AnswerKind, Recipe, Routing, Sorter } from '@chorus/schema';
import { ArrayMaxSize, Length, Max, MaxLength, Min } from 'class-validator';
import { JSONObjectResolver, SafeIntResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { StreamEventPayload, StreamEventType } from '../events.js';
import { connectionType } from '../graphql/connection.js';
import { Stream } from './stream.entity.js';
import { Task } from './task.types.js';

registerEnumType(Recipe, {
  name: 'Recipe',
  description: "How a stream makes tasks (Prodigy's recipes).",
});
registerEnumType(Sorter, { name: 'Sorter', description: 'Which candidates a stream asks first.' });
registerEnumType(Routing, {
  name: 'Routing',
  description: 'How tasks are shared between sessions.',
});

enum StreamEventKind {
  model_updated = 'model_updated',
  version_published = 'version_published',
  model_switched = 'model_switched',
  presence = 'presence',
  progress = 'progress',
}
registerEnumType(StreamEventKind, {
  name: 'StreamEventType',
  valuesConfig: {
    model_updated: { description: 'The in-loop model learnt (at most one event per 100 ms).' },
    version_published: { description: 'The in-loop model was saved as version `modelVersion`.' },
    model_switched: { description: 'The stream now goes on from version `modelVersion`.' },
    presence: { description: 'A session came or went.' },
    progress: { description: 'Answers or remaining tasks changed (an undo, say).' },
  },
});

@InputType()
export class CreateStreamInput {
  @Field(() => String)
  @Length(1, 100)
  name!: string;

  @Field(() => String)
  dataset!: string;

  @Field(() => String, { nullable: true, description: 'Where inputs come from (not for review).' })
  source?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Review streams: the dataset to adjudicate.',
  })
  reviewOf?: string;

  @Field(() => Recipe)
  recipe!: Recipe;

  @Field(() => [String])
  @ArrayMaxSize(500)
  labels!: string[];

  @Field(() => Boolean, { nullable: true, description: 'textcat: exactly one label applies.' })
  exclusive?: boolean;

  @Field(() => String, { nullable: true, description: 'Prodigy patterns JSONL.' })
  @MaxLength(5_000_000)
  patterns?: string;

  @Field(() => Sorter, { nullable: true })
  sorter?: Sorter;

  @Field(() => Routing, { nullable: true })
  routing?: Routing;

  @Field(() => Int, { nullable: true })
  @Min(1)
  @Max(100)
  annotationsPerTask?: number;

  @Field(() => [String], { nullable: true, description: 'Never ask what these datasets answered.' })
  exclude?: string[];

  @Field(() => Int, { nullable: true })
  baseModelVersion?: number;

  @Field(() => Int, { nullable: true })
  @Min(1)
  snapshotEvery?: number;

  @Field(() => Int, { nullable: true, description: 'How many answers are wanted (at least 1).' })
  @Min(1)
  target?: number;
}

@InputType()
export class AnswerInput {
  @Field(() => String)
  stream!: string;

  @Field(() => String)
  @Length(1, 200)
  session!: string;

  @Field(() => SafeIntResolver)
  taskHash!: number;

  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: 'The task as received: lets the answer land even if the server restarted.',
  })
  task?: Record<string, unknown>;

  @Field(() => AnswerKind)
  answer!: AnswerKind;

  @Field(() => [JSONObjectResolver], {
    nullable: true,
    description: 'Manual recipes: the spans marked.',
  })
  spans?: Record<string, unknown>[];

  @Field(() => [String], { nullable: true, description: 'Choice recipes: the accepted options.' })
  accept?: string[];

  @Field(() => String, {
    description: 'Unique per answer: a retry with the same key changes nothing.',
  })
  @Length(1, 200)
  idempotencyKey!: string;
}

@ObjectType()
export class AnswerResult {
  @Field(() => ID)
  annotationId!: number;

  @Field(() => Boolean, { description: 'True when the key was already answered: nothing changed.' })
  duplicate!: boolean;

  @Field(() => Int, { description: 'Answers the in-loop model has learnt from.' })
  answers!: number;
}

@ObjectType({ description: 'Tasks newly leased to a session, and tasks taken back from it.' })
export class TaskBatch {
  @Field(() => [Task])
  tasks!: Task[];

  @Field(() => [SafeIntResolver])
  revoked!: number[];
}

@ObjectType({ description: "A stream's state; events carry it whenever it changes." })
export class StreamState implements StreamEventPayload {
  @Field(() => StreamEventKind)
  type!: StreamEventType;

  @Field(() => ID)
  streamId!: number;

  @Field(() => Int, {
    description:
      'Answers the in-loop model has learnt from: a version it switched to brings its own count.',
  })
  answers!: number;

  @Field(() => Float, {
    nullable: true,
    description: "Share of the last 100 binary answers where the model's guess (score ≥ 0.5) held.",
  })
  rollingAccuracy!: number | null;

  @Field(() => [String], { description: 'Sessions present.' })
  sessions!: string[];

  @Field(() => Int, { description: 'Answers stored through this stream, not undone.' })
  answered!: number;

  @Field(() => Int, {
    description: 'Tasks known to be left: the pool, plus inputs of the source not read yet.',
  })
  remaining!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version the in-loop model is or was last saved as; with version_published, the one just saved; with model_switched, the one switched to.',
  })
  modelVersion!: number | null;
}

export const StreamConnection = connectionType(Stream, 'Stream');
