'use client';

import { EXPORT_FORMAT_KINDS, ExportFormat, type DatasetKind } from '@chorus/schema';
import { useId, useState } from 'react';
import { datasetExportUrl } from '../../lib/config';
import { EXPORT_FORMAT_NAMES } from './export-format-names';
import './datasets.css';

/**
 * The export button and the format it writes (those the dataset's kind can hold); the link takes
 * the answer and session filters along.
 */
export function DatasetExport({
  name,
  kind,
  filter,
}: {
  name: string;
  kind: DatasetKind;
  filter: { answer: string | null; session: string | null };
}) {
  const id = useId();
  const [format, setFormat] = useState(ExportFormat.jsonl);
  const formats = Object.values(ExportFormat).filter((f) => EXPORT_FORMAT_KINDS[f].includes(kind));
  const { label, extension } = EXPORT_FORMAT_NAMES[format];
  return (
    <div className="dataset-export">
      <label htmlFor={`${id}-format`}>Format</label>
      <select
        id={`${id}-format`}
        value={format}
        onChange={(event) => setFormat(event.target.value as ExportFormat)}
      >
        {formats.map((value) => (
          <option key={value} value={value}>
            {EXPORT_FORMAT_NAMES[value].description}
          </option>
        ))}
      </select>
      <a
        className="button"
        href={datasetExportUrl(name, { ...filter, format })}
        download={`${name}${extension}`}
      >
        Export {label}
        {(filter.answer || filter.session) && (
          <span className="visually-hidden"> with the answer and session filters</span>
        )}
      </a>
    </div>
  );
}
