import { InputError } from '../errors.js';
import type { RawRecord } from './parse-records.js';

/**
 * spaCy's gold in JSONL, as a Prodigy record: an object with `text` and `cats`, and `spans`
 * (Prodigy's) or `entities` (spaCy's `[start, end, label]`, also `{start, end, label}`); or a
 * line of spaCy's training tuples, `[text, {"entities": […], "cats": {…}}]`. When a record has
 * both `spans` and `entities` (as Chorus writes them), `spans` are kept: they may overlap.
 */
export async function* parseSpacyJsonl(
  records: AsyncIterable<RawRecord>,
): AsyncGenerator<RawRecord> {
  for await (const { line, record } of records) yield { line, record: fromSpacy(record, line) };
}

function fromSpacy(value: unknown, line: number): Record<string, unknown> {
  let record = value as Record<string, unknown>;
  if (Array.isArray(value)) {
    const [text, annotations = {}] = value as unknown[];
    if (value.length > 2 || annotations === null || typeof annotations !== 'object')
      throw new InputError('expected [text, {"entities": […], "cats": {…}}]', { line });
    record = { text, ...(annotations as Record<string, unknown>) };
  }
  const { entities, ...rest } = record;
  if (entities === undefined || rest.spans !== undefined) return rest;
  if (!Array.isArray(entities))
    throw new InputError('expected an array of [start, end, label]', { line, field: 'entities' });
  return {
    ...rest,
    spans: entities.map((entity: unknown, i) => {
      if (Array.isArray(entity) && entity.length === 3) {
        const [start, end, label] = entity as unknown[];
        return { start, end, label };
      }
      if (entity !== null && typeof entity === 'object' && !Array.isArray(entity)) return entity;
      throw new InputError('expected [start, end, label]', { line, field: `entities[${i}]` });
    }),
  };
}
