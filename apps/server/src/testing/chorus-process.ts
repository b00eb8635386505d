import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

/** The built CLI: tests run the compiled server, as users do, not its sources. */
export const CLI = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../dist/cli/main.js',
);

export interface ChorusProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far (JSON log lines). */
  logs: string[];
  /** Sends a signal (SIGTERM by default) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `chorus serve` on a free port and resolves once it listens. */
export async function startChorus(env: Record<string, string | undefined>): Promise<ChorusProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const listening = new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        logs.push(line);
        if (line.includes('"Chorus is listening"')) resolve();
      }
    });
    void exited.then(([code]) =>
      reject(new Error(`chorus serve exited with ${code}:\n${logs.join('\n')}`)),
    );
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    listening,
    new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`chorus serve did not start:\n${logs.join('\n')}`)),
        90_000,
      );
    }),
  ]).finally(() => clearTimeout(timer));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    logs,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = await exited;
      return code;
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command to its end; `input` is written to its stdin. */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  input?: string,
): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  child.stdin?.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
