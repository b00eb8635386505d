/**
 * Entry of the training worker thread (compiled to `dist/train/worker.js`): runs `train` on the
 * options in `workerData` and posts progress, then the result or the error, to its parent.
 * Started by `trainInWorker`; not exported from the package (importing it has side effects).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TrainerMessage } from './in-worker.js';
import type { InvalidTaskError } from './tasks.js';
import { train, type TrainOptions } from './train.js';

const port = parentPort;
if (port === null) throw new Error('worker.ts runs only as a worker thread (see trainInWorker)');
const post = (message: TrainerMessage) => port.postMessage(message);

train({
  ...(workerData as TrainOptions),
  onProgress: (progress) => post({ type: 'progress', progress }),
}).then(
  (result) => post({ type: 'result', result }),
  (error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    const { code, reason, index, field } = e as Partial<InvalidTaskError>;
    post({
      type: 'error',
      error: { name: e.name, message: e.message, code, reason, index, field },
    });
  },
);
