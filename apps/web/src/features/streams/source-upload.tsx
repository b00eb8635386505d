'use client';

import { useApolloClient } from '@apollo/client/react';
import { ImportProgressDocument, type ImportProgressSubscription } from '@chorus/schema';
import { useId, useState } from 'react';
import { sourceImportUrl } from '../../lib/config';
import { formatCount } from '../../ui/format';
import { newIdempotencyKey } from '../annotate/session/idempotency-key';

type Progress = ImportProgressSubscription['importProgress'];

/** The import's error as the API gives it (`{"error": {code, message, line, field}}`). */
interface ImportError {
  message: string;
  line?: number;
  field?: string;
}

/** The format the import endpoint expects, from the file's name. */
export function formatOfFile(fileName: string): 'jsonl' | 'csv' | 'text' {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.txt')) return 'text';
  return 'jsonl';
}

/** A source name from a file name: `news-2024.jsonl` → `news-2024`. */
function nameOfFile(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '').slice(0, 100);
}

/**
 * Uploads a file as a new source, right in the new-stream form: a progress bar fed by the
 * `importProgress` subscription, and the import's error (line and field) shown in place. An import
 * is all or nothing, so a failed one leaves no source behind.
 */
export function SourceUpload({ onImported }: { onImported(name: string): void }) {
  const client = useApolloClient();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ImportError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const upload = async () => {
    if (!file || !name.trim()) return;
    setBusy(true);
    setError(null);
    setDone(null);
    setProgress(null);
    const importId = newIdempotencyKey();
    const events = client
      .subscribe({
        query: ImportProgressDocument,
        variables: { importId },
        fetchPolicy: 'no-cache',
      })
      .subscribe({ next: ({ data }) => data && setProgress(data.importProgress) });
    try {
      const response = await fetch(
        sourceImportUrl(name.trim(), formatOfFile(file.name), importId),
        {
          method: 'POST',
          body: file,
        },
      );
      const body = (await response.json().catch(() => ({}))) as {
        inserted?: number;
        duplicates?: number;
        error?: ImportError;
      };
      if (!response.ok || body.error) {
        setError(body.error ?? { message: `The API answered ${response.status}` });
        return;
      }
      setDone(
        `Imported ${formatCount(body.inserted ?? 0)} inputs into “${name.trim()}”` +
          (body.duplicates ? ` (${formatCount(body.duplicates)} repeated lines skipped)` : '') +
          '.',
      );
      onImported(name.trim());
    } catch {
      setError({ message: 'Cannot reach the Chorus API to upload the file.' });
    } finally {
      events.unsubscribe();
      setBusy(false);
    }
  };

  return (
    <div className="source-upload" aria-labelledby={`${id}-legend`}>
      <p id={`${id}-legend`} className="upload-title">
        Or upload a file as a new source
      </p>
      <div className="upload-row">
        <label htmlFor={`${id}-file`}>File (JSONL, CSV with a text column, or text)</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".jsonl,.json,.csv,.txt"
          onChange={(event) => {
            const picked = event.target.files?.[0] ?? null;
            setFile(picked);
            if (picked && !name) setName(nameOfFile(picked.name));
          }}
        />
        <label htmlFor={`${id}-name`}>New source name</label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
        />
        <button
          type="button"
          onClick={() => void upload()}
          disabled={!file || !name.trim() || busy}
        >
          {busy ? 'Uploading…' : 'Upload'}
        </button>
      </div>
      {busy && (
        <div className="upload-progress">
          <progress
            aria-label="Import progress"
            value={progress?.bytesRead ?? 0}
            max={progress?.totalBytes ?? file?.size ?? 1}
          />
          <span role="status">
            {progress
              ? `${formatCount(progress.linesRead)} lines read, ${formatCount(progress.inserted)} inserted`
              : 'Starting…'}
          </span>
        </div>
      )}
      {error && (
        <div className="notice notice-error" role="alert">
          <p>
            {file?.name}
            {error.line !== undefined && `: line ${error.line}`}
            {error.field !== undefined && `, field “${error.field}”`}: {error.message}
          </p>
          <p className="hint">Nothing was imported. Fix the file and upload it again.</p>
        </div>
      )}
      {done && (
        <p className="notice notice-success" role="status">
          {done}
        </p>
      )}
    </div>
  );
}
