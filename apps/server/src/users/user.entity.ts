import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Dataset } from '../datasets/dataset.entity.js';
import { UserRole } from './user-role.js';

/** Someone who signs in; created by an admin (no self-registration, no default user). */
@ObjectType({ description: 'Someone who signs in, with a role.' })
@Entity({ tableName: 'user' })
export class User {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String)
  @Property({ type: 'text', unique: true })
  name!: string;

  @Field(() => UserRole)
  @Enum({ items: () => UserRole, nativeEnumName: 'user_role' })
  role!: UserRole;

  /** argon2id, in its PHC string form (parameters and salt included). */
  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

/** A user may read (viewer) or answer in (annotator) one dataset. */
@Entity({ tableName: 'dataset_grant' })
@Unique({ properties: ['user', 'dataset'] })
export class DatasetGrant {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @ManyToOne(() => Dataset, { deleteRule: 'cascade' })
  dataset!: Rel<Dataset>;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

/** A bearer token for scripts and notebooks. Only its SHA-256 is stored, never the token. */
@ObjectType({ description: 'An API token (its secret is shown once, when created).' })
@Entity({ tableName: 'api_token' })
export class ApiToken {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => User)
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  label?: string;

  /** Hex SHA-256 of the token: tokens are long random strings, so no slow hash is needed. */
  @Property({ type: 'text', unique: true, hidden: true })
  tokenHash!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date;
}
