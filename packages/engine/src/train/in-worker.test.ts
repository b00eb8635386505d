import { describe, expect, it } from 'vitest';
import { nerGold } from '../testing/gold-factory.js';
import { trainInWorker } from './in-worker.js';
import { InvalidTaskError } from './tasks.js';
import { train, type TrainOptions } from './train.js';

// The worker runs this checkout's TypeScript sources, transpiled by a module hook (see
// test-support/typescript-hooks.mjs), so the test needs no build and always tests the current code;
// the built package starts dist/train/worker.js instead.
const thread = {
  url: new URL('./worker.ts', import.meta.url),
  execArgv: [
    '--import',
    new URL('../../test-support/register-typescript.mjs', import.meta.url).href,
  ],
};

const options: TrainOptions = {
  kind: 'ner',
  labels: ['PER', 'LOC'],
  train: nerGold(1500, 1),
  epochs: 3,
  bits: 15,
  seed: 2,
};

describe('trainInWorker', () => {
  it('trains off the calling thread: timers keep firing, progress arrives, same result as in-thread', async () => {
    let ticks = 0;
    let last = performance.now();
    let longestGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 5);
    const epochs: number[] = [];
    const started = performance.now();
    const busyBefore = performance.eventLoopUtilization();
    const result = await trainInWorker(
      { ...options, onProgress: (p) => epochs.push(p.metrics.epoch) },
      thread,
    ).finally(() => clearInterval(timer));
    const seconds = (performance.now() - started) / 1000;
    // Share of the time this thread's event loop was busy: about 1 if training ran here.
    expect(performance.eventLoopUtilization(busyBefore).utilization).toBeLessThan(0.3);
    expect(epochs).toEqual([1, 2, 3]);
    expect(ticks).toBeGreaterThan(seconds * 50); // at least a quarter of the 200 ticks/s asked
    expect(longestGap).toBeLessThan(150);
    const inThread = await train(options);
    expect(result.metrics.perEpoch.map((e) => e.f1)).toEqual(
      inThread.metrics.perEpoch.map((e) => e.f1),
    );
    expect(result.model).toEqual(inThread.model);
  });

  it('terminates the worker and rejects with the abort reason when the signal aborts', async () => {
    const controller = new AbortController();
    const run = trainInWorker(
      { ...options, epochs: 50, signal: controller.signal, onProgress: () => controller.abort() },
      thread,
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects with InvalidTaskError, position and field kept, for a bad task', async () => {
    const bad = [...nerGold(3, 1), { text: 'Bob', spans: [{ start: 0, end: 2, label: 'PER' }] }];
    const run = trainInWorker({ ...options, train: bad }, thread);
    await expect(run).rejects.toBeInstanceOf(InvalidTaskError);
    await expect(run).rejects.toMatchObject({ index: 3, field: 'spans[0]' });
  });
});
