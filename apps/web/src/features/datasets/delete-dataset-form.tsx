'use client';

import { useMutation } from '@apollo/client/react';
import { DeleteDatasetDocument } from '@chorus/schema';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { toChorusApiError } from '../../lib/graphql-client';
import { ErrorNotice } from '../../ui/status';

/** Deletes a dataset and all its answers once its name is typed again, then goes home. */
export function DeleteDatasetForm({ name }: { name: string }) {
  const id = useId();
  const router = useRouter();
  const [confirmName, setConfirmName] = useState('');
  const [deleteDataset, { loading: deleting, error }] = useMutation(DeleteDatasetDocument, {
    // Out of the cache at once, so no list shows it while the overview reloads.
    update(cache) {
      cache.evict({ id: cache.identify({ __typename: 'Dataset', name }) });
      cache.gc();
    },
  });
  const confirmed = confirmName === name;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!confirmed) return;
    // A failure stays in `error`, shown below the form.
    const result = await deleteDataset({ variables: { name, confirmName } }).catch(() => null);
    if (result && !result.error) router.push('/');
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="panel panel-danger">
      <h2 id={`${id}-heading`}>Delete this dataset</h2>
      <p>
        This deletes the dataset and every answer in it, for good. Export it first if you may need
        it.
      </p>
      <form onSubmit={submit} className="inline-form">
        <label htmlFor={`${id}-confirm`}>
          Type <strong className="mono">{name}</strong> to confirm
        </label>
        <input
          id={`${id}-confirm`}
          value={confirmName}
          onChange={(event) => setConfirmName(event.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" className="button-danger" disabled={!confirmed || deleting}>
          {deleting ? 'Deleting…' : 'Delete dataset'}
        </button>
      </form>
      {error && <ErrorNotice error={toChorusApiError(error)} />}
    </section>
  );
}
