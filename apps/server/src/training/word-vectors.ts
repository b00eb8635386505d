import { winkVectorsPath, type WordVectorsSource } from '@chorus/engine';

/**
 * Word vectors a run can add as dense features, by the name clients give. Each is an optional
 * npm package, offered only where it is installed; the training worker loads it itself.
 */
const SOURCES: Record<string, { source: WordVectorsSource; installed: () => Promise<boolean> }> = {
  wink: {
    source: { kind: 'wink' },
    installed: async () => (await winkVectorsPath()) !== null,
  },
};

/** Names of the vectors installed here, for `trainingOptions`. */
export async function installedVectors(): Promise<string[]> {
  const names: string[] = [];
  for (const [name, { installed }] of Object.entries(SOURCES))
    if (await installed()) names.push(name);
  return names;
}

/** What the trainer passes to the engine for a run's `vectors`. */
export function vectorsSource(name: string): WordVectorsSource {
  const entry = SOURCES[name];
  if (!entry) throw new RangeError(`unknown word vectors ${name}`);
  return entry.source;
}
