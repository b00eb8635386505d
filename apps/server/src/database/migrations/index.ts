import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124000000 } from './Migration20261124000000.js';
import { Migration20261125000000 } from './Migration20261125000000.js';
import { Migration20261125010000 } from './Migration20261125010000.js';
import { Migration20261125020000 } from './Migration20261125020000.js';
import { Migration20261125030000 } from './Migration20261125030000.js';
import { Migration20261126000000 } from './Migration20261126000000.js';
import { Migration20261126010000 } from './Migration20261126010000.js';
import { Migration20261127000000 } from './Migration20261127000000.js';

/** Every migration, in order. Listed explicitly so the built server needs no file discovery. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261124000000', class: Migration20261124000000 },
  { name: 'Migration20261125000000', class: Migration20261125000000 },
  { name: 'Migration20261125010000', class: Migration20261125010000 },
  { name: 'Migration20261125020000', class: Migration20261125020000 },
  { name: 'Migration20261125030000', class: Migration20261125030000 },
  { name: 'Migration20261126000000', class: Migration20261126000000 },
  { name: 'Migration20261126010000', class: Migration20261126010000 },
  { name: 'Migration20261127000000', class: Migration20261127000000 },
];
