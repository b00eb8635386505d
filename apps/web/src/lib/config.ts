/**
 * Where the Chorus API is: the one module of the web app that reads the environment.
 *
 * - Build time: `NEXT_PUBLIC_CHORUS_API` is inlined into the browser bundle by `next build`.
 * - Run time: `CHORUS_API_URL`, read by the server on every request, overrides it. The root layout
 *   writes it into `<html data-chorus-api="…">`, where the browser reads it back, so one build can
 *   be pointed at any API when it starts (`CHORUS_API_URL=http://api:4000 npm start`).
 * - Neither set: `http://localhost:4000`, the API's default address.
 */
const DEFAULT_API_URL = 'http://localhost:4000';

/** The attribute of `<html>` carrying the run-time URL to the browser (`dataset.chorusApi`). */
export const API_URL_ATTRIBUTE = 'data-chorus-api';

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The URL baked in by `next build`; `process.env.NEXT_PUBLIC_…` must stay literal to be inlined. */
function buildTimeApiUrl(): string {
  return withoutTrailingSlash(process.env.NEXT_PUBLIC_CHORUS_API || DEFAULT_API_URL);
}

/**
 * The API URL on the server, at request time. Call it only where rendering is dynamic (the root
 * layout awaits `connection()` first), or a build would freeze the value into a static page.
 */
export function serverApiUrl(): string {
  const runtime = process.env.CHORUS_API_URL;
  return runtime ? withoutTrailingSlash(runtime) : buildTimeApiUrl();
}

/**
 * The API URL wherever code runs: in the browser the one the root layout rendered, on the server
 * (server rendering of client components) the same value read from the environment, so the
 * server-rendered HTML and the hydrated page agree.
 */
export function apiUrl(): string {
  if (typeof document === 'undefined') return serverApiUrl();
  return document.documentElement.dataset.chorusApi || buildTimeApiUrl();
}

/**
 * `GET` a dataset in an export format (default: Prodigy JSONL, at its first URL), optionally only
 * one answer and/or one session.
 */
export function datasetExportUrl(
  name: string,
  filter: { answer?: string | null; session?: string | null; format?: string } = {},
): string {
  const query = new URLSearchParams();
  const jsonl = filter.format === undefined || filter.format === 'jsonl';
  if (!jsonl) query.set('format', filter.format!);
  if (filter.answer) query.set('answer', filter.answer);
  if (filter.session) query.set('session', filter.session);
  const search = query.size > 0 ? `?${query}` : '';
  return `${apiUrl()}/api/datasets/${encodeURIComponent(name)}/${jsonl ? 'export.jsonl' : 'export'}${search}`;
}

/** `POST` a file here to import it into a source (`format`: jsonl, csv or text). */
export function sourceImportUrl(name: string, format: string, importId: string): string {
  const query = new URLSearchParams({ format, importId });
  return `${apiUrl()}/api/sources/${encodeURIComponent(name)}/import?${query}`;
}
