import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli } from './testing/chorus-process.js';
import { freePort } from './testing/free-port.js';
import { createTestDatabase } from './testing/test-database.js';

describe('a server that cannot start', () => {
  it('exits non-zero at once, with a clear message, when its port is already in use', async () => {
    const taken = createServer().listen(await freePort(), '127.0.0.1');
    await once(taken, 'listening');
    const port = (taken.address() as { port: number }).port;
    try {
      const started = Date.now();
      const result = await runCli(['serve'], {
        DATABASE_URL: await createTestDatabase(),
        HOST: '127.0.0.1',
        PORT: String(port),
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `PORT=${port} HOST=127.0.0.1: the port is already in use; set PORT to a free one`,
      );
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      taken.close();
    }
  });

  it('names DATABASE_URL (without its password) when the database cannot be reached', async () => {
    const result = await runCli(['serve'], {
      DATABASE_URL: 'postgres://chorus:secret@nohost.invalid:5432/chorus',
      PORT: String(await freePort()),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'DATABASE_URL="postgres://chorus:***@nohost.invalid:5432/chorus": cannot connect to PostgreSQL',
    );
    expect(result.stderr).not.toContain('secret');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
