import { Migration } from '@mikro-orm/migrations';

/** A stream may say how many answers it wants (the annotate page shows progress towards it). */
export class Migration20261126010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "stream" add column "target" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "stream" drop column "target";`);
  }
}
