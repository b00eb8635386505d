import type { StreamEventPayload } from '../events.js';
import type { AnswerInput, AnswerOutcome, StreamRuntime } from './stream-runtime.js';
import type { TaskView } from './stream-task.js';

/**
 * What resolvers can do with a live stream, wherever its in-loop model lives: in this process
 * (`localStream`) or in another one that owns it (`RemoteStream`, cluster mode).
 */
export interface LiveStream {
  readonly id: number;
  nextTasks(session: string, count: number): Promise<TaskView[]>;
  leasedTo(session: string): Promise<TaskView[]>;
  answer(input: AnswerInput): Promise<AnswerOutcome>;
  answerBatch(inputs: AnswerInput[]): Promise<AnswerOutcome[]>;
  undo(session: string): Promise<TaskView | null>;
  join(session: string, subscribed?: boolean): Promise<void>;
  leave(session: string): Promise<void>;
  state(): Promise<StreamEventPayload>;
  useModelVersion(version: number): Promise<void>;
}

export const LIVE_STREAM_METHODS = [
  'nextTasks',
  'leasedTo',
  'answer',
  'answerBatch',
  'undo',
  'join',
  'leave',
  'state',
  'useModelVersion',
] as const satisfies readonly (keyof LiveStream)[];

export type LiveStreamMethod = (typeof LIVE_STREAM_METHODS)[number];

/** A live stream whose every method goes through `call` (forwarding, retrying). */
export function proxyStream(
  id: number,
  call: (method: LiveStreamMethod, args: unknown[]) => Promise<unknown>,
): LiveStream {
  const stream: Record<string, unknown> = { id };
  for (const method of LIVE_STREAM_METHODS)
    stream[method] = (...args: unknown[]) => call(method, args);
  return stream as unknown as LiveStream;
}

export function localStream(runtime: StreamRuntime): LiveStream {
  return {
    id: runtime.settings.id,
    nextTasks: (session, count) => runtime.nextTasks(session, count),
    leasedTo: async (session) => runtime.leasedTo(session),
    answer: (input) => runtime.answer(input),
    answerBatch: (inputs) => runtime.answerBatch(inputs),
    undo: (session) => runtime.undo(session),
    join: async (session, subscribed) => runtime.join(session, subscribed),
    leave: async (session) => runtime.leave(session),
    state: async () => runtime.state(),
    useModelVersion: (version) => runtime.useModelVersion(version),
  };
}
