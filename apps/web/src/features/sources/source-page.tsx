'use client';

import { SourceDocument, type SourceQuery } from '@chorus/schema';
import Link from 'next/link';
import { NOT_FOUND } from '../../lib/graphql-client';
import { connectionPage, usePaginatedQuery } from '../../lib/use-query';
import { formatCount, formatTime } from '../../ui/format';
import { ErrorNotice, Loading } from '../../ui/status';

const PAGE_SIZE = 50;

const selectInputs = (result: SourceQuery) => connectionPage(result.source.inputs);

/** One source: its inputs in import order, a page at a time. */
export function SourcePage({ name }: { name: string }) {
  const inputs = usePaginatedQuery(SourceDocument, { name, first: PAGE_SIZE }, selectInputs);
  const source = inputs.data?.source;

  return (
    <section aria-labelledby="source-heading">
      <p className="breadcrumb">
        <Link href="/#sources">Sources</Link> /
      </p>
      <h1 id="source-heading">{name}</h1>
      {inputs.loading && <Loading what="inputs" />}
      {inputs.error?.code === NOT_FOUND ? (
        <div className="notice" role="alert">
          <p>{inputs.error.message}.</p>
          <Link href="/">Back to the overview</Link>
        </div>
      ) : (
        inputs.error && <ErrorNotice error={inputs.error} onRetry={inputs.reload} />
      )}
      {source && (
        <>
          <p className="meta-line">
            {formatCount(source.inputCount)} inputs · imported{' '}
            <time dateTime={source.createdAt}>{formatTime(source.createdAt)}</time>
          </p>
          <div className="table-scroll">
            <table className="data-table" aria-label={`Inputs of ${name}`}>
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    #
                  </th>
                  <th scope="col">Text</th>
                  <th scope="col">Fields</th>
                </tr>
              </thead>
              <tbody>
                {inputs.nodes.map((input) => (
                  <tr key={input.id}>
                    <td className="numeric">{input.position + 1}</td>
                    <td className="text-cell">{input.text}</td>
                    <td className="muted">{Object.keys(input.data).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="meta-line" aria-live="polite">
            Showing {formatCount(inputs.nodes.length)} of {formatCount(inputs.totalCount)}
          </p>
          {inputs.hasNextPage && (
            <button type="button" onClick={inputs.loadMore} disabled={inputs.loadingMore}>
              {inputs.loadingMore ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
    </section>
  );
}
