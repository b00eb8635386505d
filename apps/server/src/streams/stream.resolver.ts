import { Repeater } from '@repeaterjs/repeater';
import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  Authorized,
} from 'type-graphql';
import {
  streamTasksKey,
  Topic,
  type StreamEventPayload,
  type StreamTasksPayload,
} from '../events.js';
import type { Context } from '../graphql/context.js';
import { PageArgs } from '../graphql/connection.js';
import { listenNow } from '../pubsub.js';
import { QUEUE_SIZE } from './stream-runtime.js';
import { Stream } from './stream.entity.js';
import { Annotation } from '../datasets/annotation.entity.js';
import {
  answerTask,
  answerTasks,
  RECENT_MAX,
  recentSessionAnswers,
  sessionAnswerCount,
} from './stream-answers.service.js';
import { createStream, findStream, listStreams } from './stream.service.js';
import {
  AnswerInput,
  AnswerResult,
  CreateStreamInput,
  StreamConnection,
  StreamState,
  TaskBatch,
} from './stream.types.js';
import { Task } from './task.types.js';
import { can, inStream } from '../users/access.js';
import { UserRole } from '../users/user-role.js';

@Resolver(() => Stream)
export class StreamResolver {
  @Authorized(can(UserRole.viewer))
  @Query(() => StreamConnection)
  streams(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() { em }: Context) {
    return listStreams(em, first, after);
  }

  @Authorized(can(UserRole.viewer, inStream('name')))
  @Query(() => Stream)
  stream(@Arg('name', () => String) name: string, @Ctx() { em }: Context) {
    return findStream(em, name);
  }

  @FieldResolver(() => StreamState, {
    description: 'Live state: answers, accuracy, sessions, progress.',
  })
  async state(@Root() stream: Stream, @Ctx() { streams }: Context) {
    return (await streams.get(stream.id)).state();
  }

  @FieldResolver(() => Int, { description: "This session's answers in the stream, not undone." })
  sessionAnswered(
    @Root() stream: Stream,
    @Arg('session', () => String) session: string,
    @Ctx() { em }: Context,
  ) {
    return sessionAnswerCount(em, stream.id, session);
  }

  @FieldResolver(() => [Annotation], {
    description: `This session's latest answers in the stream, newest first, not undone (\`last\`: 1 to ${RECENT_MAX}).`,
  })
  recentAnswers(
    @Root() stream: Stream,
    @Arg('session', () => String) session: string,
    @Arg('last', () => Int, { defaultValue: 10 }) last: number,
    @Ctx() { em }: Context,
  ) {
    return recentSessionAnswers(em, stream.id, session, last);
  }

  @Authorized(can(UserRole.admin))
  @Mutation(() => Stream)
  createStream(
    @Arg('input', () => CreateStreamInput) input: CreateStreamInput,
    @Ctx() { em }: Context,
  ) {
    return createStream(em, input);
  }

  @Authorized(can(UserRole.annotator, inStream()))
  @Mutation(() => [Task], {
    description: 'Leases up to `count` more tasks to a session, most useful first.',
  })
  async nextTasks(
    @Arg('stream', () => String) name: string,
    @Arg('session', () => String) session: string,
    @Arg('count', () => Int, { defaultValue: 10 }) count: number,
    @Ctx() { streams }: Context,
  ) {
    return (await streams.byName(name)).nextTasks(session, Math.min(Math.max(count, 1), 100));
  }

  @Authorized(can(UserRole.annotator, inStream('input.stream')))
  @Mutation(() => AnswerResult, {
    description: 'Stores an answer (first), then teaches the in-loop model.',
  })
  answer(@Arg('input', () => AnswerInput) input: AnswerInput, @Ctx() { streams, viewer }: Context) {
    return answerTask(streams, input, viewer);
  }

  @Authorized(can(UserRole.annotator, inStream()))
  @Mutation(() => Task, {
    nullable: true,
    description:
      "Takes back the session's latest answer (kept as history) and gives the task back to it.",
  })
  async undo(
    @Arg('stream', () => String) name: string,
    @Arg('session', () => String) session: string,
    @Ctx() { streams }: Context,
  ) {
    return (await streams.byName(name)).undo(session);
  }

  @Authorized(can(UserRole.annotator, inStream('inputs.stream')))
  @Mutation(() => [AnswerResult], {
    description:
      'Several answers to one stream, all or nothing: each is checked first (an error names `inputs[n]`), then all are stored in one commit and learnt in order. Results in input order; a repeated idempotency key is a duplicate and changes nothing.',
  })
  answerBatch(
    @Arg('inputs', () => [AnswerInput]) inputs: AnswerInput[],
    @Ctx() { streams, viewer }: Context,
  ) {
    return answerTasks(streams, inputs, viewer);
  }

  @Authorized(can(UserRole.annotator, inStream()))
  @Subscription(() => TaskBatch, {
    description:
      "A session's tasks: what it holds when it subscribes, then fresh ones as the model changes. Leases return to the pool when it ends.",
    subscribe: ({ args, context }) =>
      sessionTasks(context as Context, args.stream as string, args.session as string),
  })
  tasks(
    @Arg('stream', () => String) _stream: string,
    @Arg('session', () => String) _session: string,
    @Root() batch: StreamTasksPayload,
  ): StreamTasksPayload {
    return batch;
  }

  @Authorized(can(UserRole.viewer, inStream()))
  @Subscription(() => StreamState, {
    description:
      "The stream's state as it is when the client subscribes, then its model updates, published versions, presence and progress.",
    subscribe: ({ args, context }) => streamEvents(context as Context, args.stream as string),
  })
  streamEvents(
    @Arg('stream', () => String) _stream: string,
    @Root() event: StreamEventPayload,
  ): StreamEventPayload {
    return event;
  }
}

/**
 * The `tasks` subscription: joins the session, sends the tasks it is owed, relays what the
 * stream pushes to it, and leaves (releasing its leases) when the client goes away.
 */
function sessionTasks(
  { streams, pubsub }: Context,
  name: string,
  session: string,
): AsyncIterable<StreamTasksPayload> {
  return new Repeater<StreamTasksPayload>(async (push, stop) => {
    const runtime = await streams.byName(name);
    const events = listenNow(pubsub, Topic.STREAM_TASKS, streamTasksKey(runtime.id, session));
    await runtime.join(session, true);
    try {
      const held = await runtime.leasedTo(session);
      const fresh = await runtime.nextTasks(session, Math.max(0, QUEUE_SIZE - held.length));
      await push({ tasks: [...held, ...fresh], revoked: [] });
      const relay = (async () => {
        for (let next = await events.next(); !next.done; next = await events.next())
          await push(next.value as StreamTasksPayload);
      })();
      await Promise.race([stop, relay]);
    } finally {
      await runtime.leave(session).catch(() => {});
      await events.return?.();
    }
  });
}

/**
 * The `streamEvents` subscription: the current state first, so a client that subscribes after
 * an event (another annotator joining while its socket was still opening) is not left behind,
 * then every event of the stream.
 */
function streamEvents(
  { streams, pubsub }: Context,
  name: string,
): AsyncIterable<StreamEventPayload> {
  return new Repeater<StreamEventPayload>(async (push, stop) => {
    const runtime = await streams.byName(name);
    const events = listenNow(pubsub, Topic.STREAM_EVENT, String(runtime.id));
    try {
      await push(await runtime.state());
      const relay = (async () => {
        for (let next = await events.next(); !next.done; next = await events.next())
          await push(next.value as StreamEventPayload);
      })();
      await Promise.race([stop, relay]);
    } finally {
      await events.return?.();
    }
  });
}
