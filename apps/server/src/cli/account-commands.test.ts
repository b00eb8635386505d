import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { runCli } from '../testing/chorus-process.js';
import { createTestDatabase } from '../testing/test-database.js';

let env: Record<string, string>;
let db: pg.Client;

beforeAll(async () => {
  env = { DATABASE_URL: await createTestDatabase() };
  // A dataset to grant: `db-in` would need a file, `createDataset` a server.
  expect((await runCli(['users', 'list'], env)).stdout).toBe('No users\n');
  db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  await db.query(
    `insert into "dataset" ("name", "kind") values ('news', 'ner'), ('spam', 'textcat')`,
  );
});
afterAll(() => db.end());

describe('chorus users and tokens', () => {
  it('adds users with the password from stdin, stored as an argon2id hash', async () => {
    const added = await runCli(['users', 'add', 'ada', '--role', 'admin'], env, 'correct horse\n');
    expect(added.code).toBe(0);
    expect(added.stdout).toBe('Added admin "ada"\n');
    const { rows } = await db.query(`select "password_hash" from "user" where "name" = 'ada'`);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0].password_hash).not.toContain('correct horse');

    const again = await runCli(['users', 'add', 'ada', '--role', 'viewer'], env, 'another one');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('user "ada" already exists');
  });

  it('refuses a bad name, a bad role, a missing role and a short password', async () => {
    const cases: [string[], string, string][] = [
      [['users', 'add', 'a b', '--role', 'viewer'], 'long enough', 'field "name"'],
      [
        ['users', 'add', 'bob', '--role', 'owner'],
        'long enough',
        'expected admin, annotator, viewer',
      ],
      [['users', 'add', 'bob'], 'long enough', 'missing --role'],
      [['users', 'add', 'bob', '--role', 'viewer'], 'short', 'field "password"'],
      [['users', 'frobnicate'], '', 'unknown action "frobnicate" for users: use add, grant, list'],
    ];
    for (const [args, input, message] of cases) {
      const result = await runCli(args, env, input);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toContain(message);
    }
    expect((await runCli(['users', 'list'], env)).stdout).not.toContain('bob');
  });

  it('grants datasets and lists users with their grants', async () => {
    await runCli(['users', 'add', 'cleo', '--role', 'annotator'], env, 'a long password');
    expect((await runCli(['users', 'grant', 'cleo', 'spam'], env)).stdout).toBe(
      'Granted "cleo" dataset "spam"\n',
    );
    await runCli(['users', 'grant', 'cleo', 'news'], env);
    await runCli(['users', 'grant', 'cleo', 'news'], env);
    const missing = await runCli(['users', 'grant', 'cleo', 'nope'], env);
    expect(missing.stderr).toContain('dataset "nope" does not exist');
    const list = (await runCli(['users', 'list'], env)).stdout;
    expect(list).toMatch(/^ada\s+admin\s+\(every dataset\)$/m);
    expect(list).toMatch(/^cleo\s+annotator\s+news, spam$/m);
  });

  it('prints a new token once, stores only its hash, lists and revokes it', async () => {
    const created = await runCli(['tokens', 'create', 'cleo', '--label', 'notebook'], env);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^chorus_[\w-]{43}$/);
    const { rows } = await db.query(`select "id", "token_hash" from "api_token"`);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token.slice(7));

    const list = (await runCli(['tokens', 'list'], env)).stdout;
    expect(list).toMatch(
      new RegExp(`^${rows[0].id}\\s+cleo\\s+notebook\\s+created \\S+ \\S+\\s+last used -$`, 'm'),
    );
    expect(list).not.toContain(token);

    expect((await runCli(['tokens', 'revoke', String(rows[0].id)], env)).stdout).toBe(
      `Revoked API token ${rows[0].id}\n`,
    );
    expect((await runCli(['tokens', 'list'], env)).stdout).toMatch(/revoked \S+ \S+$/m);
    expect((await runCli(['tokens', 'revoke', '999'], env)).stderr).toContain(
      'API token "999" does not exist',
    );
    expect((await runCli(['tokens', 'create', 'nobody'], env)).stderr).toContain(
      'user "nobody" does not exist',
    );
  });
});
