'use client';

import { useMutation, useQuery } from '@apollo/client/react';
import {
  CreateStreamDocument,
  NewStreamOptionsDocument,
  Recipe,
  Routing,
  Sorter,
  type CreateStreamInput,
} from '@chorus/schema';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { SourceUpload } from './source-upload';
import './streams.css';

/** What each recipe asks, in the words of the form. */
export const RECIPES: { recipe: Recipe; title: string; does: string }[] = [
  {
    recipe: Recipe.ner_teach,
    title: 'ner.teach',
    does: 'Accept or reject spans the model proposes',
  },
  { recipe: Recipe.ner_correct, title: 'ner.correct', does: "Correct the model's spans" },
  { recipe: Recipe.ner_manual, title: 'ner.manual', does: 'Mark every span by hand' },
  {
    recipe: Recipe.textcat_teach,
    title: 'textcat.teach',
    does: 'Accept or reject labels the model proposes',
  },
  { recipe: Recipe.textcat_manual, title: 'textcat.manual', does: 'Pick the labels that apply' },
  { recipe: Recipe.mark, title: 'mark', does: 'Every input in order; accept, reject or ignore' },
  { recipe: Recipe.review, title: 'review', does: "Adjudicate several annotators' answers" },
];

const TEXTCAT = new Set([Recipe.textcat_teach, Recipe.textcat_manual]);
const WITH_MODEL = new Set([Recipe.ner_teach, Recipe.ner_correct, Recipe.textcat_teach]);

/** The labels as typed, in the order typed, each once. */
export function parseLabels(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((label) => label.trim())
        .filter(Boolean),
    ),
  ];
}

interface FieldError {
  field?: string;
  message: string;
}

