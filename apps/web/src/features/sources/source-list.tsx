'use client';

import { SourcesDocument, type SourcesQuery } from '@chorus/schema';
import Link from 'next/link';
import { connectionPage, usePaginatedQuery } from '../../lib/use-query';
import { formatCount, formatTime } from '../../ui/format';
import { ErrorNotice, Loading } from '../../ui/status';

const selectSources = (result: SourcesQuery) => connectionPage(result.sources);

/** Every imported source with its input count. */
export function SourceList() {
  const sources = usePaginatedQuery(SourcesDocument, { first: 50 }, selectSources);

  return (
    <section id="sources" aria-labelledby="sources-heading">
      <h2 id="sources-heading">Sources</h2>
      {sources.loading && <Loading what="sources" />}
      {sources.error && <ErrorNotice error={sources.error} onRetry={sources.reload} />}
      {!sources.loading && !sources.error && sources.nodes.length === 0 && (
        <div className="empty">
          <p>No sources yet.</p>
          <p>
            Import raw texts with{' '}
            <code>
              curl -XPOST &lt;api&gt;/api/sources/&lt;source&gt;/import --data-binary @file.jsonl
            </code>
          </p>
        </div>
      )}
      {sources.nodes.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label="Sources">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="numeric">
                  Inputs
                </th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {sources.nodes.map((source) => (
                <tr key={source.id} data-source={source.name}>
                  <th scope="row">
                    <Link href={`/sources/${encodeURIComponent(source.name)}`}>{source.name}</Link>
                  </th>
                  <td className="numeric">{formatCount(source.inputCount)}</td>
                  <td>
                    <time dateTime={source.createdAt}>{formatTime(source.createdAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {sources.hasNextPage && (
        <button type="button" onClick={sources.loadMore} disabled={sources.loadingMore}>
          {sources.loadingMore ? 'Loading…' : 'Load more sources'}
        </button>
      )}
    </section>
  );
}
