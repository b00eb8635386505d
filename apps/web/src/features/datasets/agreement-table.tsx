import { AgreementMethod, type DatasetQuery } from '@chorus/schema';
import { formatCount } from '../../ui/format';

type Agreement = DatasetQuery['dataset']['agreement'];

const METHOD_NAMES: Record<AgreementMethod, string> = {
  [AgreementMethod.CohenKappa]: 'Cohen’s κ',
  [AgreementMethod.KrippendorffAlpha]: 'Krippendorff’s α',
};

/** κ and α to two places, with a true minus sign. */
function formatAgreement(value: number): string {
  return value.toFixed(2).replace('-', '−');
}

/** How far the annotators agree, per label and overall, as the server computed it. */
export function AgreementTable({ agreement }: { agreement: Agreement }) {
  const rows = [
    ...agreement.labels.map((row) => ({ key: `label-${row.label}`, name: row.label, ...row })),
    ...(agreement.overall ? [{ key: 'overall', name: 'All labels', ...agreement.overall }] : []),
  ];
  return (
    <section aria-labelledby="agreement-heading">
      <h2 id="agreement-heading">Agreement</h2>
      <p className="hint" id="agreement-hint">
        Between sessions on the same questions, beyond what chance gives: 1 is perfect agreement, 0
        is chance, below 0 worse than chance. Cohen’s κ for two annotators, Krippendorff’s α for
        more.
      </p>
      {rows.length === 0 ? (
        <p className="empty">No question has been answered by two sessions yet.</p>
      ) : (
        <table
          className="data-table agreement-table stack-on-phone"
          aria-label="Agreement"
          aria-describedby="agreement-hint"
        >
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col" className="numeric">
                Agreement
              </th>
              <th scope="col">Measure</th>
              <th scope="col" className="numeric">
                Items
              </th>
              <th scope="col" className="numeric">
                Annotators
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.key}
                data-agreement={row.key}
                className={row.key === 'overall' ? 'total-row' : undefined}
              >
                <th scope="row">{row.name}</th>
                <td className="numeric" data-label="Agreement">
                  {formatAgreement(row.value)}
                </td>
                <td data-label="Measure">{METHOD_NAMES[row.method]}</td>
                <td className="numeric" data-label="Items">
                  {formatCount(row.items)}
                </td>
                <td className="numeric" data-label="Annotators">
                  {formatCount(row.annotators)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
