import type { ModelVersionFieldsFragment } from '@chorus/schema';
import Link from 'next/link';
import { DATASET_KIND_LABELS, formatCount, formatTime } from '../../ui/format';
import { formatScore } from '../training/training-format';

/** Every label any version knows, so the columns line up across versions. */
function allLabels(versions: readonly ModelVersionFieldsFragment[]): string[] {
  return [...new Set(versions.flatMap((v) => v.labels))].sort();
}

/**
 * Model versions side by side, newest first: overall F1, then precision / recall / F1 per label
 * in one column per label, the answers seen, where each came from and its parent.
 */
export function ModelVersionsTable({
  versions,
  caption,
}: {
  versions: readonly ModelVersionFieldsFragment[];
  caption: string;
}) {
  const labels = allLabels(versions);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table versions-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col" className="numeric">
              F1
            </th>
            {labels.map((label) => (
              <th key={label} scope="col" className="numeric">
                {label} <span className="prf-legend">P / R / F1</span>
              </th>
            ))}
            <th scope="col" className="numeric">
              Answers seen
            </th>
            <th scope="col">From</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => {
            const byLabel = new Map((v.scores ?? []).map((s) => [s.label, s]));
            return (
              <tr key={v.id} id={`version-${v.id}`} data-version={v.id}>
                <th scope="row">
                  <span className="version-id">v{v.id}</span>
                  <span className="hint version-kind">{DATASET_KIND_LABELS[v.kind]}</span>
                </th>
                <td className="numeric version-f1">{formatScore(v.f1)}</td>
                {labels.map((label) => {
                  const s = byLabel.get(label);
                  return (
                    <td key={label} className="numeric prf">
                      {s ? (
                        <>
                          {formatScore(s.precision)} / {formatScore(s.recall)} /{' '}
                          <strong>{formatScore(s.f1)}</strong>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  );
                })}
                <td className="numeric">{formatCount(v.answersSeen)}</td>
                <td>
                  <span className="origin">
                    {v.trainingRunId !== null ? (
                      <Link href={`/training/${v.trainingRunId}`}>run {v.trainingRunId}</Link>
                    ) : v.streamId !== null ? (
                      'stream snapshot'
                    ) : (
                      'imported'
                    )}
                    {v.parentId !== null && <> · parent v{v.parentId}</>}
                  </span>
                  <span className="hint">{v.datasets.join(', ') || '—'}</span>
                </td>
                <td>
                  <time dateTime={v.createdAt}>{formatTime(v.createdAt)}</time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
