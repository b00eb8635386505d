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

export enum ImportFormat {
  jsonl = 'jsonl',
  csv = 'csv',
  text = 'text',
}

export enum ImportTarget {
  source = 'source',
  dataset = 'dataset',
}
