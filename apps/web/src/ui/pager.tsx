import { formatCount } from './format';
import type { CursorPages } from './use-cursor-pages';

/** Where a page is in a connection, and the buttons to the pages around it. */
export function Pager({
  pages,
  pageSize,
  shown,
  total,
  hasNextPage,
  endCursor,
  label,
}: {
  pages: CursorPages;
  pageSize: number;
  /** Rows on this page. */
  shown: number;
  total: number;
  hasNextPage: boolean;
  endCursor: string | null;
  /** What the rows are, for the navigation's name: "annotations". */
  label: string;
}) {
  const first = pages.page * pageSize + 1;
  return (
    <nav className="pager" aria-label={`Pages of ${label}`}>
      <p className="meta-line" aria-live="polite">
        {shown === 0
          ? `No ${label}`
          : `Rows ${formatCount(first)}–${formatCount(first + shown - 1)} of ${formatCount(total)}`}
      </p>
      {(pages.page > 0 || hasNextPage) && (
        <div className="pager-buttons">
          <button
            type="button"
            className="button-secondary"
            onClick={pages.previous}
            disabled={pages.page === 0}
          >
            Previous page
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => endCursor && pages.next(endCursor)}
            disabled={!hasNextPage || !endCursor}
          >
            Next page
          </button>
        </div>
      )}
    </nav>
  );
}
