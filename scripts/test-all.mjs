#!/usr/bin/env node
// `npm test`: builds everything, runs every suite (engine, server, web, end-to-end) with vitest, and
// ends with one line summing them all: `N passed, N failed, N skipped`.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, run } from './run.mjs';

const suites = [
  { name: 'engine', dir: 'packages/engine' },
  { name: 'server', dir: 'apps/server' },
  { name: 'web', dir: 'apps/web' },
  { name: 'end-to-end', dir: 'test' },
];

await build();
const reports = await mkdtemp(path.join(tmpdir(), 'chorus-test-reports-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const suite of suites) {
  const report = path.join(reports, `${suite.name}.json`);
  console.log(`\n=== ${suite.name} (${suite.dir}) ===`);
  const code = await run(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    {
      cwd: suite.dir,
    },
  );
  let result;
  try {
    result = JSON.parse(await readFile(report, 'utf8'));
  } catch {
    // The runner died before writing a report: count the suite as one failure so it shows.
    console.error(`${suite.name}: vitest exited with ${code} and wrote no report`);
    totals.failed += 1;
    continue;
  }
  totals.passed += result.numPassedTests;
  totals.failed += result.numFailedTests;
  totals.skipped += result.numPendingTests + result.numTodoTests;
  // A file that fails to load has no tests of its own but must still fail the run.
  const brokenFiles = result.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length;
  totals.failed += brokenFiles;
  if (code !== 0 && result.numFailedTests === 0 && brokenFiles === 0) totals.failed += 1;
}
await rm(reports, { recursive: true, force: true });
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exitCode = totals.failed > 0 ? 1 : 0;
