import { AnswerKind, DatasetKind } from '@chorus/schema';

const counts = new Intl.NumberFormat('en-US');

/** A count with thousands separators, the same on every machine: `3,071`. */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** A timestamp in the reader's locale and time zone (the data is only rendered in the browser). */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export const DATASET_KIND_LABELS: Record<DatasetKind, string> = {
  [DatasetKind.ner]: 'Named entities',
  [DatasetKind.textcat]: 'Text classification',
};

export const ANSWER_LABELS: Record<AnswerKind, string> = {
  [AnswerKind.accept]: 'accept',
  [AnswerKind.reject]: 'reject',
  [AnswerKind.ignore]: 'ignore',
};
