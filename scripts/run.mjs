import { spawn } from 'node:child_process';

/** Runs a command with inherited stdio and resolves with its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Runs a command with its output collected: resolves with its exit code and what it printed. */
function capture(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(output) }),
    );
  });
}

/**
 * Builds the given workspaces (and what they depend on) with turbo; cached builds take a second.
 * `quiet` keeps turbo's banner and summary out of the way of the command that follows: they are
 * printed only when the build fails.
 */
export async function build(filters = [], { quiet = false } = {}) {
  const args = [
    'turbo',
    'run',
    'build',
    '--output-logs=errors-only',
    ...filters.map((f) => `--filter=${f}`),
  ];
  const options = {
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1' },
  };
  let code;
  if (quiet) {
    const result = await capture('npx', args, options);
    code = result.code;
    if (code !== 0) process.stderr.write(result.output);
  } else code = await run('npx', args, options);
  if (code !== 0) {
    console.error('Build failed.');
    process.exit(code);
  }
}
