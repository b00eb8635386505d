import { readFile } from 'node:fs/promises';

/** What `POST /api/{sources,datasets}/:name/import` answers (a REST route: no generated type). */
export interface ImportSummary {
  importId: string;
  lines: number;
  inserted: number;
  duplicates: number;
}

/** Imports a file over HTTP, as `curl --data-binary @file` would; throws on any error status. */
export async function importFile(
  apiUrl: string,
  target: 'dataset' | 'source',
  name: string,
  file: string,
): Promise<ImportSummary> {
  const response = await fetch(`${apiUrl}/api/${target}s/${encodeURIComponent(name)}/import`, {
    method: 'POST',
    body: await readFile(file),
  });
  const body = (await response.json()) as ImportSummary;
  if (!response.ok || typeof body.inserted !== 'number') {
    throw new Error(`import of ${file} failed: ${response.status} ${JSON.stringify(body)}`);
  }
  return body;
}

/** One GraphQL operation over HTTP with a generated typed document; throws the first error. */
export { request as graphql } from '@chorus/schema';
