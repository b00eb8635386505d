/**
 * Every event topic and its payload, in one place. Publishers and subscribers go through the
 * `PubSub` interface (pubsub.ts) with these names only.
 */
export const Topic = {
  IMPORT_PROGRESS: 'IMPORT_PROGRESS',
} as const;

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

export interface TopicPayloads {
  [Topic.IMPORT_PROGRESS]: ImportProgressPayload;
}
