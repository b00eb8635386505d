import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

/** A named, imported set of inputs, deduplicated by input hash. */
@ObjectType({ description: 'A named set of raw inputs, deduplicated by input hash.' })
@Entity({ tableName: 'source' })
export class Source {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String)
  @Property({ type: 'text', unique: true })
  name!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
