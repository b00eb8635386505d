'use client';

import { useQuery } from '@apollo/client/react';
import { SourceDocument } from '@chorus/schema';
import Link from 'next/link';
import { NOT_FOUND, toChorusApiError } from '../../lib/graphql-client';
import { formatCount, formatTime } from '../../ui/format';
import { Pager } from '../../ui/pager';
import { ErrorNotice, Loading } from '../../ui/status';
import { useCursorPages } from '../../ui/use-cursor-pages';

const PAGE_SIZE = 50;

/** One source: its inputs in import order, a page at a time. */
export function SourcePage({ name }: { name: string }) {
  const pages = useCursorPages(name);
  const { data, error, loading, refetch } = useQuery(SourceDocument, {
    variables: { name, first: PAGE_SIZE, after: pages.after },
  });
  const source = data?.source;
  const inputs = source?.inputs;
  const failure = error && toChorusApiError(error);
  // Numbered by place in the list: import positions count the duplicates the import skipped.
  const firstRow = pages.page * PAGE_SIZE + 1;

  return (
    <section aria-labelledby="source-heading">
      <p className="breadcrumb">
        <Link href="/#sources">Sources</Link> /
      </p>
      <h1 id="source-heading">{name}</h1>
      {loading && !source && <Loading what="inputs" />}
      {failure?.code === NOT_FOUND ? (
        <div className="notice" role="alert">
          <p>{failure.message}.</p>
          <Link href="/#sources">Back to the sources</Link>
        </div>
      ) : (
        failure && <ErrorNotice error={failure} onRetry={() => void refetch()} />
      )}
      {source && inputs && (
        <>
          <p className="meta-line">
            {formatCount(source.inputCount)} inputs · imported{' '}
            <time dateTime={source.createdAt}>{formatTime(source.createdAt)}</time>
          </p>
          <table className="data-table stack-on-phone" aria-label={`Inputs of ${name}`}>
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
              {inputs.edges.map(({ node: input }, index) => (
                <tr key={input.id}>
                  <td className="numeric row-number" data-label="#">
                    {formatCount(firstRow + index)}
                  </td>
                  <td className="text-cell" data-label="Text">
                    {input.text}
                  </td>
                  <td className="muted" data-label="Fields">
                    {Object.keys(input.data).join(', ') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            pages={pages}
            pageSize={PAGE_SIZE}
            shown={inputs.edges.length}
            total={inputs.totalCount}
            hasNextPage={inputs.pageInfo.hasNextPage}
            endCursor={inputs.pageInfo.endCursor}
            label="inputs"
          />
        </>
      )}
    </section>
  );
}
