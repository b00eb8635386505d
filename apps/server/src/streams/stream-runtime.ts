import {
  asksWholeInputs,
  CANDIDATE_POOL,
  labelTurns,
  learnAnswer,
  nextPriorRefit,
  parsePatterns,
  PRIOR_SAMPLE,
  proposeTasks,
  scoreTask,
  SourcePasses,
  staleTasks,
  usesModel,
  type Pattern,
  type RecipeContext,
  type RecipeInput,
} from '@chorus/engine';
import { AnswerKind, Recipe, Routing, type DatasetKind, type Sorter } from '@chorus/schema';
import type pg from 'pg';
import { InputError } from '../errors.js';
import { streamTasksKey, Topic, type StreamEventPayload, type StreamEventType } from '../events.js';
import { validateTask } from '../imports/validate-task.js';
import type { Logger } from '../logger.js';
import type { PubSub } from '../pubsub.js';
import { AnsweredIndex } from './answered-index.js';
import {
  createInLoopModel,
  restoreInLoopModel,
  type InLoopModel,
  type TextcatInLoopModel,
} from './in-loop-model.js';
import { reviewTasks } from './review.js';
import { RollingAccuracy } from './rolling-accuracy.js';
import { taskRecord, toTaskView, type StreamTask, type TaskView } from './stream-task.js';
import { TaskPool } from './task-pool.js';

/** What a runtime needs to know of its stream (the entity's fields, without the ORM). */
export interface StreamSettings {
  id: number;
  datasetId: number;
  datasetKind: DatasetKind;
  /** The source to read; absent for review streams. */
  sourceId?: number;
  /** Review streams: the dataset whose answers are adjudicated. */
  reviewDatasetId?: number;
  recipe: Recipe;
  labels: string[];
  exclusive: boolean;
  patterns?: string;
  sorter: Sorter;
  routing: Routing;
  annotationsPerTask: number;
  excludeDatasetIds: number[];
  snapshotEvery: number;
  baseModelVersionId?: number;
}

export interface RuntimeDeps {
  pool: pg.Pool;
  pubsub: PubSub;
  logger: Logger;
  leaseMs: number;
  /** The least time between two snapshots; serializing a model holds the event loop. */
  snapshotMinMs: number;
}

export interface AnswerInput {
  session: string;
  taskHash: number;
  /** The task as the client has it: needed when the server no longer holds it (after a restart). */
  task?: Record<string, unknown>;
  answer: AnswerKind;
  /** Manual recipes: the spans the annotator marked. */
  spans?: Record<string, unknown>[];
  /** Choice recipes: the accepted option ids. */
  accept?: string[];
  idempotencyKey: string;
  annotator?: string;
}

export interface AnswerOutcome {
  annotationId: number;
  duplicate: boolean;
  answers: number;
}

interface PreparedAnswer {
  input: AnswerInput;
  task: StreamTask;
  record: Record<string, unknown>;
}

interface PendingAnswer extends PreparedAnswer {
  resolve: (outcome: AnswerOutcome) => void;
  reject: (error: Error) => void;
}

const MAX_COMMIT_BATCH = 500;
/** At most one model-updated event per stream in this many milliseconds. */
const MODEL_EVENT_MS = 100;
/** Answers the rolling accuracy is taken over. */
const ACCURACY_WINDOW = 100;

/**
 * One stream, live: its in-loop model (shared by every session), its priority pool with leases,
 * the sessions present, and the memory of what was answered. Answers are committed to
 * PostgreSQL first; only then does the model learn and events go out.
 */
