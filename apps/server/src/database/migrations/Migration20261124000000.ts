import { Migration } from '@mikro-orm/migrations';

/** Sources, inputs, datasets and annotations. */
export class Migration20261124000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "dataset_kind" as enum ('ner', 'textcat');`);
    this.addSql(`create type "answer_kind" as enum ('accept', 'reject', 'ignore');`);
    this.addSql(`create table "source" (
      "id" serial primary key,
      "name" text not null unique,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create table "input" (
      "id" bigserial primary key,
      "source_id" int not null references "source" ("id") on delete cascade,
      "input_hash" bigint not null,
      "position" int not null,
      "text" text not null,
      "data" json not null,
      constraint "input_source_id_input_hash_unique" unique ("source_id", "input_hash")
    );`);
    this.addSql(
      `create index "input_source_id_position_index" on "input" ("source_id", "position");`,
    );
    this.addSql(`create table "dataset" (
      "id" serial primary key,
      "name" text not null unique,
      "kind" "dataset_kind" not null,
      "labels" text[] not null default '{}',
      "description" text null,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create table "annotation" (
      "id" bigserial primary key,
      "dataset_id" int not null references "dataset" ("id") on delete cascade,
      "input_hash" bigint not null,
      "task_hash" bigint not null,
      "task" json not null,
      "answer" "answer_kind" not null,
      "session_id" text null,
      "annotator" text null,
      "timestamp" timestamptz not null default now(),
      "model_version" int null,
      "score" double precision null,
      "idempotency_key" text null,
      constraint "annotation_dataset_id_idempotency_key_unique" unique ("dataset_id", "idempotency_key")
    );`);
    this.addSql(
      `create index "annotation_dataset_id_task_hash_index" on "annotation" ("dataset_id", "task_hash");`,
    );
    this.addSql(
      `create index "annotation_dataset_id_input_hash_index" on "annotation" ("dataset_id", "input_hash");`,
    );
    this.addSql(
      `create index "annotation_dataset_id_session_id_index" on "annotation" ("dataset_id", "session_id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "annotation";`);
    this.addSql(`drop table if exists "dataset";`);
    this.addSql(`drop table if exists "input";`);
    this.addSql(`drop table if exists "source";`);
    this.addSql(`drop type if exists "answer_kind";`);
    this.addSql(`drop type if exists "dataset_kind";`);
  }
}
