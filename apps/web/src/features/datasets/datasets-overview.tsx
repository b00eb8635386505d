'use client';

import { useQuery } from '@apollo/client/react';
import { DatasetsDocument } from '@chorus/schema';
import Link from 'next/link';
import { toChorusApiError } from '../../lib/graphql-client';
import { DATASET_KIND_LABELS, formatCount, formatTime } from '../../ui/format';
import { Pager } from '../../ui/pager';
import { ErrorNotice, Loading } from '../../ui/status';
import { useCursorPages } from '../../ui/use-cursor-pages';
import { NewDatasetForm } from './new-dataset-form';

const PAGE_SIZE = 50;

/** Every dataset with its answer count (polled, so it moves as annotators work), and the form that creates one. */
export function DatasetsOverview({ pollMs }: { pollMs: number }) {
  const pages = useCursorPages('datasets');
  const { data, error, loading, refetch } = useQuery(DatasetsDocument, {
    variables: { first: PAGE_SIZE, after: pages.after },
    pollInterval: pollMs,
  });
  const datasets = data?.datasets;
  const nodes = datasets?.edges.map((edge) => edge.node) ?? [];

  return (
    <>
      <section id="datasets" aria-labelledby="datasets-heading" className="overview-section">
        <h1 id="datasets-heading">Datasets</h1>
        {loading && !datasets && <Loading what="datasets" />}
        {error && !datasets && (
          <ErrorNotice error={toChorusApiError(error)} onRetry={() => void refetch()} />
        )}
        {datasets && nodes.length === 0 && (
          <div className="empty">
            <p>No datasets yet.</p>
            <p>
              Create one below, or import a JSONL file of answers with{' '}
              <code>npm run chorus -- db-in &lt;dataset&gt; &lt;file&gt;</code>
            </p>
          </div>
        )}
        {nodes.length > 0 && (
          <table className="data-table stack-on-phone" aria-label="Datasets">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Labels</th>
                <th scope="col" className="numeric">
                  Answers
                </th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((dataset) => (
                <tr key={dataset.id} data-dataset={dataset.name}>
                  <th scope="row">
                    <Link href={`/datasets/${encodeURIComponent(dataset.name)}`}>
                      {dataset.name}
                    </Link>
                  </th>
                  <td data-label="Kind">{DATASET_KIND_LABELS[dataset.kind]}</td>
                  <td data-label="Labels">
                    {dataset.labels.length > 0 ? (
                      <ul className="label-list">
                        {dataset.labels.map((label) => (
                          <li key={label} className="label-chip">
                            {label}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </td>
                  <td className="numeric" data-column="answers" data-label="Answers">
                    {formatCount(dataset.counts.total)}
                  </td>
                  <td data-label="Created">
                    <time dateTime={dataset.createdAt}>{formatTime(dataset.createdAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {datasets && datasets.totalCount > PAGE_SIZE && (
          <Pager
            pages={pages}
            pageSize={PAGE_SIZE}
            shown={nodes.length}
            total={datasets.totalCount}
            hasNextPage={datasets.pageInfo.hasNextPage}
            endCursor={datasets.pageInfo.endCursor}
            label="datasets"
          />
        )}
      </section>

      <NewDatasetForm />
    </>
  );
}
