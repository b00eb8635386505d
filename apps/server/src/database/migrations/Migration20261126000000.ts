import { Migration } from '@mikro-orm/migrations';

/**
 * Training runs record whether their textcat labels exclude each other (given, or detected from
 * the data when the run starts) and which word vectors they add as features.
 */
export class Migration20261126000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "training_run" add column "exclusive" boolean null;`);
    this.addSql(`alter table "training_run" add column "vectors" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "training_run" drop column "vectors";`);
    this.addSql(`alter table "training_run" drop column "exclusive";`);
  }
}
