'use client';

import { CreateDatasetDocument, DatasetKind } from '@chorus/schema';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { request, toChorusApiError, type ChorusApiError } from '../../lib/graphql-client';
import { DATASET_KIND_LABELS } from '../../ui/format';
import { ErrorNotice } from '../../ui/status';

/** "PER, ORG ,, LOC" → ["PER", "ORG", "LOC"]: trimmed, no blanks, no repeats. */
export function parseLabels(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((label) => label.trim())
        .filter(Boolean),
    ),
  ];
}

/** Creates an empty dataset with `createDataset`; the server checks the name and its uniqueness. */
export function NewDatasetForm({ onCreated }: { onCreated: (name: string) => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<DatasetKind>(DatasetKind.ner);
  const [labels, setLabels] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ChorusApiError>();
  const [created, setCreated] = useState<string>();
  // Until React has hydrated the form, typing would be reset and a click would submit natively.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setCreated(undefined);
    try {
      const { createDataset } = await request(CreateDatasetDocument, {
        input: { name: name.trim(), kind, labels: parseLabels(labels) },
      });
      setCreated(createDataset.name);
      setName('');
      setLabels('');
      onCreated(createDataset.name);
    } catch (caught) {
      setError(toChorusApiError(caught));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="panel">
      <h2 id={`${id}-heading`}>New dataset</h2>
      <form onSubmit={submit} className="form-grid" data-ready={ready}>
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          name="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          maxLength={100}
          pattern="[\w.\-]+"
          title='Letters, digits, "_", "-" or "."'
          autoComplete="off"
          spellCheck={false}
        />
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select
          id={`${id}-kind`}
          name="kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as DatasetKind)}
        >
          {Object.values(DatasetKind).map((value) => (
            <option key={value} value={value}>
              {DATASET_KIND_LABELS[value]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-labels`}>Labels</label>
        <div>
          <input
            id={`${id}-labels`}
            name="labels"
            value={labels}
            onChange={(event) => setLabels(event.target.value)}
            placeholder="PERSON, ORG, LOC"
            aria-describedby={`${id}-labels-hint`}
            autoComplete="off"
          />
          <p id={`${id}-labels-hint`} className="hint">
            Comma-separated.
          </p>
        </div>
        <div className="form-actions">
          <button type="submit" disabled={!ready || saving}>
            {saving ? 'Creating…' : 'Create dataset'}
          </button>
        </div>
      </form>
      {error && <ErrorNotice error={error} />}
      {created && (
        <p className="notice notice-success" role="status">
          Created dataset “{created}”.
        </p>
      )}
    </section>
  );
}
