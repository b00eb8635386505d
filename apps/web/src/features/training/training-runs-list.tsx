'use client';

import { useQuery } from '@apollo/client/react';
import { TrainingRunsDocument } from '@chorus/schema';
import Link from 'next/link';
import { useEffect } from 'react';
import { toChorusApiError } from '../../lib/graphql-client';
import { formatTime } from '../../ui/format';
import { ErrorNotice, Loading } from '../../ui/status';
import { RunStatus } from './run-status';
import { formatDuration, formatScore, isActive } from './training-format';

/** How often the list asks again while a run is queued or running. */
const POLL_MS = 2000;

/** Every training run, newest first, polled while any of them is still going. */
export function TrainingRunsList() {
  const runs = useQuery(TrainingRunsDocument, { variables: { first: 100 } });
  const nodes = [...(runs.data?.trainingRuns.edges.map((edge) => edge.node) ?? [])].reverse();
  const anyActive = nodes.some((run) => isActive(run.status));
  const { startPolling, stopPolling } = runs;
  // Poll only while a run is going: a list of finished runs needs no more requests.
  useEffect(() => {
    if (anyActive) startPolling(POLL_MS);
    else stopPolling();
    return stopPolling;
  }, [anyActive, startPolling, stopPolling]);

  return (
    <section aria-labelledby="runs-heading">
      <h1 id="runs-heading">Training</h1>
      {runs.loading && !runs.data && <Loading what="training runs" />}
      {runs.error && (
        <ErrorNotice error={toChorusApiError(runs.error)} onRetry={() => void runs.refetch()} />
      )}
      {runs.data && nodes.length === 0 && (
        <div className="empty">
          <p>
            No training runs yet. Start one below: it trains from a blank model on every answer.
          </p>
        </div>
      )}
      {nodes.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Training runs table">
          <table className="data-table runs-table" aria-label="Training runs">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">Datasets</th>
                <th scope="col" className="numeric">
                  Epochs
                </th>
                <th scope="col" className="numeric">
                  Best F1
                </th>
                <th scope="col" className="numeric">
                  Time
                </th>
                <th scope="col">Model</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((run) => {
                const done = run.epochResults.filter((e) => e.fraction === 1).length;
                const best = run.epochResults.find(
                  (e) => e.fraction === 1 && e.epoch === run.bestEpoch,
                );
                return (
                  <tr key={run.id} data-run={run.id}>
                    <th scope="row">
                      <Link href={`/training/${run.id}`}>Run {run.id}</Link>
                    </th>
                    <td>
                      <RunStatus status={run.status} />
                    </td>
                    <td>{run.datasets.join(', ')}</td>
                    <td className="numeric">
                      {done} / {run.epochs}
                    </td>
                    <td className="numeric">{formatScore(best?.f1)}</td>
                    <td className="numeric">{formatDuration(run.elapsedSeconds)}</td>
                    <td>
                      {run.modelVersionId !== null ? (
                        <Link href={`/models#version-${run.modelVersionId}`}>
                          v{run.modelVersionId}
                        </Link>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      <time dateTime={run.createdAt}>{formatTime(run.createdAt)}</time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
