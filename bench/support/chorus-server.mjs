// What the benchmarks share: a built Chorus server on a free port with an embedded PostgreSQL in
// a given folder, and one GraphQL call over HTTP. Run `npm run build` first.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * Starts `chorus serve` on `dataDir` and resolves once `/healthz` answers, with the server's URL,
 * its process and its PostgreSQL port. `nodeArgs` go to Node (a CPU profile, say).
 */
export async function startServer(dataDir, { nodeArgs = [], timeoutMs = 90_000 } = {}) {
  const port = await freePort();
  const pgPort = await freePort();
  const child = spawn(
    process.execPath,
    [...nodeArgs, path.join(root, 'apps/server/dist/cli/main.js'), 'serve'],
    {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        CHORUS_DATA_DIR: dataDir,
        EMBEDDED_PG_PORT: String(pgPort),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child, pgPort };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('server did not start');
}

/** One GraphQL operation over HTTP; throws the errors, returns the data. */
export async function gql(url, query, variables) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
