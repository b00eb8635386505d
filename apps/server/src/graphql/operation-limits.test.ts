import { readdir, readFile } from 'node:fs/promises';
import { buildSchema, type GraphQLError, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { documentCache } from './document-cache.js';
import { operationLimits } from './operation-limits.js';
import { TEST_SESSION_SECRET } from '../testing/credentials.js';

const documentsDir = new URL('../../../../packages/schema/src/documents/', import.meta.url);
const contract = new URL('../../../../packages/schema/schema.graphql', import.meta.url);

// The committed contract, which a test keeps equal to the server's schema (type-graphql's schema
// lives in graphql's CommonJS build, which vitest's ES modules cannot validate against).
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = buildSchema(await readFile(contract, 'utf8'));
});

/** The WebSocket path's parse-and-validate, with limits from these settings. */
function cacheWith(env: Record<string, string> = {}, maxBytes = 1 << 20) {
  const { limits, production } = loadConfig(env);
  return documentCache(schema, {
    limits: operationLimits(limits),
    maxBytes,
    hideSuggestions: production,
  });
}

function errorsOf(result: unknown): string[] {
  return Array.isArray(result) ? (result as GraphQLError[]).map((e) => e.message) : [];
}

const aliases = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: datasets { totalCount }`).join(' ')} }`;

describe('operation limits (the same rules for HTTP and WebSocket)', () => {
  it("let every operation of Chorus's own clients through at the default settings", async () => {
    const check = cacheWith();
    const texts = await Promise.all(
      (await readdir(documentsDir))
        .filter((f) => f.endsWith('.graphql'))
        .map((f) => readFile(new URL(f, documentsDir), 'utf8')),
    );
    const all = texts.join('\n');
    const fragments = new Map(
      (all.match(/^fragment [\s\S]*?\n}$/gm) ?? []).map((f) => [f.split(' ')[1]!, f]),
    );
    const operations = all.match(/^(query|mutation|subscription) [\s\S]*?\n}$/gm) ?? [];
    expect(operations.length).toBeGreaterThan(20);
    for (const operation of operations) {
      // The operation with the fragments it spreads, and theirs.
      const used = new Set<string>();
      const spreadsIn = (text: string) =>
        [...text.matchAll(/\.\.\.(\w+)/g)].map((m) => m[1]!).filter((n) => fragments.has(n));
      for (let queue = spreadsIn(operation); queue.length > 0;) {
        const name = queue.pop()!;
        if (used.has(name)) continue;
        used.add(name);
        queue = [...queue, ...spreadsIn(fragments.get(name)!)];
      }
      const document = [operation, ...[...used].map((n) => fragments.get(n)!)].join('\n');
      expect(errorsOf(check(document)), operation.split('\n')[0]).toEqual([]);
    }
  });

  it('refuse one alias past GRAPHQL_MAX_ALIASES', () => {
    const check = cacheWith({ GRAPHQL_MAX_ALIASES: '3' });
    expect(errorsOf(check(aliases(3)))).toEqual([]);
    expect(errorsOf(check(aliases(4)))).toEqual([
      expect.stringMatching(/Aliases limit of 3 exceeded, found 4/),
    ]);
  });

  it('refuse the 1,000-alias × inputs(first: 500) query by its aliases and its cost', () => {
    const query = `{ ${Array.from(
      { length: 1000 },
      (_, i) => `s${i}: source(name: "s") { inputs(first: 500) { edges { node { text meta } } } }`,
    ).join(' ')} }`;
    const errors = errorsOf(cacheWith({ GRAPHQL_MAX_TOKENS: '100000' })(query));
    expect(errors).toContainEqual(expect.stringMatching(/Aliases limit of 15 exceeded/));
    expect(errors).toContainEqual(expect.stringMatching(/Query Cost limit of 50000 exceeded/));
  });

  it('refuse one level past GRAPHQL_MAX_DEPTH', () => {
    const check = cacheWith({ GRAPHQL_MAX_DEPTH: '3' });
    expect(errorsOf(check('{ datasets { pageInfo { hasNextPage } } }'))).toEqual([]);
    expect(errorsOf(check('{ datasets { edges { node { name } } } }'))).toEqual([
      expect.stringMatching(/Query depth limit of 3 exceeded, found 4/),
    ]);
  });

  it('refuse one token past GRAPHQL_MAX_TOKENS, while parsing', () => {
    // `{ datasets { totalCount } }` is 5 tokens (and the end of the text).
    expect(errorsOf(cacheWith({ GRAPHQL_MAX_TOKENS: '6' })('{ datasets { totalCount } }'))).toEqual(
      [],
    );
    expect(errorsOf(cacheWith({ GRAPHQL_MAX_TOKENS: '5' })('{ datasets { totalCount } }'))).toEqual(
      [expect.stringMatching(/Document contains more tha[nt] 5 tokens/)],
    );
  });

  it('refuse one directive past GRAPHQL_MAX_DIRECTIVES', () => {
    const check = cacheWith({ GRAPHQL_MAX_DIRECTIVES: '2' });
    const fields = [
      ['totalCount', ''],
      ['edges', '{ cursor }'],
      ['pageInfo', '{ hasNextPage }'],
    ];
    const withDirectives = (n: number) =>
      `{ datasets { ${fields.map(([f, s], i) => `${f} ${i < n ? '@include(if: true)' : ''} ${s}`).join(' ')} } }`;
    expect(errorsOf(check(withDirectives(2)))).toEqual([]);
    expect(errorsOf(check(withDirectives(3)))).toEqual([
      expect.stringMatching(/Directives limit of 2 exceeded, found 3/),
    ]);
  });

  it('refuse an operation that costs more than GRAPHQL_MAX_COST', () => {
    const check = cacheWith({ GRAPHQL_MAX_COST: '10' });
    expect(errorsOf(check('{ datasets { totalCount } }'))).toEqual([]);
    expect(errorsOf(check('{ datasets { edges { node { name labels } } } }'))).toEqual([
      expect.stringMatching(/Query Cost limit of 10 exceeded/),
    ]);
  });

  it('suggest field names in development only', () => {
    const wrong = '{ datasetz { totalCount } }';
    expect(errorsOf(cacheWith()(wrong))[0]).toMatch(/Did you mean/);
    expect(
      errorsOf(
        cacheWith({ NODE_ENV: 'production', SESSION_SECRET: TEST_SESSION_SECRET })(wrong),
      )[0],
    ).not.toMatch(/Did you mean/);
  });

  it('keep no more query text than GRAPHQL_DOCUMENT_CACHE_BYTES', () => {
    // Room for about two of these documents: the third pushes the first out.
    const query = (i: number) => `query Q${i} { datasets { totalCount } }`;
    const check = cacheWith({}, query(1).length * 2 * 2);
    const first = check(query(1));
    expect(check(query(1))).toBe(first);
    check(query(2));
    expect(check(query(1))).toBe(first);
    check(query(3));
    expect(check(query(1))).not.toBe(first);
  });
});
