'use client';

import { useApolloClient } from '@apollo/client/react';
import {
  AnswerKind,
  StreamEventType,
  StreamEventsDocument,
  TasksDocument,
  UndoDocument,
  type AnnotateStreamQuery,
  type AnswerInput,
  type StreamStateFieldsFragment,
} from '@chorus/schema';
import { useCallback, useEffect, useReducer, useRef, useState, useSyncExternalStore } from 'react';
import { AnswerOutbox, type OutboxSnapshot } from '../../../lib/outbox/answer-outbox';
import { openOutboxStore } from '../../../lib/outbox/outbox-store';
import { connectionStatus, type ConnectionState } from '../../../lib/connection-status';
import type { AnnotateTask } from '../views/view-module';
import { newIdempotencyKey } from './idempotency-key';
import { answerSender, classifySendError } from './send-answers';
import { answered, emptyQueue, receive, restored, type TaskQueue } from './task-queue';

/** Performance marks the e2e test reads: from the answer key to the next task on screen. */
export const ANSWER_MARK = 'chorus:answer';
export const NEXT_TASK_MEASURE = 'chorus:next-task';

/** How many answers the side panel lists (and undo can step back through, on this page). */
const HISTORY_SIZE = 10;

export interface HistoryEntry {
  key: string;
  taskHash: number;
  text: string;
  answer: AnswerKind;
  /** The label or spans' labels the answer was about, for the list. */
  about: string | null;
  /**
   * The task as shown, to put it back on an undo made before the answer left the browser; null
   * for answers given before this page was opened (the server gives those back).
   */
  task: AnnotateTask | null;
}

/** A notice about the shared model, shown until dismissed. */
export interface ModelNotice {
  id: number;
  text: string;
}

export interface AccuracyPoint {
  answers: number;
  accuracy: number;
}

type QueueAction =
  | { type: 'receive'; batch: { tasks: readonly AnnotateTask[]; revoked: readonly number[] } }
  | { type: 'answered'; taskHash: number }
  | { type: 'restore'; task: AnnotateTask }
  | { type: 'reset'; answered: Iterable<number> };

function queueReducer(
  queue: TaskQueue<AnnotateTask>,
  action: QueueAction,
): TaskQueue<AnnotateTask> {
  switch (action.type) {
    case 'receive':
      return receive(queue, action.batch);
    case 'answered':
      return answered(queue, action.taskHash);
    case 'restore':
      return restored(queue, action.task);
    case 'reset':
      return emptyQueue(action.answered);
  }
}

/** The fields an answer carries besides its kind: what a manual view marked. */
export interface AnswerFields {
  spans?: Record<string, unknown>[];
  accept?: string[];
}

export interface AnnotationSession {
  /** The task on screen, or null while none is there. */
  current: AnnotateTask | null;
  /** Tasks on the client after the current one. */
  queued: number;
  /** True once the first batch of tasks has arrived. */
  started: boolean;
  history: readonly HistoryEntry[];
  /** This session's answers in the stream, all visits together. */
  sessionAnswered: number;
  outbox: OutboxSnapshot;
  connection: ConnectionState;
  /** The stream's live state: the latest event, or what the page read when it opened. */
  state: StreamStateFieldsFragment | null;
  accuracy: readonly AccuracyPoint[];
  notices: readonly ModelNotice[];
  dismissNotice(id: number): void;
  answer(kind: AnswerKind, fields?: AnswerFields): void;
  undo(): Promise<void>;
}

/**
 * One annotator's session in a stream, under the views: a queue fed by the `tasks`
 * subscription, answers through the IndexedDB outbox, undo, the stream's events (presence,
 * model updates, versions) and the connection's state.
 */
