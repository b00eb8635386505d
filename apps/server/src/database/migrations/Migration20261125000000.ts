import { Migration } from '@mikro-orm/migrations';

/** Streams, model versions, and which stream an answer came through. */
export class Migration20261125000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "stream" (
      "id" serial primary key,
      "name" text not null unique,
      "dataset_id" int not null references "dataset" ("id") on delete cascade,
      "source_id" int null references "source" ("id") on delete restrict,
      "review_of" int null references "dataset" ("id") on delete cascade,
      "recipe" text not null,
      "labels" text[] not null,
      "exclusive" boolean not null default false,
      "patterns" text null,
      "sorter" text not null,
      "routing" text not null,
      "annotations_per_task" int not null default 1,
      "exclude" text[] not null default '{}',
      "snapshot_every" int not null default 500,
      "base_model_version_id" int null,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create table "model_version" (
      "id" serial primary key,
      "kind" "dataset_kind" not null,
      "labels" text[] not null,
      "model" text not null,
      "metrics" json null,
      "parent_id" int null references "model_version" ("id") on delete set null,
      "stream_id" int null references "stream" ("id") on delete set null,
      "answers_seen" int not null default 0,
      "last_annotation_id" bigint null,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`alter table "stream" add constraint "stream_base_model_version_id_foreign"
      foreign key ("base_model_version_id") references "model_version" ("id") on delete set null;`);
    this.addSql(
      `create index "model_version_stream_id_index" on "model_version" ("stream_id", "id");`,
    );
    this.addSql(
      `alter table "annotation" add column "stream_id" int null references "stream" ("id") on delete set null;`,
    );
    this.addSql(`create index "annotation_stream_id_index" on "annotation" ("stream_id", "id");`);
    this.addSql(`alter table "annotation" add column "undone_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "annotation" drop column "undone_at";`);
    this.addSql(`alter table "annotation" drop column "stream_id";`);
    this.addSql(`alter table "stream" drop constraint "stream_base_model_version_id_foreign";`);
    this.addSql(`drop table if exists "model_version";`);
    this.addSql(`drop table if exists "stream";`);
  }
}
