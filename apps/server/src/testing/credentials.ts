import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { UserRole } from '../users/user-role.js';
import { runCli } from './chorus-process.js';

/**
 * Every suite gets its credentials here, so that when access rules change they change in one
 * place. Users and tokens are made with the CLI, as an operator would.
 */

/** A session secret for tests, which production mode requires. */
export const TEST_SESSION_SECRET = 'a test secret of at least thirty-two characters';

/** The settings of a server that enforces accounts. */
export const authEnv = (): Record<string, string> => ({
  CHORUS_AUTH: 'on',
  SESSION_SECRET: TEST_SESSION_SECRET,
});

export interface TestUser {
  name: string;
  password: string;
  token: string;
}

/** Adds a user with a role and grants, and creates an API token for them. */
export async function createUser(
  env: Record<string, string>,
  name: string,
  role: UserRole,
  datasets: string[] = [],
): Promise<TestUser> {
  const password = `${name}'s long password`;
  const cli = async (args: string[], input?: string) => {
    const result = await runCli(args, env, input);
    if (result.code !== 0) throw new Error(`chorus ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  await cli(['users', 'add', name, '--role', role], password);
  for (const dataset of datasets) await cli(['users', 'grant', name, dataset]);
  const token = (await cli(['tokens', 'create', name, '--label', 'tests'])).trim();
  return { name, password, token };
}

/** How a request says who it is: an API token, a session cookie, or nothing. */
export type Credential = { token: string } | { cookie: string } | undefined;

const credentialHeaders = (credential: Credential): Record<string, string> =>
  !credential
    ? {}
    : 'token' in credential
      ? { authorization: `Bearer ${credential.token}` }
      : { cookie: credential.cookie };

export interface GraphqlAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  response: Response;
}

/** One GraphQL operation over HTTP with a credential; the answer as it came, and its response. */
export async function graphqlAs(
  url: string,
  credential: Credential,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphqlAnswer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credentialHeaders(credential), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await response.json()) as object), response };
}

/** The first error's code, or undefined when there was none. */
export const errorCode = (answer: GraphqlAnswer) => answer.errors?.[0]?.extensions?.code;

/** The graphql-ws `connectionParams` that carry an API token. */
export const socketParams = (token?: string) => (token ? { token } : {});

/**
 * One socket with a token: `subscribeOnce` runs a subscription until its first event or error
 * and answers which, so a test can run several operations on one connection.
 */
export function socketAs(url: string, token?: string) {
  const client = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: socketParams(token),
    retryAttempts: 0,
    lazy: true,
    // Keeps the socket open between operations, so the next one goes over the same connection.
    lazyCloseTimeout: 60_000,
  });
  return {
    subscribeOnce(query: string, variables: Record<string, unknown> = {}) {
      return new Promise<{ data?: unknown; error?: string; closed?: number }>((resolve) => {
        const stop = client.subscribe(
          { query, variables },
          {
            next: (result) => {
              stop();
              const [first] = result.errors ?? [];
              resolve(first ? { error: first.message } : { data: result.data });
            },
            error: (error: unknown) => {
              const event = error as { code?: number } | { message: string }[];
              resolve(Array.isArray(event) ? { error: event[0]?.message } : { closed: event.code });
            },
            complete: () => resolve({}),
          },
        );
      });
    },
    close: () => client.dispose(),
  };
}
