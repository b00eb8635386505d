import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { DatasetKind } from '@chorus/schema';
import { JSONObjectResolver } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

export type TrainingStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Batch training from a blank model on every answer of some datasets; ends in a model version. */
@ObjectType({ description: 'Batch training from a blank model on the answers of datasets.' })
@Entity({ tableName: 'training_run' })
export class TrainingRun {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'queued, running, succeeded, failed or cancelled.' })
  @Property({ type: 'text' })
  status: TrainingStatus = 'queued';

  @Field(() => DatasetKind)
  @Enum({ items: () => DatasetKind, nativeEnumName: 'dataset_kind' })
  kind!: DatasetKind;

  @Field(() => [String])
  @Property({ type: 'text[]' })
  labels!: string[];

  @Field(() => [String])
  @Property({ type: 'text[]' })
  datasets!: string[];

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  evalDataset?: string;

  @Field(() => Float)
  @Property({ type: 'double' })
  evalSplit: number = 0.2;

  @Field(() => Int)
  @Property({ type: 'integer' })
  epochs!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  seed: number = 0;

  @Field(() => Boolean)
  @Property({ type: 'boolean' })
  curve: boolean = false;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Textcat: one softmax over the labels (true) or independent labels (false). Null until a run asked to detect it has read its data, and for NER.',
  })
  @Property({ type: 'boolean', nullable: true })
  exclusive?: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Word vectors added as dense features (see trainingOptions).',
  })
  @Property({ type: 'text', nullable: true })
  vectors?: string;

  @Property({ type: 'text', nullable: true })
  jobId?: string;

  /** One entry per finished epoch: loss, scores and the share of the data it trained on. */
  @Field(() => [JSONObjectResolver])
  @Property({ type: 'json', columnType: 'json' })
  progress: Record<string, unknown>[] = [];

  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: 'Best epoch, per label scores, curve.',
  })
  @Property({ type: 'json', columnType: 'json', nullable: true })
  metrics?: Record<string, unknown>;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true, fieldName: 'model_version_id' })
  modelVersionId?: number;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  error?: string;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date;
}