function toFieldError(error: unknown): FieldError {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const field = first?.extensions?.field;
    return {
      message: first?.message ?? error.message,
      field: typeof field === 'string' ? field : undefined,
    };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/**
 * `/streams/new`: everything a stream is made of, on one form — recipe, labels, where the
 * inputs come from (a source, or a file uploaded here), patterns, a base model, the sorter and
 * how work is shared between annotators. Creating it opens the annotate page.
 */
export function NewStreamForm() {
  const router = useRouter();
  const options = useQuery(NewStreamOptionsDocument, { fetchPolicy: 'cache-and-network' });
  const [createStream, creation] = useMutation(CreateStreamDocument);
  const [recipe, setRecipe] = useState<Recipe>(Recipe.ner_teach);
  const [name, setName] = useState('');
  const [dataset, setDataset] = useState('');
  const [source, setSource] = useState('');
  const [labels, setLabels] = useState('');
  const [patterns, setPatterns] = useState<{ file: string; text: string } | null>(null);
  const [baseModel, setBaseModel] = useState('');
  const [sorter, setSorter] = useState<Sorter>(Sorter.uncertain);
  const [routing, setRouting] = useState<Routing>(Routing.single);
  const [perTask, setPerTask] = useState(1);
  const [exclude, setExclude] = useState<string[]>([]);
  const [exclusive, setExclusive] = useState(true);
  const [target, setTarget] = useState('');
  const [error, setError] = useState<FieldError | null>(null);

  const datasets = options.data?.datasets.edges.map((edge) => edge.node) ?? [];
  const sources = options.data?.sources.edges.map((edge) => edge.node) ?? [];
  const kind = TEXTCAT.has(recipe)
    ? 'textcat'
    : recipe === Recipe.mark || recipe === Recipe.review
      ? null
      : 'ner';
  const versions = (options.data?.modelVersions.edges.map((edge) => edge.node) ?? []).filter(
    (version) => kind === null || version.kind === kind,
  );
  const isReview = recipe === Recipe.review;
  const fieldError = (field: string) =>
    error?.field === field ? (
      <p className="field-error" id={`error-${field}`} role="alert">
        {error.message}
      </p>
    ) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const input: CreateStreamInput = {
      name: name.trim(),
      recipe,
      dataset: dataset.trim(),
      labels: parseLabels(labels),
      sorter,
      routing,
      ...(isReview ? { reviewOf: source } : { source }),
      ...(patterns ? { patterns: patterns.text } : {}),
      ...(baseModel ? { baseModelVersion: Number(baseModel) } : {}),
      ...(perTask > 1 ? { annotationsPerTask: perTask } : {}),
      ...(exclude.length > 0 ? { exclude } : {}),
      ...(recipe === Recipe.textcat_manual ? { exclusive } : {}),
      ...(target ? { target: Number(target) } : {}),
    };
    try {
      const { data } = await createStream({ variables: { input } });
      if (data) router.push(`/streams/${encodeURIComponent(data.createStream.name)}`);
    } catch (failure) {
      setError(toFieldError(failure));
    }
  };

  return (
    <form className="panel new-stream-form" onSubmit={(event) => void submit(event)} noValidate>
      <fieldset className="recipe-picker">
        <legend>Recipe</legend>
        {RECIPES.map((option) => (
          <label key={option.recipe} className="recipe-option">
            <input
              type="radio"
              name="recipe"
              value={option.recipe}
              checked={recipe === option.recipe}
              onChange={() => setRecipe(option.recipe)}
            />
            <span>
              <strong>{option.title}</strong>
              <span className="hint">{option.does}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <div className="form-grid">
        <label htmlFor="stream-name">Stream name</label>
        <div>
          <input
            id="stream-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            required
            aria-describedby="error-name"
          />
          {fieldError('name')}
        </div>

        <label htmlFor="stream-dataset">Dataset to save answers in</label>
        <div>
          <input
            id="stream-dataset"
            list="dataset-names"
            value={dataset}
            onChange={(e) => setDataset(e.target.value)}
            required
            aria-describedby="dataset-hint error-dataset"
          />
          <datalist id="dataset-names">
            {datasets.map((d) => (
              <option key={d.id} value={d.name} />
            ))}
          </datalist>
          <p className="hint" id="dataset-hint">
            An existing dataset, or a new name: it is created with the stream.
          </p>
          {fieldError('dataset')}
        </div>

        <label htmlFor="stream-source">{isReview ? 'Dataset to review' : 'Source of inputs'}</label>
        <div>
          <select
            id="stream-source"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            required
          >
            <option value="">Choose…</option>
            {(isReview
              ? datasets.map((d) => ({ id: d.id, name: d.name, detail: d.kind }))
              : sources.map((s) => ({ id: s.id, name: s.name, detail: `${s.inputCount} inputs` }))
            ).map((item) => (
              <option key={item.id} value={item.name}>
                {item.name} ({item.detail})
              </option>
            ))}
          </select>
          {fieldError(isReview ? 'reviewOf' : 'source')}
          {!isReview && (
            <SourceUpload
              onImported={(imported) => {
                void options.refetch().then(() => setSource(imported));
              }}
            />
          )}
        </div>

        <label htmlFor="stream-labels">Labels</label>
        <div>
          <textarea
            id="stream-labels"
            rows={2}
            value={labels}
            onChange={(e) => setLabels(e.target.value)}
            aria-describedby="labels-hint error-labels"
          />
          <p className="hint" id="labels-hint">
            Separated by commas, in the order the number keys should pick them
            {parseLabels(labels).length > 0 &&
              `: ${parseLabels(labels)
                .map((l, i) => `${(i + 1) % 10} ${l}`)
                .join(' · ')}`}
          </p>
          {fieldError('labels')}
        </div>

        {recipe === Recipe.textcat_manual && (
          <>
            <span>Options</span>
            <label className="checkbox-line">
              <input
                type="checkbox"
                checked={exclusive}
                onChange={(e) => setExclusive(e.target.checked)}
              />
              Exactly one label applies (single choice)
            </label>
          </>
        )}

        {!isReview && (
          <>
            <label htmlFor="stream-patterns">Patterns file</label>
            <div>
              <input
                id="stream-patterns"
                type="file"
                accept=".jsonl,.json"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (!file) return setPatterns(null);
                  void file.text().then((text) => setPatterns({ file: file.name, text }));
                }}
                aria-describedby="patterns-hint error-patterns"
              />
              <p className="hint" id="patterns-hint">
                Optional. Prodigy patterns JSONL: matches are asked first while the model is new.
              </p>
              {fieldError('patterns')}
            </div>
          </>
        )}

        {WITH_MODEL.has(recipe) && (
          <>
            <label htmlFor="stream-base">Start from model version</label>
            <select
              id="stream-base"
              value={baseModel}
              onChange={(e) => setBaseModel(e.target.value)}
            >
              <option value="">A blank model</option>
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  Version {v.id} ({v.kind}: {v.labels.join(', ')})
                </option>
              ))}
            </select>

            <label htmlFor="stream-sorter">Ask first</label>
            <select
              id="stream-sorter"
              value={sorter}
              onChange={(e) => setSorter(e.target.value as Sorter)}
            >
              <option value={Sorter.uncertain}>What the model is least sure about</option>
              <option value={Sorter.high_scores}>What the model scores highest</option>
              <option value={Sorter.random}>In random order</option>
            </select>
          </>
        )}

        <label htmlFor="stream-routing">Sharing between annotators</label>
        <div>
          <select
            id="stream-routing"
            value={routing}
            onChange={(e) => setRouting(e.target.value as Routing)}
          >
            <option value={Routing.single}>Each task to one annotator (or N, below)</option>
            <option value={Routing.overlap}>Every annotator sees every task</option>
          </select>
        </div>

        {routing === Routing.single && (
          <>
            <label htmlFor="stream-per-task">Annotators per task</label>
            <input
              id="stream-per-task"
              type="number"
              min={1}
              max={100}
              value={perTask}
              onChange={(e) => setPerTask(Math.max(1, Number(e.target.value) || 1))}
            />
          </>
        )}

        <label htmlFor="stream-target">Target (answers)</label>
        <div>
          <input
            id="stream-target"
            type="number"
            min={1}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            aria-describedby="target-hint error-target"
          />
          <p className="hint" id="target-hint">
            Optional: how many answers this stream should collect; annotators see how far along it
            is.
          </p>
          {fieldError('target')}
        </div>

        {datasets.length > 0 && (
          <>
            <span id="exclude-label">Never ask what these answered</span>
            <div role="group" aria-labelledby="exclude-label" className="exclude-list">
              {datasets.map((d) => (
                <label key={d.id} className="checkbox-line">
                  <input
                    type="checkbox"
                    checked={exclude.includes(d.name)}
                    onChange={(e) =>
                      setExclude((list) =>
                        e.target.checked ? [...list, d.name] : list.filter((n) => n !== d.name),
                      )
                    }
                  />
                  {d.name}
                </label>
              ))}
            </div>
          </>
        )}
      </div>

      {error &&
        !['name', 'dataset', 'source', 'reviewOf', 'labels', 'patterns', 'target'].includes(
          error.field ?? '',
        ) && (
          <div className="notice notice-error" role="alert">
            <p>{error.message}</p>
          </div>
        )}
      <div className="form-actions">
        <button
          type="submit"
          disabled={creation.loading || !name.trim() || !dataset.trim() || !source}
        >
          {creation.loading ? 'Creating…' : 'Create stream and start annotating'}
        </button>
      </div>
    </form>
  );
}
