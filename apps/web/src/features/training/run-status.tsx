/** A run's status as a badge: the word is always there, colour only repeats it. */
export function RunStatus({ status }: { status: string }) {
  return <span className={`run-status run-status-${status}`}>{status}</span>;
}
