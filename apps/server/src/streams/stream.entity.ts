import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Recipe, Routing, Sorter } from '@chorus/schema';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Dataset } from '../datasets/dataset.entity.js';
import { Source } from '../sources/source.entity.js';

/**
 * A live queue of tasks: one dataset, one recipe, one source, labels, optional patterns, a base
 * model, a sorter, and how work is shared between sessions. Its in-loop model and task pool live
 * in memory (streams/runtime) and are rebuilt from snapshots and answers after a restart.
 */
@ObjectType({ description: 'A live queue of tasks for one dataset, recipe and source.' })
@Entity({ tableName: 'stream' })
export class Stream {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String)
  @Property({ type: 'text', unique: true })
  name!: string;

  @Field(() => Dataset)
  @ManyToOne(() => Dataset, { deleteRule: 'cascade' })
  dataset!: Rel<Dataset>;

  @Field(() => Source, { nullable: true, description: 'Where inputs come from (none for review).' })
  @ManyToOne(() => Source, { nullable: true })
  source?: Rel<Source>;

  @Field(() => Dataset, {
    nullable: true,
    description: 'Review streams: the dataset whose answers are adjudicated.',
  })
  @ManyToOne(() => Dataset, { nullable: true, fieldName: 'review_of' })
  reviewOf?: Rel<Dataset>;

  @Field(() => Recipe)
  @Enum({ items: () => Recipe, type: 'text' })
  recipe!: Recipe;

  @Field(() => [String])
  @Property({ type: 'text[]' })
  labels!: string[];

  @Field(() => Boolean, { description: 'For textcat: exactly one label applies.' })
  @Property({ type: 'boolean' })
  exclusive: boolean = false;

  @Field(() => String, { nullable: true, description: 'Prodigy patterns JSONL.' })
  @Property({ type: 'text', nullable: true })
  patterns?: string;

  @Field(() => Sorter)
  @Enum({ items: () => Sorter, type: 'text' })
  sorter!: Sorter;

  @Field(() => Routing)
  @Enum({ items: () => Routing, type: 'text' })
  routing!: Routing;

  @Field(() => Int)
  @Property({ type: 'integer' })
  annotationsPerTask: number = 1;

  @Field(() => [String], { description: 'Datasets whose answered tasks this stream never asks.' })
  @Property({ type: 'text[]' })
  exclude: string[] = [];

  @Field(() => Int, {
    description: 'The in-loop model is saved as a model version every this many answers.',
  })
  @Property({ type: 'integer' })
  snapshotEvery: number = 500;

  @Property({ type: 'integer', nullable: true, fieldName: 'base_model_version_id' })
  baseModelVersionId?: number;

  @Field(() => Int, { nullable: true, description: 'How many answers are wanted, if said.' })
  @Property({ type: 'integer', nullable: true })
  target?: number;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