export class StreamRuntime {
  private model?: InLoopModel;
  private readonly patterns: Pattern[];
  private readonly pool = new TaskPool();
  private readonly answered = new AnsweredIndex();
  private readonly accuracy = new RollingAccuracy(ACCURACY_WINDOW);
  private readonly sessions = new Map<string, { subscriptions: number; lastSeen: number }>();
  private revision = 0;
  private answeredCount = 0;
  private lastLearntId = 0;
  private latestVersion: number | null = null;
  private snapshotRevision = 0;
  /** How far the source has been read, in passes (review streams: done once read). */
  private readonly passes = new SourcePasses();
  /** Inputs of the source the first pass has not read yet (whole-input recipes: nor answered). */
  private unreadInputs = 0;
  /** Answers waiting for the next commit, by the call that sent them (a batch stays whole). */
  private readonly pending: PendingAnswer[][] = [];
  private flushing?: Promise<void>;
  private rescoring = false;
  /** The answers learnt at which a text classifier refits its prior next (`nextPriorRefit`). */
  private priorRefitAt = nextPriorRefit(0);
  private refittingPrior?: Promise<void>;
  private readonly pendingTopUps = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  /** How leasing groups tasks so labels take turns (fixed by recipe, sorter and patterns). */
  private readonly turnGroup: ReturnType<typeof labelTurns>;

  private constructor(
    readonly settings: StreamSettings,
    private readonly deps: RuntimeDeps,
  ) {
    this.patterns = settings.patterns ? parsePatterns(settings.patterns) : [];
    this.turnGroup = labelTurns(this.context);
    this.timer = setInterval(
      () => this.expireLeases(),
      Math.min(5000, Math.max(100, deps.leaseMs / 4)),
    );
    this.timer.unref();
  }

  /** Loads a stream: its answers, then its latest snapshot plus the answers after it. */
  static async open(settings: StreamSettings, deps: RuntimeDeps): Promise<StreamRuntime> {
    const runtime = new StreamRuntime(settings, deps);
    await runtime.load();
    return runtime;
  }

  private get context(): RecipeContext {
    const s = this.settings;
    return {
      recipe: s.recipe,
      labels: s.labels,
      sorter: s.sorter,
      model: this.model,
      patterns: this.patterns,
      revision: this.revision,
    };
  }

  private keyOf(task: { taskHash: number; inputHash: number }): number {
    return asksWholeInputs(this.settings.recipe) ? task.inputHash : task.taskHash;
  }

  private required(): number {
    return this.settings.routing === Routing.overlap ? Infinity : this.settings.annotationsPerTask;
  }

  private async load(): Promise<void> {
    const { pool } = this.deps;
    const s = this.settings;
    const answers = await pool.query<{
      task_hash: string;
      input_hash: string;
      session_id: string | null;
      dataset_id: number;
      stream_id: number | null;
    }>(
      `select task_hash, input_hash, session_id, dataset_id, stream_id from annotation
       where dataset_id = any($1::int[]) and undone_at is null`,
      [[s.datasetId, ...s.excludeDatasetIds]],
    );
    for (const row of answers.rows) {
      const key = this.keyOf({
        taskHash: Number(row.task_hash),
        inputHash: Number(row.input_hash),
      });
      if (row.dataset_id === s.datasetId) {
        this.answered.add(key, row.session_id ?? '');
        if (row.stream_id === s.id) this.answeredCount++;
      } else this.answered.close(key);
    }
    const count = await pool.query<{ n: number }>(
      `select count(*)::int as n from input where source_id = $1`,
      [s.sourceId],
    );
    this.unreadInputs = Math.max(
      0,
      count.rows[0]!.n - (asksWholeInputs(s.recipe) ? this.answered.size : 0),
    );
    if (usesModel(s.recipe)) await this.loadModel();
  }

