import { DatasetKind, ExportFormat } from '@chorus/schema';

export interface ExportFormatInfo {
  /** The file name's ending after the dataset's name. */
  extension: string;
  contentType: string;
  /** The dataset kinds the format can hold. */
  kinds: readonly DatasetKind[];
}

const BOTH = [DatasetKind.ner, DatasetKind.textcat] as const;

/** How each export format is named, served and what it can hold. */
export const EXPORT_FORMATS: Record<ExportFormat, ExportFormatInfo> = {
  [ExportFormat.jsonl]: {
    extension: '.jsonl',
    contentType: 'application/x-ndjson; charset=utf-8',
    kinds: BOTH,
  },
  [ExportFormat['spacy-jsonl']]: {
    extension: '.spacy.jsonl',
    contentType: 'application/x-ndjson; charset=utf-8',
    kinds: BOTH,
  },
  // CoNLL has no registered media type; it is plain text that every tool reads as such.
  [ExportFormat.conll]: {
    extension: '.conll',
    contentType: 'text/plain; charset=utf-8',
    kinds: [DatasetKind.ner],
  },
  [ExportFormat.csv]: {
    extension: '.csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    kinds: [DatasetKind.textcat],
  },
};

/** The format a file name asks for by its ending (`answers.spacy.jsonl`), if any. */
export function exportFormatOfFile(file: string): ExportFormat | undefined {
  const lower = file.toLowerCase();
  // Longest ending first, so `.spacy.jsonl` is not read as `.jsonl`.
  const byLength = Object.entries(EXPORT_FORMATS).sort(
    ([, a], [, b]) => b.extension.length - a.extension.length,
  );
  return byLength.find(([, info]) => lower.endsWith(info.extension))?.[0] as
    ExportFormat | undefined;
}
