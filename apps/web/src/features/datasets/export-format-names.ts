import { ExportFormat } from '@chorus/schema';

/** How the web app names each export format: on its button, in the format list, on the file. */
export const EXPORT_FORMAT_NAMES: Record<
  ExportFormat,
  { label: string; description: string; extension: string }
> = {
  [ExportFormat.jsonl]: {
    label: 'JSONL',
    description: 'Prodigy JSONL (every answer)',
    extension: '.jsonl',
  },
  [ExportFormat['spacy-jsonl']]: {
    label: 'spaCy JSONL',
    description: 'spaCy JSONL (gold per text)',
    extension: '.spacy.jsonl',
  },
  [ExportFormat.conll]: {
    label: 'CoNLL',
    description: 'CoNLL / IOB2 (gold per text)',
    extension: '.conll',
  },
  [ExportFormat.csv]: {
    label: 'CSV',
    description: 'CSV (gold, a column per label)',
    extension: '.csv',
  },
};
