import {
  AnswerDocument,
  AnswerKind,
  ChorusApiError,
  DatasetAnnotationsDocument,
  type DatasetAnnotationsQuery,
  NETWORK_ERROR,
  subscribe,
  TasksDocument,
  type AnswerInput,
  type AnswerMutation,
  type LiveSubscription,
  type TasksSubscription,
} from '@chorus/schema';
import WebSocket from 'ws';
import { graphql } from '../support/chorus-api.js';

type Task = TasksSubscription['tasks']['tasks'][number];

/**
 * One annotator as the web app's session layer behaves: tasks pushed over graphql-ws, every answer
 * kept in an outbox under its idempotency key until the API acknowledges it, and resent after a
 * failure. Fault tests compare what it was told with what the dataset holds.
 */
export class OutboxAnnotator {
  /** Answers the API acknowledged, by idempotency key. */
  readonly acknowledged = new Map<string, AnswerInput>();
  /** Answers sent (or about to be) and not acknowledged yet, by idempotency key. */
  readonly outbox = new Map<string, AnswerInput>();
  private tasks?: LiveSubscription<TasksSubscription>;
  private taken = 0;
  private sent = 0;

  constructor(
    readonly session: string,
    private readonly stream: string,
  ) {}

  /** Opens the `tasks` subscription; resolves once the socket is acknowledged. */
  async connect(url: string): Promise<void> {
    await this.tasks?.close();
    this.taken = 0;
    this.tasks = subscribe(
      url,
      TasksDocument,
      { stream: this.stream, session: this.session },
      { webSocketImpl: WebSocket },
    );
    // A killed server ends the subscription with an error: the annotator just stops answering.
    this.tasks.done.catch(() => {});
    await this.tasks.ready;
  }

  /**
   * Answers pushed tasks one after another until `enough` says stop or the API cannot be reached
   * (the answer in flight then stays in the outbox). Other failures throw.
   */
  async answerUntil(url: string, enough: () => boolean): Promise<void> {
    while (!enough()) {
      const task = await this.nextTask();
      if (task === undefined) return;
      const input: AnswerInput = {
        stream: this.stream,
        session: this.session,
        taskHash: task.taskHash,
        task: task.task,
        answer: this.sent % 3 === 0 ? AnswerKind.reject : AnswerKind.accept,
        idempotencyKey: `${this.session}-${++this.sent}`,
      };
      this.outbox.set(input.idempotencyKey, input);
      try {
        await this.send(url, input);
      } catch (error) {
        if (error instanceof ChorusApiError && error.code === NETWORK_ERROR) return;
        throw error;
      }
    }
  }

  /**
   * Sends the whole outbox again, and the last `repeated` acknowledged answers too (a client that
   * never heard the acknowledgement); returns what the API said of each.
   */
  async resend(url: string, repeated: number): Promise<AnswerMutation['answer'][]> {
    const again = [...this.acknowledged.values()].slice(-repeated);
    const results = [];
    for (const input of [...this.outbox.values(), ...again])
      results.push(await this.send(url, input));
    return results;
  }

  /** Every answer this annotator ever sent, acknowledged or not. */
  allSent(): AnswerInput[] {
    return [...this.acknowledged.values(), ...this.outbox.values()];
  }

  close(): Promise<void> {
    return this.tasks?.close() ?? Promise.resolve();
  }

  private async send(url: string, input: AnswerInput): Promise<AnswerMutation['answer']> {
    const { answer } = await graphql(url, AnswerDocument, { input });
    this.outbox.delete(input.idempotencyKey);
    this.acknowledged.set(input.idempotencyKey, input);
    return answer;
  }

  /** The next pushed task not answered and not revoked; undefined if none comes within 10 s. */
  private async nextTask(): Promise<Task | undefined> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const events = this.tasks?.events ?? [];
      const revoked = new Set(events.flatMap((e) => e.tasks.revoked));
      const pushed = events.flatMap((e) => e.tasks.tasks);
      while (this.taken < pushed.length) {
        const task = pushed[this.taken++]!;
        if (!revoked.has(task.taskHash)) return task;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return undefined;
  }
}

/** `session:taskHash` of every answer stored in a dataset, paging through all of them. */
export async function storedAnswers(url: string, dataset: string): Promise<string[]> {
  const keys: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: DatasetAnnotationsQuery = await graphql(url, DatasetAnnotationsDocument, {
      name: dataset,
      first: 100,
      after,
    });
    const annotations = page.dataset!.annotations;
    keys.push(...annotations.edges.map(({ node }) => `${node.sessionId}:${node.taskHash}`));
    if (!annotations.pageInfo.hasNextPage) return keys.sort();
    after = annotations.pageInfo.endCursor ?? null;
  }
}

/** `session:taskHash` of answers as sent, in the order `storedAnswers` gives. */
export function answerKeys(inputs: readonly AnswerInput[]): string[] {
  return inputs.map((input) => `${input.session}:${input.taskHash}`).sort();
}