export function useAnnotationSession(
  stream: string,
  session: string,
  opened: AnnotateStreamQuery['stream'] | undefined,
  onReconnect: () => void,
): AnnotationSession {
  const client = useApolloClient();
  const [queue, dispatch] = useReducer(queueReducer, undefined, () => emptyQueue<AnnotateTask>());
  const [started, setStarted] = useState(false);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  /** Answers given (minus undone) since the page opened, on top of what the server counted then. */
  const [answeredHere, setAnsweredHere] = useState(0);
  const [baseline, setBaseline] = useState<number | null>(null);
  const [outboxState, setOutboxState] = useState<OutboxSnapshot>({
    waiting: 0,
    refused: [],
    lastError: null,
  });
  const [live, setLive] = useState<StreamStateFieldsFragment | null>(null);
  const [accuracy, setAccuracy] = useState<AccuracyPoint[]>([]);
  const [notices, setNotices] = useState<ModelNotice[]>([]);
  const outboxRef = useRef<AnswerOutbox | null>(null);
  const connection = useSyncExternalStore(
    connectionStatus.subscribe,
    connectionStatus.get,
    () => 'connecting' as const,
  );

  // The outbox first, then the tasks: answers waiting from an earlier page load must not be
  // asked again when the subscription hands their (still leased) tasks back.
  useEffect(() => {
    let cancelled = false;
    let unsubscribe = () => {};
    void (async () => {
      const outbox = await AnswerOutbox.open({
        store: await openOutboxStore(),
        stream,
        session,
        send: answerSender(client),
        classify: classifySendError,
        onChange: setOutboxState,
      });
      if (cancelled) {
        outbox.close();
        return;
      }
      outboxRef.current = outbox;
      dispatch({ type: 'reset', answered: outbox.pendingTaskHashes() });
      const subscription = client
        .subscribe({
          query: TasksDocument,
          variables: { stream, session },
          fetchPolicy: 'no-cache',
        })
        .subscribe({
          next: ({ data }) => {
            if (!data) return;
            setStarted(true);
            dispatch({ type: 'receive', batch: data.tasks });
          },
        });
      unsubscribe = () => subscription.unsubscribe();
    })();
    return () => {
      cancelled = true;
      unsubscribe();
      outboxRef.current?.close();
      outboxRef.current = null;
    };
  }, [client, stream, session]);

  // The stream's events: live counts, presence, the model's accuracy, new versions.
  useEffect(() => {
    const subscription = client
      .subscribe({ query: StreamEventsDocument, variables: { stream }, fetchPolicy: 'no-cache' })
      .subscribe({
        next: ({ data }) => {
          const event = data?.streamEvents;
          if (!event) return;
          setLive(event);
          if (event.rollingAccuracy !== null) {
            const point = { answers: event.answers, accuracy: event.rollingAccuracy };
            setAccuracy((points) =>
              points.length > 0 && points[points.length - 1]!.answers >= point.answers
                ? points
                : [...points, point].slice(-500),
            );
          }
          const text = noticeFor(event);
          if (text) setNotices((list) => [...list, { id: Date.now() + Math.random(), text }]);
        },
      });
    return () => subscription.unsubscribe();
  }, [client, stream]);

  // Back online or reconnected: send what waits and re-read the stream's state.
  const previous = useRef(connection);
  useEffect(() => {
    if (previous.current === 'disconnected' && connection === 'connected') {
      outboxRef.current?.retryNow();
      onReconnect();
    }
    previous.current = connection;
  }, [connection, onReconnect]);
  useEffect(() => {
    const online = () => outboxRef.current?.retryNow();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, []);

  // The first read of the stream: what this session answered on earlier visits (set while
  // rendering, React's way of deriving state from a prop once, not in an effect).
  if (opened && baseline === null) {
    setBaseline(opened.sessionAnswered);
    setHistory((list) =>
      list.length > 0 ? list : opened.recentAnswers.map((row) => historyOfStored(row)),
    );
  }

  const current = queue.tasks[0] ?? null;

  // The next task is on screen: close the answer → next task measure the e2e test reads.
  useEffect(() => {
    if (!current || performance.getEntriesByName(ANSWER_MARK, 'mark').length === 0) return;
    performance.measure(NEXT_TASK_MEASURE, ANSWER_MARK);
    performance.clearMarks(ANSWER_MARK);
  }, [current]);

  const answer = useCallback(
    (kind: AnswerKind, fields: AnswerFields = {}) => {
      const outbox = outboxRef.current;
      if (!current || !outbox) return;
      performance.mark(ANSWER_MARK);
      const input: AnswerInput = {
        stream,
        session,
        taskHash: current.taskHash,
        task: current.task,
        answer: kind,
        idempotencyKey: newIdempotencyKey(),
        ...fields,
      };
      dispatch({ type: 'answered', taskHash: current.taskHash });
      setAnsweredHere((n) => n + 1);
      setHistory((list) =>
        [
          {
            key: input.idempotencyKey,
            taskHash: current.taskHash,
            text: current.text,
            answer: kind,
            about: aboutOf(current, fields),
            task: current,
          },
          ...list,
        ].slice(0, HISTORY_SIZE),
      );
      void outbox.add(input);
    },
    [current, stream, session],
  );

  const undo = useCallback(async () => {
    const outbox = outboxRef.current;
    const [last] = history;
    if (!outbox || !last) return;
    setHistory((list) => list.slice(1));
    setAnsweredHere((n) => n - 1);
    if (last.task && (await outbox.take(last.key))) {
      dispatch({ type: 'restore', task: last.task });
      return;
    }
    // Already sent: the server takes it back once everything before it has landed.
    await outbox.idle();
    const { data } = await client.mutate({
      mutation: UndoDocument,
      variables: { stream, session },
      fetchPolicy: 'no-cache',
    });
    if (data?.undo) dispatch({ type: 'restore', task: data.undo });
  }, [client, history, stream, session]);

  const dismissNotice = useCallback(
    (id: number) => setNotices((list) => list.filter((notice) => notice.id !== id)),
    [],
  );

  return {
    current,
    queued: Math.max(0, queue.tasks.length - 1),
    started,
    history,
    sessionAnswered: (baseline ?? 0) + answeredHere,
    outbox: outboxState,
    connection,
    state: live ?? opened?.state ?? null,
    accuracy,
    notices,
    dismissNotice,
    answer,
    undo,
  };
}

function noticeFor(event: StreamStateFieldsFragment): string | null {
  if (event.type === StreamEventType.VersionPublished && event.modelVersion !== null) {
    return `Model version ${event.modelVersion} was published from this stream.`;
  }
  if (event.type === StreamEventType.ModelSwitched && event.modelVersion !== null) {
    return `This stream now uses model version ${event.modelVersion}.`;
  }
  return null;
}

type StoredAnswer = AnnotateStreamQuery['stream']['recentAnswers'][number];

/** An answer from an earlier visit, as the list shows it. */
function historyOfStored(row: StoredAnswer): HistoryEntry {
  const task = row.task as {
    text?: unknown;
    label?: unknown;
    spans?: { label?: unknown }[];
    accept?: unknown;
  };
  const labels = Array.isArray(task.accept)
    ? task.accept.map(String)
    : (task.spans ?? []).map((span) => String(span.label));
  const about =
    labels.length > 0
      ? [...new Set(labels)].join(', ')
      : typeof task.label === 'string'
        ? task.label
        : null;
  return {
    key: `stored-${row.id}`,
    taskHash: row.taskHash,
    text: typeof task.text === 'string' ? task.text : '',
    answer: row.answer,
    about,
    task: null,
  };
}

function aboutOf(task: AnnotateTask, fields: AnswerFields): string | null {
  if (fields.accept) return fields.accept.join(', ') || 'none';
  const spans = fields.spans ?? task.spans ?? [];
  const labels = spans.map((span) => String(span.label));
  if (labels.length > 0) return [...new Set(labels)].join(', ');
  return task.label ?? null;
}
