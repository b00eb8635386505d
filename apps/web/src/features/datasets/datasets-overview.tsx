'use client';

import { DatasetsDocument, type DatasetsQuery } from '@chorus/schema';
import Link from 'next/link';
import { connectionPage, usePaginatedQuery } from '../../lib/use-query';
import { DATASET_KIND_LABELS, formatCount, formatTime } from '../../ui/format';
import { ErrorNotice, Loading } from '../../ui/status';
import { NewDatasetForm } from './new-dataset-form';

const selectDatasets = (result: DatasetsQuery) => connectionPage(result.datasets);

/** Every dataset with its answer count, and the form that creates one. */
export function DatasetsOverview() {
  const datasets = usePaginatedQuery(DatasetsDocument, { first: 50 }, selectDatasets);

  return (
    <>
      <section aria-labelledby="datasets-heading">
        <h1 id="datasets-heading">Datasets</h1>
        {datasets.loading && <Loading what="datasets" />}
        {datasets.error && <ErrorNotice error={datasets.error} onRetry={datasets.reload} />}
        {!datasets.loading && !datasets.error && datasets.nodes.length === 0 && (
          <div className="empty">
            <p>No datasets yet.</p>
            <p>
              Create one below, or import a JSONL file of answers with{' '}
              <code>npm run chorus -- db-in &lt;dataset&gt; &lt;file&gt;</code>
            </p>
          </div>
        )}
        {datasets.nodes.length > 0 && (
          <div className="table-scroll">
            <table className="data-table" aria-label="Datasets">
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
                {datasets.nodes.map((dataset) => {
                  return (
                    <tr key={dataset.id} data-dataset={dataset.name}>
                      <th scope="row">
                        <Link href={`/datasets/${encodeURIComponent(dataset.name)}`}>
                          {dataset.name}
                        </Link>
                      </th>
                      <td>{DATASET_KIND_LABELS[dataset.kind]}</td>
                      <td>
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
                      <td className="numeric" data-column="answers">
                        {formatCount(dataset.counts.total)}
                      </td>
                      <td>
                        <time dateTime={dataset.createdAt}>{formatTime(dataset.createdAt)}</time>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {datasets.hasNextPage && (
          <button type="button" onClick={datasets.loadMore} disabled={datasets.loadingMore}>
            {datasets.loadingMore ? 'Loading…' : 'Load more datasets'}
          </button>
        )}
      </section>

      <NewDatasetForm onCreated={datasets.reload} />
    </>
  );
}
