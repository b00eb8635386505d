import {
  BigIntType,
  Entity,
  Enum,
  Index,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
  type Rel,
} from '@mikro-orm/core';
import { AnswerKind } from '@chorus/schema';
import { JSONObjectResolver, SafeIntResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Dataset } from './dataset.entity.js';

/**
 * One answer by one annotator to one task: the truth everything else is derived from. Rows are
 * only appended; an undo or a changed mind is a newer row, and the latest row of a session for a
 * task counts.
 */
@ObjectType({ description: 'One answer by one annotator to one task.' })
@Entity({ tableName: 'annotation' })
@Index({ properties: ['dataset', 'taskHash'] })
@Index({ properties: ['dataset', 'inputHash'] })
@Index({
  name: 'annotation_dataset_id_session_id_index',
  expression:
    'create index "annotation_dataset_id_session_id_index" on "annotation" ("dataset_id", "session_id") where "session_id" is not null',
})
@Unique({
  name: 'annotation_dataset_id_idempotency_key_unique',
  expression:
    'create unique index "annotation_dataset_id_idempotency_key_unique" on "annotation" ("dataset_id", "idempotency_key") where "idempotency_key" is not null',
})
export class Annotation {
  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  @ManyToOne(() => Dataset, { deleteRule: 'cascade' })
  dataset!: Rel<Dataset>;

  @Field(() => SafeIntResolver, { description: 'Prodigy `_input_hash`.' })
  @Property({ type: new BigIntType('number') })
  inputHash!: number;

  @Field(() => SafeIntResolver, { description: 'Prodigy `_task_hash`.' })
  @Property({ type: new BigIntType('number') })
  taskHash!: number;

  /** The task as shown and answered, in Prodigy's format, without the bookkeeping fields below. */
  @Field(() => JSONObjectResolver)
  @Property({ type: 'json', columnType: 'json' })
  task!: Record<string, unknown>;

  @Field(() => AnswerKind)
  @Enum({ items: () => AnswerKind, nativeEnumName: 'answer_kind' })
  answer!: AnswerKind;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  sessionId?: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  annotator?: string;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  timestamp: Date = new Date();

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  modelVersion?: number;

  @Field(() => Number, { nullable: true })
  @Property({ type: 'double', nullable: true })
  score?: number;

  @Property({ type: 'text', nullable: true })
  idempotencyKey?: string;

  /** Set when its session took the answer back; the row stays, as history. */
  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  undoneAt?: Date;

  /** The stream the answer came through, if any: a restart replays these into its model. */
  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true, fieldName: 'stream_id' })
  streamId?: number;
}