  private async loadModel(): Promise<void> {
    const { pool } = this.deps;
    const s = this.settings;
    const snapshot = await pool.query<{
      id: number;
      model: string;
      answers_seen: number;
      last_annotation_id: string | null;
    }>(
      `select id, model, answers_seen, last_annotation_id from model_version
       where stream_id = $1 or id = $2 order by (stream_id = $1) desc nulls last, id desc limit 1`,
      [s.id, s.baseModelVersionId ?? null],
    );
    const row = snapshot.rows[0];
    if (row) {
      this.model = restoreInLoopModel(s.datasetKind, row.model);
      this.latestVersion = row.id;
      this.revision = row.answers_seen;
      this.snapshotRevision = row.answers_seen;
      this.lastLearntId = Number(row.last_annotation_id ?? 0);
      await this.resumeAccuracy();
    } else {
      this.model = createInLoopModel(s.datasetKind, s.labels, s.exclusive);
    }
    // Replay what the stream was taught after its snapshot: the answers are the truth.
    const replay = await pool.query<{
      id: string;
      task: Record<string, unknown>;
      answer: AnswerKind;
    }>(
      `select id, task, answer from annotation where stream_id = $1 and id > $2 and undone_at is null order by id`,
      [s.id, this.lastLearntId],
    );
    for (const row of replay.rows)
      this.learn(this.fromRecord(row.task), row.answer, row.task, Number(row.id));
    if (replay.rows.length > 0)
      this.deps.logger.info(
        { stream: s.id, replayed: replay.rows.length },
        'stream model replayed answers',
      );
    while (this.priorRefitAt <= this.revision)
      this.priorRefitAt = nextPriorRefit(this.priorRefitAt);
  }

  /**
   * The rolling accuracy as it stood at the snapshot, from the stored answers it had learnt
   * (their scores are the model's guesses); the replay after it adds the rest.
   */
  private async resumeAccuracy(): Promise<void> {
    if (asksWholeInputs(this.settings.recipe)) return;
    const { rows } = await this.deps.pool.query<{ score: number | null; answer: AnswerKind }>(
      `select score, answer from annotation
       where stream_id = $1 and id <= $2 and undone_at is null and answer <> 'ignore'
       order by id desc limit $3`,
      [this.settings.id, this.lastLearntId, ACCURACY_WINDOW],
    );
    for (const row of rows.reverse())
      this.accuracy.add((row.score ?? 0.5) >= 0.5, row.answer === AnswerKind.accept);
  }

  /** Rebuilds a stream task from a stored or client-sent record. */
  private fromRecord(record: Record<string, unknown>): StreamTask {
    const valid = validateTask(record);
    const task = valid.task as Partial<StreamTask>;
    return {
      taskHash: valid.taskHash,
      inputHash: valid.inputHash,
      position: 0,
      text: valid.text,
      tokens: task.tokens,
      spans: task.spans,
      label: task.label,
      options: task.options,
      meta: task.meta,
      viewId: typeof record._view_id === 'string' ? record._view_id : undefined,
      score: typeof record.score === 'number' ? record.score : 0.5,
      priority: 0,
      scoredAt: this.revision,
    };
  }

  private learn(
    task: StreamTask,
    answer: AnswerKind,
    record: Record<string, unknown>,
    annotationId: number,
  ): void {
    const model = this.model;
    const recipe = this.settings.recipe;
    this.lastLearntId = Math.max(this.lastLearntId, annotationId);
    if (!model || answer === AnswerKind.ignore) return;
    if (!asksWholeInputs(recipe))
      this.accuracy.add(task.score >= 0.5, answer === AnswerKind.accept);
    learnAnswer(model, recipe, task, answer, {
      spans: asksWholeInputs(recipe) ? (record.spans as StreamTask['spans']) : undefined,
      accept: record.accept as string[] | undefined,
    });
    this.revision++;
  }

  // ---- sessions and tasks -------------------------------------------------------------------

  join(session: string, subscribed = false): void {
    const known = this.sessions.get(session);
    const entry = known ?? { subscriptions: 0, lastSeen: Date.now() };
    entry.lastSeen = Date.now();
    if (subscribed) entry.subscriptions++;
    this.sessions.set(session, entry);
    if (!known) this.publishEvent('presence');
  }

  /** A session's subscription ended: its leases go back to the pool for the others. */
  leave(session: string): void {
    const entry = this.sessions.get(session);
    if (!entry) return;
    entry.subscriptions = Math.max(0, entry.subscriptions - 1);
    if (entry.subscriptions > 0) return;
    this.sessions.delete(session);
    if (this.pool.release(session) > 0) void this.pushToSessions();
    this.publishEvent('presence');
  }

