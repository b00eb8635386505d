'use client';

import { useQuery } from '@apollo/client/react';
import { OverviewStreamsDocument } from '@chorus/schema';
import Link from 'next/link';
import { toChorusApiError } from '../../lib/graphql-client';
import { formatCount } from '../../ui/format';
import { Pager } from '../../ui/pager';
import { ErrorNotice, Loading } from '../../ui/status';
import { useCursorPages } from '../../ui/use-cursor-pages';

const PAGE_SIZE = 50;

/** `ner_teach` → `ner.teach`, as Prodigy and the CLI spell recipes. */
const recipeName = (recipe: string) => recipe.replace('_', '.');

/** Every stream with its live progress, a link to annotate it, and one to start a new one. */
export function StreamsOverview({ pollMs }: { pollMs: number }) {
  const pages = useCursorPages('streams');
  const { data, error, loading, refetch } = useQuery(OverviewStreamsDocument, {
    variables: { first: PAGE_SIZE, after: pages.after },
    pollInterval: pollMs,
  });
  const streams = data?.streams;
  const nodes = streams?.edges.map((edge) => edge.node) ?? [];

  return (
    <section id="streams" aria-labelledby="streams-heading" className="overview-section">
      <div className="section-header">
        <h2 id="streams-heading">Streams</h2>
        <Link className="button" href="/streams/new">
          New stream
        </Link>
      </div>
      {loading && !streams && <Loading what="streams" />}
      {error && !streams && (
        <ErrorNotice error={toChorusApiError(error)} onRetry={() => void refetch()} />
      )}
      {streams && nodes.length === 0 && (
        <p className="empty">
          No streams yet. <Link href="/streams/new">Start one</Link> from a dataset and a source.
        </p>
      )}
      {nodes.length > 0 && (
        <table className="data-table stack-on-phone" aria-label="Streams">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Recipe</th>
              <th scope="col">Dataset</th>
              <th scope="col">Source</th>
              <th scope="col" className="numeric">
                Answered
              </th>
              <th scope="col" className="numeric">
                Remaining
              </th>
              <th scope="col">Sessions</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((stream) => (
              <tr key={stream.id} data-stream={stream.name}>
                <th scope="row">
                  <Link href={`/streams/${encodeURIComponent(stream.name)}`}>
                    {stream.name}
                    <span className="visually-hidden">: annotate</span>
                  </Link>
                </th>
                <td data-label="Recipe">
                  <span className="mono">{recipeName(stream.recipe)}</span>
                </td>
                <td data-label="Dataset">
                  <Link href={`/datasets/${encodeURIComponent(stream.dataset.name)}`}>
                    {stream.dataset.name}
                  </Link>
                </td>
                <td data-label="Source">
                  {stream.source ? (
                    <Link href={`/sources/${encodeURIComponent(stream.source.name)}`}>
                      {stream.source.name}
                    </Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="numeric" data-label="Answered" data-column="answered">
                  {formatCount(stream.state.answered)}
                </td>
                <td className="numeric" data-label="Remaining" data-column="remaining">
                  {formatCount(stream.state.remaining)}
                </td>
                <td data-label="Sessions">
                  {stream.state.sessions.length > 0 ? (
                    stream.state.sessions.join(', ')
                  ) : (
                    <span className="muted">nobody</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {streams && streams.totalCount > PAGE_SIZE && (
        <Pager
          pages={pages}
          pageSize={PAGE_SIZE}
          shown={nodes.length}
          total={streams.totalCount}
          hasNextPage={streams.pageInfo.hasNextPage}
          endCursor={streams.pageInfo.endCursor}
          label="streams"
        />
      )}
    </section>
  );
}
