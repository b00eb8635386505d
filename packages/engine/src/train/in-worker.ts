/**
 * `train` in a worker thread, so a long run never blocks the caller's event loop. Progress comes
 * back as messages; aborting the signal terminates the thread at once (no cooperation needed).
 * Word vectors are never structured-cloned: a loaded table goes over in shared memory
 * (`WordVectors.toShared`, one copy unless it already lives there), a source such as
 * `{ kind: 'wink' }` is loaded by the worker itself.
 */
import { Worker } from 'node:worker_threads';
import { transferableVectors } from '../vectors/source.js';
import { InvalidTaskError } from './tasks.js';
import type { TrainOptions, TrainProgress, TrainResult } from './train.js';

/** Messages from the worker to its parent. */
export type TrainerMessage =
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'result'; result: TrainResult }
  | {
      type: 'error';
      error: {
        name: string;
        message: string;
        code?: string;
        reason?: string;
        index?: number;
        field?: string;
      };
    };

export interface TrainerThreadOptions {
  /**
   * The worker entry. Default: `worker.js` beside this module, i.e. `dist/train/worker.js` of the
   * built package; pass another when a bundler moves files, or the `.ts` source plus a TypeScript
   * loader in `execArgv` to run from sources (as the engine's tests do).
   */
  url?: URL;
  /** Node options of the worker thread. */
  execArgv?: string[];
}

export function trainInWorker(
  options: TrainOptions,
  thread: TrainerThreadOptions = {},
): Promise<TrainResult> {
  const { onProgress, signal, vectors, ...data } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const workerData: TrainOptions = { ...data, vectors: transferableVectors(vectors) };
  const worker = new Worker(thread.url ?? new URL('./worker.js', import.meta.url), {
    workerData,
    execArgv: thread.execArgv,
  });
  return new Promise<TrainResult>((resolve, reject) => {
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      done();
    };
    const abort = () => {
      settle(() => reject(signal!.reason));
      void worker.terminate();
    };
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: TrainerMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'result') settle(() => resolve(message.result));
      else settle(() => reject(reviveError(message.error)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`training worker exited with code ${code}`))),
    );
  });
}

function reviveError(error: Extract<TrainerMessage, { type: 'error' }>['error']): Error {
  if (error.name === 'InvalidTaskError' && error.index !== undefined) {
    return new InvalidTaskError(error.reason ?? error.message, error.index, error.field ?? 'task');
  }
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}
