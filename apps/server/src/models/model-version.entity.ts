import { BigIntType, Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { DatasetKind } from '@chorus/schema';
import { JSONObjectResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * An immutable, numbered model: the engine's JSON (weights and settings), its metrics, the
 * version it came from, and, for a stream's snapshot, the last answer it has learnt from (so a
 * restart replays only the answers after it).
 */
@ObjectType({ description: 'An immutable, numbered model artifact.' })
@Entity({ tableName: 'model_version' })
export class ModelVersion {
  @Field(() => ID, { description: 'The version number.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => DatasetKind)
  @Enum({ items: () => DatasetKind, nativeEnumName: 'dataset_kind' })
  kind!: DatasetKind;

  @Field(() => [String])
  @Property({ type: 'text[]' })
  labels!: string[];

  /** The engine's model JSON; large, so loaded only when asked for. */
  @Property({ type: 'text', lazy: true })
  model!: string;

  @Field(() => JSONObjectResolver, { nullable: true })
  @Property({ type: 'json', columnType: 'json', nullable: true })
  metrics?: Record<string, unknown>;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true, fieldName: 'parent_id' })
  parentId?: number;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true, fieldName: 'stream_id' })
  streamId?: number;

  @Field(() => Int, {
    nullable: true,
    description: 'The training run that published this version (none for stream snapshots).',
  })
  @Property({ type: 'integer', nullable: true, fieldName: 'training_run_id', unique: true })
  trainingRunId?: number;

  @Field(() => Int, {
    description:
      "What the model had learnt from when it was saved: a stream snapshot's answers, a training run's training examples (its answers merged per input).",
  })
  @Property({ type: 'integer' })
  answersSeen: number = 0;

  @Property({ type: new BigIntType('number'), nullable: true })
  lastAnnotationId?: number;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
