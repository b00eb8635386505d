import type { AnswerInput } from '@chorus/schema';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * The answer outbox's storage: every answer an annotator gives is written here (IndexedDB, so it
 * outlives a dropped socket, a reload and a browser restart) before it is sent, and removed only
 * once the server has acknowledged it. Keyed by the answer's idempotency key, so a resend after
 * a crash between "stored on the server" and "removed here" is a harmless duplicate.
 */

/** One answer waiting to be acknowledged. */
export interface OutboxEntry {
  key: string;
  stream: string;
  session: string;
  input: AnswerInput;
  /** When the annotator answered (ms since the epoch): the order answers are sent in. */
  answeredAt: number;
  /** Set when the server refused the answer as invalid: kept, shown, never retried blindly. */
  refused?: string;
}

interface OutboxSchema extends DBSchema {
  answers: {
    key: string;
    value: OutboxEntry;
    indexes: { bySession: [string, string, number] };
  };
}

export const OUTBOX_DB = 'chorus-outbox';

export interface OutboxStore {
  add(entry: OutboxEntry): Promise<void>;
  /** A session's entries in the order they were answered. */
  list(stream: string, session: string): Promise<OutboxEntry[]>;
  /** Removes entries by key; keys already gone are ignored. */
  remove(keys: readonly string[]): Promise<void>;
  /** Marks an entry as refused by the server, with the server's reason. */
  refuse(key: string, reason: string): Promise<void>;
  close(): void;
}

/** Opens (creating on first use) the outbox database of this browser profile. */
export async function openOutboxStore(name = OUTBOX_DB): Promise<OutboxStore> {
  const db: IDBPDatabase<OutboxSchema> = await openDB<OutboxSchema>(name, 1, {
    upgrade(database) {
      const answers = database.createObjectStore('answers', { keyPath: 'key' });
      answers.createIndex('bySession', ['stream', 'session', 'answeredAt']);
    },
  });
  return {
    async add(entry) {
      await db.put('answers', entry);
    },
    list(stream, session) {
      const range = IDBKeyRange.bound([stream, session, -Infinity], [stream, session, Infinity]);
      return db.getAllFromIndex('answers', 'bySession', range);
    },
    async remove(keys) {
      if (keys.length === 0) return;
      const tx = db.transaction('answers', 'readwrite');
      await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
    },
    async refuse(key, reason) {
      const tx = db.transaction('answers', 'readwrite');
      const entry = await tx.store.get(key);
      if (entry) await tx.store.put({ ...entry, refused: reason });
      await tx.done;
    },
    close: () => db.close(),
  };
}