  /** Leases up to `count` more tasks to a session and returns them (highest priority first). */
  async nextTasks(session: string, count: number): Promise<TaskView[]> {
    this.join(session);
    await this.fill();
    // The session left while the pool filled (its socket went while its subscription was being
    // set up, or between two pushes): tasks leased now would be held by nobody until they expire.
    if (!this.sessions.has(session)) return [];
    const required = this.required();
    const tasks = this.pool.take(
      session,
      count,
      Date.now() + this.deps.leaseMs,
      (task, leases) => {
        const key = this.keyOf(task);
        return (
          !this.answered.answeredBy(key, session) && this.answered.count(key) + leases < required
        );
      },
      this.turnGroup,
    );
    this.pool.renew(session, Date.now() + this.deps.leaseMs);
    if (this.pool.unleased() < CANDIDATE_POOL.target / 2) void this.fill();
    return tasks.map(toTaskView);
  }

  /** Tasks a session holds now (for a client that reconnects). */
  leasedTo(session: string): TaskView[] {
    return this.pool.leasedTo(session).map(toTaskView);
  }

  /** Reads the source until the pool has enough free tasks, cycling so nothing is dropped for good. */
  private async fill(): Promise<void> {
    if (this.settings.reviewDatasetId !== undefined)
      return this.fillReview(this.settings.reviewDatasetId);
    while (this.pool.unleased() < CANDIDATE_POOL.target && !this.passes.done) {
      const rows = await this.deps.pool.query<{
        input_hash: string;
        position: number;
        text: string;
        data: Record<string, unknown>;
      }>(
        `select input_hash, position, text, data from input where source_id = $1 and position > $2 order by position limit $3`,
        [this.settings.sourceId, this.passes.cursor, CANDIDATE_POOL.readBatch],
      );
      const firstPass = !this.passes.firstPassDone;
      // End of a pass: the next read starts again from the top, unless the pass found nothing new.
      if (!this.passes.read(rows.rows.at(-1)?.position)) {
        this.unreadInputs = 0;
        continue;
      }
      const inputs: RecipeInput[] = rows.rows
        .map((r) => ({
          inputHash: Number(r.input_hash),
          position: r.position,
          text: r.text,
          tokens: r.data.tokens as RecipeInput['tokens'],
          label: typeof r.data.label === 'string' ? r.data.label : undefined,
          meta: r.data.meta as RecipeInput['meta'],
        }))
        .filter(
          (input) =>
            !(
              asksWholeInputs(this.settings.recipe) &&
              this.answered.count(input.inputHash) >= this.required()
            ),
        );
      if (firstPass)
        this.unreadInputs = Math.max(
          0,
          this.unreadInputs - (asksWholeInputs(this.settings.recipe) ? inputs : rows.rows).length,
        );
      for (const task of proposeTasks(inputs, this.context)) {
        if (
          this.pool.has(task.taskHash) ||
          this.answered.count(this.keyOf(task)) >= this.required()
        )
          continue;
        this.pool.add(task);
        this.passes.added();
      }
      this.pool.trim(CANDIDATE_POOL.max);
    }
  }

  /** Review streams read their groups once; answered ones are left out. */
  private async fillReview(datasetId: number): Promise<void> {
    if (this.passes.done) return;
    this.passes.done = true;
    for (const task of await reviewTasks(this.deps.pool, datasetId, this.revision)) {
      if (this.answered.count(task.taskHash) < this.required()) this.pool.add(task);
    }
  }

  // ---- answers -------------------------------------------------------------------------------

