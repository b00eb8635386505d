/**
 * Enums shared by the server (which registers them in the GraphQL schema), the generated client
 * types (which import these instead of declaring their own), the web app, the CLI and the tests.
 * Keys equal values: the GraphQL wire values are the same words Chorus stores and writes to
 * JSONL (`"answer": "accept"`, as in Prodigy), so no layer translates between two spellings.
 */
export enum DatasetKind {
  ner = 'ner',
  textcat = 'textcat',
}

export enum AnswerKind {
  accept = 'accept',
  reject = 'reject',
  ignore = 'ignore',
}

/**
 * What an import reads. `csv` takes a `text` column, an optional `label`, `cats.<label>` columns
 * (as `ExportFormat.csv` writes them) and puts any other column in `meta`; `spacy-jsonl` is JSONL
 * with spaCy's `entities` (`[start, end, label]`) or `[text, {entities, cats}]` lines; `conll` is
 * one token a line with its IOB tag last, a blank line between sentences.
 */
export enum ImportFormat {
  jsonl = 'jsonl',
  csv = 'csv',
  text = 'text',
  'spacy-jsonl' = 'spacy-jsonl',
  conll = 'conll',
}

/**
 * What a dataset export writes. `jsonl` is every answer as Prodigy JSONL; the others are gold, one
 * record per input with its answers merged: `spacy-jsonl` (`cats`, or `spans` and `entities`),
 * `conll` (NER: IOB2 tags, one sentence per block), `csv` (textcat: one column per label).
 */
export enum ExportFormat {
  jsonl = 'jsonl',
  'spacy-jsonl' = 'spacy-jsonl',
  conll = 'conll',
  csv = 'csv',
}

/** The dataset kinds each export format can hold (the server refuses the others). */
export const EXPORT_FORMAT_KINDS: Record<ExportFormat, readonly DatasetKind[]> = {
  [ExportFormat.jsonl]: [DatasetKind.ner, DatasetKind.textcat],
  [ExportFormat['spacy-jsonl']]: [DatasetKind.ner, DatasetKind.textcat],
  [ExportFormat.conll]: [DatasetKind.ner],
  [ExportFormat.csv]: [DatasetKind.textcat],
};

export enum ImportTarget {
  source = 'source',
  dataset = 'dataset',
}

/**
 * How a stream makes tasks. GraphQL names cannot hold dots, so Prodigy's `ner.teach` is
 * `ner_teach` here; the CLI accepts both spellings.
 */
export enum Recipe {
  ner_teach = 'ner_teach',
  ner_correct = 'ner_correct',
  ner_manual = 'ner_manual',
  textcat_teach = 'textcat_teach',
  textcat_manual = 'textcat_manual',
  mark = 'mark',
  /** Adjudicate what several sessions answered in another dataset, conflicts first. */
  review = 'review',
}

/** Which candidates a stream asks first. */
export enum Sorter {
  /** Closest to 0.5 first: what the model is least sure about. */
  uncertain = 'uncertain',
  high_scores = 'high_scores',
  random = 'random',
}

/** How tasks are shared between the sessions of a stream. */
export enum Routing {
  /** Each task goes to one session (or `annotationsPerTask` sessions). */
  single = 'single',
  /** Every session sees every task. */
  overlap = 'overlap',
}

/**
 * How a task is shown (Prodigy's `_view_id`), and so how its answer is learnt from; GraphQL's
 * `TaskView`. `text` shows an input with nothing to decide but accept or reject (`mark`).
 */
export enum ViewId {
  ner = 'ner',
  ner_manual = 'ner_manual',
  classification = 'classification',
  choice = 'choice',
  review = 'review',
  text = 'text',
}
