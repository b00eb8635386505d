import { spawn } from 'node:child_process';

/** Runs a command with inherited stdio and resolves with its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Builds the given workspaces (and what they depend on) with turbo; cached builds take a second. */
export async function build(filters = []) {
  const args = [
    'turbo',
    'run',
    'build',
    '--output-logs=errors-only',
    ...filters.map((f) => `--filter=${f}`),
  ];
  const code = await run('npx', args, {
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (code !== 0) {
    console.error('Build failed.');
    process.exit(code);
  }
}
