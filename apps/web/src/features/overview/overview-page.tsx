'use client';

import { DatasetsOverview } from '../datasets/datasets-overview';
import { SourceList } from '../sources/source-list';
import { useScrollToHash } from '../../ui/use-scroll-to-hash';
import { StreamsOverview } from './streams-overview';
import './overview.css';

/** How often the overview's counts are refreshed: often enough to watch annotators work. */
const POLL_MS = 4000;

/** `/`: datasets, streams and sources, with counts that follow the work. */
export function OverviewPage() {
  // The sections fill in after the page loads and push each other down, so `/#sources` is
  // scrolled to again once their content is there.
  useScrollToHash();
  return (
    <>
      <DatasetsOverview pollMs={POLL_MS} />
      <StreamsOverview pollMs={POLL_MS} />
      <SourceList pollMs={POLL_MS} />
    </>
  );
}
