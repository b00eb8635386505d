import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import {
  authEnv,
  createUser,
  errorCode,
  graphqlAs,
  socketAs,
  type TestUser,
} from '../testing/credentials.js';
import { createTestDatabase } from '../testing/test-database.js';
import { UnauthenticatedError } from '../errors.js';
import { UserRole } from './user-role.js';

let chorus: ChorusProcess;
let env: Record<string, string>;
let admin: TestUser;
let annotator: TestUser;
let viewer: TestUser;

const CREATE_DATASET = `mutation ($name: String!) {
  createDataset(input: { name: $name, kind: textcat, labels: ["SPAM"] }) { name }
}`;
const DATASET = `query ($name: String!) { dataset(name: $name) { name } }`;
const ANSWER = `mutation {
  answer(input: { stream: "any", session: "s", taskHash: 1, answer: accept, idempotencyKey: "k" }) {
    annotationId
  }
}`;
const TASKS = `subscription { tasks(stream: "nowhere", session: "s") { tasks { taskHash } } }`;

beforeAll(async () => {
  env = { DATABASE_URL: await createTestDatabase(), ...authEnv() };
  admin = await createUser(env, 'root', UserRole.admin);
  chorus = await startChorus(env);
  for (const name of ['granted', 'secret'])
    expect(
      (await graphqlAs(chorus.url, admin, CREATE_DATASET, { name })).data?.createDataset,
    ).toEqual({ name });
  annotator = await createUser(env, 'anna', UserRole.annotator, ['granted']);
  viewer = await createUser(env, 'victor', UserRole.viewer, ['granted', 'secret']);
}, 120_000);
afterAll(() => chorus?.stop());

describe('with CHORUS_AUTH=on', () => {
  it('refuses anonymous operations, but answers /healthz and signIn', async () => {
    expect(errorCode(await graphqlAs(chorus.url, undefined, DATASET, { name: 'granted' }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(errorCode(await graphqlAs(chorus.url, undefined, '{ datasets { totalCount } }'))).toBe(
      'UNAUTHENTICATED',
    );
    expect((await fetch(`${chorus.url}/healthz`)).status).toBe(200);
    const wrong = await graphqlAs(chorus.url, undefined, SIGN_IN, {
      name: 'root',
      password: 'not it',
    });
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.response.headers.get('set-cookie')).toBeNull();
    // A socket without a token is closed before any operation.
    const socket = socketAs(chorus.url);
    expect(await socket.subscribeOnce(TASKS)).toEqual({ closed: 4403 });
    await socket.close();
  });

  it('refuses a viewer an answer, and an annotator a dataset they are not granted', async () => {
    expect(errorCode(await graphqlAs(chorus.url, viewer, ANSWER))).toBe('FORBIDDEN');
    expect(errorCode(await graphqlAs(chorus.url, viewer, CREATE_DATASET, { name: 'v' }))).toBe(
      'FORBIDDEN',
    );
    expect((await graphqlAs(chorus.url, viewer, DATASET, { name: 'secret' })).data).toEqual({
      dataset: { name: 'secret' },
    });
    expect((await graphqlAs(chorus.url, annotator, DATASET, { name: 'granted' })).data).toEqual({
      dataset: { name: 'granted' },
    });
    // Exactly what a dataset that does not exist answers: nothing to learn about what exists.
    const secret = await graphqlAs(chorus.url, annotator, DATASET, { name: 'secret' });
    const missing = await graphqlAs(chorus.url, annotator, DATASET, { name: 'missing' });
    expect(errorCode(secret)).toBe('NOT_FOUND');
    expect(secret.errors?.[0]?.message).toBe('dataset "secret" does not exist');
    expect(missing.errors?.[0]?.message).toBe('dataset "missing" does not exist');
  });

  it('lets an admin create a token for another user, and ignores x-chorus-user', async () => {
    const created = await graphqlAs(
      chorus.url,
      admin,
      `mutation { createApiToken(user: "victor", label: "made by root") { token apiToken { user { name } } } }`,
    );
    const { token, apiToken } = created.data?.createApiToken as {
      token: string;
      apiToken: { user: { name: string } };
    };
    expect(apiToken.user.name).toBe('victor');
    const me = await graphqlAs(
      chorus.url,
      { token },
      '{ me { name role } }',
      {},
      {
        'x-chorus-user': 'root',
      },
    );
    expect(me.data).toEqual({ me: { name: 'victor', role: 'viewer' } });
    // A viewer makes their own tokens, not another's.
    expect(
      errorCode(
        await graphqlAs(chorus.url, viewer, `mutation { createApiToken(user: "root") { token } }`),
      ),
    ).toBe('FORBIDDEN');
  });

  it('refuses a revoked token on the next request and on the next subscribe', async () => {
    const own = await createUser(env, 'otto', UserRole.annotator);
    const socket = socketAs(chorus.url, own.token);
    // Before: the token passes, and the unknown stream answers NOT_FOUND.
    expect(await socket.subscribeOnce(TASKS)).toEqual({ error: 'stream "nowhere" does not exist' });
    const tokens = await graphqlAs(chorus.url, own, '{ apiTokens { id label revokedAt } }');
    const [mine] = tokens.data?.apiTokens as { id: string; revokedAt: string | null }[];
    expect(mine!.revokedAt).toBeNull();
    const revoked = await graphqlAs(
      chorus.url,
      own,
      `mutation ($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`,
      { id: mine!.id },
    );
    expect(revoked.errors).toBeUndefined();
    expect(errorCode(await graphqlAs(chorus.url, own, '{ datasets { totalCount } }'))).toBe(
      'UNAUTHENTICATED',
    );
    // The same socket, still open: its next operation is refused.
    expect(await socket.subscribeOnce(TASKS)).toEqual({
      error: new UnauthenticatedError().message,
    });
    await socket.close();
    // Another user's token answers NOT_FOUND, as if there were none.
    const others = await graphqlAs(
      chorus.url,
      viewer,
      `mutation ($id: ID!) { revokeApiToken(id: $id) { id } }`,
      { id: mine!.id },
    );
    expect(errorCode(others)).toBe('NOT_FOUND');
  });

  it('signs in with a session cookie that signOut ends', async () => {
    const signedIn = await graphqlAs(chorus.url, undefined, SIGN_IN, {
      name: 'anna',
      password: annotator.password,
    });
    expect(signedIn.data).toEqual({ signIn: { name: 'anna' } });
    const setCookie = signedIn.response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^chorus_session=[^;]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    expect((await graphqlAs(chorus.url, { cookie }, '{ me { name } }')).data).toEqual({
      me: { name: 'anna' },
    });
    expect((await graphqlAs(chorus.url, { cookie }, DATASET, { name: 'granted' })).data).toEqual({
      dataset: { name: 'granted' },
    });

    const signedOut = await graphqlAs(chorus.url, { cookie }, 'mutation { signOut }');
    expect(signedOut.data).toEqual({ signOut: true });
    // The browser replaces its cookie with this empty, expired one.
    const cleared = signedOut.response.headers.get('set-cookie')!;
    expect(cleared).toMatch(/^chorus_session=;/);
    expect(cleared).toMatch(/Max-Age=0/i);
    const after = await graphqlAs(chorus.url, { cookie: cleared.split(';')[0]! }, DATASET, {
      name: 'granted',
    });
    expect(errorCode(after)).toBe('UNAUTHENTICATED');
  });
});

const SIGN_IN = `mutation ($name: String!, $password: String!) {
  signIn(name: $name, password: $password) { name }
}`;
