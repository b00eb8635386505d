import {
  BigIntType,
  Entity,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
  type Rel,
} from '@mikro-orm/core';
import { JSONObjectResolver, SafeIntResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Source } from './source.entity.js';

/**
 * One raw example of a source. `data` keeps every field of the imported line except `text`
 * (tokens, meta, anything else), so exports give back what was imported. `position` keeps the
 * file order, which the `mark` recipe follows.
 */
@ObjectType({ description: 'One raw example of a source.' })
@Entity({ tableName: 'input' })
@Unique({ properties: ['source', 'inputHash'] })
export class Input {
  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  @ManyToOne(() => Source, { deleteRule: 'cascade' })
  source!: Rel<Source>;

  @Field(() => SafeIntResolver, { description: 'Prodigy `_input_hash`.' })
  @Property({ type: new BigIntType('number') })
  inputHash!: number;

  @Field(() => Int, { description: 'Order in the source, as imported.' })
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  text!: string;

  @Field(() => JSONObjectResolver, {
    description: 'Every imported field but text: tokens, meta, ...',
  })
  @Property({ type: 'json', columnType: 'json' })
  data!: Record<string, unknown>;
}
