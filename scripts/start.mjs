#!/usr/bin/env node
// `npm start`: builds everything, then runs the API server (embedded PostgreSQL unless
// DATABASE_URL is set) and the web app side by side until Ctrl-C.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { build } from './run.mjs';

const apiPort = process.env.PORT ?? '4000';
const webPort = process.env.WEB_PORT ?? '3000';
const apiUrl = process.env.CHORUS_API_URL ?? `http://localhost:${apiPort}`;

await build();
const nextCli = createRequire(new URL('../apps/web/package.json', import.meta.url)).resolve(
  'next/dist/bin/next',
);
const children = [
  spawn(process.execPath, ['apps/server/dist/cli/main.js', 'serve'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: apiPort },
  }),
  // Next's own CLI under this node, not `npx next`: a signal to npx's shell would orphan the
  // server it starts.
  spawn(process.execPath, [nextCli, 'start', '--port', webPort], {
    cwd: 'apps/web',
    stdio: 'inherit',
    env: { ...process.env, CHORUS_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1', PORT: webPort },
  }),
];
console.log(`Chorus: web app on http://localhost:${webPort}, API on ${apiUrl}/graphql`);

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}
process.on('SIGINT', () => stop('SIGTERM'));
process.on('SIGTERM', () => stop('SIGTERM'));
for (const child of children) {
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`A Chorus process exited (code ${code}); stopping the other.`);
      process.exitCode = code ?? 1;
      stop('SIGTERM');
    }
  });
}
