'use client';

import { useQuery } from '@apollo/client/react';
import { SourcesDocument } from '@chorus/schema';
import Link from 'next/link';
import { apiUrl } from '../../lib/config';
import { toChorusApiError } from '../../lib/graphql-client';
import { formatCount, formatTime } from '../../ui/format';
import { Pager } from '../../ui/pager';
import { ErrorNotice, Loading } from '../../ui/status';
import { useCursorPages } from '../../ui/use-cursor-pages';

const PAGE_SIZE = 50;

/** Every imported source with its input count, polled while imports run. */
export function SourceList({ pollMs }: { pollMs: number }) {
  const pages = useCursorPages('sources');
  const { data, error, loading, refetch } = useQuery(SourcesDocument, {
    variables: { first: PAGE_SIZE, after: pages.after },
    pollInterval: pollMs,
  });
  const sources = data?.sources;
  const nodes = sources?.edges.map((edge) => edge.node) ?? [];

  return (
    <section id="sources" aria-labelledby="sources-heading" className="overview-section">
      <h2 id="sources-heading">Sources</h2>
      {loading && !sources && <Loading what="sources" />}
      {error && !sources && (
        <ErrorNotice error={toChorusApiError(error)} onRetry={() => void refetch()} />
      )}
      {sources && nodes.length === 0 && (
        <div className="empty">
          <p>No sources yet. Import raw texts (JSONL, CSV with a text column, or one per line):</p>
          <p>
            <code>npm run chorus -- source-in &lt;source&gt; &lt;file&gt;</code>
          </p>
          <p>or over HTTP:</p>
          <p>
            <code className="wrap-code">
              curl -X POST --data-binary @&lt;file&gt; {apiUrl()}/api/sources/&lt;source&gt;/import
            </code>
          </p>
        </div>
      )}
      {nodes.length > 0 && (
        <table className="data-table stack-on-phone" aria-label="Sources">
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
            {nodes.map((source) => (
              <tr key={source.id} data-source={source.name}>
                <th scope="row">
                  <Link href={`/sources/${encodeURIComponent(source.name)}`}>{source.name}</Link>
                </th>
                <td className="numeric" data-label="Inputs">
                  {formatCount(source.inputCount)}
                </td>
                <td data-label="Created">
                  <time dateTime={source.createdAt}>{formatTime(source.createdAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {sources && sources.totalCount > PAGE_SIZE && (
        <Pager
          pages={pages}
          pageSize={PAGE_SIZE}
          shown={nodes.length}
          total={sources.totalCount}
          hasNextPage={sources.pageInfo.hasNextPage}
          endCursor={sources.pageInfo.endCursor}
          label="sources"
        />
      )}
    </section>
  );
}
