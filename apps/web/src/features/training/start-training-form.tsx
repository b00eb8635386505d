'use client';

import { useMutation, useQuery } from '@apollo/client/react';
import {
  DatasetKind,
  DatasetsDocument,
  StartTrainingRunDocument,
  TrainingOptionsDocument,
  TrainingRunsDocument,
} from '@chorus/schema';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { DATASET_KIND_LABELS, formatCount } from '../../ui/format';
import { toFieldError, type FieldError } from './training-errors';
import { useHydrated } from '../../ui/use-hydrated';

type Exclusive = 'detect' | 'exclusive' | 'multilabel';
const EXCLUSIVE_VALUES: Record<Exclusive, boolean | null> = {
  detect: null,
  exclusive: true,
  multilabel: false,
};

/** The message under an input, when the server named that input. */
function FieldMessage({ id, error, field }: { id: string; error?: FieldError; field: string }) {
  if (error?.field !== field) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {error.message}
    </p>
  );
}

/**
 * Starts a training run: datasets of one kind, an eval split or dataset, epochs, seed, curve
 * mode, and for text classification whether labels exclude each other and which word vectors to
 * add. The server checks everything; its error is shown next to the input it names.
 */
export function StartTrainingForm() {
  const id = useId();
  const router = useRouter();
  const datasets = useQuery(DatasetsDocument, { variables: { first: 200 } });
  const options = useQuery(TrainingOptionsDocument);
  const [start, { loading: starting }] = useMutation(StartTrainingRunDocument, {
    refetchQueries: [TrainingRunsDocument],
  });
  const [chosen, setChosen] = useState<string[]>([]);
  const [evalMode, setEvalMode] = useState<'split' | 'dataset'>('split');
  const [evalSplit, setEvalSplit] = useState('0.2');
  const [evalDataset, setEvalDataset] = useState('');
  const [epochs, setEpochs] = useState('');
  const [seed, setSeed] = useState('0');
  const [curve, setCurve] = useState(false);
  const [exclusive, setExclusive] = useState<Exclusive>('detect');
  const [vectors, setVectors] = useState('');
  const [error, setError] = useState<FieldError>();
  const ready = useHydrated();

  const all = datasets.data?.datasets.edges.map((edge) => edge.node) ?? [];
  const kind = all.find((d) => chosen.includes(d.name))?.kind;
  const installedVectors = options.data?.trainingOptions.vectors ?? [];
  const field = (name: string) => `${id}-${name}`;
  const describedBy = (name: string) =>
    error?.field === name ? `${field(name)}-error` : undefined;

  const shownFields = new Set([
    'datasets',
    evalMode === 'split' ? 'evalSplit' : 'evalDataset',
    'epochs',
    'seed',
    ...(kind === DatasetKind.textcat ? ['exclusive'] : []),
    ...(installedVectors.length > 0 ? ['vectors'] : []),
  ]);

  function toggle(name: string, on: boolean) {
    setChosen((current) => (on ? [...current, name] : current.filter((n) => n !== name)));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    try {
      const { data } = await start({
        variables: {
          input: {
            datasets: chosen,
            ...(evalMode === 'dataset'
              ? { evalDataset: evalDataset || null }
              : { evalSplit: Number(evalSplit) }),
            epochs: epochs === '' ? null : Number(epochs),
            seed: Number(seed),
            curve,
            exclusive: kind === DatasetKind.textcat ? EXCLUSIVE_VALUES[exclusive] : null,
            vectors: vectors || null,
          },
        },
      });
      if (data) router.push(`/training/${data.startTrainingRun.id}`);
    } catch (caught) {
      setError(toFieldError(caught));
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="panel start-run">
      <h2 id={`${id}-heading`}>Start a run</h2>
      <form onSubmit={submit} data-ready={ready}>
        <fieldset
          className="dataset-choices"
          aria-describedby={describedBy('datasets')}
          aria-invalid={error?.field === 'datasets' || undefined}
        >
          <legend>Train on</legend>
          {datasets.loading && !datasets.data && <p className="status">Loading datasets…</p>}
          {all.length === 0 && !datasets.loading && (
            <p className="hint">No datasets yet: import answers first.</p>
          )}
          <ul>
            {all.map((dataset) => {
              const other = kind !== undefined && dataset.kind !== kind;
              return (
                <li key={dataset.name}>
                  <label className={other ? 'muted' : undefined}>
                    <input
                      type="checkbox"
                      name="datasets"
                      value={dataset.name}
                      checked={chosen.includes(dataset.name)}
                      disabled={other}
                      onChange={(event) => toggle(dataset.name, event.target.checked)}
                    />
                    <span className="dataset-choice-name">{dataset.name}</span>
                    <span className="hint">
                      {DATASET_KIND_LABELS[dataset.kind]} · {formatCount(dataset.counts.total)}{' '}
                      answers
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
          {kind !== undefined && <p className="hint">Datasets of one kind train together.</p>}
          <FieldMessage id={`${field('datasets')}-error`} error={error} field="datasets" />
        </fieldset>

        <div className="form-grid run-settings">
          <span id={field('eval-label')}>Evaluate on</span>
          <div role="radiogroup" aria-labelledby={field('eval-label')} className="inline-form">
            <label>
              <input
                type="radio"
                name="evalMode"
                checked={evalMode === 'split'}
                onChange={() => setEvalMode('split')}
              />{' '}
              a held-out split
            </label>
            <label>
              <input
                type="radio"
                name="evalMode"
                checked={evalMode === 'dataset'}
                onChange={() => setEvalMode('dataset')}
              />{' '}
              another dataset
            </label>
          </div>

          {evalMode === 'split' ? (
            <>
              <label htmlFor={field('evalSplit')}>Held-out share</label>
              <div>
                <input
                  id={field('evalSplit')}
                  type="number"
                  inputMode="decimal"
                  min={0.05}
                  max={0.9}
                  step={0.05}
                  value={evalSplit}
                  onChange={(event) => setEvalSplit(event.target.value)}
                  aria-describedby={describedBy('evalSplit') ?? `${field('evalSplit')}-hint`}
                />
                <p id={`${field('evalSplit')}-hint`} className="hint">
                  Inputs chosen by hash: the same ones in every run.
                </p>
                <FieldMessage id={`${field('evalSplit')}-error`} error={error} field="evalSplit" />
              </div>
            </>
          ) : (
            <>
              <label htmlFor={field('evalDataset')}>Eval dataset</label>
              <div>
                <select
                  id={field('evalDataset')}
                  value={evalDataset}
                  onChange={(event) => setEvalDataset(event.target.value)}
                  aria-describedby={describedBy('evalDataset')}
                  required
                >
                  <option value="">Choose a dataset</option>
                  {all
                    .filter(
                      (d) => (kind === undefined || d.kind === kind) && !chosen.includes(d.name),
                    )
                    .map((d) => (
                      <option key={d.name} value={d.name}>
                        {d.name}
                      </option>
                    ))}
                </select>
                <FieldMessage
                  id={`${field('evalDataset')}-error`}
                  error={error}
                  field="evalDataset"
                />
              </div>
            </>
          )}

          <label htmlFor={field('epochs')}>Epochs</label>
          <div>
            <input
              id={field('epochs')}
              type="number"
              inputMode="numeric"
              min={1}
              max={200}
              placeholder={kind === DatasetKind.textcat ? '5' : '10'}
              value={epochs}
              onChange={(event) => setEpochs(event.target.value)}
              aria-describedby={describedBy('epochs')}
            />
            <FieldMessage id={`${field('epochs')}-error`} error={error} field="epochs" />
          </div>

          <label htmlFor={field('seed')}>Seed</label>
          <div>
            <input
              id={field('seed')}
              type="number"
              inputMode="numeric"
              step={1}
              value={seed}
              onChange={(event) => setSeed(event.target.value)}
              aria-describedby={describedBy('seed')}
            />
            <FieldMessage id={`${field('seed')}-error`} error={error} field="seed" />
          </div>

          <span>Train curve</span>
          <label className="check">
            <input
              type="checkbox"
              checked={curve}
              onChange={(event) => setCurve(event.target.checked)}
            />{' '}
            also train on 25, 50 and 75 % of the data
          </label>

          {kind === DatasetKind.textcat && (
            <>
              <label htmlFor={field('exclusive')}>Labels</label>
              <div>
                <select
                  id={field('exclusive')}
                  value={exclusive}
                  onChange={(event) => setExclusive(event.target.value as Exclusive)}
                  aria-describedby={describedBy('exclusive')}
                >
                  <option value="detect">detect from the data</option>
                  <option value="exclusive">exclusive: exactly one applies</option>
                  <option value="multilabel">independent: any number apply</option>
                </select>
                <FieldMessage id={`${field('exclusive')}-error`} error={error} field="exclusive" />
              </div>
            </>
          )}

          {installedVectors.length > 0 && (
            <>
              <label htmlFor={field('vectors')}>Word vectors</label>
              <div>
                <select
                  id={field('vectors')}
                  value={vectors}
                  onChange={(event) => setVectors(event.target.value)}
                  aria-describedby={describedBy('vectors')}
                >
                  <option value="">none</option>
                  {installedVectors.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
                <FieldMessage id={`${field('vectors')}-error`} error={error} field="vectors" />
              </div>
            </>
          )}

          <div className="form-actions">
            <button type="submit" disabled={starting || chosen.length === 0}>
              {starting ? 'Starting…' : 'Start training'}
            </button>
          </div>
        </div>
        {error && (error.field === undefined || !shownFields.has(error.field)) && (
          <div className="notice notice-error" role="alert">
            <p>{error.message}</p>
          </div>
        )}
      </form>
    </section>
  );
}