  /**
   * Commits an answer, then teaches the model. A repeated idempotency key returns the stored
   * result and changes nothing. Answers arriving together are committed together (group
   * commit: one statement and one WAL flush for the batch), then learnt in commit order.
   */
  answer(input: AnswerInput): Promise<AnswerOutcome> {
    try {
      return this.enqueue([this.prepare(input)]).then(([outcome]) => outcome!);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Several answers, all or nothing: every one is checked before any is queued (a bad one fails
   * the batch, naming it as `inputs[n]`), then all enter the same commit, one statement, and are
   * learnt in order. Outcomes come in input order.
   */
  answerBatch(inputs: AnswerInput[]): Promise<AnswerOutcome[]> {
    try {
      if (inputs.length > MAX_COMMIT_BATCH)
        throw new InputError(`at most ${MAX_COMMIT_BATCH} answers a batch`, { field: 'inputs' });
      const prepared = inputs.map((input, n) => {
        try {
          return this.prepare(input);
        } catch (error) {
          throw error instanceof InputError ? error.within(`inputs[${n}]`) : error;
        }
      });
      return this.enqueue(prepared);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private enqueue(prepared: PreparedAnswer[]): Promise<AnswerOutcome[]> {
    if (prepared.length === 0) return Promise.resolve([]);
    const group: PendingAnswer[] = [];
    const outcomes = prepared.map(
      (answer) =>
        new Promise<AnswerOutcome>((resolve, reject) => group.push({ ...answer, resolve, reject })),
    );
    this.pending.push(group);
    this.flushing ??= this.flush().finally(() => (this.flushing = undefined));
    return Promise.all(outcomes);
  }

  /** The next answers to commit together: whole groups, up to `MAX_COMMIT_BATCH` (or one group). */
  private nextCommit(): PendingAnswer[] {
    const batch: PendingAnswer[] = [];
    while (
      this.pending.length > 0 &&
      (batch.length === 0 || batch.length + this.pending[0]!.length <= MAX_COMMIT_BATCH)
    )
      batch.push(...this.pending.shift()!);
    return batch;
  }

  private prepare(input: AnswerInput): PreparedAnswer {
    const held = this.pool.get(input.taskHash);
    if (!held && !input.task) {
      throw new InputError('the stream no longer holds this task: send it with the answer', {
        field: 'task',
      });
    }
    const task = held ?? this.fromRecord(input.task!);
    if (!held && task.taskHash !== input.taskHash && !asksWholeInputs(this.settings.recipe)) {
      throw new InputError(`the task's content hashes to ${task.taskHash}, not ${input.taskHash}`, {
        field: 'taskHash',
      });
    }
    const record = taskRecord(task);
    if (input.spans) {
      record.spans = validateTask({
        text: task.text,
        tokens: task.tokens,
        spans: input.spans,
      }).task.spans;
    }
    if (input.accept) record.accept = input.accept;
    return { input, task, record };
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.nextCommit();
      try {
        const ids = await this.commit(batch);
        const sessions = new Set<string>();
        batch.forEach((answer, n) => {
          const { id, duplicate } = ids[n]!;
          if (!duplicate) this.accept(answer, id);
          sessions.add(answer.input.session);
          answer.resolve({ annotationId: id, duplicate, answers: this.revision });
        });
        this.publishEvent('model_updated');
        if (this.snapshotDue()) {
          // Snapshots are taken off the answer path: the answers are the truth, nothing waits.
          void this.snapshotInBackground();
        }
        if (this.model?.kind === 'textcat' && this.revision >= this.priorRefitAt)
          this.refitPriorInBackground(this.model);
        for (const session of sessions) this.scheduleRescore(session);
      } catch (error) {
        for (const answer of batch) answer.reject(error as Error);
      }
    }
  }

  /** Inserts a batch of answers in one statement; gives each its row id and whether it was a repeat. */
  private async commit(batch: PendingAnswer[]): Promise<{ id: number; duplicate: boolean }[]> {
    const s = this.settings;
    const rows = batch.map(({ input, task, record }, n) => ({
      n,
      i: task.inputHash,
      h: task.taskHash,
      k: record,
      a: input.answer,
      s: input.session,
      u: input.annotator ?? input.session,
      sc: task.score,
      key: input.idempotencyKey,
    }));
    const inserted = await this.deps.pool.query<{ id: string; idempotency_key: string }>(
      `insert into annotation (dataset_id, input_hash, task_hash, task, answer, session_id, annotator, model_version, score, idempotency_key, stream_id)
       select $1, r.i, r.h, r.k, r.a, r.s, r.u, $2, r.sc, r.key, $3
       from json_to_recordset($4::json) as r(n int, i bigint, h bigint, k json, a answer_kind, s text, u text, sc float8, key text)
       order by r.n
       on conflict (dataset_id, idempotency_key) where idempotency_key is not null do nothing
       returning id, idempotency_key`,
      [s.datasetId, this.latestVersion, s.id, JSON.stringify(rows)],
    );
    const fresh = new Map(inserted.rows.map((r) => [r.idempotency_key, Number(r.id)]));
    const repeated = batch.map((a) => a.input.idempotencyKey).filter((key) => !fresh.has(key));
    const stored = new Map<string, number>();
    if (repeated.length > 0) {
      const existing = await this.deps.pool.query<{ id: string; idempotency_key: string }>(
        `select id, idempotency_key from annotation where dataset_id = $1 and idempotency_key = any($2::text[])`,
        [s.datasetId, repeated],
      );
      for (const row of existing.rows) stored.set(row.idempotency_key, Number(row.id));
    }
    const claimed = new Set<string>();
    return batch.map(({ input }) => {
      const key = input.idempotencyKey;
      // The first of two identical keys in one batch is the stored answer; the second a repeat.
      if (fresh.has(key) && !claimed.has(key)) {
        claimed.add(key);
        return { id: fresh.get(key)!, duplicate: false };
      }
      return { id: fresh.get(key) ?? stored.get(key)!, duplicate: true };
    });
  }

  /** Bookkeeping after an answer is stored: never ask it again, free its lease, learn from it. */
  private accept({ input, task, record }: PendingAnswer, annotationId: number): void {
    const key = this.keyOf(task);
    this.answered.add(key, input.session);
    this.answeredCount++;
    this.pool.release(input.session, task.taskHash);
    // An answering session is present: its other leases stay alive.
    this.pool.renew(input.session, Date.now() + this.deps.leaseMs);
    this.join(input.session);
    if (this.answered.count(key) >= this.required()) this.pool.remove(task.taskHash);
    this.learn(task, input.answer, record, annotationId);
  }

  /**
   * Takes back a session's latest answer in this stream: the row stays as history (marked
   * undone), the question is open again and goes back to the session first. The in-loop model
   * is not rolled back; the new answer teaches it again.
   */
  async undo(session: string): Promise<TaskView | null> {
    await this.flushing;
    const result = await this.deps.pool.query<{
      task: Record<string, unknown>;
      task_hash: string;
      input_hash: string;
    }>(
      `update annotation set undone_at = now() where id = (
         select id from annotation where stream_id = $1 and session_id = $2 and undone_at is null
         order by id desc limit 1
       ) returning task, task_hash, input_hash`,
      [this.settings.id, session],
    );
    const row = result.rows[0];
    if (!row) return null;
    // The question as it was asked: manual answers carry the annotator's spans, not the question's.
    const { accept: _accept, ...question } = row.task;
    if (this.settings.recipe === Recipe.ner_manual) question.spans = [];
    const task = {
      ...this.fromRecord(question),
      taskHash: Number(row.task_hash),
      inputHash: Number(row.input_hash),
    };
    this.answered.remove(this.keyOf(task), session);
    this.answeredCount--;
    task.priority = Number.MAX_VALUE;
    this.pool.lease(task, session, Date.now() + this.deps.leaseMs);
    this.publishEvent('progress');
    return toTaskView(task);
  }

  // ---- model versions and background work ----------------------------------------------------

  private snapshotting?: Promise<unknown>;

  private lastSnapshotAt = Date.now();

  /**
   * Every `snapshotEvery` answers, but not more often than `snapshotMinMs`: serializing a model
   * takes the event loop for a while, and after a crash the answers since the last snapshot are
   * replayed anyway.
   */
  private snapshotDue(): boolean {
    return (
      this.model !== undefined &&
      this.revision - this.snapshotRevision >= this.settings.snapshotEvery &&
      Date.now() - this.lastSnapshotAt >= this.deps.snapshotMinMs
    );
  }

  private snapshotInBackground(): Promise<unknown> {
    this.snapshotting ??= this.snapshot()
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, stream: this.settings.id }, 'snapshot failed'),
      )
      .finally(() => (this.snapshotting = undefined));
    return this.snapshotting;
  }

