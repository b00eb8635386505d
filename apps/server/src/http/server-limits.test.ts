import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postImport } from '../testing/api-client.js';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { RawSocket } from '../testing/raw-socket.js';
import { createTestDatabase } from '../testing/test-database.js';
import { TEST_SESSION_SECRET } from '../testing/credentials.js';

const WEB = 'http://web.example';
let chorus: ChorusProcess;

beforeAll(async () => {
  chorus = await startChorus({
    DATABASE_URL: await createTestDatabase(),
    NODE_ENV: 'production',
    SESSION_SECRET: TEST_SESSION_SECRET,
    CORS_ORIGIN: WEB,
    GRAPHQL_MAX_ALIASES: '3',
    HTTP_BODY_LIMIT_BYTES: '2000',
    IMPORT_MAX_BYTES: '1000',
    IMPORT_MAX_LINE_BYTES: '100',
    WS_MAX_PAYLOAD_BYTES: '2000',
    WS_MAX_SUBSCRIPTIONS: '2',
    WS_CONNECTION_INIT_TIMEOUT_MS: '300',
  });
});
afterAll(() => chorus?.stop());

function post(body: string, headers: Record<string, string> = {}) {
  return fetch(`${chorus.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

const aliases = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: datasets { totalCount }`).join(' ')} }`;

/** Nothing of the server's insides in an answer: no HTML page, no stack, no file paths. */
function expectNoInternals(text: string) {
  expect(text).not.toMatch(/<html|<pre|node_modules|at .*\.js:\d+|stacktrace/i);
}

describe('limits over HTTP', () => {
  it('answers up to GRAPHQL_MAX_ALIASES aliases and refuses one more as a validation error', async () => {
    const ok = await post(JSON.stringify({ query: aliases(3) }));
    expect(ok.status).toBe(200);
    const refused = await post(JSON.stringify({ query: aliases(4) }));
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { errors: { message: string; extensions: object }[] };
    expect(body.errors[0]!.message).toMatch(/Aliases limit of 3 exceeded, found 4/);
    expect(body.errors[0]!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('refuses a body one byte past HTTP_BODY_LIMIT_BYTES with the JSON error shape of GraphQL', async () => {
    const query = '{ datasets { totalCount } }';
    const padding = (n: number) => JSON.stringify({ query, variables: { p: 'x'.repeat(n) } });
    const fits = padding(2000 - padding(0).length);
    expect(fits.length).toBe(2000);
    expect((await post(fits)).status).toBe(200);
    const tooLarge = await post(padding(2001 - padding(0).length));
    expect(tooLarge.status).toBe(413);
    const text = await tooLarge.text();
    expectNoInternals(text);
    expect(JSON.parse(text)).toEqual({
      errors: [
        {
          message: 'the request body is larger than 2000 bytes',
          extensions: { code: 'LIMIT_EXCEEDED', limit: 'HTTP_BODY_LIMIT_BYTES', max: 2000 },
        },
      ],
    });
  });

  it('answers a malformed body and an unknown path with JSON errors, no stack', async () => {
    const malformed = await post('{"query": ');
    expect(malformed.status).toBe(400);
    const text = await malformed.text();
    expectNoInternals(text);
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: 'the request body is not JSON', extensions: { code: 'BAD_USER_INPUT' } }],
    });
    const missing = await fetch(`${chorus.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'path "/nowhere" does not exist' },
    });
  });

  it('refuses batched operations', async () => {
    const batch = await post(JSON.stringify([{ query: '{ datasets { totalCount } }' }]));
    expect(batch.status).toBe(400);
    expectNoInternals(await batch.text());
  });

  it('refuses a GET operation without a preflight header (CSRF prevention)', async () => {
    const simple = await fetch(
      `${chorus.url}/graphql?query=${encodeURIComponent('{ datasets { totalCount } }')}`,
    );
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/CSRF/);
  });

  it('in production, refuses introspection and suggests no field names', async () => {
    const introspection = await post(JSON.stringify({ query: '{ __schema { types { name } } }' }));
    expect(((await introspection.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    const typo = await post(JSON.stringify({ query: '{ datasetz { totalCount } }' }));
    expect(await typo.text()).not.toMatch(/Did you mean/);
  });

  it('allows CORS for CORS_ORIGIN only', async () => {
    const allowed = await fetch(`${chorus.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: WEB, 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(WEB);
    const foreign = await fetch(`${chorus.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an import one byte past IMPORT_MAX_BYTES, and a line past IMPORT_MAX_LINE_BYTES', async () => {
    const line = `${JSON.stringify({ text: 'x'.repeat(60) })}\n`;
    const file = (bytes: number) => line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
    const fits = await postImport(
      chorus.url,
      '/api/sources/fits/import',
      file(1000 - (1000 % line.length)),
    );
    expect(fits.status).toBe(200);
    const tooLarge = await postImport(chorus.url, '/api/sources/large/import', file(1001));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      limit: 'IMPORT_MAX_BYTES',
    });
    // Sent in chunks without a length, the body is counted as it comes.
    const chunked = await fetch(`${chorus.url}/api/sources/chunked/import`, {
      method: 'POST',
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode(line));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const longLine = `${JSON.stringify({ text: 'y'.repeat(100) })}\n`;
    const tooLong = await postImport(chorus.url, '/api/sources/long/import', line + longLine);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({ code: 'BAD_USER_INPUT', line: 2 });
  });
});

describe('limits over WebSocket', () => {
  it('closes a socket sending a message past WS_MAX_PAYLOAD_BYTES (1009)', async () => {
    const socket = await RawSocket.open(chorus.url);
    socket.subscribe('1', `{ datasets { totalCount } } # ${'x'.repeat(2000)}`);
    expect((await socket.closed).code).toBe(1009);
  });

  it('applies the alias limit as over HTTP', async () => {
    const socket = await RawSocket.open(chorus.url);
    socket.subscribe('1', aliases(4));
    const error = await socket.next((m) => m.id === '1');
    expect(error).toMatchObject({
      type: 'error',
      payload: [
        {
          message: expect.stringMatching(/Aliases limit of 3/),
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    });
    await socket.close();
  });

  it('runs WS_MAX_SUBSCRIPTIONS operations on one socket and refuses one more', async () => {
    const socket = await RawSocket.open(chorus.url);
    const progress = 'subscription($id: ID!) { importProgress(importId: $id) { importId } }';
    socket.subscribe('1', progress, { id: 'a' });
    socket.subscribe('2', progress, { id: 'b' });
    socket.subscribe('3', progress, { id: 'c' });
    const refused = await socket.next((m) => m.id === '3');
    expect(refused).toMatchObject({
      type: 'error',
      payload: [{ extensions: { code: 'LIMIT_EXCEEDED', limit: 'WS_MAX_SUBSCRIPTIONS', max: 2 } }],
    });
    expect(socket.messages.filter((m) => m.id === '1' || m.id === '2')).toEqual([]);
    await socket.close();
  });

  it('closes a socket that sends no connection_init within WS_CONNECTION_INIT_TIMEOUT_MS (4408)', async () => {
    const socket = await RawSocket.open(chorus.url, { init: false });
    expect((await socket.closed).code).toBe(4408);
  });

  it('refuses a socket opened by a page of another origin', async () => {
    await expect(RawSocket.open(chorus.url, { origin: 'http://evil.example' })).rejects.toThrow(
      /401|403/,
    );
    const allowed = await RawSocket.open(chorus.url, { origin: WEB });
    await allowed.close();
  });
});
