import type { DatasetQuery } from '@chorus/schema';
import { ANSWER_LABELS, formatCount } from '../../ui/format';

type Counts = DatasetQuery['dataset']['counts'];

function CountTable({
  title,
  rows,
}: {
  title: string;
  rows: { key: string; name: string; count: number }[];
}) {
  return (
    <div className="count-card">
      <table className="count-table" aria-label={title}>
        <caption>{title}</caption>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={2} className="muted">
                none
              </td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={row.key} data-count={row.name}>
              <th scope="row">{row.name}</th>
              <td className="numeric">{formatCount(row.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** How many answers a dataset holds, by answer, by label and by annotator session. */
export function DatasetCounts({ counts }: { counts: Counts }) {
  return (
    <section aria-labelledby="counts-heading">
      <h2 id="counts-heading">
        {formatCount(counts.total)} {counts.total === 1 ? 'answer' : 'answers'}
      </h2>
      <div className="count-grid">
        <CountTable
          title="By answer"
          rows={counts.byAnswer.map(({ answer, count }) => ({
            key: answer,
            name: ANSWER_LABELS[answer],
            count,
          }))}
        />
        <CountTable
          title="By label"
          rows={counts.byLabel.map(({ label, count }) => ({ key: label, name: label, count }))}
        />
        <CountTable
          title="By session"
          rows={counts.bySession.map(({ session, count }) => ({
            key: session ?? '',
            name: session ?? '(no session)',
            count,
          }))}
        />
      </div>
    </section>
  );
}
