import { Migration } from '@mikro-orm/migrations';

/** Training runs, and ONNX artifacts of model versions. */
export class Migration20261125010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "training_run" (
      "id" serial primary key,
      "status" text not null default 'queued',
      "kind" "dataset_kind" not null,
      "labels" text[] not null,
      "datasets" text[] not null,
      "eval_dataset" text null,
      "eval_split" double precision not null default 0.2,
      "epochs" int not null,
      "seed" int not null default 0,
      "curve" boolean not null default false,
      "job_id" text null,
      "progress" json not null default '[]',
      "metrics" json null,
      "model_version_id" int null references "model_version" ("id") on delete set null,
      "error" text null,
      "created_at" timestamptz not null default now(),
      "started_at" timestamptz null,
      "finished_at" timestamptz null
    );`);
    this.addSql(`alter table "model_version" add column "onnx" bytea null;`);
    // One version per run, so a retried job can never publish a second one.
    this.addSql(
      `alter table "model_version" add column "training_run_id" int null unique references "training_run" ("id") on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "model_version" drop column "training_run_id";`);
    this.addSql(`alter table "model_version" drop column "onnx";`);
    this.addSql(`drop table if exists "training_run";`);
  }
}
