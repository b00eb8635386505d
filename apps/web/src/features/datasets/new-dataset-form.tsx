'use client';

import { useMutation } from '@apollo/client/react';
import { CreateDatasetDocument, DatasetKind } from '@chorus/schema';
import { useId, useState, type FormEvent } from 'react';
import { toChorusApiError } from '../../lib/graphql-client';
import { DATASET_KIND_LABELS } from '../../ui/format';
import { ErrorNotice } from '../../ui/status';
import './datasets.css';
import { useHydrated } from '../../ui/use-hydrated';

/** "PER, ORG ,, LOC, PER" → ["PER", "ORG", "LOC"]: trimmed, no blanks, no repeats, in order. */
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
export function NewDatasetForm() {
  const id = useId();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<DatasetKind>(DatasetKind.ner);
  const [labels, setLabels] = useState('');
  const [created, setCreated] = useState<string>();
  const [createDataset, { loading: saving, error }] = useMutation(CreateDatasetDocument, {
    refetchQueries: ['Datasets'],
    awaitRefetchQueries: true,
  });
  const ready = useHydrated();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(undefined);
    // A failure stays in `error`, shown below the form.
    const result = await createDataset({
      variables: { input: { name: name.trim(), kind, labels: parseLabels(labels) } },
    }).catch(() => null);
    if (!result?.data) return;
    setCreated(result.data.createDataset.name);
    setName('');
    setLabels('');
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
            Comma-separated; kept in the order typed.
          </p>
        </div>
        <div className="form-actions">
          <button type="submit" disabled={!ready || saving}>
            {saving ? 'Creating…' : 'Create dataset'}
          </button>
        </div>
      </form>
      {error && <ErrorNotice error={toChorusApiError(error)} />}
      {created && (
        <p className="notice notice-success" role="status">
          Created dataset “{created}”.
        </p>
      )}
    </section>
  );
}
