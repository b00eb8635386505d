/**
 * Enums shared by the server (which registers them in the GraphQL schema), the generated client
 * types (which import these instead of declaring their own), the web app, the CLI and the tests.
 * The GraphQL names are the keys; the values are what Chorus stores and writes to JSONL.
 */
export enum DatasetKind {
  NER = 'ner',
  TEXTCAT = 'textcat',
}

export enum AnswerKind {
  ACCEPT = 'accept',
  REJECT = 'reject',
  IGNORE = 'ignore',
}

export enum ImportFormat {
  JSONL = 'jsonl',
  CSV = 'csv',
  TEXT = 'text',
}

export enum ImportTarget {
  SOURCE = 'source',
  DATASET = 'dataset',
}
