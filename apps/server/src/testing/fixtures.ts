/** Small task factories for tests: real shapes, built on the spot, no copied blobs. */
export function nerTask(text: string, entities: [string, string][] = []): Record<string, unknown> {
  const spans = entities.map(([phrase, label]) => {
    const start = text.indexOf(phrase);
    if (start < 0) throw new Error(`"${phrase}" is not in "${text}"`);
    return { start, end: start + phrase.length, label };
  });
  return { text, spans };
}

export function jsonl(records: Record<string, unknown>[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export const SHARED_DATA = new URL('../../../../../shared/data/', import.meta.url);

/**
 * Small samples of the shared data, committed (see fixtures/README.md): tests read these, so they
 * pass from a clone alone; the whole shared files are for benchmarks.
 */
export const FIXTURES = new URL('fixtures/', import.meta.url);
