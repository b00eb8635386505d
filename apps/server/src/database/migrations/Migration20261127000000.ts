import { Migration } from '@mikro-orm/migrations';

/** Users with a role, their grants per dataset, and their API tokens (stored as SHA-256). */
export class Migration20261127000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "user_role" as enum ('admin', 'annotator', 'viewer');`);
    this.addSql(`create table "user" (
      "id" serial primary key,
      "name" text not null unique,
      "role" "user_role" not null,
      "password_hash" text not null,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create table "dataset_grant" (
      "id" serial primary key,
      "user_id" int not null references "user" ("id") on delete cascade,
      "dataset_id" int not null references "dataset" ("id") on delete cascade,
      "created_at" timestamptz not null default now(),
      constraint "dataset_grant_user_id_dataset_id_unique" unique ("user_id", "dataset_id")
    );`);
    this.addSql(`create table "api_token" (
      "id" serial primary key,
      "user_id" int not null references "user" ("id") on delete cascade,
      "label" text null,
      "token_hash" text not null unique,
      "created_at" timestamptz not null default now(),
      "last_used_at" timestamptz null,
      "revoked_at" timestamptz null
    );`);
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_token";`);
    this.addSql(`drop table if exists "dataset_grant";`);
    this.addSql(`drop table if exists "user";`);
    this.addSql(`drop type if exists "user_role";`);
  }
}
