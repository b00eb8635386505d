import 'fake-indexeddb/auto';
import { AnswerKind, type AnswerInput } from '@chorus/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerOutbox, type OutboxSnapshot, type SendFailure } from './answer-outbox';
import { openOutboxStore } from './outbox-store';

let databases = 0;
const opened: AnswerOutbox[] = [];

function answer(taskHash: number, key = `key-${taskHash}`): AnswerInput {
  return {
    stream: 's',
    session: 'alice',
    taskHash,
    answer: AnswerKind.accept,
    idempotencyKey: key,
  };
}

class Offline extends Error {}
class Invalid extends Error {}

const classify = (error: unknown): SendFailure => ({
  permanent: error instanceof Invalid,
  message: error instanceof Error ? error.message : String(error),
});

/** A fake API: records what reached it, and can be offline or refuse one task hash. */
function fakeApi() {
  const api = {
    online: true,
    refuse: new Set<number>(),
    received: [] as AnswerInput[][],
    async send(inputs: AnswerInput[]) {
      await Promise.resolve();
      if (!api.online) throw new Offline('Cannot reach the Chorus API');
      const bad = inputs.find((input) => api.refuse.has(input.taskHash));
      if (bad) throw new Invalid(`task ${bad.taskHash} is not in this stream`);
      api.received.push(inputs);
    },
  };
  return api;
}

async function openWith(api: ReturnType<typeof fakeApi>, name: string, maxBatch = 50) {
  let last: OutboxSnapshot | undefined;
  const outbox = await AnswerOutbox.open({
    store: await openOutboxStore(name),
    stream: 's',
    session: 'alice',
    send: (inputs) => api.send(inputs),
    classify,
    onChange: (snapshot) => (last = snapshot),
    maxBatch,
    retryDelayMs: () => 5,
  });
  opened.push(outbox);
  return { outbox, snapshot: () => last! };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
};

afterEach(() => {
  for (const outbox of opened.splice(0)) outbox.close();
});

describe('the answer outbox', () => {
  it('sends every answer once, in the order given, and forgets it once acknowledged', async () => {
    const api = fakeApi();
    const { outbox, snapshot } = await openWith(api, `db-${databases++}`, 3);
    for (let i = 1; i <= 7; i++) await outbox.add(answer(i));
    await outbox.idle();
    expect(api.received.flat().map((input) => input.taskHash)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(api.received.every((batch) => batch.length <= 3)).toBe(true);
    expect(snapshot().waiting).toBe(0);
    expect(outbox.pendingTaskHashes().size).toBe(0);
  });

  it('keeps answers given offline across a reload and sends them when the API is back', async () => {
    const api = fakeApi();
    api.online = false;
    const name = `db-${databases++}`;
    const first = await openWith(api, name);
    for (let i = 1; i <= 5; i++) await first.outbox.add(answer(i));
    await until(() => first.snapshot().lastError !== null);
    expect(first.snapshot().waiting).toBe(5);
    first.outbox.close(); // the page is reloaded

    api.online = true;
    const second = await openWith(api, name);
    await second.outbox.idle();
    expect(api.received.flat().map((input) => input.taskHash)).toEqual([1, 2, 3, 4, 5]);
    expect(second.snapshot().waiting).toBe(0);
    second.outbox.close();

    const third = await openWith(api, name);
    expect(third.snapshot().waiting).toBe(0);
  });

  it('retries with back-off while the API cannot be reached', async () => {
    const api = fakeApi();
    api.online = false;
    const { outbox, snapshot } = await openWith(api, `db-${databases++}`);
    await outbox.add(answer(1));
    await until(() => snapshot().lastError !== null);
    api.online = true;
    await outbox.idle();
    expect(api.received.flat()).toHaveLength(1);
    expect(snapshot().lastError).toBeNull();
  });

  it('sets an answer the API refuses aside, keeps it, and still sends the others', async () => {
    const api = fakeApi();
    api.refuse.add(2);
    const name = `db-${databases++}`;
    const { outbox, snapshot } = await openWith(api, name);
    for (let i = 1; i <= 3; i++) await outbox.add(answer(i));
    await outbox.idle();
    expect(api.received.flat().map((input) => input.taskHash)).toEqual([1, 3]);
    expect(snapshot().refused).toEqual([
      { key: 'key-2', taskHash: 2, reason: 'task 2 is not in this stream' },
    ]);
    outbox.close();
    const reopened = await openWith(api, name);
    expect(reopened.snapshot().refused.map((r) => r.taskHash)).toEqual([2]);
    expect(reopened.outbox.pendingTaskHashes()).toEqual(new Set([2]));
  });

  it('gives back an answer not sent yet, and refuses to give back one already sent', async () => {
    const api = fakeApi();
    api.online = false;
    const { outbox, snapshot } = await openWith(api, `db-${databases++}`);
    await outbox.add(answer(1));
    await outbox.add(answer(2));
    await until(() => snapshot().lastError !== null);
    expect(await outbox.take('key-2')).toBe(true);
    api.online = true;
    outbox.retryNow();
    await outbox.idle();
    expect(api.received.flat().map((input) => input.taskHash)).toEqual([1]);
    expect(await outbox.take('key-1')).toBe(false);
  });
});
