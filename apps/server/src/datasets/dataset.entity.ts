import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { DatasetKind } from '@chorus/schema';
import { Field, ID, ObjectType } from 'type-graphql';

/** A named set of answered tasks of one kind, with its labels. */
@ObjectType({ description: 'A named set of answered tasks of one kind, with its labels.' })
@Entity({ tableName: 'dataset' })
export class Dataset {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String)
  @Property({ type: 'text', unique: true })
  name!: string;

  @Field(() => DatasetKind)
  @Enum({ items: () => DatasetKind, nativeEnumName: 'dataset_kind' })
  kind!: DatasetKind;

  @Field(() => [String])
  @Property({ type: 'text[]' })
  labels: string[] = [];

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
