import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postImport } from '../testing/api-client.js';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { jsonl, nerTask } from '../testing/fixtures.js';
import { createTestDatabase } from '../testing/test-database.js';

let chorus: ChorusProcess;
beforeAll(async () => {
  chorus = await startChorus({ DATABASE_URL: await createTestDatabase() });
});
afterAll(() => chorus?.stop());

describe('exporting a dataset whose name is not Latin-1', () => {
  it('downloads under its exact name, and six exports leave the import/export pool (4) free', async () => {
    const name = '数据集';
    const path = `/api/datasets/${encodeURIComponent(name)}`;
    expect(
      (await postImport(chorus.url, `${path}/import`, jsonl([nerTask('Ada in London')]))).status,
    ).toBe(200);
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${chorus.url}${path}/export.jsonl`, {
        signal: AbortSignal.timeout(10_000),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent(name)}.jsonl`,
      );
      expect((await response.text()).split('\n').filter(Boolean)).toHaveLength(1);
    }
    // Once, the fifth request hung here: every pooled connection was held by a failed export.
    const after = await postImport(chorus.url, '/api/sources/after/import', jsonl([{ text: 'a' }]));
    expect(after.status).toBe(200);
  });
});
