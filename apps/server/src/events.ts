/**
 * Every event topic and its payload, in one place. Publishers and subscribers go through the
 * `PubSub` interface (pubsub.ts) with these names only.
 */
import type { TaskView } from './streams/stream-task.js';

export const Topic = {
  IMPORT_PROGRESS: 'IMPORT_PROGRESS',
  /** Keyed by stream id. */
  STREAM_EVENT: 'STREAM_EVENT',
  /** Keyed by `streamTasksKey(stream, session)`. */
  STREAM_TASKS: 'STREAM_TASKS',
  /** Keyed by training run id; the payload is the run as stored. */
  TRAINING_RUN: 'TRAINING_RUN',
} as const;

export function streamTasksKey(streamId: number, session: string): string {
  return `${streamId}/${session}`;
}

export interface ImportProgressPayload {
  importId: string;
  linesRead: number;
  inserted: number;
  duplicates: number;
  bytesRead: number;
  totalBytes: number | null;
  done: boolean;
  error: string | null;
}

export type StreamEventType =
  'model_updated' | 'version_published' | 'model_switched' | 'presence' | 'progress';

/** One event of a stream; which fields are set depends on `type`. */
export interface StreamEventPayload {
  type: StreamEventType;
  streamId: number;
  /** Answers the in-loop model has learnt from (a version it switched to counts its own). */
  answers: number;
  /** Share of the last answers where the model's guess (score ≥ 0.5) matched the answer. */
  rollingAccuracy: number | null;
  /** Sessions present in the stream. */
  sessions: string[];
  /** Answers stored through this stream (not undone). */
  answered: number;
  /** Tasks known to be left: the pool, plus inputs of the source not read yet. */
  remaining: number;
  /**
   * The model version the in-loop model is, or last snapshotted as; `version_published`: the
   * version just saved; `model_switched`: the version switched to.
   */
  modelVersion: number | null;
}

/** Tasks newly leased to one session, and tasks taken back from it (stale or expired). */
export interface StreamTasksPayload {
  tasks: TaskView[];
  revoked: number[];
}

export interface TrainingRunPayload {
  id: number;
  status: string;
  kind: string;
  labels: string[];
  datasets: string[];
  evalDataset: string | null;
  evalSplit: number;
  epochs: number;
  seed: number;
  curve: boolean;
  exclusive: boolean | null;
  vectors: string | null;
  progress: Record<string, unknown>[];
  metrics: Record<string, unknown> | null;
  modelVersionId: number | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface TopicPayloads {
  [Topic.IMPORT_PROGRESS]: ImportProgressPayload;
  [Topic.STREAM_EVENT]: StreamEventPayload;
  [Topic.STREAM_TASKS]: StreamTasksPayload;
  [Topic.TRAINING_RUN]: TrainingRunPayload;
}
