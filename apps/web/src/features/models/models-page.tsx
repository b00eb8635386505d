'use client';

import { useQuery } from '@apollo/client/react';
import { ModelVersionsDocument } from '@chorus/schema';
import { toChorusApiError } from '../../lib/graphql-client';
import { ErrorNotice, Loading } from '../../ui/status';
import { ModelVersionsTable } from './model-versions-table';
import { SetStreamModelForm } from './set-stream-model-form';
import '../training/training.css';
import './models.css';

/** `/models`: every model version with its metrics side by side, and switching a stream's model. */
export function ModelsPage() {
  const query = useQuery(ModelVersionsDocument, { variables: { first: 200 } });
  const versions = [...(query.data?.modelVersions.edges.map((edge) => edge.node) ?? [])].reverse();
  const trained = versions.filter((v) => v.trainingRunId !== null);
  const snapshots = versions.filter((v) => v.trainingRunId === null);

  return (
    <>
      <section aria-labelledby="models-heading">
        <h1 id="models-heading">Models</h1>
        <p className="meta-line">
          Versions never change: training runs publish scored versions, streams save snapshots of
          their in-loop model.
        </p>
        {query.loading && !query.data && <Loading what="model versions" />}
        {query.error && (
          <ErrorNotice error={toChorusApiError(query.error)} onRetry={() => void query.refetch()} />
        )}
        {query.data && versions.length === 0 && (
          <div className="empty">
            <p>No model versions yet: a training run or a teach stream makes the first.</p>
          </div>
        )}
        {trained.length > 0 && (
          <>
            <h2>From training runs</h2>
            <ModelVersionsTable versions={trained} caption="Versions published by training runs" />
          </>
        )}
        {snapshots.length > 0 && (
          <>
            <h2>Stream snapshots</h2>
            <ModelVersionsTable versions={snapshots} caption="Snapshots of in-loop models" />
          </>
        )}
      </section>
      {versions.length > 0 && <SetStreamModelForm versions={versions} />}
    </>
  );
}
