'use client';

import { DatasetDocument } from '@chorus/schema';
import Link from 'next/link';
import { datasetExportUrl } from '../../lib/config';
import { NOT_FOUND } from '../../lib/graphql-client';
import { useQuery } from '../../lib/use-query';
import { DATASET_KIND_LABELS, formatTime } from '../../ui/format';
import { ErrorNotice, Loading } from '../../ui/status';
import { AnnotationTable } from './annotation-table';
import { DatasetCounts } from './dataset-counts';
import { DeleteDatasetForm } from './delete-dataset-form';

/** One dataset: its counts, its answers, export and delete. */
export function DatasetPage({ name }: { name: string }) {
  const { data, error, loading, reload } = useQuery(DatasetDocument, { name });
  const dataset = data?.dataset;

  return (
    <article aria-labelledby="dataset-heading">
      <p className="breadcrumb">
        <Link href="/">Datasets</Link> /
      </p>
      <div className="section-header">
        <h1 id="dataset-heading">{name}</h1>
        <a className="button" href={datasetExportUrl(name)} download={`${name}.jsonl`}>
          Export JSONL
        </a>
      </div>
      {loading && !dataset && <Loading what="the dataset" />}
      {error?.code === NOT_FOUND ? (
        <div className="notice" role="alert">
          <p>{error.message}.</p>
          <Link href="/">Back to the datasets</Link>
        </div>
      ) : (
        error && <ErrorNotice error={error} onRetry={reload} />
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
          <AnnotationTable name={name} />
          <DeleteDatasetForm name={name} />
        </>
      )}
    </article>
  );
}
