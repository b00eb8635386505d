'use client';

import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import {
  CancelTrainingRunDocument,
  TrainingRunDocument,
  TrainingRunEventsDocument,
} from '@chorus/schema';
import Link from 'next/link';
import { toChorusApiError } from '../../lib/graphql-client';
import { DATASET_KIND_LABELS, formatTime } from '../../ui/format';
import { ErrorNotice, Loading } from '../../ui/status';
import { EpochCharts } from './epoch-charts';
import { EpochTable } from './epoch-table';
import { LabelScoresTable } from './label-scores-table';
import { RunStatus } from './run-status';
import { TrainCurve } from './train-curve';
import { formatDuration, formatPercent, formatScore, isActive } from './training-format';
import './training.css';

const EXCLUSIVE_WORDS = { true: 'exclusive (one softmax)', false: 'independent' } as const;

/**
 * `/training/[id]`: one run, live. The query gives the run as it is; while it goes on, the
 * `trainingRunEvents` subscription pushes every change into Apollo's cache, so the page redraws
 * from the same entry.
 */
export function TrainingRunPage({ id }: { id: string }) {
  const query = useQuery(TrainingRunDocument, { variables: { id } });
  const run = query.data?.trainingRun;
  const live = run !== undefined && isActive(run.status);
  useSubscription(TrainingRunEventsDocument, { variables: { id }, skip: !live });
  const [cancel, cancelling] = useMutation(CancelTrainingRunDocument, { variables: { id } });

  if (query.loading && !run) return <Loading what="the training run" />;
  if (query.error && !run)
    return (
      <ErrorNotice error={toChorusApiError(query.error)} onRetry={() => void query.refetch()} />
    );
  if (!run) return null;

  const best = run.epochResults.find((e) => e.fraction === 1 && e.epoch === run.bestEpoch);
  const finished = run.epochResults.filter((e) => e.fraction === 1).length;
  const current = run.epochResults.at(-1);
  return (
    <article aria-labelledby="run-heading" className="training-run">
      <p className="breadcrumb">
        <Link href="/training">Training</Link> /
      </p>
      <div className="section-header">
        <h1 id="run-heading">
          Run {run.id} <RunStatus status={run.status} />
        </h1>
        {live && (
          <button
            type="button"
            className="button-danger"
            onClick={() => void cancel()}
            disabled={cancelling.loading}
          >
            {cancelling.loading ? 'Cancelling…' : 'Cancel run'}
          </button>
        )}
      </div>
      {cancelling.error && <ErrorNotice error={toChorusApiError(cancelling.error)} />}
      {run.error && (
        <div className="notice notice-error" role="alert">
          <p>{run.error}</p>
        </div>
      )}

      <dl className="run-stats" aria-live="polite">
        <div>
          <dt>Best F1</dt>
          <dd className="stat-value">{formatScore(best?.f1)}</dd>
          <dd className="hint">{best ? `epoch ${best.epoch}` : 'after the first epoch'}</dd>
        </div>
        <div>
          <dt>Epochs</dt>
          <dd className="stat-value">
            {finished} / {run.epochs}
          </dd>
          <dd className="hint">
            {run.curve && current && current.fraction < 1
              ? `now on ${formatPercent(current.fraction)} of the data`
              : run.curve
                ? 'train-curve mode'
                : ' '}
          </dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd className="stat-value">{formatDuration(run.elapsedSeconds)}</dd>
          <dd className="hint">
            {run.startedAt ? `started ${formatTime(run.startedAt)}` : 'waiting for a worker'}
          </dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd className="stat-value">
            {run.modelVersionId !== null ? (
              <Link href={`/models#version-${run.modelVersionId}`}>v{run.modelVersionId}</Link>
            ) : (
              '—'
            )}
          </dd>
          <dd className="hint">{run.modelVersionId !== null ? 'published' : 'when it succeeds'}</dd>
        </div>
      </dl>

      <p className="meta-line run-settings-line">
        {DATASET_KIND_LABELS[run.kind]} on <strong>{run.datasets.join(', ')}</strong>, evaluated on{' '}
        {run.evalDataset ? (
          <strong>{run.evalDataset}</strong>
        ) : (
          `a ${formatPercent(run.evalSplit)} split`
        )}
        {' · '}seed {run.seed}
        {run.exclusive !== null && ` · labels ${EXCLUSIVE_WORDS[`${run.exclusive}`]}`}
        {run.vectors && ` · vectors ${run.vectors}`}
      </p>

      <section aria-labelledby="epochs-heading">
        <h2 id="epochs-heading">Epochs</h2>
        {run.epochResults.length === 0 ? (
          <p className="status" role="status">
            {live ? 'The first epoch is on its way…' : 'No epoch finished.'}
          </p>
        ) : (
          <>
            <EpochCharts
              epochs={run.epochResults}
              totalEpochs={run.epochs}
              bestEpoch={run.bestEpoch ?? null}
            />
            <EpochTable epochs={run.epochResults} bestEpoch={run.bestEpoch ?? null} />
          </>
        )}
      </section>

      {run.scores && run.scores.length > 0 && (
        <section aria-labelledby="labels-heading">
          <h2 id="labels-heading">Per label</h2>
          <LabelScoresTable
            scores={run.scores}
            caption={best ? `Eval scores at epoch ${best.epoch}` : 'Eval scores'}
          />
        </section>
      )}

      {run.learningCurve && <TrainCurve curve={run.learningCurve} />}
    </article>
  );
}
