import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../errors.js';
import { decodeCursor, toConnection, type Connection } from '../graphql/connection.js';
import { Input } from './input.entity.js';
import { Source } from './source.entity.js';

export async function listSources(
  em: EntityManager,
  first: number,
  after?: string | null,
): Promise<Connection<Source>> {
  const rows = await em.find(
    Source,
    { id: { $gt: decodeCursor(after) } },
    { orderBy: { id: 'asc' }, limit: first + 1 },
  );
  return toConnection(rows, first, after, () => em.count(Source));
}

export async function findSource(em: EntityManager, name: string): Promise<Source> {
  const source = await em.findOne(Source, { name });
  if (!source) throw new NotFoundError('source', name);
  return source;
}

export function countInputs(em: EntityManager, sourceId: number): Promise<number> {
  return em.count(Input, { source: sourceId });
}

export async function inputsPage(
  em: EntityManager,
  sourceId: number,
  first: number,
  after?: string | null,
): Promise<Connection<Input>> {
  const rows = await em.find(
    Input,
    { source: sourceId, id: { $gt: decodeCursor(after) } },
    { orderBy: { id: 'asc' }, limit: first + 1 },
  );
  return toConnection(rows, first, after, () => countInputs(em, sourceId));
}