  /**
   * Refits the text classifier's prior from the source inputs the dataset has no answer for (a
   * sample by input hash, at most `PRIOR_SAMPLE`), off the answer path; when it is in, the pool
   * is scored again.
   */
  private refitPriorInBackground(model: TextcatInLoopModel): void {
    this.priorRefitAt = nextPriorRefit(this.revision);
    if (this.refittingPrior) return;
    const s = this.settings;
    this.refittingPrior = this.deps.pool
      .query<{ text: string; tokens: RecipeInput['tokens'] }>(
        `select i.text, i.data->'tokens' as tokens from input i
         where i.source_id = $1 and not exists (
           select 1 from annotation a
           where a.dataset_id = $2 and a.input_hash = i.input_hash and a.undone_at is null)
         order by i.input_hash limit $3`,
        [s.sourceId, s.datasetId, PRIOR_SAMPLE],
      )
      .then(({ rows }) =>
        model.refitPrior(rows.map((r) => ({ text: r.text, tokens: r.tokens ?? undefined }))),
      )
      .then(() => {
        if (this.model !== model) return;
        const context = this.context;
        for (const task of this.pool.tasks()) scoreTask(task, context);
        this.publishEvent('model_updated');
      })
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, stream: s.id }, 'prior refit failed'),
      )
      .finally(() => (this.refittingPrior = undefined));
  }

  /** Continues from a model version (a training run's, say): the pool is scored again by it. */
  async useModelVersion(id: number): Promise<void> {
    if (!usesModel(this.settings.recipe))
      throw new InputError(`${this.settings.recipe} streams use no model`, { field: 'stream' });
    const { rows } = await this.deps.pool.query<{
      kind: DatasetKind;
      model: string;
      answers_seen: number;
    }>(`select kind, model, answers_seen from model_version where id = $1`, [id]);
    const row = rows[0]!;
    if (row.kind !== this.settings.datasetKind) {
      throw new InputError(
        `model version ${id} is ${row.kind}, the stream is ${this.settings.datasetKind}`,
        { field: 'version' },
      );
    }
    await this.flushing;
    this.model = restoreInLoopModel(row.kind, row.model);
    this.latestVersion = id;
    // The model now knows what the version learnt, not what this stream taught the old one; the
    // version is stored already, so there is nothing new to snapshot.
    this.revision = row.answers_seen;
    this.snapshotRevision = row.answers_seen;
    this.priorRefitAt = nextPriorRefit(this.revision);
    const context = this.context;
    for (const task of this.pool.tasks()) {
      // Feature rows depend on the model's feature settings, which the new version may change.
      task.rows = undefined;
      scoreTask(task, context);
    }
    this.publishEvent('model_switched');
  }

  /** Saves the in-loop model as a new model version. */
  async snapshot(): Promise<number | null> {
    if (!this.model) return null;
    const s = this.settings;
    const result = await this.deps.pool.query<{ id: number }>(
      `insert into model_version (kind, labels, model, parent_id, stream_id, answers_seen, last_annotation_id)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [
        s.datasetKind,
        s.labels,
        JSON.stringify(this.model.toJSON()),
        this.latestVersion,
        s.id,
        this.revision,
        this.lastLearntId,
      ],
    );
    this.latestVersion = result.rows[0]!.id;
    this.snapshotRevision = this.revision;
    this.lastSnapshotAt = Date.now();
    this.publishEvent('version_published');
    return this.latestVersion;
  }

  /**
   * Re-scores a bounded chunk of stale pool tasks after the answer has gone out, the most
   * promising first, then tops up every session. Each answer refreshes a chunk, so scores follow
   * the model without any answer waiting for the whole pool.
   */
  private scheduleRescore(session: string): void {
    if (this.rescoring) {
      this.pendingTopUps.add(session);
      return;
    }
    this.rescoring = true;
    this.pendingTopUps.add(session);
    setImmediate(() => {
      if (this.model) {
        const context = this.context;
        for (const task of staleTasks(this.pool.tasks(), this.revision)) scoreTask(task, context);
      }
      this.rescoring = false;
      const sessions = [...this.pendingTopUps];
      this.pendingTopUps.clear();
      void this.pushToSessions(sessions);
    });
  }

  /** Tops up subscribed sessions (all of them by default) with fresh tasks, over `tasks`. */
  private async pushToSessions(only?: string[]): Promise<void> {
    for (const session of only ?? [...this.sessions.keys()]) {
      if (!this.sessions.get(session)?.subscriptions) continue;
      const missing = QUEUE_SIZE - this.pool.leasedTo(session).length;
      if (missing <= 0) continue;
      const tasks = await this.nextTasks(session, missing);
      if (tasks.length > 0)
        this.deps.pubsub.publish(Topic.STREAM_TASKS, streamTasksKey(this.settings.id, session), {
          tasks,
          revoked: [],
        });
    }
  }

  private expireLeases(): void {
    const now = Date.now();
    for (const [session, entry] of this.sessions) {
      if (entry.subscriptions === 0 && now - entry.lastSeen > this.deps.leaseMs) {
        this.sessions.delete(session);
        this.publishEvent('presence');
      }
    }
    // Tell each session which tasks it lost, so its client stops showing them.
    const lost = this.pool.expire(now);
    for (const [session, revoked] of lost) {
      this.deps.pubsub.publish(Topic.STREAM_TASKS, streamTasksKey(this.settings.id, session), {
        tasks: [],
        revoked,
      });
    }
    if (lost.size > 0) void this.pushToSessions();
  }

  // ---- state and events ----------------------------------------------------------------------

  state(type: StreamEventType = 'progress'): StreamEventPayload {
    return {
      type,
      streamId: this.settings.id,
      answers: this.revision,
      rollingAccuracy: this.accuracy.value,
      sessions: [...this.sessions.keys()].sort(),
      answered: this.answeredCount,
      remaining: this.pool.size + this.unreadInputs,
      modelVersion: this.latestVersion,
    };
  }

  private publishEvent(type: StreamEventType): void {
    if (type === 'model_updated') return this.publishModelUpdate();
    this.deps.pubsub.publish(Topic.STREAM_EVENT, String(this.settings.id), this.state(type));
  }

  private lastModelEvent = 0;
  private modelEventTimer?: NodeJS.Timeout;

  /**
   * Model updates are coalesced to one event per `MODEL_EVENT_MS`: every client of the stream
   * gets each event, so one per answer would cost answers × clients messages. The last update
   * always goes out (trailing edge), so clients end with the true state.
   */
  private publishModelUpdate(): void {
    const wait = this.lastModelEvent + MODEL_EVENT_MS - Date.now();
    if (wait <= 0) {
      this.lastModelEvent = Date.now();
      this.deps.pubsub.publish(
        Topic.STREAM_EVENT,
        String(this.settings.id),
        this.state('model_updated'),
      );
    } else {
      this.modelEventTimer ??= setTimeout(() => {
        this.modelEventTimer = undefined;
        this.publishModelUpdate();
      }, wait);
    }
  }

  /**
   * Resolves once the answers sent so far are committed and learnt and a prior refit under way is
   * in (re-scoring after an answer runs on the next turn of the event loop).
   */
  async idle(): Promise<void> {
    await this.flushing;
    await this.refittingPrior;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.modelEventTimer);
    await this.idle();
    await this.snapshotting;
    if (this.model && this.revision > this.snapshotRevision) await this.snapshot();
  }
}

/** How many tasks the server keeps leased to a subscribed session. */
export const QUEUE_SIZE = 10;
