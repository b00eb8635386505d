import type { ChorusApiError } from '../lib/graphql-client';

/** A polite live region: screen readers announce it without moving the focus. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="status" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** A failed request, with its message (the API's own, or "Cannot reach the Chorus API at …"). */
export function ErrorNotice({ error, onRetry }: { error: ChorusApiError; onRetry?: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>{error.message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
