'use client';

import { useQuery } from '@apollo/client/react';
import { DatasetDocument } from '@chorus/schema';
import Link from 'next/link';
import { NOT_FOUND, toChorusApiError } from '../../lib/graphql-client';
import { DATASET_KIND_LABELS, formatTime } from '../../ui/format';
import { ErrorNotice, Loading } from '../../ui/status';
import { AgreementTable } from './agreement-table';
import { AnnotationTable } from './annotation-table';
import { DatasetCounts } from './dataset-counts';
import { DeleteDatasetForm } from './delete-dataset-form';

/** Counts and agreement follow the annotators as they work. */
const POLL_MS = 5000;

/** One dataset: its counts, agreement, answers, export and delete. */
export function DatasetPage({ name }: { name: string }) {
  const { data, error, loading, refetch } = useQuery(DatasetDocument, {
    variables: { name },
    pollInterval: POLL_MS,
  });
  const dataset = data?.dataset;
  const failure = error && toChorusApiError(error);

  return (
    <article aria-labelledby="dataset-heading">
      <p className="breadcrumb">
        <Link href="/#datasets">Datasets</Link> /
      </p>
      <h1 id="dataset-heading">{name}</h1>
      {loading && !dataset && <Loading what="the dataset" />}
      {failure?.code === NOT_FOUND ? (
        <div className="notice" role="alert">
          <p>{failure.message}.</p>
          <Link href="/#datasets">Back to the datasets</Link>
        </div>
      ) : (
        failure && !dataset && <ErrorNotice error={failure} onRetry={() => void refetch()} />
      )}
      {dataset && (
        <>
          <p className="meta-line">
            {DATASET_KIND_LABELS[dataset.kind]} · created{' '}
            <time dateTime={dataset.createdAt}>{formatTime(dataset.createdAt)}</time>
            {dataset.labels.length > 0 && <> · labels {dataset.labels.join(', ')}</>}
          </p>
          {dataset.description && <p>{dataset.description}</p>}
          <DatasetCounts counts={dataset.counts} />
          <AgreementTable agreement={dataset.agreement} />
          <AnnotationTable
            name={name}
            kind={dataset.kind}
            choices={{
              labels: [
                ...new Set([...dataset.labels, ...dataset.counts.byLabel.map((row) => row.label)]),
              ],
              sessions: dataset.counts.bySession.flatMap((row) => row.session ?? []),
            }}
          />
          <DeleteDatasetForm name={name} />
        </>
      )}
    </article>
  );
}
