import {
  AnswerDocument,
  CreateDatasetDocument,
  CreateStreamDocument,
  NextTasksDocument,
  type AnswerKind,
  type CreateStreamInput,
  type DatasetKind,
  type Recipe,
  type TaskFieldsFragment,
} from '@chorus/schema';
import { graphql, graphqlData } from './api-client.js';

/** The stream calls tests make over and over; `url` gives the server of the moment (tests restart it). */
export function streamClient(url: () => string) {
  let key = 0;
  return {
    /** A dataset and a stream of the same name on `source`. */
    async newStream(
      name: string,
      kind: DatasetKind,
      recipe: Recipe,
      source: string,
      labels: string[],
      extra: Partial<CreateStreamInput> = {},
    ) {
      await graphql(url(), CreateDatasetDocument, { input: { name, kind, labels } });
      return graphqlData(url(), CreateStreamDocument, {
        input: { name, dataset: name, source, recipe, labels, ...extra },
      });
    },

    next(stream: string, session: string, count = 10) {
      return graphqlData(url(), NextTasksDocument, { stream, session, count }).then(
        (d) => d.nextTasks,
      );
    },

    /** Answers a task as received, with a fresh idempotency key unless `extra` names one. */
    answer(
      stream: string,
      session: string,
      task: TaskFieldsFragment,
      answer: AnswerKind,
      extra: Record<string, unknown> = {},
    ) {
      return graphqlData(url(), AnswerDocument, {
        input: {
          stream,
          session,
          taskHash: task.taskHash,
          task: task.task,
          answer,
          idempotencyKey: `k${++key}`,
          ...extra,
        },
      }).then((d) => d.answer);
    },
  };
}
