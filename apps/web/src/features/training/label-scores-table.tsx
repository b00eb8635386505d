import type { LabelScoreFieldsFragment } from '@chorus/schema';
import { formatScore } from './training-format';

/** Precision, recall and F1 (and AUC for textcat) per label. */
export function LabelScoresTable({
  scores,
  caption,
}: {
  scores: readonly LabelScoreFieldsFragment[];
  caption: string;
}) {
  const withAuc = scores.some((s) => s.auc !== null && s.auc !== undefined);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Scores per label table">
      <table className="data-table label-scores">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col" className="numeric">
              Precision
            </th>
            <th scope="col" className="numeric">
              Recall
            </th>
            <th scope="col" className="numeric">
              F1
            </th>
            {withAuc && (
              <th scope="col" className="numeric">
                AUC
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {scores.map((s) => (
            <tr key={s.label}>
              <th scope="row">{s.label}</th>
              <td className="numeric">{formatScore(s.precision)}</td>
              <td className="numeric">{formatScore(s.recall)}</td>
              <td className="numeric">{formatScore(s.f1)}</td>
              {withAuc && <td className="numeric">{formatScore(s.auc)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
