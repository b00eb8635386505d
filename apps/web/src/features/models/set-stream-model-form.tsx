'use client';

import { useMutation, useQuery } from '@apollo/client/react';
import {
  ModelStreamsDocument,
  SetStreamModelDocument,
  type ModelVersionFieldsFragment,
} from '@chorus/schema';
import { useId, useState, type FormEvent } from 'react';
import { toChorusApiError } from '../../lib/graphql-client';
import { ErrorNotice } from '../../ui/status';
import { formatScore } from '../training/training-format';
import { useHydrated } from '../../ui/use-hydrated';

/**
 * Replaces a stream's in-loop model with a version (`setStreamModel`); only versions of the
 * stream's kind are offered, and the stream goes on learning from it.
 */
export function SetStreamModelForm({
  versions,
}: {
  versions: readonly ModelVersionFieldsFragment[];
}) {
  const id = useId();
  const streams = useQuery(ModelStreamsDocument);
  const [setModel, result] = useMutation(SetStreamModelDocument);
  const [stream, setStream] = useState('');
  const [version, setVersion] = useState('');
  const [done, setDone] = useState<string>();
  const ready = useHydrated();

  const all = streams.data?.streams.edges.map((edge) => edge.node) ?? [];
  const kind = all.find((s) => s.name === stream)?.dataset.kind;
  const compatible = versions.filter((v) => kind === undefined || v.kind === kind);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(undefined);
    try {
      await setModel({ variables: { stream, version } });
      setDone(`${stream} now learns on from v${version}.`);
    } catch {
      // Shown from result.error below.
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="panel">
      <h2 id={`${id}-heading`}>Set a stream’s model</h2>
      {all.length === 0 && !streams.loading ? (
        <p className="hint">No streams yet.</p>
      ) : (
        <form onSubmit={submit} className="form-grid" data-ready={ready}>
          <label htmlFor={`${id}-stream`}>Stream</label>
          <select
            id={`${id}-stream`}
            value={stream}
            onChange={(event) => {
              setStream(event.target.value);
              setVersion('');
            }}
            required
          >
            <option value="">Choose a stream</option>
            {all.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name} ({s.recipe}, {s.dataset.name})
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-version`}>Version</label>
          <select
            id={`${id}-version`}
            value={version}
            onChange={(event) => setVersion(event.target.value)}
            required
          >
            <option value="">Choose a version</option>
            {compatible.map((v) => (
              <option key={v.id} value={v.id}>
                v{v.id}
                {v.f1 !== null ? ` — F1 ${formatScore(v.f1)}` : ''}
              </option>
            ))}
          </select>
          <div className="form-actions">
            <button type="submit" disabled={result.loading || !stream || !version}>
              {result.loading ? 'Switching…' : 'Use this version'}
            </button>
          </div>
        </form>
      )}
      {result.error && <ErrorNotice error={toChorusApiError(result.error)} />}
      {done && !result.error && (
        <div className="notice notice-success" role="status">
          <p>{done}</p>
        </div>
      )}
    </section>
  );
}
