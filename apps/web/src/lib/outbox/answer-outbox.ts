import type { AnswerInput } from '@chorus/schema';
import type { OutboxEntry, OutboxStore } from './outbox-store';

/**
 * Sends a session's answers from the outbox, oldest first, in batches, one request at a time:
 * an answer is stored in IndexedDB before anything else happens, sent as soon as the connection
 * allows, retried with back-off while the API cannot be reached, and removed only when the server
 * has acknowledged it. Answers the server refuses as invalid are kept aside and shown, never
 * dropped and never resent in a loop.
 */

/** What the page shows about the outbox. */
export interface OutboxSnapshot {
  /** Answers not yet acknowledged (sending included, refused excluded). */
  waiting: number;
  refused: { key: string; taskHash: number; reason: string }[];
  /** The last failure to reach the API, until a send succeeds again. */
  lastError: string | null;
}

/** Why a send failed, as the outbox needs to know it. */
export interface SendFailure {
  /** True when resending the same answers cannot succeed (the API refused them as invalid). */
  permanent: boolean;
  message: string;
}

export interface AnswerOutboxOptions {
  store: OutboxStore;
  stream: string;
  session: string;
  /** Sends answers in one request; throws a value that `classify` understands. */
  send(inputs: AnswerInput[]): Promise<void>;
  classify(error: unknown): SendFailure;
  onChange?(snapshot: OutboxSnapshot): void;
  /** Answers per request (the API takes 100). */
  maxBatch?: number;
  /** Wait before the n-th retry after a failure to reach the API. */
  retryDelayMs?(attempt: number): number;
  now?(): number;
}

const defaultRetryDelay = (attempt: number) => Math.min(10_000, 250 * 2 ** attempt);

export class AnswerOutbox {
  private readonly queue: OutboxEntry[] = [];
  private readonly refused: OutboxEntry[] = [];
  private inFlight = new Set<string>();
  private sending: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private lastError: string | null = null;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  private constructor(private readonly options: AnswerOutboxOptions) {}

  /** Opens the session's outbox and starts sending what an earlier page load left in it. */
  static async open(options: AnswerOutboxOptions): Promise<AnswerOutbox> {
    const outbox = new AnswerOutbox(options);
    for (const entry of await options.store.list(options.stream, options.session)) {
      (entry.refused ? outbox.refused : outbox.queue).push(entry);
    }
    outbox.changed();
    outbox.flush();
    return outbox;
  }

  /** Keeps an answer (in IndexedDB first), then sends it. */
  async add(input: AnswerInput): Promise<void> {
    const entry: OutboxEntry = {
      key: input.idempotencyKey,
      stream: this.options.stream,
      session: this.options.session,
      input,
      answeredAt: this.options.now?.() ?? Date.now(),
    };
    this.queue.push(entry);
    this.changed();
    await this.options.store.add(entry);
    this.flush();
  }

  /** Task hashes answered here and not yet acknowledged: the page must not ask them again. */
  pendingTaskHashes(): Set<number> {
    return new Set([...this.queue, ...this.refused].map((entry) => entry.input.taskHash));
  }

  /**
   * Takes back an answer that has not left the browser yet (undo before it was sent). False when
   * it is on its way or already acknowledged: undo it on the server instead.
   */
  async take(key: string): Promise<boolean> {
    const index = this.queue.findIndex((entry) => entry.key === key);
    if (index < 0 || this.inFlight.has(key)) return false;
    this.queue.splice(index, 1);
    this.changed();
    await this.options.store.remove([key]);
    return true;
  }

  /** Resolves once every answer waiting now has been acknowledged (or refused). */
  idle(): Promise<void> {
    if (this.queue.length === 0 && !this.sending) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Sends now: after the connection came back, or when the browser went online. */
  retryNow(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.attempts = 0;
    this.flush();
  }

  snapshot(): OutboxSnapshot {
    return {
      waiting: this.queue.length,
      refused: this.refused.map((entry) => ({
        key: entry.key,
        taskHash: entry.input.taskHash,
        reason: entry.refused ?? '',
      })),
      lastError: this.lastError,
    };
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.options.store.close();
  }

  private changed(): void {
    this.options.onChange?.(this.snapshot());
  }

  private flush(): void {
    if (this.closed || this.sending || this.retryTimer || this.queue.length === 0) return;
    this.sending = this.sendBatches().finally(() => {
      this.sending = null;
      if (this.queue.length === 0 || this.closed) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
      }
    });
  }

  private async sendBatches(): Promise<void> {
    while (!this.closed && this.queue.length > 0) {
      const batch = this.queue.slice(0, this.options.maxBatch ?? 50);
      const sent = await this.trySend(batch);
      if (!sent) return;
    }
  }

  /** Sends one batch; false when the API could not be reached (a retry is scheduled). */
  private async trySend(batch: OutboxEntry[]): Promise<boolean> {
    for (const entry of batch) this.inFlight.add(entry.key);
    try {
      await this.options.send(batch.map((entry) => entry.input));
      await this.acknowledge(batch);
      this.attempts = 0;
      this.lastError = null;
      this.changed();
      return true;
    } catch (error) {
      const failure = this.options.classify(error);
      if (!failure.permanent) {
        this.lastError = failure.message;
        this.changed();
        this.scheduleRetry();
        return false;
      }
      // One answer of the batch is invalid: send them one by one to find it, keep the rest.
      if (batch.length > 1) {
        for (const entry of batch) if (!(await this.trySend([entry]))) return false;
        return true;
      }
      await this.setAside(batch[0]!, failure.message);
      return true;
    } finally {
      for (const entry of batch) this.inFlight.delete(entry.key);
    }
  }

  private async acknowledge(batch: OutboxEntry[]): Promise<void> {
    const keys = new Set(batch.map((entry) => entry.key));
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (keys.has(this.queue[i]!.key)) this.queue.splice(i, 1);
    }
    await this.options.store.remove([...keys]);
  }

  private async setAside(entry: OutboxEntry, reason: string): Promise<void> {
    const index = this.queue.indexOf(entry);
    if (index >= 0) this.queue.splice(index, 1);
    this.refused.push({ ...entry, refused: reason });
    await this.options.store.refuse(entry.key, reason);
    this.changed();
  }

  private scheduleRetry(): void {
    if (this.closed) return;
    const delay = (this.options.retryDelayMs ?? defaultRetryDelay)(this.attempts++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.flush();
    }, delay);
  }
}
