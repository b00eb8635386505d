import { Migration } from '@mikro-orm/migrations';

/** Cluster mode: which process owns each stream's in-loop model, and large event payloads. */
export class Migration20261125020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "stream_owner" (
      "stream_id" int primary key references "stream" ("id") on delete cascade,
      "process_id" text not null,
      "url" text not null,
      "heartbeat_at" timestamptz not null default now()
    );`);
    this.addSql(`create table "event_payload" (
      "id" bigserial primary key,
      "body" json not null,
      "created_at" timestamptz not null default now()
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "event_payload";`);
    this.addSql(`drop table if exists "stream_owner";`);
  }
}
