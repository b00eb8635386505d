'use client';

import {
  AnswerKind,
  DatasetAnnotationsDocument,
  type DatasetAnnotationsQuery,
} from '@chorus/schema';
import { useId, useState } from 'react';
import { connectionPage, usePaginatedQuery } from '../../lib/use-query';
import { ANSWER_LABELS, formatCount, formatTime } from '../../ui/format';
import { ErrorNotice, Loading } from '../../ui/status';
import { HighlightedText } from './highlighted-text';
import { readTask } from './task-view';

const PAGE_SIZE = 50;

const selectAnnotations = (result: DatasetAnnotationsQuery) =>
  connectionPage(result.dataset.annotations);

/** A dataset's answers, newest page last, filtered by answer, loaded a page at a time. */
export function AnnotationTable({ name }: { name: string }) {
  const id = useId();
  const [answer, setAnswer] = useState<AnswerKind | ''>('');
  const annotations = usePaginatedQuery(
    DatasetAnnotationsDocument,
    { name, first: PAGE_SIZE, answer: answer === '' ? null : answer },
    selectAnnotations,
  );

  return (
    <section aria-labelledby={`${id}-heading`}>
      <div className="section-header">
        <h2 id={`${id}-heading`}>Annotations</h2>
        <div className="filter">
          <label htmlFor={`${id}-answer`}>Filter by answer</label>
          <select
            id={`${id}-answer`}
            value={answer}
            onChange={(event) => setAnswer(event.target.value as AnswerKind | '')}
          >
            <option value="">all</option>
            {Object.values(AnswerKind).map((value) => (
              <option key={value} value={value}>
                {ANSWER_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {annotations.loading && <Loading what="annotations" />}
      {annotations.error && <ErrorNotice error={annotations.error} onRetry={annotations.reload} />}
      {!annotations.loading && !annotations.error && annotations.nodes.length === 0 && (
        <p className="empty">No annotations{answer && ` answered “${ANSWER_LABELS[answer]}”`}.</p>
      )}
      {annotations.nodes.length > 0 && (
        <div className="table-scroll">
          <table className="data-table annotations" aria-label="Annotations">
            <thead>
              <tr>
                <th scope="col">Text</th>
                <th scope="col">Label</th>
                <th scope="col">Answer</th>
                <th scope="col">Session</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {annotations.nodes.map((annotation) => {
                const task = readTask(annotation.task);
                return (
                  <tr key={annotation.id}>
                    <td className="text-cell">
                      <HighlightedText text={task.text} spans={task.spans} />
                    </td>
                    <td>{task.labels.join(', ') || <span className="muted">—</span>}</td>
                    <td>
                      <span className={`answer answer-${annotation.answer}`}>
                        {ANSWER_LABELS[annotation.answer]}
                      </span>
                    </td>
                    <td>{annotation.sessionId ?? <span className="muted">—</span>}</td>
                    <td>
                      <time dateTime={annotation.timestamp}>
                        {formatTime(annotation.timestamp)}
                      </time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {!annotations.loading && annotations.nodes.length > 0 && (
        <p className="meta-line" aria-live="polite">
          Showing {formatCount(annotations.nodes.length)} of {formatCount(annotations.totalCount)}
        </p>
      )}
      {annotations.hasNextPage && (
        <button type="button" onClick={annotations.loadMore} disabled={annotations.loadingMore}>
          {annotations.loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
