import type { TrainingRunFieldsFragment } from '@chorus/schema';
import { formatDuration, formatLoss, formatPercent, formatScore } from './training-format';

type Epoch = TrainingRunFieldsFragment['epochResults'][number];

/** Every finished epoch's numbers (what the charts draw), the kept one marked. */
export function EpochTable({
  epochs,
  bestEpoch,
}: {
  epochs: readonly Epoch[];
  bestEpoch: number | null;
}) {
  const curveMode = epochs.some((e) => e.fraction !== 1);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Epochs table">
      <table className="data-table epoch-table" aria-label="Epochs">
        <thead>
          <tr>
            {curveMode && <th scope="col">Data</th>}
            <th scope="col" className="numeric">
              Epoch
            </th>
            <th scope="col" className="numeric">
              Loss
            </th>
            <th scope="col" className="numeric">
              Precision
            </th>
            <th scope="col" className="numeric">
              Recall
            </th>
            <th scope="col" className="numeric">
              F1
            </th>
            <th scope="col" className="numeric">
              Time
            </th>
          </tr>
        </thead>
        <tbody>
          {epochs.map((e) => {
            const best = e.fraction === 1 && e.epoch === bestEpoch;
            return (
              <tr key={`${e.fraction}-${e.epoch}`} className={best ? 'best-row' : undefined}>
                {curveMode && <td>{formatPercent(e.fraction)}</td>}
                <th scope="row" className="numeric">
                  {e.epoch}
                  {best && <span className="best-tag"> best</span>}
                </th>
                <td className="numeric">{formatLoss(e.loss)}</td>
                <td className="numeric">{formatScore(e.precision)}</td>
                <td className="numeric">{formatScore(e.recall)}</td>
                <td className="numeric">{formatScore(e.f1)}</td>
                <td className="numeric">{formatDuration(e.seconds)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
