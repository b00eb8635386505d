'use client';

import { useQuery } from '@apollo/client/react';
import { AnswerKind, DatasetAnnotationsDocument, type DatasetKind } from '@chorus/schema';
import { useId, useState } from 'react';
import { toChorusApiError } from '../../lib/graphql-client';
import { ANSWER_LABELS, formatTime } from '../../ui/format';
import { Pager } from '../../ui/pager';
import { ErrorNotice, Loading } from '../../ui/status';
import { useCursorPages } from '../../ui/use-cursor-pages';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { CatChips } from './cat-chips';
import { DatasetExport } from './dataset-export';
import { HighlightedText } from './highlighted-text';
import { readTask } from './task-view';
import './datasets.css';

const PAGE_SIZE = 50;
/** The session filter's value for answers stamped with no session. */
const ALL = '';

export interface AnnotationFilterChoices {
  labels: readonly string[];
  sessions: readonly string[];
}

/**
 * A dataset's answers in the order given, a page at a time, narrowed by answer, label, session
 * and a piece of text; the export link takes the answer and session filters along.
 */
export function AnnotationTable({
  name,
  kind,
  choices,
}: {
  name: string;
  kind: DatasetKind;
  choices: AnnotationFilterChoices;
}) {
  const id = useId();
  const [answer, setAnswer] = useState<AnswerKind | typeof ALL>(ALL);
  const [label, setLabel] = useState(ALL);
  const [session, setSession] = useState(ALL);
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim());
  const filters = {
    answer: answer === ALL ? null : answer,
    label: label === ALL ? null : label,
    session: session === ALL ? null : session,
    search: search === '' ? null : search,
  };
  const pages = useCursorPages(JSON.stringify(filters));
  const { data, previousData, error, loading, refetch } = useQuery(DatasetAnnotationsDocument, {
    variables: { name, first: PAGE_SIZE, after: pages.after, ...filters },
  });
  // Keep the last rows on screen while the next filter's rows come, instead of a blank table.
  const annotations = (data ?? previousData)?.dataset.annotations;
  const nodes = annotations?.edges.map((edge) => edge.node) ?? [];
  const filtered = Object.values(filters).some((value) => value !== null);

  return (
    <section aria-labelledby={`${id}-heading`}>
      <div className="section-header">
        <h2 id={`${id}-heading`}>Annotations</h2>
        <DatasetExport
          name={name}
          kind={kind}
          filter={{ answer: filters.answer, session: filters.session }}
        />
      </div>
      <form
        className="filters"
        role="search"
        aria-label="Filter annotations"
        onSubmit={(event) => event.preventDefault()}
      >
        <div className="filter">
          <label htmlFor={`${id}-answer`}>Answer</label>
          <select
            id={`${id}-answer`}
            value={answer}
            onChange={(event) => setAnswer(event.target.value as AnswerKind | typeof ALL)}
          >
            <option value={ALL}>all</option>
            {Object.values(AnswerKind).map((value) => (
              <option key={value} value={value}>
                {ANSWER_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor={`${id}-label`}>Label</label>
          <select id={`${id}-label`} value={label} onChange={(e) => setLabel(e.target.value)}>
            <option value={ALL}>all</option>
            {choices.labels.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor={`${id}-session`}>Session</label>
          <select
            id={`${id}-session`}
            value={session}
            onChange={(event) => setSession(event.target.value)}
          >
            <option value={ALL}>all</option>
            {choices.sessions.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor={`${id}-search`}>Text contains</label>
          <input
            id={`${id}-search`}
            type="search"
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
            maxLength={200}
            autoComplete="off"
          />
        </div>
      </form>
      {loading && !annotations && <Loading what="annotations" />}
      {error && <ErrorNotice error={toChorusApiError(error)} onRetry={() => void refetch()} />}
      {annotations && nodes.length === 0 && (
        <p className="empty">
          {filtered ? 'No annotations match these filters.' : 'No annotations yet.'}
        </p>
      )}
      {nodes.length > 0 && (
        <table
          className="data-table annotations stack-on-phone"
          aria-label="Annotations"
          aria-busy={loading || undefined}
        >
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
            {nodes.map((annotation) => {
              const task = readTask(annotation.task);
              const otherLabels = task.labels.filter(
                (name) => !task.cats.some((cat) => cat.label === name),
              );
              return (
                <tr key={annotation.id}>
                  <td className="text-cell" data-label="Text">
                    <HighlightedText text={task.text} spans={task.spans} />
                  </td>
                  <td data-label="Label">
                    {task.cats.length > 0 && <CatChips cats={task.cats} />}
                    {otherLabels.length > 0 && otherLabels.join(', ')}
                    {task.cats.length === 0 && otherLabels.length === 0 && (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td data-label="Answer">
                    <span className={`answer answer-${annotation.answer}`}>
                      {ANSWER_LABELS[annotation.answer]}
                    </span>
                  </td>
                  <td data-label="Session">
                    {annotation.sessionId ?? <span className="muted">—</span>}
                  </td>
                  <td data-label="Time">
                    <time dateTime={annotation.timestamp}>{formatTime(annotation.timestamp)}</time>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {annotations && (
        <Pager
          pages={pages}
          pageSize={PAGE_SIZE}
          shown={nodes.length}
          total={annotations.totalCount}
          hasNextPage={annotations.pageInfo.hasNextPage}
          endCursor={annotations.pageInfo.endCursor}
          label="annotations"
        />
      )}
    </section>
  );
}
