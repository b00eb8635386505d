import type { Metadata } from 'next';
import { NewStreamForm } from '../../../features/streams/new-stream-form';

export const metadata: Metadata = { title: 'New stream' };

export default function Page() {
  return (
    <>
      <h1>New stream</h1>
      <p className="hint">
        A stream asks annotators questions about the inputs of a source and saves their answers in a
        dataset.
      </p>
      <NewStreamForm />
    </>
  );
}
