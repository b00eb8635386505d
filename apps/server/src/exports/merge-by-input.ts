import {
  mergeExamples,
  type ExampleKind,
  type MergedNerExample,
  type MergedTextcatExample,
} from '@chorus/engine';

type Merged<K extends ExampleKind> = K extends 'ner' ? MergedNerExample : MergedTextcatExample;

/**
 * Prodigy JSONL lines holding every answer about one input together (`exportLines` with
 * `byInput`), as one gold example per input, merged by the engine as training merges them:
 * ignored answers and inputs whose answers teach nothing are left out. Only one input's answers
 * are held at a time.
 */
export async function* mergeByInput<K extends ExampleKind>(
  lines: AsyncIterable<string>,
  kind: K,
): AsyncGenerator<Merged<K>> {
  let group: Record<string, unknown>[] = [];
  const merged = () => mergeExamples(group, kind) as Merged<K>[];
  for await (const line of lines) {
    const task = JSON.parse(line) as Record<string, unknown>;
    if (group.length > 0 && group[0]!._input_hash !== task._input_hash) {
      yield* merged();
      group = [];
    }
    group.push(task);
  }
  if (group.length > 0) yield* merged();
}
