import { ExportFormat } from '@chorus/schema';

export interface ExportFormatInfo {
  /** The file name's ending after the dataset's name. */
  extension: string;
  contentType: string;
}

/** How each export format is named and served (what it can hold: `EXPORT_FORMAT_KINDS`). */
export const EXPORT_FORMATS: Record<ExportFormat, ExportFormatInfo> = {
  [ExportFormat.jsonl]: {
    extension: '.jsonl',
    contentType: 'application/x-ndjson; charset=utf-8',
  },
  [ExportFormat['spacy-jsonl']]: {
    extension: '.spacy.jsonl',
    contentType: 'application/x-ndjson; charset=utf-8',
  },
  // CoNLL has no registered media type; it is plain text that every tool reads as such.
  [ExportFormat.conll]: {
    extension: '.conll',
    contentType: 'text/plain; charset=utf-8',
  },
  [ExportFormat.csv]: {
    extension: '.csv',
    contentType: 'text/csv; charset=utf-8; header=present',
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
