import type { EntityManager } from '@mikro-orm/postgresql';
import { Annotation } from '../datasets/annotation.entity.js';
import type { Viewer } from '../graphql/context.js';
import { InputError } from '../errors.js';
import type { AnswerInput, AnswerOutcome } from './stream-runtime.js';
import type { StreamRegistry } from './stream-registry.js';

/** What a client sends with an answer: the stream's name and the runtime's answer input. */
export type StreamAnswer = Omit<AnswerInput, 'annotator'> & { stream: string };

/** Who an answer is stamped with: the caller, or the session's name when it did not say. */
function annotated(answer: StreamAnswer, viewer: Viewer): AnswerInput {
  return { ...answer, annotator: viewer.name === 'anonymous' ? answer.session : viewer.name };
}

/** Stores an answer (first), then teaches the stream's in-loop model. */
export async function answerTask(
  streams: StreamRegistry,
  answer: StreamAnswer,
  viewer: Viewer,
): Promise<AnswerOutcome> {
  return (await streams.byName(answer.stream)).answer(annotated(answer, viewer));
}

/**
 * Several answers to one stream, all or nothing: a bad one (`inputs[n].field`) fails the batch
 * before anything is written; the others enter one commit together. Outcomes in input order.
 */
export async function answerTasks(
  streams: StreamRegistry,
  answers: StreamAnswer[],
  viewer: Viewer,
): Promise<AnswerOutcome[]> {
  if (answers.length === 0) return [];
  const stream = answers[0]!.stream;
  const other = answers.findIndex((a) => a.stream !== stream);
  if (other >= 0)
    throw new InputError(`a batch answers one stream, here "${stream}"`, {
      field: `inputs[${other}].stream`,
    });
  return (await streams.byName(stream)).answerBatch(answers.map((a) => annotated(a, viewer)));
}

/** How many answers a session has given in a stream, not counting the ones it took back. */
export function sessionAnswerCount(
  em: EntityManager,
  streamId: number,
  session: string,
): Promise<number> {
  return em.count(Annotation, { streamId, sessionId: session, undoneAt: null });
}

/** A session's latest answers in a stream, newest first, without the ones it took back. */
export function recentSessionAnswers(
  em: EntityManager,
  streamId: number,
  session: string,
  last: number,
): Promise<Annotation[]> {
  return em.find(
    Annotation,
    { streamId, sessionId: session, undoneAt: null },
    { orderBy: { id: 'desc' }, limit: Math.min(Math.max(Math.trunc(last), 1), RECENT_MAX) },
  );
}

/** The most `recentAnswers` gives at once. */
export const RECENT_MAX = 50;
