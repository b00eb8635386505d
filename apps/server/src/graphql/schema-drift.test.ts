import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/chorus-process.js';

const committed = new URL('../../../../packages/schema/schema.graphql', import.meta.url);

describe('the GraphQL contract', () => {
  it('is exactly the committed packages/schema/schema.graphql (run `npm run schema` after API changes)', async () => {
    const printed = await runCli(['print-schema'], {});
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(await readFile(committed, 'utf8'));
  });
});
