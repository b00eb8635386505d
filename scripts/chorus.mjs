#!/usr/bin/env node
// `npm run chorus -- <command>`: builds the server if needed (quietly: the command's output comes
// first), then runs its CLI.
import { build, run } from './run.mjs';

await build(['@chorus/server'], { quiet: true });
process.exitCode = await run(process.execPath, [
  'apps/server/dist/cli/main.js',
  ...process.argv.slice(2),
]);
