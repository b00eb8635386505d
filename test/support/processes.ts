import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChorus, type ChorusProcess } from '../../apps/server/src/testing/chorus-process.js';
import { freePort } from '../../apps/server/src/testing/free-port.js';

/**
 * Real processes for integration and e2e tests: the built Chorus server on an embedded PostgreSQL
 * in a fresh folder, and the built web app, each on a free port. They run what users run (the
 * compiled CLI, `next start`), so build first: `npx turbo run build --filter=@chorus/web`.
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB_DIR = path.join(REPO_ROOT, 'apps/web');

const WEB_START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

// The server and free ports come from the server's own test harness: one way to start Chorus.
export { freePort };

/** A child process with its output kept, for error messages. */
export interface RunningProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far, line by line. */
  output: string[];
}

function spawnWithOutput(
  command: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv },
  onLine: (line: string) => void = () => {},
): RunningProcess {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        output.push(line);
        onLine(line);
      }
    });
  }
  return { child, output };
}

/**
 * Stops a process: SIGTERM, then SIGKILL if it is still there after `timeoutMs`. Resolves once it
 * has exited, with its exit code (null when killed by a signal).
 */
export async function stopProcess(
  child: ChildProcess,
  timeoutMs = STOP_TIMEOUT_MS,
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const [code] = await exited;
    return code;
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves when `ready` does, rejects when the process exits first or time runs out. */
async function waitUntilReady(
  name: string,
  running: RunningProcess,
  ready: Promise<unknown>,
  timeoutMs: number,
): Promise<void> {
  const log = () => running.output.slice(-40).join('\n');
  let timer: NodeJS.Timeout | undefined;
  const exited = once(running.child, 'exit').then(([code]) => {
    throw new Error(`${name} exited with ${String(code)} before it was ready:\n${log()}`);
  });
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} was not ready after ${timeoutMs} ms:\n${log()}`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([ready, exited, timedOut]);
  } catch (error) {
    await stopProcess(running.child);
    throw error;
  } finally {
    clearTimeout(timer);
    exited.catch(() => {}); // a later exit is the caller's business
  }
}

function requireBuilt(file: string, what: string): void {
  if (!existsSync(file)) {
    throw new Error(`${what} is not built (${file} is missing): run \`npx turbo run build\` first`);
  }
}

/** The web app port each server started here allows CORS from, by the server's URL. */
const webPorts = new Map<string, number>();

export interface ChorusServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash; GraphQL is at `${url}/graphql`. */
  url: string;
  /** Its CHORUS_DATA_DIR, with the embedded PostgreSQL's files. */
  dataDir: string;
  /** Stops the server (and so its embedded PostgreSQL) and deletes its data folder. */
  stop(): Promise<void>;
}

/**
 * Starts `chorus serve` (the built CLI) with an embedded PostgreSQL on a free port in a new
 * temporary folder, and resolves once it listens.
 */
export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<ChorusServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-test-'));
  // The server allows CORS from its web app's origin (WEB_PORT) only: the web app's port is
  // chosen now, and `startWeb` for this server takes it.
  const webPort = await freePort();
  try {
    const chorus = await startChorus({
      DATABASE_URL: undefined,
      CHORUS_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      WEB_PORT: String(webPort),
      ...env,
    });
    webPorts.set(chorus.url, webPort);
    return {
      url: chorus.url,
      dataDir,
      async stop() {
        await chorus.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A server that fault tests kill and start again on the same data folder and port. */
export interface RestartableServer extends ChorusServer {
  /** The process running now; `restart` replaces it. */
  current: ChorusProcess;
  /** Starts `chorus serve` again on the same data folder and port (once the last one is gone). */
  restart(env?: NodeJS.ProcessEnv): Promise<void>;
  /** The pid of the embedded PostgreSQL's postmaster, while one runs on the data folder. */
  postmasterPid(): Promise<number | undefined>;
}

const POSTMASTER_STOP_TIMEOUT_MS = 10_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Like `startServer`, on a fixed port and data folder, so that the server can be `kill -9`ed
 * (`current.stop('SIGKILL')`) and restarted where clients expect it. A killed server leaves its
 * embedded PostgreSQL running and the next one reuses it, so `stop` also stops the postmaster.
 */
export async function startRestartableServer(
  env: NodeJS.ProcessEnv = {},
): Promise<RestartableServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-fault-'));
  const port = await freePort();
  const baseEnv = {
    DATABASE_URL: undefined,
    CHORUS_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    PORT: String(port),
    ...env,
  };
  const postmasterPid = async (): Promise<number | undefined> => {
    const pidFile = path.join(dataDir, 'postgres/postmaster.pid');
    const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  };
  const stopPostmaster = async (): Promise<void> => {
    const pid = await postmasterPid();
    if (pid === undefined) return;
    process.kill(pid, 'SIGINT'); // PostgreSQL's fast shutdown
    const deadline = Date.now() + POSTMASTER_STOP_TIMEOUT_MS;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  };
  let current: ChorusProcess;
  try {
    current = await startChorus(baseEnv);
  } catch (error) {
    await stopPostmaster();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const server: RestartableServer = {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    current,
    postmasterPid,
    async restart(extra = {}) {
      await server.current.stop('SIGKILL');
      server.current = await startChorus({ ...baseEnv, ...extra });
    },
    async stop() {
      await stopProcess(server.current.child);
      await stopPostmaster();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

export interface WebApp extends RunningProcess {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  stop(): Promise<void>;
}

/** Polls `url` until it answers 200. */
async function untilAnswers(url: string, running: RunningProcess): Promise<void> {
  while (running.child.exitCode === null) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Starts the built web app (`next start` in apps/web) on a free port, talking to the API at
 * `apiUrl` (given at run time through CHORUS_API_URL), and resolves once `/` answers.
 */
export async function startWeb({ apiUrl }: { apiUrl: string }): Promise<WebApp> {
  requireBuilt(path.join(WEB_DIR, '.next/BUILD_ID'), 'The web app');
  const nextCli = createRequire(path.join(WEB_DIR, 'package.json')).resolve('next/dist/bin/next');
  const port = webPorts.get(apiUrl) ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const running = spawnWithOutput(process.execPath, [nextCli, 'start', '--hostname', '127.0.0.1'], {
    cwd: WEB_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      CHORUS_API_URL: apiUrl,
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
    },
  });
  await waitUntilReady('next start', running, untilAnswers(url, running), WEB_START_TIMEOUT_MS);
  return {
    ...running,
    url,
    async stop() {
      await stopProcess(running.child);
    },
  };
}
