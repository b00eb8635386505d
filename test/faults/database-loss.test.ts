import { ChorusApiError, DatasetDocument } from '@chorus/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/chorus-api.js';
import { startRestartableServer, type RestartableServer } from '../support/processes.js';
import { answerKeys, OutboxAnnotator, storedAnswers } from './outbox-annotator.js';
import { createTextcatStream } from './streams.js';

/** An unavailable database must be said quickly, not waited out. */
const ANSWER_WITHIN_MS = 5_000;
/** The server restarts the embedded PostgreSQL by itself within this time. */
const RECOVERY_MS = 30_000;

/** What one request got: its error code, or "ok", or "hang" when nothing came in time. */
async function outcome(url: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('hang'), ANSWER_WITHIN_MS);
  });
  const answered = graphql(url, DatasetDocument, { name: 'sms' }).then(
    () => 'ok',
    (error: unknown) => (error instanceof ChorusApiError ? error.code : String(error)),
  );
  try {
    return await Promise.race([answered, hang]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the embedded PostgreSQL killed while the server runs', () => {
  let server: RestartableServer;
  const annotator = new OutboxAnnotator('ann', 'sms');

  beforeAll(async () => {
    server = await startRestartableServer();
    await createTextcatStream(server.url, 'sms');
  });
  afterAll(async () => {
    await annotator.close();
    await server?.stop();
  });

  it('answers UNAVAILABLE while it is gone, recovers by itself and keeps every acknowledged answer', async () => {
    await annotator.connect(server.url);
    await annotator.answerUntil(server.url, () => annotator.acknowledged.size >= 10);
    const postmaster = await server.postmasterPid();
    expect(postmaster).toBeDefined();
    process.kill(postmaster!, 'SIGKILL');

    expect(await outcome(server.url)).toBe('UNAVAILABLE');
    expect(server.current.child.exitCode).toBeNull();
    await expect
      .poll(() => outcome(server.url), { timeout: RECOVERY_MS, interval: 500 })
      .toBe('ok');
    expect(server.current.child.exitCode).toBeNull();
    expect(await storedAnswers(server.url, 'sms')).toEqual(
      answerKeys([...annotator.acknowledged.values()]),
    );
  });
});
